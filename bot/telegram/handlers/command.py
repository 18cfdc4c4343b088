"""Bot commands in a private chat (/start with a deep link, /layanan, /status ...)."""

from __future__ import annotations

import logging

from telegram import Update

from bot.masking import mask_identifier
from bot.telegram import texts
from bot.telegram.commands import command_text
from bot.telegram.handlers._context import Context, chat_id_of, reply, services

logger = logging.getLogger(__name__)


async def handle_command(update: Update, context: Context) -> None:
    """Map the command to a text for the assistant; explain the menu for unknown ones.

    Args:
        update: An update whose private message starts with a bot command.
        context: The PTB context.
    """
    chat_id = chat_id_of(update)
    message = update.effective_message
    if chat_id is None or message is None or not message.text:
        return
    word = message.text.split()[0][1:]
    command = word.split("@", 1)[0].lower()
    args = message.text.split()[1:]
    text = command_text(command, args)
    turns = services(context).turns
    logger.info("Command update %s from %s", update.update_id, mask_identifier(chat_id))
    if text is None:
        await turns.answer(
            update, chat_id, text=message.text, local_replies=reply(texts.CAPABILITIES)
        )
        return
    await turns.answer(update, chat_id, text=text)
