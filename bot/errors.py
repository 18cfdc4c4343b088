"""Errors raised by the gateway.

The tree::

    BotError
    ├── RasaUnavailable        Rasa did not answer (down, timeout, 5xx); attribute ``reason``
    └── InvalidChatRequest     a channel received input it cannot process; attribute ``field``
"""

from __future__ import annotations


class BotError(Exception):
    """Root of every error the gateway raises."""


class RasaUnavailable(BotError):
    """Rasa could not be reached or did not produce an answer.

    Attributes:
        reason: Short machine-readable reason (``timeout``, ``connect``, ``http_503`` ...).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"Rasa unavailable: {reason}")
        self.reason = reason


class InvalidChatRequest(BotError):
    """A chat request failed validation.

    Attributes:
        field: The offending field, or ``None`` for the request as a whole.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
