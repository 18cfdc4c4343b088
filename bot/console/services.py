"""The console's services, built once in the composition root and kept on ``app.state``."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from actions.feedback import create_feedback_tables
from bot.console.accounts import ADMIN_USERNAME, ensure_first_admin
from bot.console.annotations import TurnAnnotator
from bot.console.handoff import HandoffService
from bot.console.hooks import ConsoleConversationHooks
from bot.console.units import UnitDirectory
from bot.delivery import DeliveryRouter
from bot.live import BaseLiveFeed, create_live_feed
from bot.web.outbound import WebOutboundChannel

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class ConsoleServices:
    """Everything the console's routes need.

    Attributes:
        sessions: Session factory of the conversation store.
        live: The live feed.
        delivery: The outbound router.
        handoff: The handoff service.
        hooks: The conversation hooks given to :class:`~bot.conversation.ConversationService`.
        units: Unit lookups in the knowledge base.
        web: The web chat's outbound channel (registered in ``delivery``).
    """

    sessions: async_sessionmaker[AsyncSession]
    live: BaseLiveFeed
    delivery: DeliveryRouter
    handoff: HandoffService
    hooks: ConsoleConversationHooks
    units: UnitDirectory
    web: WebOutboundChannel

    async def aclose(self) -> None:
        """Finish after-turn work and close the live feed."""
        await self.hooks.drain()
        await self.live.aclose()


async def open_console(
    *,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    delivery: DeliveryRouter,
    rasa_http: httpx.AsyncClient | None,
    redis_url: str | None,
    admin_password: str | None,
) -> ConsoleServices:
    """Build the console's services, register the web outbound channel, create the admin.

    Args:
        engine: The process's engine (creates the feedback tables if missing).
        sessions: Session factory of the conversation store.
        delivery: The outbound router; the web channel is registered in it.
        rasa_http: Client of Rasa's HTTP API for turn annotations (``None``: none).
        redis_url: ``REDIS_URL``; the in-process feed when unset.
        admin_password: ``OPERATOR_ADMIN_PASSWORD``; generated when unset.

    Returns:
        The services; close them with :meth:`ConsoleServices.aclose`.
    """
    await create_feedback_tables(engine)
    generated = await ensure_first_admin(sessions, admin_password)
    if generated is not None:
        # Shown once, at the first start; it is not stored anywhere in clear text.
        logger.warning(
            "Operator console: created user %r with password %s (change it with "
            "'python -m bot.console users reset admin')",
            ADMIN_USERNAME,
            generated,
        )
    live = create_live_feed(redis_url)
    units = UnitDirectory(sessions)
    web = WebOutboundChannel(sessions)
    delivery.register(web)
    handoff = HandoffService(sessions, live, delivery, units)
    annotator = TurnAnnotator(rasa_http, sessions, units) if rasa_http is not None else None
    hooks = ConsoleConversationHooks(sessions, handoff, annotator)
    return ConsoleServices(sessions, live, delivery, handoff, hooks, units, web)
