"""The action server: rasa-sdk's Sanic app plus the knowledge base it answers from.

rasa-sdk's own ``python -m rasa_sdk`` cannot open a database or watch files, so this
module builds its app with :func:`rasa_sdk.endpoint.create_app` and adds start-up and
shut-down listeners that own the engine, the knowledge-base watcher and the clients.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic

from actions.runtime import Runtime, set_runtime
from actions.settings import ActionSettings

logger = logging.getLogger(__name__)


def build_action_server(settings: ActionSettings) -> Sanic:
    """Build the action server's Sanic application.

    Args:
        settings: The validated settings.

    Returns:
        The application; its listeners open and close every resource.
    """
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
        await upgrade_database(engine)
        sessions = create_session_factory(engine)
        watcher = KnowledgeBaseWatcher(KnowledgeBaseLoader(sessions, settings.kb_root))
        if settings.kb_watch:
            await watcher.start()
        else:
            await watcher.reload()
        resources.update(engine=engine, watcher=watcher)
        set_runtime(Runtime(knowledge_base=SqlKnowledgeBaseRepository(sessions)))
        logger.info("Action server ready (%d actions)", len(executor.list_actions()))

    @app.after_server_stop
    async def close_resources(_app: Sanic, _loop: object) -> None:
        set_runtime(None)
        if "watcher" in resources:
            await resources["watcher"].stop()
        if "engine" in resources:
            await resources["engine"].dispose()

    return app
