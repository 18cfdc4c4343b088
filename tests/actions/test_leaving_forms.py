"""Leaving a form: cancel phrases as citizens type them, and action_leave_form."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions._forms import ATTEMPTS_SLOT, is_cancel
from actions.leaving_forms import ActionLeaveForm
from tests.actions.conftest import make_tracker, rendered, slots_set


@pytest.mark.parametrize(
    "text",
    [
        "batal",
        "Batal.",
        "gak jadi deh, makasih",
        "yaudah gak jadi",
        "ga jadi deh kak",
        "batal aja",
        "STOP!",
        "saya batal",
        "/cancel",
    ],
)
def test_cancel_phrases_with_fillers_leave(text: str) -> None:
    assert is_cancel(text)


@pytest.mark.parametrize(
    "text",
    [
        "ktp saya gak jadi jadi",  # a complaint, not a cancel
        "permohonan saya dibatalkan petugas tanpa alasan",
        "tidak",  # skips an optional question instead
        "terima kasih",
        "DUK-2026-000101",
        "",
    ],
)
def test_answers_that_merely_contain_a_cancel_word_stay(text: str) -> None:
    assert not is_cancel(text)


def _deactivates(events: list[Any]) -> bool:
    return any(e.get("event") == "active_loop" and e.get("name") is None for e in events)


async def _leave(domain: dict[str, Any], form: str | None) -> tuple[list[str], list[Any]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "saya mau bicara dengan petugas",
        intent="request_human",
        active_loop=form,
        slots={"application_number": "DUK-2026-000101", ATTEMPTS_SLOT: 1.0},
    )
    events = await ActionLeaveForm().run(dispatcher, tracker, domain)
    return rendered(dispatcher), events


async def test_leaving_the_status_check_clears_it_and_says_so(domain: dict[str, Any]) -> None:
    said, events = await _leave(domain, "check_status_form")
    assert said == [
        "Baik, pengecekan status saya hentikan dulu. "
        'Kalau nanti ingin mengecek lagi, ketik "cek status".'
    ]
    assert _deactivates(events)
    assert slots_set(events) == {
        "application_number": None,
        "verification_code": None,
        ATTEMPTS_SLOT: None,
        "requested_slot": None,
    }


async def test_leaving_a_complaint_forgets_its_answers(domain: dict[str, Any]) -> None:
    said, events = await _leave(domain, "complaint_form")
    assert said and "pengaduannya tidak saya lanjutkan" in said[0]
    cleared = slots_set(events)
    assert all(
        cleared[slot] is None for slot in domain["forms"]["complaint_form"]["required_slots"]
    )


async def test_leaving_the_optional_comment_is_silent(domain: dict[str, Any]) -> None:
    said, events = await _leave(domain, "satisfaction_form")
    assert said == []
    assert _deactivates(events)


async def test_without_a_form_nothing_happens(domain: dict[str, Any]) -> None:
    assert await _leave(domain, None) == ([], [])


def test_every_form_has_rules_to_leave_it_for_a_person_thanks_and_goodbye(
    domain: dict[str, Any],
) -> None:
    import yaml

    from tests.conftest import REPO_ROOT

    rules = yaml.safe_load((REPO_ROOT / "nlu" / "data" / "rules.yml").read_text(encoding="utf-8"))
    leaving = {
        (rule["condition"][0]["active_loop"], rule["steps"][0]["intent"])
        for rule in rules["rules"]
        if any(step.get("action") == "action_leave_form" for step in rule["steps"])
    }
    for form in domain["forms"]:
        for intent in ("request_human", "thanks", "goodbye"):
            assert (form, intent) in leaving, (form, intent)
