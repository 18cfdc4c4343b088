"""Voice, audio, photo, document, sticker, location, contact and other non-text messages.

Each gets a polite reply saying what the assistant can do. The message is stored as a
short placeholder: a shared contact's phone number or a location's coordinates are not
stored, because the citizen did not consent to it.
"""

from __future__ import annotations

import logging

from telegram import Message, Update

from bot.masking import mask_identifier
from bot.telegram import texts
from bot.telegram.handlers._context import Context, chat_id_of, reply, services

logger = logging.getLogger(__name__)

_KINDS = ("voice", "audio", "photo", "document", "sticker", "video", "location", "contact")


def media_kind(message: Message) -> str:
    """Return which kind of non-text message this is (``other`` when unknown).

    Args:
        message: The message.
    """
    for kind in _KINDS:
        if getattr(message, kind, None):
            return kind
    if message.video_note or message.animation:
        return "video"
    return "other"


async def handle_media(update: Update, context: Context) -> None:
    """Store a placeholder and answer with what the assistant can do.

    Args:
        update: A private message that is neither text nor a command.
        context: The PTB context.
    """
    chat_id = chat_id_of(update)
    message = update.effective_message
    if chat_id is None or message is None:
        return
    kind = media_kind(message)
    logger.info("%s update %s from %s", kind, update.update_id, mask_identifier(chat_id))
    answer = f"{texts.MEDIA_NOT_SUPPORTED[kind]} {texts.CAPABILITIES}"
    await services(context).turns.answer(
        update, chat_id, text=f"[{kind}]", local_replies=reply(answer)
    )
