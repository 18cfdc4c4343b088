"""Recovery sweep: stored citizen messages that were never answered are answered later.

A message is stored before it is processed. When Rasa (or the action server behind it) is
down, the citizen gets the disruption notice and the message is marked ``failed``; when
the gateway dies mid-turn, it stays ``received``. This sweep finds such messages, runs
them through :class:`~bot.conversation.ConversationService` once the chain is back, and
delivers the replies through the :class:`~bot.delivery.DeliveryRouter` (for the web
chat: the outbox behind ``GET /api/chat/updates``).

Telegram is excluded: its update inbox has its own sweep (``bot/telegram``), which replays
raw updates through the channel's exactly-once turn runner.

Exactly once: a message is answered under its sender's lock after re-reading its state,
so a turn of this process that answers it meanwhile wins; with several replicas a
coordination claim keeps two sweeps apart, and ``received`` messages are only taken once
they are older than ``recovery_after_s`` (longer than any turn may take).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection
from datetime import timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import ConversationService
from bot.coordination import BaseCoordinationBackend
from bot.delivery import DeliveryRouter, UnknownChannelError
from bot.masking import mask_identifier
from bot.store import StoredMessage
from bot.store.models import Conversation, Message, MessageDirection, MessageState, utcnow

logger = logging.getLogger(__name__)

# Channels with a recovery of their own.
DEFAULT_EXCLUDED_CHANNELS = ("telegram",)
# A message older than this is not answered any more (the citizen has moved on).
DEFAULT_MAX_AGE_S = 24 * 3600.0
BATCH = 50


class MessageRecoverySweep:
    """Answers stored messages left unanswered by an outage or a crash.

    Args:
        sessions: Session factory of the conversation store.
        conversations: The gateway's conversation service.
        delivery: Where replies go (by the message's channel).
        coordination: Claims between replicas, if any.
        recovery_after_s: Minimum age of a ``received`` message (an interrupted turn).
        failed_after_s: Minimum age of a ``failed`` message (Rasa was unavailable).
        interval_s: Pause between sweeps.
        excluded_channels: Channels that recover their own messages.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        conversations: ConversationService,
        delivery: DeliveryRouter,
        *,
        coordination: BaseCoordinationBackend | None = None,
        recovery_after_s: float = 30.0,
        failed_after_s: float = 5.0,
        interval_s: float = 10.0,
        excluded_channels: Collection[str] = DEFAULT_EXCLUDED_CHANNELS,
        max_age_s: float = DEFAULT_MAX_AGE_S,
    ) -> None:
        self._sessions = sessions
        self._conversations = conversations
        self._delivery = delivery
        self._coordination = coordination
        self._recovery_after_s = recovery_after_s
        self._failed_after_s = failed_after_s
        self._interval_s = interval_s
        self._excluded = tuple(excluded_channels)
        self._max_age_s = max_age_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Run the sweep in the background until :meth:`aclose`."""
        self._task = asyncio.create_task(self._loop(), name="message-recovery-sweep")

    async def aclose(self) -> None:
        """Stop the background sweep."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def sweep(self) -> int:
        """Answer every pending message due now; return how many were answered."""
        answered = 0
        for stored in await self._pending():
            if await self._recover(stored):
                answered += 1
            elif await self._still_pending(stored.message_id):
                break  # Rasa still unavailable: wait for the next sweep
        if answered:
            logger.info("Recovery sweep answered %d stored messages", answered)
        return answered

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self._interval_s)
            try:
                await self.sweep()
            except Exception:  # noqa: BLE001 - the next sweep tries again
                logger.warning("Message recovery sweep failed", exc_info=True)

    async def _pending(self) -> list[StoredMessage]:
        now = utcnow()
        query = (
            select(Message, Conversation.channel, Conversation.sender_id)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(
                Message.direction == MessageDirection.INBOUND,
                Conversation.channel.not_in(self._excluded),
                Message.created_at >= now - timedelta(seconds=self._max_age_s),
                or_(
                    and_(
                        Message.state == MessageState.FAILED,
                        Message.created_at <= now - timedelta(seconds=self._failed_after_s),
                    ),
                    and_(
                        Message.state == MessageState.RECEIVED,
                        Message.created_at <= now - timedelta(seconds=self._recovery_after_s),
                    ),
                ),
            )
            .order_by(Message.id)
            .limit(BATCH)
        )
        async with self._sessions() as session:
            rows = (await session.execute(query)).all()
        return [
            StoredMessage(
                message.id,
                message.conversation_id,
                channel,
                sender_id,
                message.text,
                external_id=message.external_id,
            )
            for message, channel, sender_id in rows
        ]

    async def _still_pending(self, message_id: int) -> bool:
        async with self._sessions() as session:
            state = await session.scalar(select(Message.state).where(Message.id == message_id))
        return state in (MessageState.RECEIVED, MessageState.FAILED)

    async def _recover(self, stored: StoredMessage) -> bool:
        claim = f"recovery:message:{stored.message_id}"
        if self._coordination is not None and not await self._coordination.claim(claim, 60.0):
            return False
        try:
            replies = await self._conversations.resume(
                stored, lambda: self._still_pending(stored.message_id)
            )
            if not replies:
                return False
            try:
                await self._delivery.deliver(stored.channel, stored.sender_id, replies)
            except UnknownChannelError:
                logger.info("No outbound channel %s; answer stored only", stored.channel)
            logger.info(
                "Answered stored message %s of %s after recovery",
                stored.message_id,
                mask_identifier(stored.sender_id),
            )
            return True
        finally:
            if self._coordination is not None:
                await self._coordination.delete(claim)
