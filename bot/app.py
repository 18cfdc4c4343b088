"""Composition root of the gateway: :func:`build_application` wires every service."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from bot.conversation import ConversationService
from bot.rasa_client import RasaClient
from bot.settings import GatewaySettings
from bot.store import SqlConversationStore, create_engine, create_schema, create_session_factory
from bot.web import HealthCheck, chat_router, health_router, page_router
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
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        await create_schema(engine)
        store = SqlConversationStore(create_session_factory(engine))
        timeout = httpx.Timeout(settings.rasa_timeout_s, connect=2.0)
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=50)
        async with (
            httpx.AsyncClient(base_url=settings.rasa_url, timeout=timeout, limits=limits) as rasa,
            httpx.AsyncClient(base_url=settings.actions_url, timeout=2.0) as actions,
        ):
            rasa_client = RasaClient(rasa)
            app.state.conversations = ConversationService(store, rasa_client)
            app.state.health_checks = [
                HealthCheck("database", store.ping),
                HealthCheck("rasa", rasa_client.check_ready),
                HealthCheck("actions", lambda: _get_ok(actions, "/health")),
            ]
            logger.info("Gateway ready on %s:%s", settings.gateway_host, settings.gateway_port)
            try:
                yield
            finally:
                await engine.dispose()
                logger.info("Gateway stopped")

    app = FastAPI(title="Tanya Layanan gateway", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.include_router(health_router)
    app.include_router(chat_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


async def _get_ok(client: httpx.AsyncClient, path: str) -> None:
    """GET ``path``; raise unless it answers 2xx."""
    response = await client.get(path)
    response.raise_for_status()
