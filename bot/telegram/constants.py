"""Named defaults and limits of the Telegram channel (Bot API limits and our own policy)."""

from __future__ import annotations

from typing import Final

CHANNEL: Final = "telegram"

DEFAULT_API_BASE_URL: Final = "https://api.telegram.org"
WEBHOOK_PATH: Final = "/telegram/webhook"
SECRET_HEADER: Final = "X-Telegram-Bot-Api-Secret-Token"

# Bot API limits (https://core.telegram.org/bots/api, https://core.telegram.org/bots/faq).
MAX_MESSAGE_CHARS: Final = 4096
MAX_CAPTION_CHARS: Final = 1024
MAX_CALLBACK_DATA_BYTES: Final = 64
# Button labels: Telegram shows about this much on a phone; longer ones are shortened.
MAX_BUTTON_LABEL_CHARS: Final = 64
PRIVATE_CHAT_INTERVAL_S: Final = 1.0  # at most one message per second per chat
GROUP_CHAT_INTERVAL_S: Final = 3.0  # at most 20 messages per minute in a group
GLOBAL_RATE_PER_S: Final = 30  # about 30 messages per second overall
# Telegram counts messages when they arrive; the limiter schedules them when they leave.
# A few milliseconds of jitter put two sends spaced exactly 1 s apart (or 31 sends in
# 1 s) inside one of Telegram's windows, and each 429 costs the chat a second or more.
# Measured with `python -m benchmarks.telegram_burst` (500 replies to 50 chats, a fake
# server that enforces the limits): without a margin 21-30 x 429 and 21-24 s; with it 0.
SEND_SAFETY_MARGIN: Final = 0.05

# Our policy.
DEFAULT_POLL_TIMEOUT_S: Final = 25
DEFAULT_RECOVERY_AFTER_S: Final = 30.0  # an update this old and unfinished is replayed
DEFAULT_SWEEP_INTERVAL_S: Final = 30.0
DEFAULT_FLOOD_LIMIT: Final = 20  # messages per chat per FLOOD_WINDOW_S before we slow them down
FLOOD_WINDOW_S: Final = 60.0
MAX_UPDATE_ATTEMPTS: Final = 40  # replays of one update before it is given up on (logged)
UPDATE_LEASE_S: Final = 120.0  # one replica processes an update; longer than any turn
UPDATE_DONE_TTL_S: Final = 24 * 3600.0  # Telegram redelivers for at most 24 hours
OUTBOX_LEASE_S: Final = 60.0
OUTBOX_POLL_INTERVAL_S: Final = 1.0
OUTBOX_MAX_BACKOFF_S: Final = 300.0
TYPING_REFRESH_S: Final = 4.0  # a chat action shows for 5 seconds
# Retention of delivery state (reasons in bot/telegram/retention.py).
DAY_S: Final = 86400.0
DEFAULT_UPDATE_RETENTION_DAYS: Final = 3.0
DEFAULT_OUTBOX_RETENTION_DAYS: Final = 7.0
DEFAULT_CALLBACK_RETENTION_DAYS: Final = 90.0
DEFAULT_RETENTION_INTERVAL_S: Final = 3600.0
