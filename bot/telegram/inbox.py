"""Where updates enter the channel: stored in the inbox, then queued for the handlers."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot, Update

from bot.store import SqlUpdateInbox

logger = logging.getLogger(__name__)


class UpdateIntake:
    """Stores every update durably before PTB sees it; replays unfinished ones.

    Args:
        bot: The bot (to build :class:`telegram.Update` objects).
        inbox: The update inbox.
        queue: The application's update queue.
    """

    def __init__(self, bot: Bot, inbox: SqlUpdateInbox, queue: asyncio.Queue[object]) -> None:
        self._bot = bot
        self._inbox = inbox
        self._queue = queue

    async def receive(self, payload: dict[str, Any]) -> bool:
        """Store a raw update (webhook body) and queue it when it is new.

        Args:
            payload: The update as JSON.

        Returns:
            ``True`` when it was new, ``False`` for a redelivery.

        Raises:
            ValueError: The payload is not an update.
        """
        update = Update.de_json(payload, self._bot)
        if update is None or not isinstance(payload.get("update_id"), int):
            raise ValueError("not a Telegram update")
        return await self.accept(update, payload)

    async def accept(self, update: Update, payload: dict[str, Any] | None = None) -> bool:
        """Store a parsed update and queue it when it is new.

        Args:
            update: The update.
            payload: Its raw JSON, when known (else rebuilt from the object).

        Returns:
            ``True`` when it was new.
        """
        chat = update.effective_chat
        new = await self._inbox.store(
            update.update_id, payload or update.to_dict(), str(chat.id) if chat else None
        )
        if new:
            await self._queue.put(update)
        else:
            logger.info("Update %s delivered again; already stored", update.update_id)
        return new

    async def replay(self, older_than_s: float) -> int:
        """Queue again every stored update still unfinished after ``older_than_s`` seconds.

        Args:
            older_than_s: Minimum age.

        Returns:
            How many updates were queued.
        """
        pending = await self._inbox.pending(older_than_s)
        for item in pending:
            update = Update.de_json(item.payload, self._bot)
            if update is not None:
                await self._queue.put(update)
        if pending:
            logger.info("Replaying %d unfinished Telegram updates", len(pending))
        return len(pending)
