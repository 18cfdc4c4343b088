"""Fixtures of the console tests: the real gateway app, Rasa mocked at the HTTP boundary."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI

from bot.app import build_application
from bot.console import ConsoleServices
from bot.console.accounts import create_operator
from bot.console.annotations import TurnAnnotator
from bot.console.hooks import ConsoleConversationHooks
from bot.console.models import OperatorRole
from bot.conversation import ConversationService
from bot.rasa_client import TURNS_WEBHOOK, RasaClient
from bot.settings import GatewaySettings
from bot.store import SqlConversationStore
from bot.web.chat_api import get_conversations

ADMIN_PASSWORD = "rahasia-admin-123"
OPERATOR_PASSWORD = "rahasia-operator-1"


class FakeRasa:
    """Echo Rasa that asks for a person on 'petugas' and reports what it understood.

    Texts containing ``zzz`` are not understood (``nlu_fallback``); ``ktp`` sets the
    service slot to ``ktp_el``. Like the real ``turns`` channel it answers messages with
    the turn; with ``reports_turns`` off it answers like the plain REST channel (a list)
    and serves the tracker of the last turn instead (``tracker_fetches`` counts those).
    """

    def __init__(self) -> None:
        self.last: dict[str, str] = {}
        self.reports_turns = True
        self.tracker_fetches = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/tracker"):
            self.tracker_fetches += 1
            sender = request.url.path.split("/")[2]
            return httpx.Response(200, json=tracker_for(self.last.get(sender, "")))
        body = json.loads(request.content)
        self.last[body["sender"]] = body["message"]
        answer = handoff_rasa(body)
        if not self.reports_turns:
            return answer
        assert request.url.path == TURNS_WEBHOOK
        turn = {"messages": answer.json(), "turn": tracker_for(body["message"])}
        return httpx.Response(200, json=turn)


def tracker_for(text: str) -> dict[str, object]:
    """A Rasa tracker after one turn about ``text``."""
    fallback = "zzz" in text
    intent = (
        {"name": "nlu_fallback", "confidence": 0.31}
        if fallback
        else {"name": "ask_requirements", "confidence": 0.93}
    )
    action = "action_default_fallback" if fallback else "action_service_answer"
    return {
        "latest_message": {"text": text, "intent": intent, "entities": []},
        "slots": {"service": "ktp_el" if "ktp" in text.lower() else None},
        "events": [
            {"event": "user", "text": text},
            {"event": "action", "name": action},
            {"event": "action", "name": "action_listen"},
        ],
    }


def handoff_rasa(body: dict[str, str]) -> httpx.Response:
    """The REST channel's answer."""
    if "petugas" in body["message"]:
        return httpx.Response(
            200,
            json=[
                {"text": "Baik, saya hubungkan dengan petugas."},
                {"custom": {"handoff": {"unit_id": "disdukcapil", "reason": "minta petugas"}}},
            ],
        )
    if "operator" in body["message"]:
        # A handoff without words of its own: the console tells the citizen.
        return httpx.Response(
            200, json=[{"custom": {"handoff": {"unit_id": None, "reason": "minta petugas"}}}]
        )
    return httpx.Response(200, json=[{"recipient_id": body["sender"], "text": body["message"]}])


@dataclass
class ConsoleApp:
    """The app, an HTTP client on it and its console services."""

    app: FastAPI
    client: httpx.AsyncClient
    console: ConsoleServices
    rasa: FakeRasa

    async def add_operator(self, username: str, units: list[str]) -> None:
        async with self.console.sessions.begin() as session:
            await create_operator(
                session, username, OPERATOR_PASSWORD, role=OperatorRole.OPERATOR, units=units
            )

    async def chat(self, text: str, sender_id: str = "citizen-1") -> list[dict[str, object]]:
        response = await self.client.post("/api/chat", json={"sender_id": sender_id, "text": text})
        assert response.status_code == 200
        await self.console.hooks.drain()
        messages: list[dict[str, object]] = response.json()["messages"]
        return messages


@pytest.fixture
async def console_app(sqlite_url: str) -> AsyncIterator[ConsoleApp]:
    app = build_application(
        GatewaySettings(database_url=sqlite_url, operator_admin_password=ADMIN_PASSWORD)
    )
    rasa = FakeRasa()
    rasa_http = httpx.AsyncClient(transport=httpx.MockTransport(rasa), base_url="http://rasa.test")
    async with app.router.lifespan_context(app):
        console: ConsoleServices = app.state.console
        # The console's hooks, with an annotator that asks the fake Rasa for trackers.
        console.hooks = ConsoleConversationHooks(
            console.sessions,
            console.handoff,
            TurnAnnotator(rasa_http, console.sessions, console.units),
        )
        service = ConversationService(
            SqlConversationStore(console.sessions), RasaClient(rasa_http), hooks=console.hooks
        )
        app.dependency_overrides[get_conversations] = lambda: service
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
            yield ConsoleApp(app, client, console, rasa)
        await console.hooks.drain()
    await rasa_http.aclose()


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in page"
    return found[1]


async def login(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    """Log in through the form, as a browser does."""
    page = await client.get("/operator/login")
    return await client.post(
        "/operator/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
    )


@pytest.fixture
async def admin(console_app: ConsoleApp) -> ConsoleApp:
    """The console app, logged in as the first admin."""
    response = await login(console_app.client, "admin", ADMIN_PASSWORD)
    assert response.status_code == 303
    return console_app
