"""``my_chat_member``: a citizen blocked (or unblocked) the assistant."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.constants import ChatType

from bot.masking import mask_identifier
from bot.telegram.handlers._context import Context, services

logger = logging.getLogger(__name__)


async def handle_my_chat_member(update: Update, context: Context) -> None:
    """Mark a private chat blocked when the citizen blocked the bot, unblocked on return.

    Nothing more is sent to a blocked chat: its queued messages are dropped.

    Args:
        update: A ``my_chat_member`` update.
        context: The PTB context.
    """
    change = update.my_chat_member
    turns = services(context).turns
    if change is None or change.chat.type != ChatType.PRIVATE:
        await turns.finish(update)
        return
    chat_id = str(change.chat.id)
    status = change.new_chat_member.status
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        await turns.outbox.set_blocked(chat_id, True)
        dropped = await turns.outbox.drop_recipient(chat_id, "blocked")
        logger.info(
            "Chat %s blocked the bot (%d queued dropped)", mask_identifier(chat_id), dropped
        )
    elif status == ChatMember.MEMBER:
        await turns.outbox.set_blocked(chat_id, False)
        logger.info("Chat %s unblocked the bot", mask_identifier(chat_id))
    await turns.finish(update)
