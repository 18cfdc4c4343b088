"""SQLAlchemy models of the conversation store."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
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


class ConversationDetail(StoreBase):
    """What the console knows about a conversation beyond its messages (one row each).

    A separate table rather than new columns on ``conversations``, so that databases
    created before the console existed get it from ``create_all`` without a migration.
    """

    __tablename__ = "conversation_details"

    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), primary_key=True)
    unit_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    service_id: Mapped[str | None] = mapped_column(String(128), default=None)
    operator_id: Mapped[int | None] = mapped_column(default=None)
    handoff_reason: Mapped[str | None] = mapped_column(String(255), default=None)
    waiting_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    operator_joined_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None
    )
    first_operator_reply_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None
    )
    handoff_count: Mapped[int] = mapped_column(default=0)


class TurnAnnotation(StoreBase):
    """What Rasa understood of one inbound message: intent, confidence, service, action."""

    __tablename__ = "turn_annotations"

    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    intent: Mapped[str | None] = mapped_column(String(128), default=None, index=True)
    confidence: Mapped[float | None] = mapped_column(default=None)
    service_id: Mapped[str | None] = mapped_column(String(128), default=None)
    action: Mapped[str | None] = mapped_column(String(128), default=None)
    entities: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    fallback: Mapped[bool] = mapped_column(default=False)
    #: The answer said the knowledge base lacks what was asked ("belum tercatat").
    knowledge_gap: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebOutboxMessage(StoreBase):
    """A message pushed to a web-chat citizen outside a turn, fetched by their page."""

    __tablename__ = "web_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --- Channel delivery state (Telegram): inbox, outbox, blocked recipients, button payloads ---


class UpdateState(enum.StrEnum):
    """Processing state of a raw channel update kept in the inbox."""

    RECEIVED = "received"
    DONE = "done"
    DEAD = "dead"


class OutboxState(enum.StrEnum):
    """Delivery state of an outbound message waiting in the outbox."""

    PENDING = "pending"
    SENT = "sent"
    DROPPED = "dropped"


class InboundUpdate(StoreBase):
    """A raw update as the channel delivered it, stored before it is processed.

    Replayed after a crash until it is ``done``; unique per channel and update id.
    """

    __tablename__ = "inbound_updates"
    __table_args__ = (
        UniqueConstraint("channel", "update_id", name="uq_inbound_update"),
        Index("ix_inbound_updates_state", "state", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    update_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[str | None] = mapped_column(String(128), default=None)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[UpdateState] = mapped_column(
        Enum(UpdateState, native_enum=False, length=16), default=UpdateState.RECEIVED
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class OutboxMessage(StoreBase):
    """One reply waiting to be sent (or sent) to a citizen on a push channel.

    ``dedup_key`` makes enqueueing idempotent; ``parts_sent`` records how many Telegram
    messages of a split reply already went out, so a retry never repeats them.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("dedup_key", name="uq_outbox_dedup"),
        Index("ix_outbox_due", "channel", "state", "next_attempt_at"),
        Index("ix_outbox_recipient", "channel", "sender_id", "state"),
        # Retention: sent and dropped rows are purged by age (bot/store/outbox.py).
        Index("ix_outbox_finished", "channel", "state", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    sender_id: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    dedup_key: Mapped[str | None] = mapped_column(String(160), default=None)
    source_ref: Mapped[str | None] = mapped_column(String(128), default=None, index=True)
    state: Mapped[OutboxState] = mapped_column(
        Enum(OutboxState, native_enum=False, length=16), default=OutboxState.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    parts_sent: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    last_error: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class BlockedRecipient(StoreBase):
    """A citizen who blocked the assistant on a channel: nothing more is sent to them."""

    __tablename__ = "blocked_recipients"
    __table_args__ = (UniqueConstraint("channel", "sender_id", name="uq_blocked_recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    sender_id: Mapped[str] = mapped_column(String(128))
    blocked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CallbackPayload(StoreBase):
    """A button payload too long for Telegram's 64-byte ``callback_data``, under a short key.

    ``last_used_at`` is the last time the key was put on a message; retention purges keys
    by it, so a payload reused on new messages never expires under their buttons.
    """

    __tablename__ = "callback_payloads"
    __table_args__ = (Index("ix_callback_payloads_last_used", "last_used_at"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
