"""The action server's knowledge-base reads survive a PostgreSQL restart (private cluster)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from knowledge_base import (
    KnowledgeBaseLoader,
    SqlKnowledgeBaseRepository,
    create_kb_engine,
    create_session_factory,
    upgrade_database,
)
from tests.helpers.private_servers import PrivatePostgres

from .conftest import KB_ROOT

pytestmark = pytest.mark.integration


@pytest.fixture
async def restartable() -> AsyncIterator[tuple[SqlKnowledgeBaseRepository, PrivatePostgres]]:
    server = await asyncio.to_thread(PrivatePostgres().start)
    try:
        admin = await asyncpg.connect(server.dsn())
        await admin.execute('CREATE DATABASE "kb"')
        await admin.close()
        engine = create_kb_engine(server.sqlalchemy_url("kb"))
        await upgrade_database(engine)
        sessions = create_session_factory(engine)
        await KnowledgeBaseLoader(sessions, KB_ROOT).load()
        yield SqlKnowledgeBaseRepository(sessions), server
        await engine.dispose()
    finally:
        await asyncio.to_thread(server.close)


async def test_a_read_during_a_restart_waits_and_answers(
    restartable: tuple[SqlKnowledgeBaseRepository, PrivatePostgres],
) -> None:
    repo, server = restartable
    assert (await repo.get_service("ktp_el")) is not None  # a pooled connection now exists

    await asyncio.to_thread(server.stop)
    read = asyncio.create_task(repo.get_service("ktp_el"))
    await asyncio.sleep(1.0)
    assert not read.done(), "the read neither waited nor failed while the database was down"
    await asyncio.to_thread(server.start)
    service = await asyncio.wait_for(read, timeout=15)
    assert service is not None and service.id == "ktp_el"
    # The pool's dead connections are replaced, not handed out (pool_pre_ping).
    assert (await repo.resolve_service("e-ktp")) is not None
