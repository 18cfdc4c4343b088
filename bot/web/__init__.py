"""The gateway's HTTP surface: the web-chat channel, health and the citizen page."""

from bot.web.chat_api import router as chat_router
from bot.web.health import HealthCheck
from bot.web.health import router as health_router
from bot.web.notify import router as notify_router
from bot.web.outbound import WebOutboundChannel
from bot.web.page import router as page_router
from bot.web.updates import router as updates_router

__all__ = [
    "HealthCheck",
    "WebOutboundChannel",
    "chat_router",
    "health_router",
    "notify_router",
    "page_router",
    "updates_router",
]
