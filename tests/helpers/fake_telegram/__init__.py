"""A fake Telegram Bot API server and update builders for tests."""

from tests.helpers.fake_telegram import updates
from tests.helpers.fake_telegram.server import Call, FakeTelegramServer, SentMessage

__all__ = ["Call", "FakeTelegramServer", "SentMessage", "updates"]
