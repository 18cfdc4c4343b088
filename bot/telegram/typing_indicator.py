"""The "typing…" indicator shown while the assistant thinks (internal helper)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import Bot
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.masking import mask_identifier
from bot.telegram import constants

logger = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def typing_indicator(bot: Bot, chat_id: str) -> AsyncIterator[None]:
    """Show "typing…" in the chat until the block ends (refreshed every 4 seconds).

    Best effort: a failed chat action never fails the turn.

    Args:
        bot: The bot.
        chat_id: The chat.
    """
    task = asyncio.create_task(_keep_typing(bot, chat_id))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _keep_typing(bot: Bot, chat_id: str) -> None:
    """Send the chat action now and again before it fades."""
    while True:
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except (TelegramError, OSError) as exc:
            logger.debug("Chat action for %s failed: %s", mask_identifier(chat_id), exc)
            return
        await asyncio.sleep(constants.TYPING_REFRESH_S)
