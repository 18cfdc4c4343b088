"""Errors raised by the Telegram channel.

The tree::

    BotError (bot.errors)
    └── TelegramChannelError
        └── TelegramConfigError     the settings cannot start the channel; attribute ``field``
"""

from __future__ import annotations

from bot.errors import BotError


class TelegramChannelError(BotError):
    """Root of every error the Telegram channel raises."""


class TelegramConfigError(TelegramChannelError):
    """The Telegram settings are incomplete or inconsistent.

    Attributes:
        field: The environment variable at fault.
    """

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field
