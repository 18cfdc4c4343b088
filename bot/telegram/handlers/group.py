"""Group chats: the assistant declines politely when addressed, and ignores the rest.

Citizens share NIK, phone and application numbers with the assistant; in a group, everyone
would read them. So in groups the assistant only answers a command or a mention with a
request to write to it privately, and stores nothing.
"""

from __future__ import annotations

import logging

from telegram import Message, Update

from bot.masking import mask_identifier
from bot.telegram import texts
from bot.telegram.handlers._context import Context, chat_id_of, reply, services

logger = logging.getLogger(__name__)


def addresses_bot(message: Message, username: str | None) -> bool:
    """Tell whether a group message is a command, mentions the bot or replies to it.

    Args:
        message: The group message.
        username: The bot's username (without ``@``).
    """
    text = message.text or message.caption or ""
    if text.startswith("/"):
        return True
    if username and f"@{username.lower()}" in text.lower():
        return True
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.username == username)


async def handle_group_message(update: Update, context: Context) -> None:
    """Decline when addressed; otherwise ignore.

    Args:
        update: A message in a group or supergroup.
        context: The PTB context.
    """
    chat_id = chat_id_of(update)
    message = update.effective_message
    turns = services(context).turns
    if chat_id is None or message is None or not addresses_bot(message, context.bot.username):
        await turns.finish(update)
        return
    logger.info("Group update %s in %s declined", update.update_id, mask_identifier(chat_id))
    await turns.reply_once(update, chat_id, reply(texts.GROUP_DECLINED))
