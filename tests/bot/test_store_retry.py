"""Store writes survive a PostgreSQL restart (bot/store/retry.py), on a private cluster."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest
from asyncpg.exceptions import AdminShutdownError, CannotConnectNowError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.store import (
    Message,
    MessageDirection,
    SqlConversationStore,
    create_engine,
    create_schema,
    create_session_factory,
    is_transient_database_error,
    retry_transient,
)
from bot.store.models import MessageState
from tests.helpers.private_servers import PrivatePostgres

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres().start()
    yield server
    server.close()


@pytest.fixture
async def pg_store(
    private_postgres: PrivatePostgres, unique_id: str
) -> AsyncIterator[tuple[SqlConversationStore, PrivatePostgres]]:
    name = f"retry_{unique_id}"
    admin = await asyncpg.connect(private_postgres.dsn())
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    engine = create_engine(private_postgres.sqlalchemy_url(name))
    await create_schema(engine)
    yield SqlConversationStore(create_session_factory(engine)), private_postgres
    await engine.dispose()


async def test_a_write_during_a_restart_waits_for_the_database_and_is_stored(
    pg_store: tuple[SqlConversationStore, PrivatePostgres],
) -> None:
    store, server = pg_store
    first = await store.record_inbound("web", "citizen", "halo", external_id="m1")

    await asyncio.to_thread(server.stop)  # every pooled connection is now dead
    started = time.monotonic()
    write = asyncio.create_task(store.record_inbound("web", "citizen", "apa syarat KTP?"))
    await asyncio.sleep(1.5)
    assert not write.done(), "the write neither waited nor failed while the database was down"
    await asyncio.to_thread(server.start)
    second = await asyncio.wait_for(write, timeout=20)
    assert time.monotonic() - started >= 1.5

    await store.record_answer(second, [{"text": "Syarat KTP-el: ...", "buttons": []}])
    async with store._sessions() as session:  # noqa: SLF001 - checking what was stored
        states = dict((await session.execute(select(Message.id, Message.state))).all())
    assert states[first.message_id] is MessageState.RECEIVED
    assert states[second.message_id] is MessageState.ANSWERED


async def test_answering_twice_stores_one_answer(
    pg_store: tuple[SqlConversationStore, PrivatePostgres],
) -> None:
    store, _ = pg_store
    stored = await store.record_inbound("web", "citizen", "halo")
    await store.record_answer(stored, [{"text": "Halo!", "buttons": []}])
    await store.record_answer(stored, [{"text": "Halo!", "buttons": []}])  # a retried commit
    async with store._sessions() as session:  # noqa: SLF001
        outbound = await session.scalar(
            select(func.count()).where(Message.direction == MessageDirection.OUTBOUND)
        )
    assert outbound == 1


async def test_a_database_that_stays_down_fails_after_the_retry_window() -> None:
    calls = 0

    @retry_transient(retry_for_s=1.0)
    async def write() -> None:
        nonlocal calls
        calls += 1
        raise ConnectionRefusedError(111, "Connection refused")

    started = time.monotonic()
    with pytest.raises(ConnectionRefusedError):
        await write()
    assert 1.0 <= time.monotonic() - started <= 6.0
    assert calls >= 3  # retried with backoff, not once


def test_statement_errors_are_not_retried() -> None:
    integrity = IntegrityError("INSERT ...", {}, Exception("duplicate key"))
    assert not is_transient_database_error(integrity)
    assert not is_transient_database_error(ValueError("bad"))
    assert is_transient_database_error(ConnectionRefusedError(111, "refused"))
    # asyncpg's errors while connecting reach us unwrapped, with their SQLSTATE.
    assert is_transient_database_error(CannotConnectNowError("the database is shutting down"))
    assert is_transient_database_error(AdminShutdownError("terminating connection"))
    # SQLite calls both a busy database and a missing table OperationalError.
    locked = OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))
    assert is_transient_database_error(locked)
    missing = OperationalError("SELECT ...", {}, sqlite3.OperationalError("no such table: x"))
    assert not is_transient_database_error(missing)
