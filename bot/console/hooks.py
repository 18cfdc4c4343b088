"""The console's :class:`~bot.conversation.BaseConversationHooks`: handoff and bookkeeping."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.console.annotations import TurnAnnotator
from bot.console.handoff import HandoffService
from bot.conversation import BaseConversationHooks
from bot.store import StoredMessage
from bot.store.models import Conversation, ConversationStatus

logger = logging.getLogger(__name__)


class ConsoleConversationHooks(BaseConversationHooks):
    """Sends citizens' messages to the operator during a handoff; annotates every turn.

    Args:
        sessions: Session factory of the conversation store.
        handoff: The handoff service.
        annotator: The turn annotator, or ``None`` to skip annotations.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        handoff: HandoffService,
        annotator: TurnAnnotator | None,
    ) -> None:
        self._sessions = sessions
        self._handoff = handoff
        self._annotator = annotator
        self._tasks: set[asyncio.Task[None]] = set()
        self._diverted: set[int] = set()

    async def before_turn(self, message: StoredMessage) -> list[dict[str, Any]] | None:
        """See :meth:`BaseConversationHooks.before_turn`."""
        if message.conversation_status == ConversationStatus.BOT:
            return None  # read when the message was stored: no second query per turn
        async with self._sessions.begin() as session:
            conversation = await session.get(Conversation, message.conversation_id)
            if conversation is None:
                return None
            if conversation.status is ConversationStatus.CLOSED:
                conversation.status = ConversationStatus.BOT
                return None
            if conversation.status is ConversationStatus.BOT:
                return None
        self._diverted.add(message.message_id)
        return []

    async def after_turn(
        self, message: StoredMessage, replies: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """See :meth:`BaseConversationHooks.after_turn`."""
        request = next(
            (
                reply["custom"]["handoff"]
                for reply in replies
                if isinstance(reply.get("custom"), dict) and "handoff" in reply["custom"]
            ),
            None,
        )
        if request is None:
            return replies
        shown = [r for r in replies if r.get("text") or r.get("buttons") or r.get("image")]
        notice = await self._handoff.request(
            message.conversation_id, request if isinstance(request, dict) else {}
        )
        # The assistant's own handoff text already says who answers and when (the
        # citizen read it twice before); the console's notice is for a bare request.
        if any(reply.get("text") for reply in shown):
            return shown
        return shown + notice

    def turn_done(
        self, message: StoredMessage, understanding: dict[str, Any] | None = None
    ) -> None:
        """See :meth:`BaseConversationHooks.turn_done`."""
        task = asyncio.create_task(self._after(message, understanding))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _after(self, message: StoredMessage, understanding: dict[str, Any] | None) -> None:
        """Annotate the turn and announce it to the live console.

        With Rasa's understanding at hand the annotation is a local write, so one
        announcement follows it. Without (a plain REST Rasa) the annotation waits for a
        tracker fetch: the message is announced first and again once annotated.
        """
        conversation_id = message.conversation_id
        try:
            if message.message_id in self._diverted:
                self._diverted.discard(message.message_id)  # read by a person, not Rasa
            elif self._annotator is not None:
                if understanding is None:
                    await self._handoff.announce(conversation_id, "message")
                    await self._annotator.annotate(message, None)
                    await self._handoff.announce(conversation_id)
                    return
                await self._annotator.annotate(message, understanding)
            await self._handoff.announce(conversation_id, "message")
        except Exception:
            logger.exception("After-turn work failed for message %s", message.message_id)

    async def drain(self) -> None:
        """Wait for scheduled after-turn work (shutdown, tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
