"""Database helpers for tests: a throwaway Postgres schema per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import create_engine


@asynccontextmanager
async def isolated_engine(url: str, name: str) -> AsyncIterator[AsyncEngine]:
    """Yield an engine whose unqualified tables live in their own schema (Postgres) or file.

    The schema is dropped afterwards, so tests never share state in the real database.
    """
    engine = create_engine(url)
    if engine.dialect.name != "postgresql":
        yield engine
        await engine.dispose()
        return
    schema = f"t_{name}"

    # Raw SQL (a migration's UPDATE, ALTER TABLE) is not translated by the map below, so
    # unqualified names must find the schema on the search path too.
    @event.listens_for(engine.sync_engine, "connect")
    def _search_path(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f'SET search_path TO "{schema}", public')
        cursor.close()

    async with engine.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = engine.execution_options(schema_translate_map={None: schema})
    try:
        yield scoped
    finally:
        async with engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await engine.dispose()
