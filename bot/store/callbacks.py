"""Button payloads too long for a channel's callback data, stored under short keys."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.models import CallbackPayload, utcnow

# How stale ``last_used_at`` may get before a new message using the key refreshes it:
# one write per key and hour at most, far below any retention period.
LAST_USED_REFRESH = timedelta(hours=1)


class SqlCallbackPayloads:
    """Maps long button payloads to short, stable keys (a hash) and back.

    The key is derived from the payload, so storing the same payload twice (two replicas,
    a retried send) is harmless, and buttons keep working after a restart. Each key
    remembers when it was last put on a message, so :meth:`purge` removes only keys whose
    newest button is older than the retention period.

    Args:
        session_factory: Factory of short-lived sessions.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def key_for(self, payload: str) -> str:
        """Store ``payload`` (once) and return its short key.

        Args:
            payload: The button's payload.

        Returns:
            A 24-character key.
        """
        key = hashlib.sha256(payload.encode()).hexdigest()[:24]
        now = utcnow()
        async with self._sessions() as session:
            last_used = await session.scalar(
                select(CallbackPayload.last_used_at).where(CallbackPayload.key == key)
            )
        if last_used is not None and _aware(last_used) > now - LAST_USED_REFRESH:
            return key
        try:
            async with self._sessions.begin() as session:
                refreshed = await session.execute(
                    update(CallbackPayload)
                    .where(CallbackPayload.key == key)
                    .values(last_used_at=now)
                    .execution_options(synchronize_session=False)
                )
                if refreshed.rowcount == 0:  # type: ignore[attr-defined]
                    session.add(CallbackPayload(key=key, payload=payload, last_used_at=now))
        except IntegrityError:
            pass  # stored concurrently by another send
        return key

    async def payload_for(self, key: str) -> str | None:
        """Return the payload stored under ``key``, or ``None`` when it is unknown.

        Args:
            key: A key returned by :meth:`key_for`.
        """
        async with self._sessions() as session:
            return await session.scalar(
                select(CallbackPayload.payload).where(CallbackPayload.key == key)
            )

    async def purge(self, older_than: timedelta) -> int:
        """Delete payloads not put on any message for ``older_than``.

        A button pressed after that gets the "expired" answer instead of its payload.

        Args:
            older_than: Minimum time since the key was last used.

        Returns:
            How many payloads were deleted.
        """
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(CallbackPayload)
                .where(CallbackPayload.last_used_at < utcnow() - older_than)
                .execution_options(synchronize_session=False)
            )
        return max(result.rowcount, 0)  # type: ignore[attr-defined]


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; the store writes UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
