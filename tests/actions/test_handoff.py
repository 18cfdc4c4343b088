"""Handoff to a person: the custom payload the gateway sees, and the operators' hours."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionFallback, ActionHandoff
from tests.actions.conftest import RuntimeFactory, make_tracker, rendered, responses, user_event

SUNDAY_EVENING = datetime(2026, 10, 4, 12, 30, tzinfo=UTC)  # 19:30 WIB


async def test_request_human_emits_the_handoff_payload_with_a_text(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("mau bicara dengan petugas", slots={"service": "paspor"})
    await ActionHandoff(make_runtime()).run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["custom"] == {
        "handoff": {"reason": "request_human", "service": "paspor", "unit": "imigrasi"}
    }
    assert message["response"] == "utter_handoff_on_duty"
    assert "sedang bertugas" in rendered(dispatcher)[0]


async def test_off_duty_handoff_says_when_operators_are_back(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    runtime = make_runtime(clock=lambda: SUNDAY_EVENING)
    await ActionHandoff(runtime).run(dispatcher, make_tracker("hubungi petugas"), domain)
    [message] = dispatcher.messages
    assert message["custom"]["handoff"] == {
        "reason": "request_human",
        "service": None,
        "unit": "disdukcapil",
    }
    text = rendered(dispatcher)[0]
    assert "di luar jam tugas" in text and "besok pukul 08.00 WIB" in text


async def test_one_fallback_apologises_two_in_a_row_hand_off(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    once = make_tracker("asdf qwer", intent="nlu_fallback", events=[user_event("halo", "greet")])
    await ActionFallback(make_runtime()).run(dispatcher, once, domain)
    assert responses(dispatcher) == ["utter_default"]
    assert not any(m.get("custom") for m in dispatcher.messages)

    dispatcher = CollectingDispatcher()
    twice = make_tracker("zxcv", intent="nlu_fallback", events=[user_event("asdf", "nlu_fallback")])
    await ActionFallback(make_runtime()).run(dispatcher, twice, domain)
    assert responses(dispatcher) == ["utter_handoff_fallback_intro", "utter_handoff_on_duty"]
    assert dispatcher.messages[-1]["custom"]["handoff"]["reason"] == "fallback"


async def test_a_person_at_a_named_office_is_that_offices_operators(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("mau bicara dengan petugas imigrasi")
    await ActionHandoff(make_runtime()).run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["custom"]["handoff"]["unit"] == "imigrasi"
    # The office in focus from an earlier answer counts too.
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("hubungkan ke petugas", slots={"unit": "samsat"})
    await ActionHandoff(make_runtime()).run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["custom"]["handoff"]["unit"] == "samsat"
