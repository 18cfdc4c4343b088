"""Logging configuration for the gateway's entry points (library modules never configure)."""

from __future__ import annotations

import logging
import os


def configure_logging(level: str | None = None) -> None:
    """Log to stderr with one line per record; keep tokens out of the logs.

    The ``httpx`` logger is set to WARNING because at INFO it logs request URLs, and
    Telegram Bot API URLs contain the bot token.

    Args:
        level: Log level name; defaults to ``LOG_LEVEL`` or ``INFO``.
    """
    logging.basicConfig(
        level=(level or os.environ.get("LOG_LEVEL", "INFO")).upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # telegram.Bot / telegram.ext.ExtBot log the API URL (with the token) and every call's
    # parameters (citizens' text) at DEBUG, telegram.ext.Application every update, and
    # aiosqlite the SQL parameters.
    for noisy in (
        "httpx",
        "httpcore",
        "telegram.ext.Updater",
        "telegram.Bot",
        "telegram.ext.ExtBot",
        "telegram.ext.Application",
        "aiosqlite",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
