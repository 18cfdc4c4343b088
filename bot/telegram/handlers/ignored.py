"""Everything no other handler takes: channel posts, bots' messages, polls, inline queries."""

from __future__ import annotations

import logging

from telegram import Update

from bot.telegram.handlers._context import Context, services

logger = logging.getLogger(__name__)


async def handle_ignored(update: Update, context: Context) -> None:
    """Mark the update handled so that it is never replayed; send nothing.

    Args:
        update: Any update.
        context: The PTB context.
    """
    logger.debug("Update %s ignored (%s)", update.update_id, _kind(update))
    await services(context).turns.finish(update)


def _kind(update: Update) -> str:
    """The update's type name, for the log."""
    for name in ("channel_post", "edited_channel_post", "message", "edited_message"):
        if getattr(update, name, None) is not None:
            return name
    return "other"
