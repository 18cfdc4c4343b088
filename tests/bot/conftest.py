"""Fixtures of the gateway's tests: an app whose Rasa is an httpx mock transport."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bot.app import build_application
from bot.conversation import ConversationService
from bot.rasa_client import RasaClient
from bot.settings import GatewaySettings
from bot.store import SqlConversationStore, create_engine, create_schema, create_session_factory
from bot.web.chat_api import get_conversations

RasaHandler = Callable[[httpx.Request], httpx.Response]


def echo_rasa(request: httpx.Request) -> httpx.Response:
    """A fake Rasa REST channel that answers with what it was sent."""
    body = json.loads(request.content)
    return httpx.Response(200, json=[{"recipient_id": body["sender"], "text": body["message"]}])


@pytest.fixture
def rasa_handler() -> RasaHandler:
    return echo_rasa


@pytest.fixture
async def store(sqlite_url: str) -> AsyncIterator[SqlConversationStore]:
    engine = create_engine(sqlite_url)
    await create_schema(engine)
    yield SqlConversationStore(create_session_factory(engine))
    await engine.dispose()


@pytest.fixture
async def gateway(
    sqlite_url: str, store: SqlConversationStore, rasa_handler: RasaHandler
) -> AsyncIterator[httpx.AsyncClient]:
    """The real gateway app in-process, Rasa replaced at the HTTP boundary."""
    app: FastAPI = build_application(GatewaySettings(database_url=sqlite_url))
    rasa_http = httpx.AsyncClient(
        transport=httpx.MockTransport(rasa_handler), base_url="http://rasa.test"
    )
    service = ConversationService(store, RasaClient(rasa_http))
    app.dependency_overrides[get_conversations] = lambda: service
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
            yield client
    await rasa_http.aclose()


def chat(text: Any, sender_id: Any = "citizen-1") -> dict[str, Any]:
    return {"sender_id": sender_id, "text": text}
