"""Errors raised by the coordination backends.

The tree::

    BotError (bot.errors)
    └── CoordinationError
        └── CoordinationUnavailable    the backend (Redis) did not answer; attribute ``reason``
"""

from __future__ import annotations

from bot.errors import BotError


class CoordinationError(BotError):
    """Root of every error the coordination package raises."""


class CoordinationUnavailable(CoordinationError):
    """The shared backend could not be reached.

    Attributes:
        reason: Short machine-readable reason (``connect``, ``timeout`` ...).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"coordination backend unavailable: {reason}")
        self.reason = reason
