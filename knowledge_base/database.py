"""Engine and session-factory helpers for the composition root (no engine at import)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

__all__ = ["create_kb_engine", "create_session_factory"]


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _: ConnectionPoolEntry) -> None:
    # WAL lets the action server read the old revision while the loader writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_kb_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create an async engine; SQLite files get WAL mode and foreign keys.

    Args:
        url: ``sqlite+aiosqlite:///path.db`` or ``postgresql+asyncpg://...``.
        **kwargs: Passed to :func:`sqlalchemy.ext.asyncio.create_async_engine`.

    Returns:
        The engine. Dispose of it when done.
    """
    # A pooled connection dies when the database restarts; test it on checkout instead of
    # failing the citizen's question that happens to get it.
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Return the session factory to give to the loader and the repository."""
    return async_sessionmaker(engine, expire_on_commit=False)
