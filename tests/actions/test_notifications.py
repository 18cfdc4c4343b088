"""Status-change notifications: subscribe at the simulator, relay its callback to the gateway."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from rasa_sdk.executor import CollectingDispatcher

from actions.errors import NotificationError
from actions.feedback import FeedbackStore
from actions.notifications import GatewayNotifier, StatusChangeRelay
from actions.status import ActionSubscribeStatus
from actions.status_client import HttpStatusClient
from status_simulator import run_in_background
from tests.actions.conftest import RuntimeFactory, make_tracker, rendered, responses, slots_set

NOW = datetime(2026, 10, 5, 2, 0, tzinfo=UTC)


class FakeGateway:
    """Records what the action server POSTs to ``/internal/notify``."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.received: list[dict[str, Any]] = []
        self.arrived = asyncio.Event()

    def handler(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/internal/notify"
        self.received.append(json.loads(request.content))
        self.arrived.set()
        return httpx.Response(self.status, json={})

    def notifier(self) -> GatewayNotifier:
        return GatewayNotifier(
            httpx.AsyncClient(
                base_url="http://gateway.test", transport=httpx.MockTransport(self.handler)
            )
        )


@pytest.fixture
async def callback_server(feedback: FeedbackStore) -> AsyncIterator[tuple[str, FakeGateway]]:
    """The action server's callback route, mounted on a tiny app on a free port."""
    gateway = FakeGateway()
    notifier = gateway.notifier()
    relay = StatusChangeRelay(feedback, notifier)
    app = FastAPI()

    @app.post("/callbacks/status/{token}")
    async def callback(token: str, request: Request) -> Response:
        delivered = await relay.relay(token, await request.json(), now=NOW)
        return Response(status_code=204 if delivered else 404)

    async with run_in_background(app) as base_url:
        yield base_url, gateway
    await notifier.aclose()


async def test_subscribed_status_change_reaches_the_gateway(
    make_runtime: RuntimeFactory,
    domain: dict[str, Any],
    status_client: HttpStatusClient,
    simulator_url: str,
    callback_server: tuple[str, FakeGateway],
) -> None:
    base_url, gateway = callback_server
    runtime = make_runtime(status_client=status_client, callback_base_url=base_url)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "/subscribe_status",
        intent="subscribe_status",
        sender_id="web:abc",
        slots={"status_subscription": {"number": "DUK-2026-000101", "verification": "3171"}},
    )
    events = await ActionSubscribeStatus(runtime).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_subscribed"]
    assert slots_set(events) == {"status_subscription": None}

    async with httpx.AsyncClient(base_url=simulator_url) as admin:
        (await admin.post("/_admin/applications/DUK-2026-000101/advance")).raise_for_status()
    await asyncio.wait_for(gateway.arrived.wait(), 10)
    [body] = gateway.received
    assert body["conversation_id"] == "web:abc"
    [message] = body["messages"]
    assert message["text"].startswith("Kabar terbaru: status permohonan DUK-2026-000101 berubah")


async def test_subscribe_without_a_lookup_first(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    await ActionSubscribeStatus(make_runtime()).run(dispatcher, make_tracker("kabari saya"), domain)
    assert responses(dispatcher) == ["utter_subscribe_nothing"]


async def test_subscribe_when_the_status_service_is_down(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    client = HttpStatusClient(
        httpx.AsyncClient(base_url="http://127.0.0.1:9"), owns_client=True, deadline_s=2.0
    )
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "kabari",
        slots={"status_subscription": {"number": "DUK-2026-000101", "verification": "3171"}},
    )
    try:
        await ActionSubscribeStatus(make_runtime(status_client=client)).run(
            dispatcher, tracker, domain
        )
    finally:
        await client.aclose()
    assert "tidak bisa diaktifkan" in rendered(dispatcher)[0]


async def test_unknown_token_or_number_is_ignored(feedback: FeedbackStore) -> None:
    gateway = FakeGateway()
    relay = StatusChangeRelay(feedback, gateway.notifier())
    token = await feedback.add_subscription(
        sender_id="web:x", application_number="DUK-2026-000101", now=NOW
    )
    assert not await relay.relay("nope", {"number": "DUK-2026-000101"}, now=NOW)
    assert not await relay.relay(token, {"number": "DUK-2026-000102"}, now=NOW)
    assert gateway.received == []


async def test_gateway_refusal_is_our_error(feedback: FeedbackStore) -> None:
    gateway = FakeGateway(status=503)
    relay = StatusChangeRelay(feedback, gateway.notifier())
    token = await feedback.add_subscription(
        sender_id="web:x", application_number="DUK-2026-000101", now=NOW
    )
    with pytest.raises(NotificationError) as caught:
        await relay.relay(
            token,
            {
                "number": "DUK-2026-000101",
                "label": "Diproses",
                "changed_at": "2026-10-05T09:00:00+07:00",
            },
            now=NOW,
        )
    assert caught.value.status_code == 503
