"""Root fixtures: a clean environment, database URLs and the pytest markers by folder."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# Variables of the project that must not leak from a developer's shell into tests.
PROJECT_ENV = (
    "DATABASE_URL", "REDIS_URL", "RASA_URL", "STATUS_API_URL", "ACTIONS_URL", "KB_DIR",
    "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "TELEGRAM_MODE", "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_WEBHOOK_SECRET", "OPERATOR_ADMIN_PASSWORD", "GATEWAY_HOST", "GATEWAY_PORT",
    "TANYA_ENV",
)  # fmt: skip

POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by folder: whole-stack folders are ``e2e`` (and ``integration``)."""
    for item in items:
        parts = Path(str(item.fspath)).relative_to(REPO_ROOT / "tests").parts
        if parts and parts[0] in {"e2e", "faults", "browser"}:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.integration)
        if parts and parts[0] == "faults":
            item.add_marker(pytest.mark.faults)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove the project's variables so every test starts from the defaults."""
    for name in PROJECT_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database file for one test."""
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The real Postgres test database on loopback."""
    return POSTGRES_URL


@pytest.fixture
def redis_url() -> str:
    """The real Redis on loopback."""
    return REDIS_URL


@pytest.fixture
def unique_id() -> str:
    """A short unique id for keys, names and senders of one test."""
    return uuid.uuid4().hex[:12]


@pytest.fixture
def repo_root() -> Path:
    """The repository root."""
    return REPO_ROOT


@pytest.fixture
def anyio_backend() -> str:
    """Run anyio-marked tests on asyncio only."""
    return "asyncio"


__all__ = ["POSTGRES_URL", "REDIS_URL", "REPO_ROOT"]
