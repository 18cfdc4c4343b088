"""The web channel's tests use the console's app fixtures (operator replies, notifications)."""

from tests.bot.console.conftest import admin, console_app

__all__ = ["admin", "console_app"]
