"""The outbox of push channels: replies persisted until the channel confirms delivery.

Several gateway replicas may drain one outbox: a row is leased before it is sent, and a
recipient's rows are always taken oldest first, so each citizen gets replies in order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.models import BlockedRecipient, OutboxMessage, OutboxState, utcnow
from bot.store.purge import delete_in_batches

logger = logging.getLogger(__name__)

PURGE_BATCH: int = 500  # rows per delete transaction, so the SQLite write lock is brief


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A leased outbox row, ready to send.

    Attributes:
        id: The row's id.
        sender_id: The recipient (the channel's id of the citizen).
        payload: The reply (``text``, ``buttons``, ``image``).
        attempts: Failed attempts so far.
        parts_sent: Channel messages of this reply already delivered.
    """

    id: int
    sender_id: str
    payload: dict[str, Any]
    attempts: int
    parts_sent: int


class SqlOutbox:
    """Outbox and blocked recipients of one push channel.

    Args:
        session_factory: Factory of short-lived sessions; each method owns one transaction.
        channel: The channel (``telegram``).
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], channel: str) -> None:
        self._sessions = session_factory
        self._channel = channel

    async def enqueue(
        self,
        sender_id: str,
        messages: list[dict[str, Any]],
        *,
        dedup_prefix: str | None = None,
        source_ref: str | None = None,
    ) -> int:
        """Queue messages for ``sender_id``; idempotent when ``dedup_prefix`` is given.

        Args:
            sender_id: The recipient.
            messages: The replies, in order.
            dedup_prefix: Unique name of this batch; the same batch is never queued twice.
            source_ref: External id of the inbound message these messages answer.

        Returns:
            How many rows were queued (0 when the batch was queued before).
        """
        rows = [
            {
                "channel": self._channel,
                "sender_id": sender_id,
                "payload": message,
                "dedup_key": f"{self._channel}:{dedup_prefix}:{index}" if dedup_prefix else None,
                "source_ref": source_ref,
                "state": OutboxState.PENDING,
                "attempts": 0,
                "parts_sent": 0,
                "next_attempt_at": utcnow(),
                "created_at": utcnow(),
            }
            for index, message in enumerate(messages)
        ]
        if not rows:
            return 0
        async with self._sessions.begin() as session:
            dialect = session.bind.dialect.name
            if dialect == "postgresql":
                statement: Any = pg_insert(OutboxMessage).on_conflict_do_nothing()
            elif dialect == "sqlite":
                statement = sqlite_insert(OutboxMessage).on_conflict_do_nothing()
            else:  # pragma: no cover - only SQLite and Postgres are supported
                statement = insert(OutboxMessage)
            connection = await session.connection()
            inserted = 0
            for row in rows:
                result = await connection.execute(statement, row)
                inserted += max(result.rowcount, 0)
        return inserted

    async def has_source(self, source_ref: str) -> bool:
        """Tell whether replies to the inbound message ``source_ref`` are queued or sent.

        Args:
            source_ref: External id of the inbound message.
        """
        query = select(OutboxMessage.id).where(
            OutboxMessage.channel == self._channel, OutboxMessage.source_ref == source_ref
        )
        async with self._sessions() as session:
            return (await session.scalar(query.limit(1))) is not None

    async def due_recipients(self, limit: int = 100) -> list[str]:
        """Return recipients with a pending row that is due and not leased.

        Args:
            limit: Maximum number of recipients.
        """
        now = utcnow()
        query = (
            select(OutboxMessage.sender_id)
            .where(
                OutboxMessage.channel == self._channel,
                OutboxMessage.state == OutboxState.PENDING,
                OutboxMessage.next_attempt_at <= now,
                or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= now),
            )
            .group_by(OutboxMessage.sender_id)
            .order_by(func.min(OutboxMessage.id))
            .limit(limit)
        )
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def claim_head(self, sender_id: str, lease_s: float) -> OutboxEntry | None:
        """Lease the recipient's oldest pending row, if it is due and not leased.

        Newer rows are never taken before an older one, so a recipient's messages keep
        their order even when the oldest waits for a retry.

        Args:
            sender_id: The recipient.
            lease_s: How long the row is reserved for this caller.

        Returns:
            The leased row, or ``None`` when nothing can be sent to them now.
        """
        now = utcnow()
        # Read, then lease in a separate write transaction: SQLite cannot upgrade a read
        # transaction to a write one while another connection writes.
        async with self._sessions() as session:
            head = (
                await session.execute(
                    select(
                        OutboxMessage.id,
                        OutboxMessage.payload,
                        OutboxMessage.attempts,
                        OutboxMessage.parts_sent,
                    )
                    .where(
                        OutboxMessage.channel == self._channel,
                        OutboxMessage.sender_id == sender_id,
                        OutboxMessage.state == OutboxState.PENDING,
                    )
                    .order_by(OutboxMessage.id)
                    .limit(1)
                )
            ).first()
        if head is None:
            return None
        async with self._sessions.begin() as session:
            leased = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == head.id,
                    OutboxMessage.state == OutboxState.PENDING,
                    OutboxMessage.next_attempt_at <= now,
                    or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= now),
                )
                .values(lease_until=now + timedelta(seconds=lease_s))
                # No in-Python evaluation: SQLite returns naive datetimes.
                .execution_options(synchronize_session=False)
            )
        if leased.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return OutboxEntry(head.id, sender_id, dict(head.payload), head.attempts, head.parts_sent)

    async def record_progress(self, entry_id: int, parts_sent: int) -> None:
        """Remember that the first ``parts_sent`` channel messages of a row went out.

        Args:
            entry_id: The row.
            parts_sent: Parts delivered so far.
        """
        await self._set(entry_id, parts_sent=parts_sent)

    async def replace_payload(self, entry_id: int, payload: dict[str, Any]) -> None:
        """Store a row's rewritten payload (its parts after Telegram refused one).

        Args:
            entry_id: The row.
            payload: The new payload; ``parts_sent`` keeps counting into it.
        """
        await self._set(entry_id, payload=payload)

    async def mark_sent(self, entry_id: int) -> None:
        """Mark a row delivered.

        Args:
            entry_id: The row.
        """
        await self._set(entry_id, state=OutboxState.SENT, sent_at=utcnow(), lease_until=None)

    async def reschedule(self, entry_id: int, delay_s: float, error: str) -> None:
        """Release a row for another attempt after ``delay_s`` seconds.

        Args:
            entry_id: The row.
            delay_s: Seconds until the next attempt.
            error: Short reason of the failure (no message text).
        """
        await self._set(
            entry_id,
            attempts=OutboxMessage.attempts + 1,
            next_attempt_at=utcnow() + timedelta(seconds=delay_s),
            lease_until=None,
            last_error=error[:200],
        )

    async def drop(self, entry_id: int, reason: str) -> None:
        """Give up on a row that can never be delivered.

        Args:
            entry_id: The row.
            reason: Short reason (no message text).
        """
        await self._set(entry_id, state=OutboxState.DROPPED, lease_until=None, last_error=reason)

    async def drop_recipient(self, sender_id: str, reason: str) -> int:
        """Give up on every pending row of a recipient (they blocked the assistant).

        Args:
            sender_id: The recipient.
            reason: Short reason.

        Returns:
            How many rows were dropped.
        """
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.channel == self._channel,
                    OutboxMessage.sender_id == sender_id,
                    OutboxMessage.state == OutboxState.PENDING,
                )
                .values(state=OutboxState.DROPPED, lease_until=None, last_error=reason)
            )
        return max(result.rowcount, 0)  # type: ignore[attr-defined]

    async def set_blocked(self, sender_id: str, blocked: bool) -> None:
        """Record that a citizen blocked (or unblocked) the assistant.

        Args:
            sender_id: The citizen.
            blocked: ``True`` when they blocked it.
        """
        if not blocked:
            async with self._sessions.begin() as session:
                await session.execute(
                    delete(BlockedRecipient).where(
                        BlockedRecipient.channel == self._channel,
                        BlockedRecipient.sender_id == sender_id,
                    )
                )
            return
        try:
            async with self._sessions.begin() as session:
                session.add(BlockedRecipient(channel=self._channel, sender_id=sender_id))
        except IntegrityError:
            pass  # blocked already

    async def is_blocked(self, sender_id: str) -> bool:
        """Tell whether a citizen blocked the assistant.

        Args:
            sender_id: The citizen.
        """
        query = select(BlockedRecipient.id).where(
            BlockedRecipient.channel == self._channel, BlockedRecipient.sender_id == sender_id
        )
        async with self._sessions() as session:
            return (await session.scalar(query)) is not None

    async def purge(self, older_than: timedelta, *, batch_size: int = PURGE_BATCH) -> int:
        """Delete sent and dropped rows queued before ``older_than`` ago.

        Pending rows are never deleted, whatever their age: they are still to be sent.
        What the citizen was told stays in the conversation store's messages.

        Args:
            older_than: Minimum age of a deleted row.
            batch_size: Rows deleted per transaction.

        Returns:
            How many rows were deleted.
        """
        cutoff = utcnow() - older_than
        batch = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.channel == self._channel,
                OutboxMessage.state.in_((OutboxState.SENT, OutboxState.DROPPED)),
                OutboxMessage.created_at < cutoff,
            )
            .limit(batch_size)
        )
        return await delete_in_batches(self._sessions, OutboxMessage, batch, batch_size)

    async def _set(self, entry_id: int, **values: Any) -> None:
        """Update one row."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(OutboxMessage).where(OutboxMessage.id == entry_id).values(**values)
            )
