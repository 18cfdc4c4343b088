"""The channel-independent turn: store, ask Rasa, store the answer, return the replies."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from bot import texts
from bot.errors import RasaUnavailable
from bot.masking import mask_identifier
from bot.rasa_client import RasaClient
from bot.store import BaseConversationStore, StoredMessage

logger = logging.getLogger(__name__)


class BaseConversationHooks(ABC):
    """Human handoff and turn bookkeeping around the assistant (the console implements it)."""

    @abstractmethod
    async def before_turn(self, message: StoredMessage) -> list[dict[str, Any]] | None:
        """Divert a message from the assistant when a person handles the conversation.

        Args:
            message: The stored inbound message.

        Returns:
            ``None`` to let the assistant answer, else the replies for the citizen (often
            none): the message went to the operators instead.
        """

    @abstractmethod
    async def after_turn(
        self, message: StoredMessage, replies: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Act on the assistant's replies (a handoff request) before they are stored and sent.

        Args:
            message: The stored inbound message.
            replies: The assistant's normalised replies.

        Returns:
            The replies to store and send.
        """

    @abstractmethod
    def turn_done(
        self, message: StoredMessage, understanding: dict[str, Any] | None = None
    ) -> None:
        """Schedule work after the turn is stored (annotation, live update); must not block.

        Args:
            message: The stored inbound message.
            understanding: What Rasa understood of the turn (see :class:`RasaTurn`), if
                it said; ``None`` for a message that went to a person.
        """


class ConversationService:
    """Processes citizens' messages for every channel.

    A message is stored before it is processed; messages of one sender are processed
    strictly in order, messages of different senders concurrently.

    Args:
        store: The conversation store.
        rasa: The Rasa client.
        hooks: Handoff and bookkeeping hooks (the operator console), if any.
    """

    def __init__(
        self,
        store: BaseConversationStore,
        rasa: RasaClient,
        *,
        hooks: BaseConversationHooks | None = None,
    ) -> None:
        self._store = store
        self._rasa = rasa
        self._hooks = hooks
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def handle_message(
        self,
        channel: str,
        sender_id: str,
        text: str,
        *,
        external_id: str | None = None,
        resume: bool = False,
    ) -> list[dict[str, Any]]:
        """Answer one citizen message.

        Args:
            channel: The channel it came from (``web``, ``telegram``, ``terminal``).
            sender_id: The channel's id of the citizen.
            text: What they wrote (already validated by the channel).
            external_id: The channel's message id, for de-duplication of retries.
            resume: Process a duplicate that was stored but never answered (a channel
                replaying its own inbox after a crash or an outage); the channel makes
                sure no other replica is processing the same message at the same time.

        Returns:
            The replies for the citizen; a polite notice when Rasa is unavailable (the
            message stays stored and unanswered, to be answered later).
        """
        key = f"{channel}:{sender_id}"
        async with self._locks[key]:
            stored = await self._store.record_inbound(
                channel, sender_id, text, external_id=external_id
            )
            if stored.duplicate and not (resume and stored.pending):
                logger.info("Duplicate message from %s ignored", mask_identifier(key))
                return []
            replies, _answered = await self._run_turn(stored)
            return replies

    async def resume(
        self, stored: StoredMessage, still_pending: Callable[[], Awaitable[bool]]
    ) -> list[dict[str, Any]] | None:
        """Answer a message stored earlier but never answered (the recovery sweep).

        Args:
            stored: The message as stored.
            still_pending: Re-reads the message's state; called under the sender's lock,
                so a turn of this process that is answering it right now is waited for.

        Returns:
            The replies to deliver, or ``None`` when the message was answered meanwhile or
            Rasa is still unavailable (it stays pending; no second notice is sent).
        """
        key = f"{stored.channel}:{stored.sender_id}"
        async with self._locks[key]:
            if not await still_pending():
                return None
            replies, answered = await self._run_turn(stored)
            return replies if answered else None

    async def _run_turn(self, stored: StoredMessage) -> tuple[list[dict[str, Any]], bool]:
        """Ask Rasa about a stored message, with the sender's lock held.

        Returns:
            The replies, and whether they were stored as its answer (``False`` for the
            disruption notice: the message stays pending).
        """
        key = f"{stored.channel}:{stored.sender_id}"
        channel, text = stored.channel, stored.text
        if self._hooks is not None:
            diverted = await self._hooks.before_turn(stored)
            if diverted is not None:
                await self._store.record_answer(stored, diverted)
                self._hooks.turn_done(stored)
                logger.info(
                    "Message %s of %s went to a person", stored.message_id, mask_identifier(key)
                )
                return diverted, True
        try:
            turn = await self._rasa.send_message(key, text, {"channel": channel})
        except RasaUnavailable as exc:
            logger.warning("Rasa unavailable (%s) for %s", exc.reason, mask_identifier(key))
            await self._store.mark_failed(stored)
            return [{"text": texts.SERVICE_DISRUPTED}], False
        replies = [_normalize_reply(r) for r in turn.replies] or [{"text": texts.EMPTY_REPLY}]
        if self._hooks is not None:
            replies = await self._hooks.after_turn(stored, replies)
        await self._store.record_answer(stored, replies)
        if self._hooks is not None:
            self._hooks.turn_done(stored, turn.understanding)
        logger.info(
            "Answered message %s of %s with %d replies",
            stored.message_id,
            mask_identifier(key),
            len(replies),
        )
        return replies, True


def _normalize_reply(reply: dict[str, Any]) -> dict[str, Any]:
    """Keep the fields channels render: text, buttons (title/payload), image, custom."""
    out: dict[str, Any] = {"text": str(reply.get("text") or "")}
    buttons = reply.get("buttons") or []
    out["buttons"] = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in buttons
        if isinstance(b, dict)
    ]
    for extra in ("image", "custom"):
        if reply.get(extra):
            out[extra] = reply[extra]
    return out
