"""Fixtures of the action tests: the real knowledge base in SQLite, the feedback store,
the status simulator, and helpers that build rasa_sdk trackers and render responses."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.ext.asyncio import AsyncEngine

from actions._texts import render_response
from actions.feedback import FeedbackStore, create_feedback_tables
from actions.runtime import Runtime
from actions.status_client import HttpStatusClient
from knowledge_base import (
    KnowledgeBaseLoader,
    SqlKnowledgeBaseRepository,
    create_kb_engine,
    create_session_factory,
    upgrade_database,
)
from status_simulator import SimulatorSettings, create_app, run_in_background
from tests.conftest import REPO_ROOT

DOMAIN_FILE = REPO_ROOT / "nlu" / "domain.yml"
# A Monday morning in Jakarta (WIB = UTC+7): 2026-10-05 09:00 WIB.
MONDAY_MORNING = datetime(2026, 10, 5, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clean_status_sim_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("STATUS_SIM_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_kb_engine(f"sqlite+aiosqlite:///{tmp_path / 'actions.db'}")
    await upgrade_database(engine)
    await create_feedback_tables(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def kb(engine: AsyncEngine) -> SqlKnowledgeBaseRepository:
    """The repository's own knowledge-base files, loaded into SQLite."""
    sessions = create_session_factory(engine)
    await KnowledgeBaseLoader(sessions, REPO_ROOT / "knowledge_base").load()
    return SqlKnowledgeBaseRepository(sessions)


@pytest.fixture
def feedback(engine: AsyncEngine) -> FeedbackStore:
    return FeedbackStore(create_session_factory(engine))


RuntimeFactory = Callable[..., Runtime]


@pytest.fixture
def make_runtime(kb: SqlKnowledgeBaseRepository, feedback: FeedbackStore) -> RuntimeFactory:
    def factory(**overrides: Any) -> Runtime:
        values: dict[str, Any] = {
            "knowledge_base": kb,
            "feedback": feedback,
            "clock": lambda: MONDAY_MORNING,
            "callback_base_url": "http://127.0.0.1:5055",
        }
        values.update(overrides)
        return Runtime(**values)

    return factory


@pytest.fixture
async def simulator_url() -> AsyncIterator[str]:
    app = create_app(SimulatorSettings(random_seed=3, callback_backoff_s=0.05))
    async with run_in_background(app) as base_url:
        yield base_url


@pytest.fixture
async def status_client(simulator_url: str) -> AsyncIterator[HttpStatusClient]:
    http = httpx.AsyncClient(base_url=simulator_url, timeout=httpx.Timeout(2.0, connect=1.0))
    client = HttpStatusClient(
        http, owns_client=True, deadline_s=3.0, backoff_initial_s=0.05, backoff_jitter_s=0.01
    )
    yield client
    await client.aclose()


async def set_faults(base_url: str, **faults: Any) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as admin:
        (await admin.post("/_admin/faults", json=faults)).raise_for_status()


def make_tracker(
    text: str = "",
    *,
    intent: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    sender_id: str = "web:test-sender",
    filled: dict[str, Any] | None = None,
) -> Tracker:
    """A real rasa_sdk Tracker whose latest message is ``text``.

    ``filled`` are slots Rasa's slot mappings set from this message (they are validated).
    """
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": entities or [],
    }
    history = [*(events or []), {"event": "user", "text": text, "parse_data": latest}]
    history += [{"event": "slot", "name": k, "value": v} for k, v in (filled or {}).items()]
    return Tracker(
        sender_id,
        {**(slots or {}), **(filled or {})},
        latest,
        history,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


def entity(name: str, value: str) -> dict[str, Any]:
    return {"entity": name, "value": value}


def user_event(text: str, intent: str) -> dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent}, "entities": []},
    }


_TEMPLATE_KEYS = {
    "response",
    "text",
    "buttons",
    "elements",
    "custom",
    "template",
    "image",
    "attachment",
}


def rendered(dispatcher: CollectingDispatcher) -> list[str]:
    """Render every uttered response with its template values (fails on a missing value)."""
    texts = []
    for message in dispatcher.messages:
        if message.get("response"):
            values = {k: v for k, v in message.items() if k not in _TEMPLATE_KEYS}
            texts.append(render_response(message["response"], DOMAIN_FILE, **values))
        elif message.get("text"):
            texts.append(message["text"])
    return texts


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]


def buttons(dispatcher: CollectingDispatcher) -> list[dict[str, str]]:
    return [b for m in dispatcher.messages for b in (m.get("buttons") or [])]


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
