"""Throwaway Postgres databases on loopback for whole-stack tests and benchmarks."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"


def database_url(name: str) -> str:
    """The SQLAlchemy (asyncpg) URL of database ``name`` on the loopback server."""
    return f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"


async def recreate_database(name: str) -> str:
    """Drop ``name`` if it exists, create it empty and return its URL."""
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return database_url(name)


async def drop_database(name: str) -> None:
    """Drop ``name`` (and end its sessions) if it exists."""
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new, uniquely named database for the ``with`` block; yields its URL, then drops it.

    The unique name lets several test sessions or benchmarks run side by side.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    url = asyncio.run(recreate_database(name))
    try:
        yield url
    finally:
        asyncio.run(drop_database(name))
