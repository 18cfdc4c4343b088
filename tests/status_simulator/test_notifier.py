from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from fastapi import FastAPI, Request, Response

from status_simulator import run_in_background
from status_simulator.notifier import mask_number

from .conftest import RunningSimulator


@dataclass
class CallbackReceiver:
    url: str
    received: asyncio.Queue[dict] = field(default_factory=asyncio.Queue)
    attempts: int = 0
    fail_first: int = 0


@pytest.fixture
async def receiver() -> AsyncIterator[CallbackReceiver]:
    app = FastAPI()
    holder: dict[str, CallbackReceiver] = {}

    @app.post("/hook")
    async def hook(request: Request) -> Response:
        rec = holder["rec"]
        rec.attempts += 1
        if rec.attempts <= rec.fail_first:
            return Response(status_code=503)
        await rec.received.put(await request.json())
        return Response(status_code=204)

    async with run_in_background(app) as base_url:
        holder["rec"] = CallbackReceiver(url=f"{base_url}/hook")
        yield holder["rec"]


async def _subscribe(simulator: RunningSimulator, url: str, verification: str = "3171") -> int:
    response = await simulator.http.post(
        "/api/v1/subscriptions",
        json={"number": "DUK-2026-000101", "verification": verification, "callback_url": url},
    )
    return response.status_code


async def test_status_change_is_posted_to_subscriber(
    simulator: RunningSimulator, receiver: CallbackReceiver
) -> None:
    assert await _subscribe(simulator, receiver.url) == 201

    advanced = await simulator.http.post("/_admin/applications/DUK-2026-000101/advance")
    assert advanced.status_code == 200

    body = await asyncio.wait_for(receiver.received.get(), timeout=5)
    assert body == {
        "number": "DUK-2026-000101",
        "status": "verifikasi",
        "label": "Berkas sedang diverifikasi",
        "changed_at": advanced.json()["last_changed_at"],
    }


async def test_failed_delivery_is_retried(
    simulator: RunningSimulator, receiver: CallbackReceiver
) -> None:
    receiver.fail_first = 2
    assert await _subscribe(simulator, receiver.url) == 201
    await simulator.http.post("/_admin/applications/DUK-2026-000101/advance")

    body = await asyncio.wait_for(receiver.received.get(), timeout=5)
    assert body["status"] == "verifikasi"
    assert receiver.attempts == 3


async def test_delivery_gives_up_after_max_attempts(
    simulator: RunningSimulator, receiver: CallbackReceiver
) -> None:
    receiver.fail_first = 10
    assert await _subscribe(simulator, receiver.url) == 201
    record = simulator.state.store.get("DUK-2026-000101")
    assert record is not None
    await simulator.http.post("/_admin/applications/DUK-2026-000101/advance")
    # The admin route started the delivery; wait for it through the notifier's tasks.
    await asyncio.wait_for(asyncio.gather(*simulator.state.notifier._tasks), timeout=5)
    assert receiver.attempts == 3
    assert receiver.received.empty()


async def test_subscription_needs_verification(
    simulator: RunningSimulator, receiver: CallbackReceiver
) -> None:
    assert await _subscribe(simulator, receiver.url, verification="0000") == 403
    assert simulator.state.notifier.subscribers("DUK-2026-000101") == []


async def test_subscription_rejects_non_http_callback(simulator: RunningSimulator) -> None:
    assert await _subscribe(simulator, "file:///etc/passwd") == 422


def test_mask_number() -> None:
    assert mask_number("DUK-2026-000101") == "DUK-2026-****01"
    assert mask_number("ABCDEF") == "****EF"
