"""SQLAlchemy models of the conversation store."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class StoreBase(DeclarativeBase):
    """Declarative base of the conversation-store tables."""


class ConversationStatus(enum.StrEnum):
    """Who is handling a conversation."""

    BOT = "bot"
    WAITING = "waiting"
    OPERATOR = "operator"
    CLOSED = "closed"


class MessageDirection(enum.StrEnum):
    """Whether a message came from the citizen or went to them."""

    INBOUND = "in"
    OUTBOUND = "out"


class MessageState(enum.StrEnum):
    """Processing state of an inbound message."""

    RECEIVED = "received"
    ANSWERED = "answered"
    FAILED = "failed"


class Conversation(StoreBase):
    """One citizen on one channel."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "sender_id", name="uq_conversation_sender"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    sender_id: Mapped[str] = mapped_column(String(128))
    status: Mapped[ConversationStatus] = mapped_column(
        Enum(ConversationStatus, native_enum=False, length=16), default=ConversationStatus.BOT
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    messages: Mapped[list[Message]] = relationship(back_populates="conversation")


class Message(StoreBase):
    """A message in or out; inbound ones carry their processing state."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "external_id", name="uq_message_external"),
        Index("ix_messages_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    direction: Mapped[MessageDirection] = mapped_column(
        Enum(MessageDirection, native_enum=False, length=8)
    )
    text: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    external_id: Mapped[str | None] = mapped_column(String(128), default=None)
    state: Mapped[MessageState | None] = mapped_column(
        Enum(MessageState, native_enum=False, length=16), default=None
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
