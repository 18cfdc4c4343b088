"""Handing the conversation to a person: on request, or after two fallbacks in a row.

The action utters a text together with a custom payload the gateway acts on::

    {"handoff": {"reason": "request_human" | "fallback", "service": "<id>" | null,
                 "unit": "<unit id>" | null}}

Rasa delivers it as the message's ``custom`` field. The text says when operators are
on duty, from the opening hours of the unit in focus.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions._hours import office_state, weekly_schedule
from actions.clarification import offer_clarification
from actions.formatting import mask_sender
from actions.greeting import reply_to_salam
from actions.runtime import BaseRuntimeUser, Runtime
from actions.service_focus import mentioned_unit, unit_in_focus
from knowledge_base import KnowledgeBaseError

if TYPE_CHECKING:
    from knowledge_base import UnitPublic

logger = logging.getLogger(__name__)

REASON_REQUEST = "request_human"
REASON_FALLBACK = "fallback"
#: Operators' unit when no service is in focus.
DEFAULT_OPERATOR_UNIT = "disdukcapil"


async def _operator_unit(
    runtime: Runtime, service_id: str | None, tracker: Tracker
) -> UnitPublic | None:
    """The unit whose operators take the conversation.

    The unit of the service in focus; else the office the message names ("mau bicara
    dengan petugas imigrasi") or the office in focus; else Disdukcapil, the first unit.
    """
    repository = runtime.knowledge_base
    try:
        if service_id:
            service = await repository.get_service(service_id)
            if service is not None:
                return service.unit
        units = await repository.list_units()
        default = next((u for u in units if u.id == DEFAULT_OPERATOR_UNIT), None)
        return (
            mentioned_unit(tracker, units)
            or unit_in_focus(tracker, units)
            or default
            or (units[0] if units else None)
        )
    except KnowledgeBaseError:
        logger.warning("handoff: knowledge base unavailable", exc_info=True)
        return None


async def utter_handoff(
    dispatcher: CollectingDispatcher, tracker: Tracker, runtime: Runtime, reason: str
) -> None:
    """Utter the handoff text and the ``{"handoff": …}`` payload for the gateway.

    Args:
        dispatcher: Where to utter.
        tracker: The conversation (the service in focus).
        runtime: The dependencies (knowledge base, clock).
        reason: ``request_human`` or ``fallback``.
    """
    service_id = tracker.get_slot("service")
    unit = await _operator_unit(runtime, str(service_id) if service_id else None, tracker)
    payload = {
        "handoff": {
            "reason": reason,
            "service": str(service_id) if service_id else None,
            "unit": unit.id if unit else None,
        }
    }
    intro = "utter_handoff_fallback_intro" if reason == REASON_FALLBACK else None
    if intro:
        dispatcher.utter_message(response=intro)
    if unit is None:
        dispatcher.utter_message(response="utter_handoff", json_message=payload)
    else:
        hours = unit.opening_hours
        state = office_state(hours.days, hours.time_zone, runtime.clock())
        schedule = "\n".join(weekly_schedule(hours.days))
        if state.is_open:
            dispatcher.utter_message(
                response="utter_handoff_on_duty",
                json_message=payload,
                unit_name=unit.name,
                zone=hours.time_zone,
                closes_at=state.closes_at,
                schedule=schedule,
            )
        else:
            dispatcher.utter_message(
                response="utter_handoff_off_duty",
                json_message=payload,
                unit_name=unit.name,
                zone=hours.time_zone,
                next_day=state.next_open_day or "pada jam layanan berikutnya",
                next_time=state.next_open_time or "-",
                schedule=schedule,
            )
    logger.info("Handoff (%s) requested for %s", reason, mask_sender(tracker.sender_id))


class ActionHandoff(BaseRuntimeUser, Action):
    """Hand the conversation to an operator because the citizen asked for a person."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Utter the handoff (after "Wa'alaikumsalam." when the citizen gave a salam)."""
        reply_to_salam(dispatcher, tracker)
        await utter_handoff(dispatcher, tracker, self.runtime, REASON_REQUEST)
        return []


def _consecutive_fallbacks(tracker: Tracker) -> int:
    """Count the latest user messages in a row that were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent") or {}
        if intent.get("name") != "nlu_fallback":
            break
        count += 1
    return count


class ActionFallback(BaseRuntimeUser, Action):
    """Answer a message that was not understood.

    When the two likeliest intents are close, offer both as buttons (see
    :mod:`actions.clarification`); otherwise say it was not understood. The second
    fallback in a row offers a person instead.
    """

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Hand off after two fallbacks in a row, else clarify or say it was not understood."""
        reply_to_salam(dispatcher, tracker)
        if _consecutive_fallbacks(tracker) >= 2:
            await utter_handoff(dispatcher, tracker, self.runtime, REASON_FALLBACK)
        elif not await offer_clarification(dispatcher, tracker, self.runtime.knowledge_base):
            dispatcher.utter_message(response="utter_default")
        return []
