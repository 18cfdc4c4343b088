"""Human handoff: request, take over, reply, hand back; and messages sent to a citizen."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.console import texts
from bot.console.accounts import audit
from bot.console.hours import describe_next_opening, is_open
from bot.console.models import Operator
from bot.console.units import UnitDirectory
from bot.delivery import DeliveryRouter, UnknownChannelError
from bot.live import BaseLiveFeed
from bot.masking import mask_identifier
from bot.store.models import (
    Conversation,
    ConversationDetail,
    ConversationStatus,
    Message,
    MessageDirection,
    utcnow,
)

logger = logging.getLogger(__name__)


class HandoffError(Exception):
    """The handoff step is not possible in the conversation's current state."""


class HandoffService:
    """Moves conversations between the assistant and operators, and talks to citizens.

    Args:
        sessions: Session factory of the conversation store.
        live: The live feed (each change is announced).
        delivery: The outbound router (web, telegram ...).
        units: Unit lookups for opening hours.
        clock: Current time (tests).
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        live: BaseLiveFeed,
        delivery: DeliveryRouter,
        units: UnitDirectory,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._live = live
        self._delivery = delivery
        self._units = units
        self._clock = clock

    async def announce(self, conversation_id: int, kind: str = "updated") -> None:
        """Publish a live event about a conversation (ids and status only)."""
        query = (
            select(Conversation.status, ConversationDetail.unit_id)
            .outerjoin(ConversationDetail, ConversationDetail.conversation_id == Conversation.id)
            .where(Conversation.id == conversation_id)
        )
        async with self._sessions() as session:
            row = (await session.execute(query)).first()
        if row is None:
            return
        status, unit_id = row
        await self._live.publish(
            {
                "type": "conversation",
                "kind": kind,
                "conversation_id": conversation_id,
                "status": status.value,
                "unit_id": unit_id,
            }
        )

    async def request(self, conversation_id: int, payload: dict[str, Any]) -> list[dict[str, Any]]:
        """Put a conversation in the queue for a person (the assistant asked for it).

        Args:
            conversation_id: The conversation.
            payload: The ``handoff`` object of Rasa's custom reply (``unit_id``, ``reason``).

        Returns:
            Replies telling the citizen when someone will answer.
        """
        now = self._clock()
        unit_id = payload.get("unit_id") or payload.get("unit")
        async with self._sessions.begin() as session:
            conversation = await session.get(Conversation, conversation_id)
            if conversation is None:
                return []
            detail = await _detail(session, conversation_id)
            if (
                isinstance(unit_id, str)
                and unit_id
                and conversation.status is not ConversationStatus.OPERATOR
            ):
                detail.unit_id = unit_id[:64]
            if conversation.status is ConversationStatus.OPERATOR:
                return []
            conversation.status = ConversationStatus.WAITING
            detail.waiting_since = detail.waiting_since or now
            detail.handoff_reason = str(payload.get("reason") or "")[:255] or None
            detail.handoff_count += 1
            unit_id = detail.unit_id
        logger.info("Conversation %s waits for a person", conversation_id)
        await self.announce(conversation_id, "waiting")
        unit = await self._units.get_unit(unit_id) if unit_id else None
        if unit is None:
            return [{"text": texts.WAITING_IN_HOURS, "buttons": []}]
        if is_open(unit.opening_hours, now):
            return [{"text": texts.WAITING_IN_HOURS, "buttons": []}]
        when = describe_next_opening(unit.opening_hours, now)
        name = unit.short_name or unit.name
        return [{"text": texts.WAITING_OUT_OF_HOURS.format(unit=name, when=when), "buttons": []}]

    async def take_over(self, conversation_id: int, operator: Operator) -> None:
        """Pause the assistant: the operator now handles the conversation.

        Raises:
            HandoffError: Another operator already handles it.
        """
        now = self._clock()
        async with self._sessions.begin() as session:
            conversation = await _conversation(session, conversation_id)
            detail = await _detail(session, conversation_id)
            if conversation.status is ConversationStatus.OPERATOR and detail.operator_id not in (
                None,
                operator.id,
            ):
                raise HandoffError("Percakapan ini sudah ditangani petugas lain.")
            conversation.status = ConversationStatus.OPERATOR
            detail.operator_id = operator.id
            detail.operator_joined_at = now
            detail.waiting_since = detail.waiting_since or now
            await audit(session, operator, "takeover", f"conversation:{conversation_id}")
        name = operator.display_name or operator.username
        await self.send(
            conversation_id, [{"text": texts.OPERATOR_JOINED.format(name=name)}], "system"
        )
        logger.info("Operator %s took over conversation %s", operator.id, conversation_id)

    async def reply(self, conversation_id: int, operator: Operator, text: str) -> None:
        """Send an operator's reply to the citizen on their channel.

        Raises:
            HandoffError: The operator does not handle this conversation.
        """
        async with self._sessions.begin() as session:
            conversation = await _conversation(session, conversation_id)
            detail = await _detail(session, conversation_id)
            if (
                conversation.status is not ConversationStatus.OPERATOR
                or detail.operator_id != operator.id
            ):
                raise HandoffError("Ambil alih percakapan ini dulu sebelum membalas.")
            if detail.first_operator_reply_at is None:
                detail.first_operator_reply_at = self._clock()
            await audit(session, operator, "reply", f"conversation:{conversation_id}")
        await self.send(conversation_id, [{"text": text}], "operator", operator_id=operator.id)

    async def release(self, conversation_id: int, operator: Operator) -> None:
        """Hand the conversation back to the assistant and tell the citizen."""
        async with self._sessions.begin() as session:
            conversation = await _conversation(session, conversation_id)
            detail = await _detail(session, conversation_id)
            was_with_person = conversation.status in (
                ConversationStatus.OPERATOR,
                ConversationStatus.WAITING,
            )
            conversation.status = ConversationStatus.BOT
            detail.operator_id = None
            detail.waiting_since = None
            await audit(session, operator, "release", f"conversation:{conversation_id}")
        if was_with_person:
            await self.send(conversation_id, [{"text": texts.OPERATOR_LEFT}], "system")
        else:
            await self.announce(conversation_id)

    async def send(
        self,
        conversation_id: int,
        messages: list[dict[str, Any]],
        source: str,
        *,
        operator_id: int | None = None,
    ) -> None:
        """Store messages in the transcript and deliver them on the citizen's channel.

        Args:
            conversation_id: The conversation.
            messages: ``{"text": ..., "buttons": [...]}`` items.
            source: ``operator``, ``system`` or ``notify`` (kept with each message).
            operator_id: The sending operator, if any.
        """
        async with self._sessions.begin() as session:
            conversation = await _conversation(session, conversation_id)
            channel, sender_id = conversation.channel, conversation.sender_id
            conversation.last_message_at = self._clock()
            for message in messages:
                extra = {k: v for k, v in message.items() if k != "text" and v}
                extra["source"] = source
                if operator_id is not None:
                    extra["operator_id"] = operator_id
                session.add(
                    Message(
                        conversation_id=conversation_id,
                        direction=MessageDirection.OUTBOUND,
                        text=str(message.get("text") or ""),
                        payload=extra,
                    )
                )
        outgoing = [dict(m, **{"from": source}) for m in messages]
        try:
            await self._delivery.deliver(channel, sender_id, outgoing)
        except UnknownChannelError:
            logger.warning(
                "No outbound channel %s for %s; message kept in the transcript",
                channel,
                mask_identifier(sender_id),
            )
        await self.announce(conversation_id, "message")

    async def notify(self, conversation_key: str, messages: list[dict[str, Any]]) -> bool:
        """Deliver a notification (e.g. an application's status change) to a citizen.

        Args:
            conversation_key: ``channel:sender_id`` as Rasa knows the conversation.
            messages: The messages.

        Returns:
            Whether the conversation was known (it is delivered in either case).

        Raises:
            UnknownChannelError: The channel has no outbound channel.
            ValueError: The key has no ``channel:`` prefix.
        """
        channel, sep, sender_id = conversation_key.partition(":")
        if not sep or not channel or not sender_id:
            raise ValueError("conversation_id must look like 'channel:sender'")
        async with self._sessions() as session:
            conversation_id = await session.scalar(
                select(Conversation.id).where(
                    Conversation.channel == channel, Conversation.sender_id == sender_id
                )
            )
        if conversation_id is not None:
            await self.send(conversation_id, messages, "notify")
            return True
        await self._delivery.deliver(
            channel, sender_id, [dict(m, **{"from": "notify"}) for m in messages]
        )
        return False


async def _conversation(session: AsyncSession, conversation_id: int) -> Conversation:
    """Return the conversation or raise :class:`HandoffError`."""
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None:
        raise HandoffError("Percakapan tidak ditemukan.")
    return conversation


async def _detail(session: AsyncSession, conversation_id: int) -> ConversationDetail:
    """Return the conversation's detail row, creating it on first use."""
    detail = await session.get(ConversationDetail, conversation_id)
    if detail is None:
        detail = ConversationDetail(conversation_id=conversation_id, handoff_count=0)
        session.add(detail)
        await session.flush()
    return detail


get_or_create_detail = _detail
