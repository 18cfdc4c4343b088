"""The update inbox: raw channel updates, stored before they are processed and replayed."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.models import InboundUpdate, UpdateState, utcnow
from bot.store.purge import delete_in_batches

PURGE_BATCH: int = 500  # rows per delete transaction, so the SQLite write lock is brief

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PendingUpdate:
    """An update stored but not yet processed to the end.

    Attributes:
        update_id: The channel's update id.
        payload: The update exactly as the channel sent it (JSON).
        attempts: How many times processing started.
    """

    update_id: int
    payload: dict[str, Any]
    attempts: int


class SqlUpdateInbox:
    """Inbox of raw updates on the conversation store's database.

    Args:
        session_factory: Factory of short-lived sessions; each method owns one transaction.
        channel: The channel whose updates this inbox keeps (``telegram``).
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], channel: str) -> None:
        self._sessions = session_factory
        self._channel = channel

    async def store(self, update_id: int, payload: dict[str, Any], chat_id: str | None) -> bool:
        """Store an update unless it is there already.

        Args:
            update_id: The channel's update id.
            payload: The update as JSON.
            chat_id: The chat it belongs to, if any.

        Returns:
            ``True`` when it is new, ``False`` for a redelivery.
        """
        try:
            async with self._sessions.begin() as session:
                session.add(
                    InboundUpdate(
                        channel=self._channel,
                        update_id=update_id,
                        chat_id=chat_id,
                        payload=payload,
                    )
                )
        except IntegrityError:
            return False
        return True

    async def start_attempt(self, update_id: int) -> int:
        """Count one more processing attempt of an update.

        Args:
            update_id: The channel's update id.

        Returns:
            The attempt number (1 for the first); 0 when the update is not in the inbox.
        """
        # One statement (UPDATE ... RETURNING, SQLite 3.35+ and Postgres): the write
        # transaction holds SQLite's write lock for as short a time as possible.
        async with self._sessions.begin() as session:
            attempts = await session.scalar(
                update(InboundUpdate)
                .where(*self._match(update_id))
                .values(attempts=InboundUpdate.attempts + 1)
                .returning(InboundUpdate.attempts)
                .execution_options(synchronize_session=False)
            )
        return int(attempts or 0)

    async def mark_done(self, update_id: int, *, dead: bool = False) -> None:
        """Mark an update processed (or given up on), so that it is never replayed.

        Args:
            update_id: The channel's update id.
            dead: ``True`` when processing was abandoned after too many attempts.
        """
        state = UpdateState.DEAD if dead else UpdateState.DONE
        async with self._sessions.begin() as session:
            await session.execute(
                update(InboundUpdate)
                .where(*self._match(update_id))
                .values(state=state, done_at=utcnow())
            )

    async def pending(self, older_than_s: float, limit: int = 100) -> list[PendingUpdate]:
        """Return updates still not processed that arrived more than ``older_than_s`` ago.

        Args:
            older_than_s: Minimum age, so updates being processed right now are left alone.
            limit: Maximum number returned, oldest first.

        Returns:
            The updates to replay.
        """
        cutoff = utcnow() - timedelta(seconds=older_than_s)
        query = (
            select(InboundUpdate.update_id, InboundUpdate.payload, InboundUpdate.attempts)
            .where(
                InboundUpdate.channel == self._channel,
                InboundUpdate.state == UpdateState.RECEIVED,
                InboundUpdate.received_at <= cutoff,
            )
            .order_by(InboundUpdate.update_id)
            .limit(limit)
        )
        async with self._sessions() as session:
            rows = (await session.execute(query)).all()
        return [PendingUpdate(int(r[0]), dict(r[1]), int(r[2])) for r in rows]

    async def state(self, update_id: int) -> UpdateState | None:
        """Return the state of an update, or ``None`` when it is not in the inbox.

        Args:
            update_id: The channel's update id.
        """
        async with self._sessions() as session:
            return await session.scalar(select(InboundUpdate.state).where(*self._match(update_id)))

    async def purge(self, older_than: timedelta, *, batch_size: int = PURGE_BATCH) -> int:
        """Delete processed updates (``done`` or ``dead``) received before ``older_than`` ago.

        Updates not processed yet are never deleted, whatever their age: they are still
        to be answered.

        Args:
            older_than: Minimum age of a deleted update.
            batch_size: Rows deleted per transaction.

        Returns:
            How many updates were deleted.
        """
        cutoff = utcnow() - older_than
        batch = (
            select(InboundUpdate.id)
            .where(
                InboundUpdate.channel == self._channel,
                InboundUpdate.state.in_((UpdateState.DONE, UpdateState.DEAD)),
                InboundUpdate.received_at < cutoff,
            )
            .limit(batch_size)
        )
        return await delete_in_batches(self._sessions, InboundUpdate, batch, batch_size)

    def _match(self, update_id: int) -> tuple[Any, ...]:
        return (InboundUpdate.channel == self._channel, InboundUpdate.update_id == update_id)
