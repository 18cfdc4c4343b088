"""An edited message: stored, not re-answered; the citizen is asked to send a new message.

Re-answering an edit would replay a turn that Rasa already acted on (a form may have
moved on), so the edit is kept in the store for operators and answered with a note.
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.masking import mask_identifier
from bot.telegram import texts
from bot.telegram.handlers._context import Context, chat_id_of, clean_text, reply, services

logger = logging.getLogger(__name__)


async def handle_edited_message(update: Update, context: Context) -> None:
    """Store the edited text and answer with a note.

    Args:
        update: An ``edited_message`` update in a private chat.
        context: The PTB context.
    """
    chat_id = chat_id_of(update)
    message = update.effective_message
    if chat_id is None or message is None:
        return
    text = clean_text(message.text or message.caption or "") or "[pesan diubah]"
    logger.info("Edited message update %s from %s", update.update_id, mask_identifier(chat_id))
    await services(context).turns.answer(
        update, chat_id, text=text, local_replies=reply(texts.EDITED_MESSAGE)
    )
