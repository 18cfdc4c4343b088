"""Composition root of the gateway: :func:`build_application` wires every service."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from bot.console import mount_console, open_console
from bot.conversation import ConversationService
from bot.coordination import create_coordination_backend
from bot.delivery import DeliveryRouter
from bot.rasa_client import RasaClient
from bot.recovery import MessageRecoverySweep
from bot.settings import GatewaySettings
from bot.store import SqlConversationStore, create_engine, create_schema, create_session_factory
from bot.telegram import TelegramChannel, TelegramConfig, webhook_router
from bot.web import (
    HealthCheck,
    chat_router,
    health_router,
    notify_router,
    page_router,
    updates_router,
)
from bot.web.page import STATIC_DIR

logger = logging.getLogger(__name__)


def build_application(settings: GatewaySettings) -> FastAPI:
    """Build the gateway's ASGI application.

    Clients and the database engine are opened in the lifespan, not here, so building
    the application has no side effects.

    Args:
        settings: The validated settings.

    Returns:
        The FastAPI application.

    Raises:
        TelegramConfigError: Telegram is on in webhook mode without URL or secret.
    """
    telegram_config = TelegramConfig.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        await create_schema(engine)
        sessions = create_session_factory(engine)
        # Telegram answers are queued in the outbox with the answer, in one transaction.
        store = SqlConversationStore(
            sessions, outbox_channels=["telegram"] if telegram_config else []
        )
        delivery = DeliveryRouter()
        app.state.delivery = delivery
        timeout = httpx.Timeout(settings.rasa_timeout_s, connect=2.0)
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=50)
        async with (
            httpx.AsyncClient(base_url=settings.rasa_url, timeout=timeout, limits=limits) as rasa,
            httpx.AsyncClient(base_url=settings.actions_url, timeout=2.0) as actions,
        ):
            rasa_client = RasaClient(rasa, actions_probe=lambda: _get_ok(actions, "/health"))
            console = await open_console(
                engine=engine,
                sessions=sessions,
                delivery=delivery,
                rasa_http=rasa,
                redis_url=settings.redis_url,
                admin_password=(
                    settings.operator_admin_password.get_secret_value()
                    if settings.operator_admin_password
                    else None
                ),
            )
            app.state.console = console
            app.state.web_outbound = console.web
            app.state.conversations = ConversationService(store, rasa_client, hooks=console.hooks)
            app.state.health_checks = [
                HealthCheck("database", store.ping),
                HealthCheck("rasa", rasa_client.check_ready),
                HealthCheck("actions", lambda: _get_ok(actions, "/health")),
            ]
            # Stored messages left unanswered by an outage or a crash are answered later.
            recovery_claims = create_coordination_backend(settings.redis_url, "tanya:gateway:")
            recovery = MessageRecoverySweep(
                sessions,
                app.state.conversations,
                delivery,
                coordination=recovery_claims,
                recovery_after_s=settings.gateway_recovery_after_s,
                failed_after_s=settings.gateway_recovery_failed_after_s,
                interval_s=settings.gateway_recovery_interval_s,
            )
            app.state.recovery = recovery
            telegram: TelegramChannel | None = None
            if telegram_config is not None:
                telegram = TelegramChannel(
                    telegram_config,
                    conversations=app.state.conversations,
                    store=store,
                    sessions=sessions,
                )
                delivery.register(telegram.outbound)
                app.state.telegram = telegram
                await telegram.start()
            recovery.start()
            logger.info("Gateway ready on %s:%s", settings.gateway_host, settings.gateway_port)
            try:
                yield
            finally:
                await recovery.aclose()
                await recovery_claims.aclose()
                if telegram is not None:
                    await telegram.aclose()
                await console.aclose()
                await engine.dispose()
                logger.info("Gateway stopped")

    app = FastAPI(title="Tanya Layanan gateway", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.include_router(health_router)
    app.include_router(chat_router)
    app.include_router(page_router)
    app.include_router(updates_router)
    app.include_router(notify_router)
    mount_console(app)
    if telegram_config is not None and telegram_config.mode == "webhook":
        app.include_router(webhook_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


async def _get_ok(client: httpx.AsyncClient, path: str) -> None:
    """GET ``path``; raise unless it answers 2xx."""
    response = await client.get(path)
    response.raise_for_status()
