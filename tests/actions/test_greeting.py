"""The greeting answers a salam in kind."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.complaints import ValidateComplaintForm
from actions.greeting import ActionGreet, opening_for
from actions.handoff import ActionFallback, ActionHandoff
from actions.place_answers import ActionAnswerLocation
from actions.status import ValidateCheckStatusForm
from tests.actions.conftest import RuntimeFactory, entity, make_tracker, rendered, responses


@pytest.mark.parametrize(
    "text",
    [
        "assalamualaikum min",
        "Assalamu'alaikum pak",
        "asalamualaikum",
        "Assalamu alaikum wr wb",
        "aslm kak",
        "ass wr wb",
    ],
)
def test_a_salam_is_answered_in_kind(text: str) -> None:
    assert opening_for(text) == "Wa'alaikumsalam!"


@pytest.mark.parametrize("text", ["halo", "selamat pagi", "salam kenal", "pagi min", ""])
def test_other_greetings_get_a_hello(text: str) -> None:
    assert opening_for(text) == "Halo!"


async def test_the_greeting_says_what_the_assistant_does(domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()
    await ActionGreet().run(dispatcher, make_tracker("assalamualaikum", intent="greet"), domain)
    text = rendered(dispatcher)[0]
    assert text.startswith("Wa'alaikumsalam! Saya Tanya Layanan")
    assert "{" not in text


async def test_a_question_that_opens_with_a_salam_is_answered_in_kind(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    text = "assalamualaikum pak, anak saya baru lahir kemarin, akte nya ngurus dimana"
    tracker = make_tracker(
        text, intent="ask_location", entities=[entity("service", "akta_kelahiran")]
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerLocation(make_runtime()).run(dispatcher, tracker, domain)
    said = rendered(dispatcher)
    assert said[0] == "Wa'alaikumsalam."
    assert said[1].startswith("Akta Kelahiran dilayani di")


async def test_a_question_without_a_salam_is_answered_straight(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    tracker = make_tracker(
        "akte ngurus dimana", intent="ask_location", entities=[entity("service", "akta_kelahiran")]
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerLocation(make_runtime()).run(dispatcher, tracker, domain)
    assert rendered(dispatcher)[0].startswith("Akta Kelahiran dilayani di")


async def test_a_request_for_a_person_with_a_salam_is_answered_in_kind(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "assalamualaikum, saya mau bicara dengan petugas", intent="request_human"
    )
    await ActionHandoff(make_runtime()).run(dispatcher, tracker, domain)
    said = rendered(dispatcher)
    assert said[0] == "Wa'alaikumsalam."
    assert dispatcher.messages[1]["custom"]["handoff"]["reason"] == "request_human"


async def test_a_message_not_understood_with_a_salam_is_answered_in_kind(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("assalamualaikum wr wb, xyz qwerty", intent="nlu_fallback")
    await ActionFallback(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher)[0] == "utter_salam_reply"
    assert len(dispatcher.messages) == 2


@pytest.mark.parametrize(
    ("validator", "form", "text"),
    [
        (ValidateCheckStatusForm, "check_status_form", "assalamualaikum min, mau cek status"),
        (ValidateComplaintForm, "complaint_form", "assalamualaikum pak, saya mau komplain"),
    ],
)
async def test_a_form_started_with_a_salam_answers_it_before_the_first_question(
    make_runtime: RuntimeFactory,
    domain: dict[str, Any],
    validator: type[ValidateCheckStatusForm] | type[ValidateComplaintForm],
    form: str,
    text: str,
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, active_loop=form, slots={"requested_slot": None})
    await validator(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_salam_reply"]


async def test_a_salam_inside_a_form_is_not_answered_again(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    text = "assalamualaikum, nomornya DUK-2026-000101"
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        text,
        active_loop="check_status_form",
        filled={"application_number": text},
        slots={"requested_slot": "application_number"},
    )
    await ValidateCheckStatusForm(make_runtime()).run(dispatcher, tracker, domain)
    assert "utter_salam_reply" not in responses(dispatcher)
