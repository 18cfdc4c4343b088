"""One spelling rule for DATABASE_URL in every process that reads it."""

from __future__ import annotations

import pytest

from actions.settings import ActionSettings
from bot.settings import GatewaySettings
from knowledge_base import async_database_url
from knowledge_base.cli import _database_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@db:5432/tanya", "postgresql+asyncpg://u@db:5432/tanya"),
        ("postgresql://u@db/tanya", "postgresql+asyncpg://u@db/tanya"),
        ("postgresql+psycopg2://u@db/tanya", "postgresql+asyncpg://u@db/tanya"),
        ("postgresql+asyncpg://u@db/tanya", "postgresql+asyncpg://u@db/tanya"),
        ("sqlite:///var/tanya.db", "sqlite+aiosqlite:///var/tanya.db"),
        ("sqlite+aiosqlite:///var/tanya.db", "sqlite+aiosqlite:///var/tanya.db"),
        ("mysql+aiomysql://u@db/tanya", "mysql+aiomysql://u@db/tanya"),
    ],
)
def test_async_database_url_gives_each_spelling_its_async_driver(url: str, expected: str) -> None:
    assert async_database_url(url) == expected


def test_gateway_action_server_and_kb_command_read_the_same_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The action server used to miss the psycopg2 spelling that the gateway accepted,
    # and the knowledge-base command took the URL as written.
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://tanya@db:5432/tanya")
    expected = "postgresql+asyncpg://tanya@db:5432/tanya"
    assert GatewaySettings().database_url == expected
    assert ActionSettings().database_url == expected
    assert _database_url(None) == expected
    assert _database_url("postgres://other@db/kb") == "postgresql+asyncpg://other@db/kb"
