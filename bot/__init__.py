"""The gateway: channels, the conversation store and the supervisor of ``make run``."""

from bot.app import build_application
from bot.conversation import ConversationService
from bot.settings import GatewaySettings, get_settings

__all__ = ["ConversationService", "GatewaySettings", "build_application", "get_settings"]
