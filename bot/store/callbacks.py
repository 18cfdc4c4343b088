"""Button payloads too long for a channel's callback data, stored under short keys."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.models import CallbackPayload


class SqlCallbackPayloads:
    """Maps long button payloads to short, stable keys (a hash) and back.

    The key is derived from the payload, so storing the same payload twice (two replicas,
    a retried send) is harmless, and buttons keep working after a restart.

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
        async with self._sessions() as session:
            if await session.get(CallbackPayload, key) is not None:
                return key
        try:
            async with self._sessions.begin() as session:
                session.add(CallbackPayload(key=key, payload=payload))
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
