"""The channel-independent turn: store, ask Rasa, store the answer, return the replies."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Any

from bot import texts
from bot.errors import RasaUnavailable
from bot.masking import mask_identifier
from bot.rasa_client import RasaClient
from bot.store import BaseConversationStore

logger = logging.getLogger(__name__)


class ConversationService:
    """Processes citizens' messages for every channel.

    A message is stored before it is processed; messages of one sender are processed
    strictly in order, messages of different senders concurrently.

    Args:
        store: The conversation store.
        rasa: The Rasa client.
    """

    def __init__(self, store: BaseConversationStore, rasa: RasaClient) -> None:
        self._store = store
        self._rasa = rasa
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def handle_message(
        self, channel: str, sender_id: str, text: str, *, external_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Answer one citizen message.

        Args:
            channel: The channel it came from (``web``, ``telegram``, ``terminal``).
            sender_id: The channel's id of the citizen.
            text: What they wrote (already validated by the channel).
            external_id: The channel's message id, for de-duplication of retries.

        Returns:
            The replies for the citizen; a polite notice when Rasa is unavailable (the
            message stays stored and unanswered, to be answered later).
        """
        key = f"{channel}:{sender_id}"
        async with self._locks[key]:
            stored = await self._store.record_inbound(
                channel, sender_id, text, external_id=external_id
            )
            if stored.duplicate:
                logger.info("Duplicate message from %s ignored", mask_identifier(key))
                return []
            try:
                replies = await self._rasa.send_message(key, text, {"channel": channel})
            except RasaUnavailable as exc:
                logger.warning("Rasa unavailable (%s) for %s", exc.reason, mask_identifier(key))
                await self._store.mark_failed(stored)
                return [{"text": texts.SERVICE_DISRUPTED}]
            replies = [_normalize_reply(reply) for reply in replies] or [
                {"text": texts.EMPTY_REPLY}
            ]
            await self._store.record_answer(stored, replies)
            logger.info(
                "Answered message %s of %s with %d replies",
                stored.message_id,
                mask_identifier(key),
                len(replies),
            )
            return replies


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
