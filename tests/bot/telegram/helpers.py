"""Small helpers of the Telegram tests: database look-ups and fake Rasa behaviours."""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store import Conversation, Message, MessageDirection
from bot.store.models import InboundUpdate, MessageState, OutboxMessage, OutboxState


async def stored_messages(
    sessions: async_sessionmaker[AsyncSession], chat_id: int | str
) -> list[tuple[str, str, str | None]]:
    """(direction, text, state) of every stored message of a Telegram chat, in order."""
    async with sessions() as session:
        rows = await session.execute(
            select(Message.direction, Message.text, Message.state)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Conversation.channel == "telegram", Conversation.sender_id == str(chat_id))
            .order_by(Message.id)
        )
        return [(str(d), t, None if s is None else str(s)) for d, t, s in rows.all()]


async def inbound_states(sessions: async_sessionmaker[AsyncSession]) -> list[str]:
    async with sessions() as session:
        return [str(s) for s in (await session.scalars(select(InboundUpdate.state))).all()]


async def pending_outbox(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        return int(
            await session.scalar(
                select(func.count()).where(OutboxMessage.state == OutboxState.PENDING)
            )
            or 0
        )


async def unanswered(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        return int(
            await session.scalar(
                select(func.count()).where(
                    Message.direction == MessageDirection.INBOUND,
                    Message.state != MessageState.ANSWERED,
                )
            )
            or 0
        )


def rasa_reply(**reply: Any) -> Any:
    """A fake Rasa that answers every message with ``reply``."""

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return httpx.Response(200, json=[{"recipient_id": body["sender"], **reply}])

    return handler
