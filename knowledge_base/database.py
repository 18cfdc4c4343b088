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

__all__ = ["async_database_url", "create_kb_engine", "create_session_factory"]

# Plain and sync-driver URL prefixes, and the async driver each one becomes.
_ASYNC_DRIVERS = (
    ("postgres://", "postgresql+asyncpg://"),
    ("postgresql://", "postgresql+asyncpg://"),
    ("postgresql+psycopg2://", "postgresql+asyncpg://"),
    ("sqlite://", "sqlite+aiosqlite://"),
)


def async_database_url(url: str) -> str:
    """Return ``url`` with an async driver, so that users may write plain URLs.

    Every process that reads ``DATABASE_URL`` (gateway, action server, the knowledge-base
    command) goes through this one function, so they accept the same spellings.

    Args:
        url: A SQLAlchemy database URL, e.g. ``postgresql://user@host/db``.

    Returns:
        The same URL using ``asyncpg`` for Postgres and ``aiosqlite`` for SQLite; any
        other URL unchanged.
    """
    for plain, async_form in _ASYNC_DRIVERS:
        if url.startswith(plain):
            return async_form + url[len(plain) :]
    return url


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
