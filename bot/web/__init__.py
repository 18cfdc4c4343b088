"""The gateway's HTTP surface: the web-chat channel, health and the citizen page."""

from bot.web.chat_api import router as chat_router
from bot.web.health import HealthCheck
from bot.web.health import router as health_router
from bot.web.page import router as page_router

__all__ = ["HealthCheck", "chat_router", "health_router", "page_router"]
