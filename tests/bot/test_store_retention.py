"""Retention of delivery state in the store, on SQLite and the real Postgres.

Processed updates, sent or dropped outbox rows and long-unused button payloads are
purged by age; updates not processed and replies not sent never are, whatever their age.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

import bot.store.database
from bot.store import (
    SqlCallbackPayloads,
    SqlOutbox,
    SqlUpdateInbox,
    create_schema,
    create_session_factory,
)
from bot.store.models import (
    CallbackPayload,
    InboundUpdate,
    OutboxMessage,
    OutboxState,
    UpdateState,
    utcnow,
)
from tests.helpers.databases import isolated_engine

DAYS_10 = timedelta(days=10)


@pytest.fixture(params=["sqlite", "postgres"])
async def engine(
    request: pytest.FixtureRequest, sqlite_url: str, postgres_url: str, unique_id: str
) -> AsyncIterator[AsyncEngine]:
    url = sqlite_url if request.param == "sqlite" else postgres_url
    async with isolated_engine(url, unique_id) as found:
        yield found


@pytest.fixture
async def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    await create_schema(engine)
    return create_session_factory(engine)


async def age(sessions: async_sessionmaker[AsyncSession], model: type, by: timedelta) -> None:
    """Move every row of ``model`` ``by`` into the past."""
    column = {
        InboundUpdate: InboundUpdate.received_at,
        OutboxMessage: OutboxMessage.created_at,
        CallbackPayload: CallbackPayload.last_used_at,
    }[model]
    async with sessions.begin() as session:
        await session.execute(update(model).values({column: utcnow() - by}))


async def test_processed_updates_are_purged_and_unprocessed_ones_kept(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    inbox = SqlUpdateInbox(sessions, "telegram")
    for update_id in (1, 2, 3):
        assert await inbox.store(update_id, {"update_id": update_id}, "42")
    await inbox.mark_done(1)
    await inbox.mark_done(2, dead=True)
    await age(sessions, InboundUpdate, DAYS_10)
    assert await inbox.store(4, {"update_id": 4}, "42")
    await inbox.mark_done(4)  # processed, but recent
    assert await inbox.purge(timedelta(days=3)) == 2
    assert await inbox.state(1) is None and await inbox.state(2) is None
    assert await inbox.state(3) is UpdateState.RECEIVED  # ten days old, still to process
    assert await inbox.state(4) is UpdateState.DONE
    assert [p.update_id for p in await inbox.pending(0)] == [3]


async def test_purge_works_in_batches(sessions: async_sessionmaker[AsyncSession]) -> None:
    inbox = SqlUpdateInbox(sessions, "telegram")
    for update_id in range(7):
        await inbox.store(update_id, {"update_id": update_id}, None)
        await inbox.mark_done(update_id)
    await age(sessions, InboundUpdate, DAYS_10)
    assert await inbox.purge(timedelta(days=3), batch_size=3) == 7
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(InboundUpdate)) == 0


async def test_sent_and_dropped_outbox_rows_are_purged_and_pending_ones_kept(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    outbox = SqlOutbox(sessions, "telegram")
    await outbox.enqueue("42", [{"text": "a"}, {"text": "b"}, {"text": "c"}], dedup_prefix="u1")
    head = await outbox.claim_head("42", 60)
    assert head is not None
    await outbox.mark_sent(head.id)
    second = await outbox.claim_head("42", 60)
    assert second is not None
    await outbox.drop(second.id, "bad_request")
    await age(sessions, OutboxMessage, DAYS_10)
    await outbox.enqueue("42", [{"text": "baru"}], dedup_prefix="u2")
    fresh = await outbox.claim_head("42", 60)  # "c" (old, pending) comes first
    assert fresh is not None and fresh.payload == {"text": "c"}
    assert await outbox.purge(timedelta(days=7)) == 2
    async with sessions() as session:
        rows = (await session.execute(select(OutboxMessage.payload, OutboxMessage.state))).all()
    assert sorted((p["text"], s) for p, s in rows) == [
        ("baru", OutboxState.PENDING),
        ("c", OutboxState.PENDING),
    ]


async def test_button_payloads_expire_by_last_use_not_by_creation(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    callbacks = SqlCallbackPayloads(sessions)
    old = await callbacks.key_for('/inform{"service":"akta_kelahiran","variant":"terlambat"}')
    reused = await callbacks.key_for('/inform{"service":"paspor","variant":"penggantian_hilang"}')
    await age(sessions, CallbackPayload, timedelta(days=100))
    # The second payload goes on a new message today: its buttons must keep working.
    assert (
        await callbacks.key_for('/inform{"service":"paspor","variant":"penggantian_hilang"}')
        == reused
    )
    assert await callbacks.purge(timedelta(days=90)) == 1
    assert await callbacks.payload_for(old) is None
    assert await callbacks.payload_for(reused) == (
        '/inform{"service":"paspor","variant":"penggantian_hilang"}'
    )


async def test_the_retention_migration_keeps_existing_payloads(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    def upgrade(connection: Connection, revision: str) -> None:
        config = Config()
        config.set_main_option(
            "script_location", str(Path(bot.store.database.__file__).parent / "migrations")
        )
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(upgrade, "0001_initial")
        await connection.execute(
            text(
                "INSERT INTO callback_payloads (key, payload, created_at) "
                "VALUES ('k1', '/inform', :created)"
            ),
            {"created": utcnow() - DAYS_10},
        )
    await create_schema(engine)  # upgrades to head
    sessions = create_session_factory(engine)
    async with sessions() as session:
        row = await session.get(CallbackPayload, "k1")
        assert row is not None and row.last_used_at == row.created_at
        version = await session.scalar(text("SELECT version_num FROM store_alembic_version"))
    assert version == "0003_knowledge_gap"  # head
    assert await SqlCallbackPayloads(sessions).purge(timedelta(days=7)) == 1
