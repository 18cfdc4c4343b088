"""SQL tables of complaints, satisfaction ratings and status subscriptions.

They have their own declarative base, so the action server creates exactly these
tables at start-up (:func:`create_feedback_tables`) next to the knowledge base's.
The operator console reads them through these models.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, Integer, SmallInteger, String, Text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ComplaintRow",
    "ComplaintStatus",
    "FeedbackBase",
    "SatisfactionRow",
    "StatusSubscriptionRow",
    "create_feedback_tables",
]


class ComplaintStatus(StrEnum):
    """Where a complaint is in its handling (the values are stored)."""

    BARU = "baru"
    DIPROSES = "diproses"
    SELESAI = "selesai"


class FeedbackBase(DeclarativeBase):
    """Declarative base of the feedback tables only."""


class ComplaintRow(FeedbackBase):
    """A citizen's complaint (``pengaduan``).

    Attributes:
        tracking_number: Shown to the citizen, e.g. ``ADU-2026-000123``.
        service_id: The knowledge-base service complained about; None for "other".
        contact: Phone or e-mail, only when given; None otherwise.
        consent: Whether the citizen agreed to be contacted on ``contact``.
        status: ``baru``, ``diproses`` or ``selesai`` (see :class:`ComplaintStatus`).
        sender_id: The Rasa sender id of the conversation (e.g. ``web:abc``).
    """

    __tablename__ = "feedback_complaints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tracking_number: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    service_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    description: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(255), nullable=True)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default=ComplaintStatus.BARU.value, index=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SatisfactionRow(FeedbackBase):
    """One answer to the satisfaction question (SKM scale 1-4) and an optional comment."""

    __tablename__ = "feedback_satisfaction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    rating: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    service_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class StatusSubscriptionRow(FeedbackBase):
    """A citizen's wish to be told when an application's status changes.

    ``token`` is the secret part of the callback URL the status service posts to.
    """

    __tablename__ = "feedback_status_subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    application_number: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_notified_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )


async def create_feedback_tables(engine: AsyncEngine) -> None:
    """Create the feedback tables that do not exist yet.

    Args:
        engine: The process's engine (the knowledge base's database).
    """
    async with engine.begin() as connection:
        await connection.run_sync(FeedbackBase.metadata.create_all)
