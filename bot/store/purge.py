"""Batched deletes for retention: many short transactions instead of one long one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


async def delete_in_batches(
    sessions: async_sessionmaker[AsyncSession], model: Any, ids: Select[Any], batch_size: int
) -> int:
    """Delete the rows of ``model`` whose ids ``ids`` selects, ``batch_size`` per transaction.

    Args:
        sessions: The store's session factory.
        model: The mapped class (its primary key is ``id``).
        ids: ``SELECT id … LIMIT batch_size`` of the rows to delete.
        batch_size: The limit of ``ids``; a smaller batch means nothing is left.

    Returns:
        How many rows were deleted.
    """
    deleted = 0
    while True:
        async with sessions.begin() as session:
            result = await session.execute(
                delete(model).where(model.id.in_(ids)).execution_options(synchronize_session=False)
            )
        count = max(result.rowcount, 0)  # type: ignore[attr-defined]
        deleted += count
        if count < batch_size:
            return deleted
