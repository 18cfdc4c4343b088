"""The web chat's outbound channel: messages queued in SQL, fetched by the citizen's page."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import constants
from bot.delivery import BaseOutboundChannel
from bot.store import retry_transient
from bot.store.models import WebOutboxMessage

logger = logging.getLogger(__name__)

# A page that polls gets at most this many queued messages per request.
MAX_UPDATES = 50


class WebOutboundChannel(BaseOutboundChannel):
    """Queues messages for a web-chat citizen; ``GET /api/chat/updates`` hands them out.

    SQL rather than memory, so that any gateway replica can serve the page's poll.

    Args:
        sessions: Session factory of the conversation store.
    """

    name = constants.WEB_CHANNEL

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @retry_transient()
    async def deliver(self, sender_id: str, messages: list[dict[str, Any]]) -> None:
        """See :meth:`BaseOutboundChannel.deliver`."""
        async with self._sessions.begin() as session:
            session.add_all(
                WebOutboxMessage(sender_id=sender_id, payload=_shape(message))
                for message in messages
            )

    async def fetch(self, sender_id: str, after: int) -> tuple[list[dict[str, Any]], int]:
        """Return the messages queued for ``sender_id`` after cursor ``after``.

        Args:
            sender_id: The web citizen's id.
            after: The last cursor the page saw (0 at first).

        Returns:
            The messages, oldest first, and the new cursor.
        """
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(WebOutboxMessage)
                    .where(WebOutboxMessage.sender_id == sender_id, WebOutboxMessage.id > after)
                    .order_by(WebOutboxMessage.id)
                    .limit(MAX_UPDATES)
                )
            ).all()
        cursor = rows[-1].id if rows else after
        return [row.payload for row in rows], cursor


def _shape(message: dict[str, Any]) -> dict[str, Any]:
    """Keep what the page renders: text, buttons and who sent it."""
    out: dict[str, Any] = {"text": str(message.get("text") or "")}
    out["buttons"] = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in message.get("buttons") or []
        if isinstance(b, dict)
    ]
    if message.get("from"):
        out["from"] = str(message["from"])
    return out
