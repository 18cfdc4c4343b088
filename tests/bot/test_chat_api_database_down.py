"""The web channel when the database stays down longer than the store retries."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.store import (
    SqlConversationStore,
    StoredMessage,
    create_engine,
    create_schema,
    create_session_factory,
)
from tests.bot.conftest import chat


class DatabaseDownStore(SqlConversationStore):
    """A store whose database refuses every connection (after the retry window)."""

    async def record_inbound(
        self, channel: str, sender_id: str, text: str, *, external_id: str | None = None
    ) -> StoredMessage:
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
async def store(sqlite_url: str) -> AsyncIterator[SqlConversationStore]:
    engine = create_engine(sqlite_url)
    await create_schema(engine)
    yield DatabaseDownStore(create_session_factory(engine))
    await engine.dispose()


async def test_the_citizen_is_asked_to_send_again_in_indonesian(gateway: httpx.AsyncClient) -> None:
    response = await gateway.post("/api/chat", json=chat("apa syarat membuat KTP-el?"))
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "unavailable"
    assert "kirim ulang" in error["message"]


async def test_other_errors_are_not_disguised_as_an_outage(
    gateway: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: object, **_kwargs: object) -> StoredMessage:
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(DatabaseDownStore, "record_inbound", broken)
    with pytest.raises(ValueError, match="a bug"):
        await gateway.post("/api/chat", json=chat("halo"))
