"""The SQLite engine: a failed statement must not let the garbage collector stall the loop."""

from __future__ import annotations

import asyncio
import gc
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.store import create_engine


async def test_collecting_a_failed_statement_does_not_wait_for_its_connection(
    sqlite_url: str,
) -> None:
    # Issue 6: the cursor of a failed statement, kept in a reference cycle, used to be
    # reset by the collector in the loop's thread, under the mutex of its connection; a
    # connection waiting for another's write lock holds that mutex for the busy timeout,
    # and the lock holder needs the loop to commit.
    engine = create_engine(sqlite_url)
    gc.disable()
    try:
        async with engine.begin() as setup:
            await setup.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
            await setup.execute(text("INSERT INTO t VALUES (1)"))
        async with engine.connect() as holder, engine.connect() as waiter:
            with pytest.raises(IntegrityError) as failed:
                await waiter.execute(text("INSERT INTO t VALUES (1)"))
            await waiter.rollback()
            cycle: list[object] = [failed.value]
            cycle.append(cycle)
            del failed, cycle
            await holder.execute(text("INSERT INTO t VALUES (2)"))  # takes the write lock
            waiting = asyncio.create_task(waiter.execute(text("INSERT INTO t VALUES (3)")))
            await asyncio.sleep(0.3)  # the waiter is in SQLite's busy handler now
            started = time.monotonic()
            gc.collect()
            assert time.monotonic() - started < 1.0
            await holder.commit()
            await waiting
            await waiter.commit()
    finally:
        gc.enable()
        await engine.dispose()
