"""Engine and session factory: one engine per process, built in the composition root."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Self

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

# How long a SQLite writer waits for another connection's write transaction to end.
SQLITE_BUSY_TIMEOUT_S = 15.0


def create_engine(database_url: str) -> AsyncEngine:
    """Create the process's async engine; for SQLite, create the file's folder and enable WAL.

    Args:
        database_url: An async SQLAlchemy URL (``sqlite+aiosqlite://`` or ``postgresql+asyncpg://``).

    Returns:
        The engine.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = _create_async_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "factory": _SqliteConnection},
        )
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        return engine
    return _create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Return the session factory; sessions are short-lived, one per update.

    Args:
        engine: The process's engine.

    Returns:
        A factory of sessions that keep objects usable after commit.
    """
    return async_sessionmaker(engine, expire_on_commit=False)


class _SqliteCursor(sqlite3.Cursor):
    """A cursor that closes itself when a statement fails, in the connection's own thread.

    SQLAlchemy's aiosqlite adapter closes its cursor after a statement succeeds, but not
    after one fails (an ``IntegrityError`` of a duplicate update or message, "database
    is locked"): the cursor stays referenced from the exception's traceback, a reference
    cycle, until the cyclic garbage collector frees it, usually in the event loop's
    thread. CPython (3.11 at least) then resets the cursor's statement, which takes the
    SQLite connection's mutex; if that pooled connection is meanwhile waiting in its
    worker thread for another connection's write lock, the mutex is held for the whole
    busy timeout, so the event loop itself stops. The lock holder, whose COMMIT needs the
    event loop, cannot finish, and every waiter fails with "database is locked" after
    15 s (issue 6). Closing here, in the worker thread, leaves the collector nothing to
    reset. Remove once the adapter closes failed cursors itself.
    """

    def execute(self, sql: str, parameters: Any = (), /) -> Self:
        """Run one statement; on failure close the cursor before re-raising."""
        try:
            return super().execute(sql, parameters)
        except BaseException:
            self.close()
            raise

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Self:
        """Run one statement per parameter set; on failure close the cursor before re-raising."""
        try:
            return super().executemany(sql, seq_of_parameters)
        except BaseException:
            self.close()
            raise


class _SqliteConnection(sqlite3.Connection):
    """A sqlite3 connection whose cursors are :class:`_SqliteCursor` (see there why)."""

    def cursor(self, factory: Any = _SqliteCursor) -> Any:
        """Return a new cursor, by default one that closes itself when a statement fails."""
        return super().cursor(factory)


def _sqlite_on_connect(dbapi_connection: Any, _record: object) -> None:
    """WAL, a busy timeout, foreign keys, and write transactions that begin IMMEDIATE.

    Several gateway replicas (or the gateway and a CLI) may share one SQLite file. With
    the sqlite3 driver's default ``BEGIN`` (DEFERRED), a transaction takes the write lock
    only at its first write, as an upgrade of its read snapshot; when another connection
    wrote in between, SQLite refuses the upgrade with "database is locked" at once, and
    the busy timeout does not apply. ``BEGIN IMMEDIATE`` takes the write lock first, and
    waiting for it does honour the busy timeout.

    The driver's own transaction handling is kept, set to IMMEDIATE: it emits the BEGIN
    just before the first INSERT/UPDATE/DELETE, so exactly the write transactions begin
    IMMEDIATE, and reads stay outside any transaction. That matters here: a read-only
    session may stay open for minutes (an operator's console request serving a live
    stream), and the begin-hook recipe of SQLAlchemy's SQLite docs would make it hold
    the write lock (BEGIN IMMEDIATE for every transaction) or a snapshot that blocks WAL
    checkpoints (BEGIN DEFERRED) for that long. Store methods therefore never rely on a
    read being isolated from a later write of the same transaction (they use conditional
    updates and unique keys instead).
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # aiosqlite passes the attribute through to the sqlite3 connection in its thread.
    dbapi_connection.isolation_level = "IMMEDIATE"


async def create_schema(engine: AsyncEngine) -> None:
    """Create or upgrade the conversation-store tables with its Alembic migrations.

    The version is kept in ``store_alembic_version``, so the knowledge base's own
    migrations can share the database.

    Args:
        engine: The process's engine.
    """
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


def _upgrade(connection: Connection) -> None:
    """Run ``alembic upgrade head`` on ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
