"""The one error handler: log with the traceback, answer a polite fallback."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType

from bot.masking import mask_identifier
from bot.telegram import texts
from bot.telegram.handlers._context import Context, reply, services

logger = logging.getLogger(__name__)


async def handle_error(update: object, context: Context) -> None:
    """Log the error and, for a private chat, queue the fallback once per update.

    The update stays unfinished in the inbox, so the recovery sweep tries it again.

    Args:
        update: The update whose processing failed (or ``None``).
        context: The PTB context; ``context.error`` is the exception.
    """
    if not isinstance(update, Update) or update.effective_chat is None:
        logger.error("Error outside an update", exc_info=context.error)
        return
    chat = update.effective_chat
    logger.error(
        "Update %s from %s failed",
        update.update_id,
        mask_identifier(str(chat.id)),
        exc_info=context.error,
    )
    if chat.type != ChatType.PRIVATE:
        return
    try:
        turns = services(context).turns
        await turns.outbox.enqueue(
            str(chat.id), reply(texts.ERROR_FALLBACK), dedup_prefix=f"{update.update_id}:error"
        )
        await turns.dispatcher.flush(str(chat.id))
    except Exception:
        logger.exception("Could not send the fallback for update %s", update.update_id)
