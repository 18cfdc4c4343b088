"""The Rasa client tells a turn whose action server was down from one with nothing to say."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from bot.errors import RasaUnavailable
from bot.rasa_client import RasaClient

TURN = {"latest_message": {"intent": {"name": "ask_requirements"}}, "slots": {}, "events": []}


class Probe:
    """The action server's health check: up or down, and how often it was asked."""

    def __init__(self, up: bool) -> None:
        self.up = up
        self.calls = 0

    async def __call__(self) -> None:
        self.calls += 1
        if not self.up:
            raise httpx.ConnectError("connection refused")


def client_answering(body: Any, probe: Probe) -> RasaClient:
    def handler(request: httpx.Request) -> httpx.Response:
        assert json.loads(request.content)["message"] == "apa syarat ktp"
        return httpx.Response(200, json=body)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://rasa.test")
    return RasaClient(http, actions_probe=probe)


async def test_unreachable_action_is_unavailable_even_when_the_action_server_is_back() -> None:
    # The drill's race: the action server was down when Rasa called it and had been
    # restarted by the supervisor before the gateway could look.
    probe = Probe(up=True)
    client = client_answering(
        {"messages": [], "turn": TURN, "unreachable_actions": ["action_answer_requirements"]}, probe
    )
    with pytest.raises(RasaUnavailable) as raised:
        await client.send_message("web:1", "apa syarat ktp")
    assert raised.value.reason == "actions_unreachable: action_answer_requirements"


async def test_unreachable_action_after_a_partial_answer_is_unavailable() -> None:
    client = client_answering(
        {"messages": [{"text": "Halo!"}], "turn": TURN, "unreachable_actions": ["action_x"]},
        Probe(up=True),
    )
    with pytest.raises(RasaUnavailable):
        await client.send_message("web:1", "apa syarat ktp")


async def test_reported_empty_turn_is_an_answer_without_asking_the_action_server() -> None:
    probe = Probe(up=False)
    client = client_answering({"messages": [], "turn": TURN, "unreachable_actions": []}, probe)
    turn = await client.send_message("web:1", "apa syarat ktp")
    assert turn.replies == [] and turn.unreachable_actions == () and turn.understanding == TURN
    assert probe.calls == 0


@pytest.mark.parametrize("up", [True, False])
async def test_plain_rest_empty_answer_is_checked_against_the_action_server(up: bool) -> None:
    probe = Probe(up=up)
    client = client_answering([], probe)
    if up:
        turn = await client.send_message("web:1", "apa syarat ktp")
        assert turn.replies == [] and turn.unreachable_actions is None
    else:
        with pytest.raises(RasaUnavailable) as raised:
            await client.send_message("web:1", "apa syarat ktp")
        assert raised.value.reason == "actions_unavailable"
    assert probe.calls == 1
