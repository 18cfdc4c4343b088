"""``FeedbackStore``: complaints, satisfaction ratings and status subscriptions in SQL."""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from actions.constants import COMPLAINT_PREFIX
from actions.errors import FeedbackStoreError
from actions.feedback.models import (
    ComplaintRow,
    ComplaintStatus,
    SatisfactionRow,
    StatusSubscriptionRow,
)

__all__ = ["ComplaintRecord", "FeedbackStore", "SubscriptionRecord", "format_tracking_number"]

logger = logging.getLogger(__name__)


def format_tracking_number(row_id: int, year: int) -> str:
    """Return the citizen-facing tracking number, e.g. ``ADU-2026-000123``.

    Args:
        row_id: The complaint's primary key.
        year: The year it was filed.

    Returns:
        The tracking number.
    """
    return f"{COMPLAINT_PREFIX}-{year}-{row_id:06d}"


@dataclass(frozen=True, slots=True)
class ComplaintRecord:
    """A stored complaint, detached from its session."""

    tracking_number: str
    service_id: str | None
    description: str
    contact: str | None
    consent: bool
    status: ComplaintStatus
    sender_id: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SubscriptionRecord:
    """A stored status subscription."""

    token: str
    sender_id: str
    application_number: str


def _complaint(row: ComplaintRow) -> ComplaintRecord:
    return ComplaintRecord(
        tracking_number=row.tracking_number,
        service_id=row.service_id,
        description=row.description,
        contact=row.contact,
        consent=row.consent,
        status=ComplaintStatus(row.status),
        sender_id=row.sender_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class FeedbackStore:
    """Reads and writes the feedback tables; one short transaction per call.

    Args:
        session_factory: Factory of async sessions on the process's engine.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncSession]:
        try:
            async with self._session_factory() as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise FeedbackStoreError(f"feedback database error: {type(exc).__name__}") from exc

    async def create_complaint(
        self,
        *,
        sender_id: str,
        service_id: str | None,
        description: str,
        contact: str | None,
        consent: bool,
        now: datetime,
    ) -> ComplaintRecord:
        """Store a new complaint with status ``baru`` and give it a tracking number.

        Args:
            sender_id: The conversation's sender id.
            service_id: The service complained about, or None.
            description: What happened, as the citizen wrote it.
            contact: Phone or e-mail, or None.
            consent: Whether the citizen agreed to be contacted.
            now: The filing time (aware).

        Returns:
            The stored complaint.

        Raises:
            FeedbackStoreError: The database failed.
        """
        async with self._transaction() as session:
            row = ComplaintRow(
                tracking_number=f"tmp-{uuid.uuid4().hex[:24]}",  # replaced below
                service_id=service_id,
                description=description,
                contact=contact,
                consent=consent and contact is not None,
                status=ComplaintStatus.BARU.value,
                sender_id=sender_id,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            await session.flush()
            row.tracking_number = format_tracking_number(row.id, now.year)
            await session.flush()
            return _complaint(row)

    async def get_complaint(self, tracking_number: str) -> ComplaintRecord | None:
        """Return a complaint by its tracking number (case-insensitive), or None.

        Raises:
            FeedbackStoreError: The database failed.
        """
        async with self._transaction() as session:
            row = await session.scalar(
                select(ComplaintRow).where(
                    ComplaintRow.tracking_number == tracking_number.strip().upper()
                )
            )
            return _complaint(row) if row is not None else None

    async def record_rating(
        self, *, sender_id: str, rating: int, service_id: str | None, now: datetime
    ) -> int:
        """Store a satisfaction rating (1-4).

        Returns:
            The rating's id, to attach a comment later.

        Raises:
            ValueError: The rating is outside 1-4.
            FeedbackStoreError: The database failed.
        """
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1-4, got {rating}")
        async with self._transaction() as session:
            row = SatisfactionRow(
                sender_id=sender_id, rating=rating, service_id=service_id, created_at=now
            )
            session.add(row)
            await session.flush()
            return row.id

    async def add_comment(self, rating_id: int, comment: str) -> bool:
        """Attach a comment to a stored rating.

        Returns:
            False when the rating does not exist.

        Raises:
            FeedbackStoreError: The database failed.
        """
        async with self._transaction() as session:
            row = await session.get(SatisfactionRow, rating_id)
            if row is None:
                return False
            row.comment = comment
            return True

    async def add_subscription(
        self, *, sender_id: str, application_number: str, now: datetime
    ) -> str:
        """Store a status subscription and return its new secret token.

        Raises:
            FeedbackStoreError: The database failed.
        """
        token = secrets.token_urlsafe(24)
        async with self._transaction() as session:
            session.add(
                StatusSubscriptionRow(
                    token=token,
                    sender_id=sender_id,
                    application_number=application_number,
                    created_at=now,
                )
            )
        return token

    async def get_subscription(self, token: str) -> SubscriptionRecord | None:
        """Return the subscription with this token, or None.

        Raises:
            FeedbackStoreError: The database failed.
        """
        async with self._transaction() as session:
            row = await session.scalar(
                select(StatusSubscriptionRow).where(StatusSubscriptionRow.token == token)
            )
            if row is None:
                return None
            return SubscriptionRecord(row.token, row.sender_id, row.application_number)

    async def mark_notified(self, token: str, now: datetime) -> None:
        """Record that a change of this subscription was delivered.

        Raises:
            FeedbackStoreError: The database failed.
        """
        async with self._transaction() as session:
            row = await session.scalar(
                select(StatusSubscriptionRow).where(StatusSubscriptionRow.token == token)
            )
            if row is not None:
                row.last_notified_at = now
