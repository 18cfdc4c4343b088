"""The greeting answers a salam in kind."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.greeting import ActionGreet, opening_for
from tests.actions.conftest import make_tracker, rendered


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
