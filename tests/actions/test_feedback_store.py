"""FeedbackStore on the real Postgres (the production database), cleaned up afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from actions.feedback import (
    ComplaintRow,
    ComplaintStatus,
    FeedbackStore,
    SatisfactionRow,
    StatusSubscriptionRow,
    create_feedback_tables,
)

NOW = datetime(2026, 10, 5, 2, 0, tzinfo=UTC)


@pytest.fixture
async def pg_store(postgres_url: str, unique_id: str) -> AsyncIterator[FeedbackStore]:
    engine = create_async_engine(postgres_url)
    await create_feedback_tables(engine)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    yield FeedbackStore(sessions)
    async with sessions() as session, session.begin():
        sender = f"test:{unique_id}"
        for model in (ComplaintRow, SatisfactionRow, StatusSubscriptionRow):
            await session.execute(delete(model).where(model.sender_id == sender))
    await engine.dispose()


async def test_complaint_rating_and_subscription_on_postgres(
    pg_store: FeedbackStore, unique_id: str
) -> None:
    sender = f"test:{unique_id}"
    complaint = await pg_store.create_complaint(
        sender_id=sender,
        service_id="ktp_el",
        description="Antrean tidak tertib",
        contact="warga@example.com",
        consent=True,
        now=NOW,
    )
    assert complaint.tracking_number.startswith("ADU-2026-")
    assert complaint.status is ComplaintStatus.BARU
    found = await pg_store.get_complaint(complaint.tracking_number.lower())
    assert found is not None and found.contact == "warga@example.com" and found.consent
    rating_id = await pg_store.record_rating(sender_id=sender, rating=4, service_id=None, now=NOW)
    assert await pg_store.add_comment(rating_id, "cepat")
    token = await pg_store.add_subscription(
        sender_id=sender, application_number="DUK-2026-000101", now=NOW
    )
    subscription = await pg_store.get_subscription(token)
    assert subscription is not None and subscription.sender_id == sender
    await pg_store.mark_notified(token, NOW)
    with pytest.raises(ValueError, match="1-4"):
        await pg_store.record_rating(sender_id=sender, rating=5, service_id=None, now=NOW)
