"""A citizen's text message in a private chat: a question for the assistant."""

from __future__ import annotations

import logging

from telegram import Update

from bot.masking import mask_identifier
from bot.telegram.handlers._context import Context, chat_id_of, clean_text, services

logger = logging.getLogger(__name__)


async def handle_text(update: Update, context: Context) -> None:
    """Send the text to the assistant through the gateway and deliver its replies.

    Args:
        update: An update with a private text message.
        context: The PTB context.
    """
    chat_id = chat_id_of(update)
    message = update.effective_message
    if chat_id is None or message is None:
        return
    text = clean_text(message.text or "")
    turns = services(context).turns
    if not text:
        await turns.finish(update)
        return
    logger.info("Text update %s from %s", update.update_id, mask_identifier(chat_id))
    await turns.answer(update, chat_id, text=text)
