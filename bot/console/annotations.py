"""After a turn, ask Rasa what it understood and store it with the message (off the hot path)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.console.handoff import get_or_create_detail
from bot.console.units import UnitDirectory
from bot.masking import mask_identifier, mask_personal_data
from bot.store import StoredMessage
from bot.store.models import Conversation, ConversationStatus, TurnAnnotation

logger = logging.getLogger(__name__)

FALLBACK_INTENTS = frozenset({"nlu_fallback"})
FALLBACK_ACTIONS = frozenset(
    {"action_default_fallback", "action_two_stage_fallback", "utter_default", "utter_fallback"}
)
_SKIPPED_ACTIONS = frozenset({"action_listen", "action_session_start", "action_unlikely_intent"})
#: Responses that tell the citizen the knowledge base does not hold the answer: such a
#: turn is a knowledge gap for the console, like a fallback (nlu/domain.yml).
KNOWLEDGE_GAP_RESPONSES = frozenset(
    {
        "utter_unknown_service",
        "utter_representation_unknown",
        "utter_hours_unknown",
        "utter_accessibility_none",
        "utter_contact_none",
        "utter_unit_hours_unknown",
        "utter_unit_accessibility_none",
    }
)


def parse_tracker(tracker: dict[str, Any]) -> dict[str, Any]:
    """Extract intent, confidence, entities, service slot and action of the latest turn.

    Args:
        tracker: Rasa's ``GET /conversations/{id}/tracker`` JSON.

    Returns:
        ``text``, ``intent``, ``confidence``, ``entities`` (masked values), ``service_id``,
        ``action``, ``fallback`` and ``knowledge_gap`` (a response of
        :data:`KNOWLEDGE_GAP_RESPONSES` was uttered).
    """
    latest = tracker.get("latest_message") or {}
    intent = latest.get("intent") or {}
    events = tracker.get("events") or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    turn = events[last_user + 1 :]
    actions = [
        str(e.get("name"))
        for e in turn
        if e.get("event") == "action" and e.get("name") not in _SKIPPED_ACTIONS
    ]
    responses = {
        str((e.get("metadata") or {}).get("utter_action")) for e in turn if e.get("event") == "bot"
    }
    service = (tracker.get("slots") or {}).get("service")
    name = intent.get("name")
    confidence = intent.get("confidence")
    entities = [
        {"entity": str(e.get("entity")), "value": mask_personal_data(str(e.get("value")))}
        for e in latest.get("entities") or []
        if isinstance(e, dict)
    ]
    return {
        "text": latest.get("text"),
        "intent": str(name) if name else None,
        "confidence": float(confidence) if isinstance(confidence, int | float) else None,
        "entities": entities,
        "service_id": str(service) if isinstance(service, str) and service else None,
        "action": ", ".join(actions)[:128] or None,
        "fallback": name in FALLBACK_INTENTS or any(a in FALLBACK_ACTIONS for a in actions),
        "knowledge_gap": bool(responses & KNOWLEDGE_GAP_RESPONSES),
    }


class TurnAnnotator:
    """Fetches Rasa's tracker after a turn and stores the turn's annotation.

    Args:
        rasa: HTTP client whose base URL is Rasa's root (HTTP API enabled).
        sessions: Session factory of the conversation store.
        units: Unit lookups (service → unit).
    """

    def __init__(
        self,
        rasa: httpx.AsyncClient,
        sessions: async_sessionmaker[AsyncSession],
        units: UnitDirectory,
    ) -> None:
        self._rasa = rasa
        self._sessions = sessions
        self._units = units

    async def annotate(
        self, message: StoredMessage, understanding: dict[str, Any] | None = None
    ) -> None:
        """Store what Rasa understood of ``message``; log and give up on any failure.

        Args:
            message: The inbound message just answered.
            understanding: The turn as Rasa's ``turns`` channel reported it. Without it
                (a plain REST channel) the tracker is fetched from Rasa's HTTP API, which
                costs Rasa a load and serialisation of the whole conversation.
        """
        if understanding is not None:
            await self.store(message, parse_tracker(understanding))
            return
        key = f"{message.channel}:{message.sender_id}"
        try:
            response = await self._rasa.get(
                f"/conversations/{quote(key, safe='')}/tracker",
                params={"include_events": "AFTER_RESTART"},
            )
            response.raise_for_status()
            parsed = parse_tracker(response.json())
        except (httpx.HTTPError, ValueError) as exc:
            logger.warning("No tracker for %s: %s", mask_identifier(key), type(exc).__name__)
            return
        if parsed["text"] is not None and parsed["text"] != message.text:
            # The citizen already sent the next message; this tracker is about that one.
            logger.debug("Tracker of %s moved on; annotation skipped", mask_identifier(key))
            return
        await self.store(message, parsed)

    async def store(self, message: StoredMessage, parsed: dict[str, Any]) -> None:
        """Write an annotation and the conversation's unit/service.

        Args:
            message: The inbound message.
            parsed: The output of :func:`parse_tracker`.
        """
        unit_id = (
            await self._units.unit_of_service(parsed["service_id"])
            if parsed["service_id"]
            else None
        )
        async with self._sessions.begin() as session:
            await session.merge(
                TurnAnnotation(
                    message_id=message.message_id,
                    conversation_id=message.conversation_id,
                    intent=parsed["intent"],
                    confidence=parsed["confidence"],
                    service_id=parsed["service_id"],
                    action=parsed["action"],
                    entities=parsed["entities"] or None,
                    fallback=bool(parsed["fallback"]),
                    knowledge_gap=bool(parsed["knowledge_gap"]),
                )
            )
            detail = await get_or_create_detail(session, message.conversation_id)
            conversation = await session.get(Conversation, message.conversation_id)
            if parsed["service_id"]:
                detail.service_id = parsed["service_id"]
            # A conversation with an operator stays in that operator's unit.
            if (
                (
                    unit_id
                    and conversation is not None
                    and conversation.status is ConversationStatus.BOT
                )
                or unit_id
                and detail.unit_id is None
            ):
                detail.unit_id = unit_id
