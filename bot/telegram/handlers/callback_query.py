"""A pressed inline button: always answered, its payload sent to the assistant."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.masking import mask_identifier
from bot.telegram import texts
from bot.telegram.dispatcher import resolve_callback_data
from bot.telegram.handlers._context import Context, chat_id_of, services

logger = logging.getLogger(__name__)


async def handle_callback_query(update: Update, context: Context) -> None:
    """Answer the query (so the button stops spinning) and forward its payload.

    Args:
        update: A ``callback_query`` update.
        context: The PTB context.
    """
    query = update.callback_query
    chat_id = chat_id_of(update)
    if query is None:
        return
    found = services(context)
    payload = await resolve_callback_data(query.data or "", found.callbacks)
    # A query can be answered once and only within seconds; a replay after a crash
    # finds it expired, which must not stop the payload from being processed.
    with contextlib.suppress(TelegramError):
        await context.bot.answer_callback_query(
            query.id,
            text=texts.BUTTON_EXPIRED if payload is None else None,
            # The default context types leave ExtBot's rate-limit args untyped (None).
            rate_limit_args={"max_retries": 2},  # type: ignore[arg-type]
        )
    if chat_id is None or not payload:
        await found.turns.finish(update)
        return
    logger.info("Button update %s from %s", update.update_id, mask_identifier(chat_id))
    await found.turns.answer(update, chat_id, text=payload)
