"""Fixtures of the Telegram channel's tests: the fake Bot API and the channel in-process.

The real python-telegram-bot client talks HTTP to :class:`FakeTelegramServer`; Rasa is
an ``httpx.MockTransport`` behind the real :class:`ConversationService` and store.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.conversation import ConversationService
from bot.coordination import BaseCoordinationBackend, InMemoryCoordinationBackend
from bot.rasa_client import RasaClient
from bot.store import SqlConversationStore, create_schema, create_session_factory
from bot.telegram import TelegramChannel, TelegramConfig
from tests.helpers.databases import isolated_engine
from tests.helpers.fake_telegram import FakeTelegramServer

TOKEN = "123456:TEST-token-SECRET"
WEBHOOK_SECRET = "s3cret-webhook-value"


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegramServer]:
    """The fake Bot API server, on its own thread."""
    with FakeTelegramServer(TOKEN) as server:
        yield server


@dataclass
class Harness:
    """What a test needs to drive the channel."""

    fake: FakeTelegramServer
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    store: SqlConversationStore
    coordination: BaseCoordinationBackend
    rasa_handler: Callable[[httpx.Request], httpx.Response]
    rasa_calls: list[dict[str, Any]] = field(default_factory=list)

    def config(self, **overrides: Any) -> TelegramConfig:
        values: dict[str, Any] = {
            "token": TOKEN,
            "api_base_url": self.fake.base_url,
            "poll_timeout_s": 1,
            "recovery_after_s": 0.5,
            "sweep_interval_s": 0.5,
        }
        values.update(overrides)
        return TelegramConfig(**values)

    @contextlib.asynccontextmanager
    async def channel(self, **overrides: Any) -> AsyncIterator[TelegramChannel]:
        """A running channel (a gateway replica); stopped at the end of the block."""

        def recording(request: httpx.Request) -> httpx.Response:
            import json

            self.rasa_calls.append(json.loads(request.content))
            return self.rasa_handler(request)

        rasa_http = httpx.AsyncClient(
            transport=httpx.MockTransport(recording), base_url="http://rasa.test"
        )
        conversations = ConversationService(self.store, RasaClient(rasa_http))
        channel = TelegramChannel(
            self.config(**overrides),
            conversations=conversations,
            store=self.store,
            sessions=self.sessions,
            coordination=self.coordination,
        )
        await channel.start()
        try:
            await asyncio.wait_for(channel.ready.wait(), 10)
            yield channel
        finally:
            await channel.aclose()
            await rasa_http.aclose()


@pytest.fixture
def coordination() -> BaseCoordinationBackend:
    return InMemoryCoordinationBackend()


@pytest.fixture
def database(request: pytest.FixtureRequest, sqlite_url: str, postgres_url: str) -> str:
    """The store's database: SQLite unless a test parametrizes it (``indirect``)."""
    backend = getattr(request, "param", "sqlite")
    return postgres_url if backend == "postgres" else sqlite_url


@pytest.fixture
async def harness(
    fake_telegram: FakeTelegramServer,
    database: str,
    unique_id: str,
    rasa_handler: Callable[[httpx.Request], httpx.Response],
    coordination: BaseCoordinationBackend,
) -> AsyncIterator[Harness]:
    async with isolated_engine(database, unique_id) as engine:
        await create_schema(engine)
        sessions = create_session_factory(engine)
        store = SqlConversationStore(sessions, outbox_channels=["telegram"])
        yield Harness(fake_telegram, engine, sessions, store, coordination, rasa_handler)
        await coordination.aclose()


def bound_socket() -> socket.socket:
    """A loopback socket on a free port, bound before the app that will use it is built."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.asynccontextmanager
async def serve_on(app: FastAPI, sock: socket.socket) -> AsyncIterator[str]:
    """Serve ``app`` (lifespan included) on ``sock`` in this event loop."""
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    )
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.02)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()
