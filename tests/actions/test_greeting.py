"""The greeting answers a salam in kind."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.greeting import ActionGreet, opening_for
from actions.place_answers import ActionAnswerLocation
from tests.actions.conftest import RuntimeFactory, entity, make_tracker, rendered


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
