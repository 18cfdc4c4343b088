"""SQL implementation of the conversation store (SQLite by default, Postgres in production)."""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.base import BaseConversationStore, StoredMessage
from bot.store.models import (
    Conversation,
    ConversationStatus,
    Message,
    MessageDirection,
    MessageState,
    OutboxMessage,
    utcnow,
)
from bot.store.retry import retry_transient

logger = logging.getLogger(__name__)


class SqlConversationStore(BaseConversationStore):
    """Conversation store on SQLAlchemy's async engine.

    Args:
        session_factory: Factory of short-lived sessions; each method owns one transaction.
        outbox_channels: Push channels (``telegram``) whose answers are also queued in the
            outbox, in the same transaction that marks the message answered, so a reply
            can never be stored as given but not sent.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        outbox_channels: Collection[str] = (),
    ) -> None:
        self._sessions = session_factory
        self._outbox_channels = frozenset(outbox_channels)

    @retry_transient()
    async def record_inbound(
        self, channel: str, sender_id: str, text: str, *, external_id: str | None = None
    ) -> StoredMessage:
        """See :meth:`BaseConversationStore.record_inbound`.

        One transaction finds (or creates) the conversation and stores the message. A
        unique-key conflict is either the same external id again (a channel retry: the
        stored message is reported) or two first messages of a new conversation racing
        (the second attempt finds the conversation the other one created).
        """
        for attempt in (1, 2):
            try:
                async with self._sessions.begin() as session:
                    conversation_id, status = await self._conversation(session, channel, sender_id)
                    message = Message(
                        conversation_id=conversation_id,
                        direction=MessageDirection.INBOUND,
                        text=text,
                        external_id=external_id,
                        state=MessageState.RECEIVED,
                    )
                    session.add(message)
                    await session.flush()
                    await session.execute(
                        update(Conversation)
                        .where(Conversation.id == conversation_id)
                        .values(last_message_at=utcnow())
                    )
                    message_id = message.id
            except IntegrityError:
                duplicate = await self._stored_duplicate(channel, sender_id, external_id)
                if duplicate is not None:
                    return duplicate
                if attempt == 2:
                    raise
                continue
            logger.debug(
                "Stored inbound message %s of conversation %s", message_id, conversation_id
            )
            return StoredMessage(
                message_id,
                conversation_id,
                channel,
                sender_id,
                text,
                external_id=external_id,
                conversation_status=status.value,
            )
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    async def _stored_duplicate(
        self, channel: str, sender_id: str, external_id: str | None
    ) -> StoredMessage | None:
        """The message already stored with this external id, as a duplicate, if any."""
        if external_id is None:
            return None
        async with self._sessions() as session:
            existing = await session.scalar(
                select(Message)
                .join(Conversation, Conversation.id == Message.conversation_id)
                .where(
                    Conversation.channel == channel,
                    Conversation.sender_id == sender_id,
                    Message.external_id == external_id,
                )
            )
        if existing is None:
            return None
        return StoredMessage(
            existing.id,
            existing.conversation_id,
            channel,
            sender_id,
            existing.text,
            duplicate=True,
            external_id=external_id,
            pending=existing.state in (MessageState.RECEIVED, MessageState.FAILED),
        )

    @retry_transient()
    async def record_answer(self, message: StoredMessage, replies: list[dict[str, Any]]) -> None:
        """See :meth:`BaseConversationStore.record_answer`.

        Idempotent: a message already answered is left as it is, so a retry after a commit
        whose acknowledgement was lost (the database restarting) stores no second answer.
        """
        now = utcnow()
        async with self._sessions.begin() as session:
            marked = await session.execute(
                update(Message)
                .where(Message.id == message.message_id, Message.state != MessageState.ANSWERED)
                .values(state=MessageState.ANSWERED, answered_at=now)
            )
            if marked.rowcount == 0:  # type: ignore[attr-defined]
                logger.info("Message %s was answered already", message.message_id)
                return
            session.add_all(
                Message(
                    conversation_id=message.conversation_id,
                    direction=MessageDirection.OUTBOUND,
                    text=str(reply.get("text") or ""),
                    payload={k: v for k, v in reply.items() if k != "text"} or None,
                )
                for reply in replies
            )
            if message.channel in self._outbox_channels:
                source = message.external_id or f"m{message.message_id}"
                session.add_all(
                    OutboxMessage(
                        channel=message.channel,
                        sender_id=message.sender_id,
                        payload=reply,
                        dedup_key=f"{message.channel}:{source}:{index}",
                        source_ref=message.external_id,
                    )
                    for index, reply in enumerate(replies)
                )

    @retry_transient()
    async def mark_failed(self, message: StoredMessage) -> None:
        """See :meth:`BaseConversationStore.mark_failed`."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(Message)
                .where(Message.id == message.message_id)
                .values(state=MessageState.FAILED)
            )

    async def ping(self) -> None:
        """See :meth:`BaseConversationStore.ping`."""
        async with self._sessions() as session:
            await session.execute(text("SELECT 1"))

    @staticmethod
    async def _conversation(
        session: AsyncSession, channel: str, sender_id: str
    ) -> tuple[int, ConversationStatus]:
        """Return the conversation's id and status, creating it on first contact."""
        found = (
            await session.execute(
                select(Conversation.id, Conversation.status).where(
                    Conversation.channel == channel, Conversation.sender_id == sender_id
                )
            )
        ).first()
        if found is not None:
            return found[0], found[1]
        conversation = Conversation(
            channel=channel, sender_id=sender_id, status=ConversationStatus.BOT
        )
        session.add(conversation)
        await session.flush()
        return conversation.id, ConversationStatus.BOT
