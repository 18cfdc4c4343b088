from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis

from actions.status_client import CircuitBreaker, HttpStatusClient
from status_simulator import SimulatorSettings, create_app, run_in_background

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def clean_status_sim_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("STATUS_SIM_"):
            monkeypatch.delenv(name)


@dataclass
class Simulator:
    base_url: str
    admin: httpx.AsyncClient

    async def set_faults(self, **faults: Any) -> None:
        response = await self.admin.post("/_admin/faults", json=faults)
        response.raise_for_status()


@pytest.fixture
async def simulator() -> AsyncIterator[Simulator]:
    app = create_app(SimulatorSettings(random_seed=3, callback_backoff_s=0.05))
    async with (
        run_in_background(app) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=10) as admin,
    ):
        yield Simulator(base_url=base_url, admin=admin)


@dataclass
class RequestCounter:
    """Counts requests that really leave the client (an httpx event hook)."""

    count: int = 0
    paths: list[str] = field(default_factory=list)

    async def __call__(self, request: httpx.Request) -> None:
        self.count += 1
        self.paths.append(request.url.path)


@pytest.fixture
def requests_sent() -> RequestCounter:
    return RequestCounter()


ClientFactory = Callable[..., HttpStatusClient]


@pytest.fixture
async def make_client(
    simulator: Simulator, requests_sent: RequestCounter
) -> AsyncIterator[ClientFactory]:
    """Build HttpStatusClients on the running simulator; closed after the test."""
    clients: list[httpx.AsyncClient] = []

    def factory(
        *,
        timeout: httpx.Timeout | None = None,
        breaker: CircuitBreaker | None = None,
        base_url: str | None = None,
        **kwargs: Any,
    ) -> HttpStatusClient:
        http = httpx.AsyncClient(
            base_url=base_url or simulator.base_url,
            timeout=timeout or httpx.Timeout(5.0, connect=2.0),
            event_hooks={"request": [requests_sent]},
        )
        clients.append(http)
        kwargs.setdefault("backoff_initial_s", 0.05)
        kwargs.setdefault("backoff_jitter_s", 0.02)
        return HttpStatusClient(http, breaker=breaker, **kwargs)

    yield factory
    for http in clients:
        await http.aclose()


@pytest.fixture
async def redis_client() -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(REDIS_URL)
    yield client
    await client.aclose()


@pytest.fixture
async def redis_prefix(redis_client: aioredis.Redis) -> AsyncIterator[str]:
    prefix = f"test:status_client:{uuid.uuid4().hex}:"
    yield prefix
    keys = [key async for key in redis_client.scan_iter(match=f"{prefix}*")]
    if keys:
        await redis_client.delete(*keys)
