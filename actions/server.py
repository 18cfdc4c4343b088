"""The action server: rasa-sdk's Sanic app plus the resources its actions use.

rasa-sdk's own ``python -m rasa_sdk`` cannot open a database or watch files, so this
module builds its app with :func:`rasa_sdk.endpoint.create_app` and adds start-up and
shut-down listeners that own the engine, the knowledge-base watcher, the feedback
tables, the one shared status-service client, the lookup rate limiter and the gateway
notifier. It also serves ``POST /callbacks/status/<token>``, where the status service
reports changes of subscribed applications (see :mod:`actions.notifications`).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Request, Sanic
from sanic.response import HTTPResponse, empty, json

from actions.constants import NOTIFY_TIMEOUT_S, STATUS_CALLBACK_PATH
from actions.errors import ActionsError, NotificationError
from actions.runtime import Runtime, get_runtime, set_runtime
from actions.settings import ActionSettings

logger = logging.getLogger(__name__)


def build_action_server(settings: ActionSettings) -> Sanic:
    """Build the action server's Sanic application.

    Args:
        settings: The validated settings.

    Returns:
        The application; its listeners open and close every resource.
    """
    from actions.feedback import FeedbackStore, create_feedback_tables
    from actions.notifications import GatewayNotifier, StatusChangeRelay
    from actions.status_client import create_lookup_rate_limiter, create_status_client
    from knowledge_base import (
        KnowledgeBaseLoader,
        KnowledgeBaseWatcher,
        SqlKnowledgeBaseRepository,
        create_kb_engine,
        create_session_factory,
        upgrade_database,
    )

    executor = ActionExecutor()
    executor.register_package("actions")
    app = create_app(executor, cors_origins=[])
    resources: dict[str, Any] = {}

    @app.before_server_start
    async def open_resources(_app: Sanic, _loop: object) -> None:
        engine = create_kb_engine(settings.database_url)
        resources["engine"] = engine
        await upgrade_database(engine)
        await create_feedback_tables(engine)
        sessions = create_session_factory(engine)
        watcher = KnowledgeBaseWatcher(KnowledgeBaseLoader(sessions, settings.kb_root))
        resources["watcher"] = watcher
        if settings.kb_watch:
            await watcher.start()
        else:
            await watcher.reload()
        status_client = (
            create_status_client(settings.status_api_url) if settings.status_api_url else None
        )
        limiter = create_lookup_rate_limiter(settings.redis_url)
        feedback = FeedbackStore(sessions)
        notifier = GatewayNotifier(
            httpx.AsyncClient(base_url=settings.gateway_base_url, timeout=NOTIFY_TIMEOUT_S)
        )
        resources.update(status_client=status_client, limiter=limiter, notifier=notifier)
        resources["relay"] = StatusChangeRelay(feedback, notifier)
        set_runtime(
            Runtime(
                knowledge_base=SqlKnowledgeBaseRepository(sessions),
                status_client=status_client,
                rate_limiter=limiter,
                feedback=feedback,
                notifier=notifier,
                callback_base_url=settings.callback_base_url,
            )
        )
        logger.info("Action server ready (%d actions)", len(executor.list_actions()))

    @app.post(f"{STATUS_CALLBACK_PATH}/<token:str>")
    async def status_callback(request: Request, token: str) -> HTTPResponse:
        relay = resources.get("relay")
        body = request.json if request.body else None
        if relay is None or not isinstance(body, dict):
            return json({"error": "bad request"}, status=400)
        try:
            delivered = await relay.relay(token, body, now=get_runtime().clock())
        except NotificationError:
            logger.warning("Status change not delivered to the gateway", exc_info=True)
            return json({"error": "gateway unavailable"}, status=502)
        except ActionsError:
            logger.warning("Status change not relayed", exc_info=True)
            return json({"error": "unavailable"}, status=503)
        return empty(status=204) if delivered else json({"error": "unknown"}, status=404)

    @app.after_server_stop
    async def close_resources(_app: Sanic, _loop: object) -> None:
        set_runtime(None)
        for name in ("status_client", "limiter", "notifier"):
            if resources.get(name) is not None:
                await resources[name].aclose()
        if "watcher" in resources:
            await resources["watcher"].stop()
        if "engine" in resources:
            await resources["engine"].dispose()

    return app
