"""The Telegram channel on python-telegram-bot: every citizen message answered once.

Public API: :class:`TelegramChannel` (lifecycle), :class:`TelegramConfig`,
:class:`TelegramOutboundChannel` and the webhook router.
"""

from bot.telegram.channel import TelegramChannel
from bot.telegram.config import TelegramConfig
from bot.telegram.errors import TelegramChannelError, TelegramConfigError
from bot.telegram.outbound import TelegramOutboundChannel
from bot.telegram.ratelimiter import ChatRateLimiter
from bot.telegram.webhook import router as webhook_router

__all__ = [
    "ChatRateLimiter",
    "TelegramChannel",
    "TelegramChannelError",
    "TelegramConfig",
    "TelegramConfigError",
    "TelegramOutboundChannel",
    "webhook_router",
]
