"""Internal helpers of the handlers: the services in ``bot_data`` and update fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.store import SqlCallbackPayloads
from bot.telegram.turns import TurnRunner

SERVICES_KEY = "tanya"

Context = ContextTypes.DEFAULT_TYPE


@dataclass(frozen=True, slots=True)
class TelegramServices:
    """What the handlers need, put into ``application.bot_data`` by the composition root.

    Attributes:
        turns: Runs the exactly-once steps of a turn.
        callbacks: Where long button payloads are kept.
    """

    turns: TurnRunner
    callbacks: SqlCallbackPayloads


def services(context: Context) -> TelegramServices:
    """Return the services of the running application."""
    found: TelegramServices = context.bot_data[SERVICES_KEY]
    return found


def chat_id_of(update: Update) -> str | None:
    """Return the id of the chat an update belongs to, as the store's sender id."""
    if update.effective_chat is not None:
        return str(update.effective_chat.id)
    if update.effective_user is not None:
        return str(update.effective_user.id)
    return None


def clean_text(text: str, limit: int = 4096) -> str:
    """Drop control characters (except newlines and tabs), trim, cap the length."""
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t").strip()[:limit]


def reply(text: str) -> list[dict[str, Any]]:
    """One reply in the gateway's reply shape."""
    return [{"text": text, "buttons": []}]
