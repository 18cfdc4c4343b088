"""Ambiguous questions: the top two intents as buttons, with natural titles and entities."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clarification import (
    INTENT_TITLES,
    carried_entities,
    clarifiable_intents,
    intent_payload,
    short_service_name,
)
from actions.constants import CLARIFY_MAX_GAP
from actions.handoff import ActionFallback
from tests.actions.conftest import (
    RuntimeFactory,
    buttons,
    make_tracker,
    rendered,
    responses,
    user_event,
)
from tests.conftest import REPO_ROOT


def ranking(*pairs: tuple[str, float], fallback: float | None = 0.3) -> list[dict[str, Any]]:
    """An intent_ranking as FallbackClassifier leaves it: nlu_fallback first, then DIET's."""
    head = [{"name": "nlu_fallback", "confidence": fallback}] if fallback is not None else []
    return head + [{"name": name, "confidence": conf} for name, conf in pairs]


def fallback_tracker(
    text: str,
    intent_ranking: list[dict[str, Any]],
    entities: list[dict[str, Any]] | None = None,
    *,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
) -> Tracker:
    tracker = make_tracker(
        text, intent="nlu_fallback", entities=entities, slots=slots, events=events
    )
    tracker.latest_message["intent_ranking"] = intent_ranking
    tracker.events[-1]["parse_data"]["intent_ranking"] = intent_ranking
    return tracker


def test_the_gap_matches_the_fallback_classifier_in_the_served_config() -> None:
    config = yaml.safe_load((REPO_ROOT / "nlu" / "config.yml").read_text(encoding="utf-8"))
    [fallback] = [c for c in config["pipeline"] if c["name"] == "FallbackClassifier"]
    assert fallback["ambiguity_threshold"] == CLARIFY_MAX_GAP


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ((("ask_requirements", 0.41), ("ask_cost", 0.38)), ["ask_requirements", "ask_cost"]),
        # Far apart: the fallback was for low confidence, not for ambiguity.
        ((("ask_requirements", 0.25), ("ask_cost", 0.05)), []),
        # Small talk is never offered; the other candidate still is.
        ((("greet", 0.30), ("ask_hours", 0.28)), ["ask_hours"]),
        ((("greet", 0.30), ("thanks", 0.28)), []),
        ((("ask_cost", 0.9),), []),
    ],
)
def test_clarifiable_intents(pairs: tuple[tuple[str, float], ...], expected: list[str]) -> None:
    assert clarifiable_intents({"intent_ranking": ranking(*pairs)}) == expected


def test_every_answer_intent_has_a_title() -> None:
    domain = yaml.safe_load((REPO_ROOT / "nlu" / "domain.yml").read_text(encoding="utf-8"))
    answers = {i for i in domain["intents"] if i.startswith("ask_")}
    assert answers <= set(INTENT_TITLES)
    assert set(INTENT_TITLES) <= set(domain["intents"])


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Kartu Tanda Penduduk Elektronik (KTP-el)", "KTP-el"),
        ("Kartu Keluarga (KK)", "KK"),
        ("Akta Perkawinan (bagi non-Muslim)", "Akta Perkawinan"),
        ("Akta Kelahiran", "Akta Kelahiran"),
    ],
)
def test_short_service_name(name: str, short: str) -> None:
    assert short_service_name(name) == short


def test_payload_keeps_the_entities_as_json() -> None:
    assert intent_payload("ask_cost", {"service": "ktp_el"}) == '/ask_cost{"service":"ktp_el"}'
    assert intent_payload("request_human", {}) == "/request_human"
    payload = intent_payload("ask_requirements", {"service": "ktp_el", "variant": "hilang"})
    assert json.loads(payload[len("/ask_requirements") :]) == {
        "service": "ktp_el",
        "variant": "hilang",
    }


def test_carried_entities_keep_the_first_service_and_variant() -> None:
    parse_data = {
        "entities": [
            {"entity": "service", "value": "ktp_el"},
            {"entity": "service", "value": "kartu_keluarga"},
            {"entity": "unit", "value": "dukcapil"},
            {"entity": "variant", "value": "hilang"},
        ]
    }
    assert carried_entities(parse_data) == {"service": "ktp_el", "variant": "hilang"}


async def test_close_top_two_are_offered_as_buttons_with_the_service(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = fallback_tracker(
        "ktp syarat sama biayanya",
        ranking(("ask_requirements", 0.44), ("ask_cost", 0.40), ("ask_procedure", 0.1)),
        [{"entity": "service", "value": "ktp_el", "start": 0, "end": 3}],
    )
    await ActionFallback(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_clarify_intent"]
    assert buttons(dispatcher) == [
        {"title": "Persyaratan KTP-el", "payload": '/ask_requirements{"service":"ktp_el"}'},
        {"title": "Biaya KTP-el", "payload": '/ask_cost{"service":"ktp_el"}'},
    ]
    assert "maksud Anda" in rendered(dispatcher)[0]


async def test_a_follow_up_uses_the_service_in_focus(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = fallback_tracker(
        "kalau itu gimana",
        ranking(("ask_duration", 0.35), ("ask_hours", 0.33)),
        slots={"service": "paspor"},
    )
    await ActionFallback(make_runtime()).run(dispatcher, tracker, domain)
    assert [b["title"] for b in buttons(dispatcher)] == [
        "Lama proses Paspor Biasa",
        "Jam layanan Paspor Biasa",
    ]
    assert buttons(dispatcher)[0]["payload"] == '/ask_duration{"service":"paspor"}'


async def test_without_a_service_the_titles_are_generic(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = fallback_tracker(
        "mau nanya itu loh", ranking(("ask_location", 0.31), ("file_complaint", 0.30))
    )
    await ActionFallback(make_runtime()).run(dispatcher, tracker, domain)
    assert buttons(dispatcher) == [
        {"title": "Lokasi kantor layanan", "payload": "/ask_location"},
        {"title": "Sampaikan pengaduan", "payload": "/file_complaint"},
    ]


async def test_an_unknown_service_id_is_not_put_in_a_button(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = fallback_tracker(
        "xyz berapa lama dan biayanya",
        ranking(("ask_duration", 0.4), ("ask_cost", 0.39)),
        [{"entity": "service", "value": "layanan_fiktif"}],
    )
    await ActionFallback(make_runtime()).run(dispatcher, tracker, domain)
    assert [b["payload"] for b in buttons(dispatcher)] == ["/ask_duration", "/ask_cost"]


async def test_low_confidence_without_a_close_second_still_says_not_understood(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = fallback_tracker("qwerty", ranking(("ask_cost", 0.22), ("greet", 0.05)))
    await ActionFallback(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_default"]
    assert not buttons(dispatcher)


async def test_the_second_fallback_in_a_row_hands_off_even_when_ambiguous(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = fallback_tracker(
        "itu tadi",
        ranking(("ask_cost", 0.4), ("ask_duration", 0.39)),
        events=[user_event("syarat atau biaya", "nlu_fallback")],
    )
    await ActionFallback(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_handoff_fallback_intro", "utter_handoff_on_duty"]
