"""Property: whatever a client sends to ``POST /api/chat``, the gateway never fails with 5xx.

Random Unicode (controls, zero-width and bidi characters, surrogates escaped in JSON),
wrong types and broken JSON get a 4xx with the JSON error shape, or a 200 with messages.
The gateway runs in-process with Rasa replaced by an echo at the HTTP boundary.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import build_application
from bot.conversation import ConversationService
from bot.rasa_client import RasaClient
from bot.settings import GatewaySettings
from bot.store import SqlConversationStore, create_engine, create_schema, create_session_factory
from bot.web.chat_api import get_conversations

PROPERTY_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TRICKY = "\u200b\u200c\u200d\u2060\ufeff\u202e\u202d\u0000\u0007\u001b\u007f\u0085\u2028\u2029\ud7ff\ue000\U0001f600\U0010ffff"  # noqa: E501
texts = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(TRICKY + " a\n\t"), max_size=50),
    st.text(min_size=4090, max_size=4200),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=10,
)
bodies = st.one_of(
    st.fixed_dictionaries({"sender_id": texts, "text": texts}),
    st.fixed_dictionaries(
        {"sender_id": json_values, "text": json_values},
        optional={"message_id": json_values, "extra": json_values},
    ),
    json_values,
)


def echo_rasa(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    return httpx.Response(200, json=[{"recipient_id": body["sender"], "text": body["message"]}])


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The real gateway app in-process; Rasa is an echo behind an httpx mock transport."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'property.db'}"
    engine = create_engine(url)
    await create_schema(engine)
    store = SqlConversationStore(create_session_factory(engine))
    app: FastAPI = build_application(GatewaySettings(database_url=url))
    rasa_http = httpx.AsyncClient(
        transport=httpx.MockTransport(echo_rasa), base_url="http://rasa.test"
    )
    service = ConversationService(store, RasaClient(rasa_http))
    app.dependency_overrides[get_conversations] = lambda: service
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
            yield client
    await rasa_http.aclose()
    await engine.dispose()


def _check(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.status_code, response.text)
    body = response.json()
    if response.status_code == 200:
        assert isinstance(body["messages"], list)
        for message in body["messages"]:
            assert isinstance(message["text"], str)
    else:
        assert 400 <= response.status_code < 500
        assert isinstance(body["error"]["code"], str) and body["error"]["message"]


@PROPERTY_SETTINGS
@given(body=bodies)
async def test_any_json_body_is_answered_or_refused_cleanly(
    gateway: httpx.AsyncClient, body: Any
) -> None:
    content = json.dumps(body, ensure_ascii=True)  # lone surrogates travel as \\udxxx escapes
    response = await gateway.post(
        "/api/chat", content=content, headers={"content-type": "application/json"}
    )
    _check(response)


@PROPERTY_SETTINGS
@given(raw=st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
async def test_any_bytes_are_refused_cleanly(gateway: httpx.AsyncClient, raw: bytes) -> None:
    response = await gateway.post(
        "/api/chat", content=raw, headers={"content-type": "application/json"}
    )
    _check(response)


@PROPERTY_SETTINGS
@given(sender=st.text(min_size=1, max_size=128), after=st.integers() | st.text(max_size=20))
async def test_updates_never_fail(gateway: httpx.AsyncClient, sender: str, after: Any) -> None:
    response = await gateway.get(
        "/api/chat/updates", params={"sender_id": sender, "after": str(after)}
    )
    assert response.status_code < 500, (response.status_code, response.text)
