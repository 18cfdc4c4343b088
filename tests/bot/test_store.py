from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot.store import (
    Message,
    MessageDirection,
    SqlConversationStore,
    create_schema,
    create_session_factory,
)
from bot.store.models import Conversation, ConversationStatus, MessageState
from tests.helpers.databases import isolated_engine


@pytest.fixture(params=["sqlite", "postgres"])
async def sql_store(
    request: pytest.FixtureRequest, sqlite_url: str, postgres_url: str, unique_id: str
) -> AsyncIterator[tuple[SqlConversationStore, object]]:
    url = sqlite_url if request.param == "sqlite" else postgres_url
    async with isolated_engine(url, unique_id) as engine:
        await create_schema(engine)
        sessions = create_session_factory(engine)
        yield SqlConversationStore(sessions), sessions


async def test_inbound_is_stored_before_processing_and_answer_marks_it(sql_store) -> None:  # type: ignore[no-untyped-def]
    store, sessions = sql_store
    stored = await store.record_inbound("web", "citizen", "apa syarat KTP?", external_id="m1")
    async with sessions() as session:
        message = await session.get(Message, stored.message_id)
        assert message.state is MessageState.RECEIVED
        assert message.text == "apa syarat KTP?"
    await store.record_answer(stored, [{"text": "Syarat KTP-el: ...", "buttons": []}])
    async with sessions() as session:
        message = await session.get(Message, stored.message_id)
        assert message.state is MessageState.ANSWERED
        outbound = await session.scalar(
            select(func.count()).where(Message.direction == MessageDirection.OUTBOUND)
        )
        assert outbound == 1


async def test_inbound_reports_who_handles_the_conversation(sql_store) -> None:  # type: ignore[no-untyped-def]
    store, sessions = sql_store
    first = await store.record_inbound("web", "warga-status", "halo")
    assert first.conversation_status == "bot"
    async with sessions.begin() as session:
        conversation = await session.get(Conversation, first.conversation_id)
        conversation.status = ConversationStatus.OPERATOR
    second = await store.record_inbound("web", "warga-status", "masih di sana?")
    assert second.conversation_id == first.conversation_id
    assert second.conversation_status == "operator"


async def test_duplicate_external_id_is_reported_not_stored_twice(sql_store) -> None:  # type: ignore[no-untyped-def]
    store, sessions = sql_store
    first = await store.record_inbound("telegram", "42", "halo", external_id="update-7")
    again = await store.record_inbound("telegram", "42", "halo", external_id="update-7")
    assert not first.duplicate
    assert again.duplicate and again.message_id == first.message_id
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Message)) == 1


async def test_failed_message_stays_unanswered(sql_store) -> None:  # type: ignore[no-untyped-def]
    store, sessions = sql_store
    stored = await store.record_inbound("web", "c", "halo")
    await store.mark_failed(stored)
    async with sessions() as session:
        assert (await session.get(Message, stored.message_id)).state is MessageState.FAILED
    await store.ping()
