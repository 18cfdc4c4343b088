"""``action_answer_inform``: a bare service name ("paspor") answers the last question asked.

After "berapa biayanya?" → "layanan apa?" → "ktp", the citizen wants the cost of KTP-el:
this action finds the latest ``ask_*`` intent in the conversation and runs its answer
action; without one it answers the requirements, the most asked question.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.place_answers import (
    ActionAnswerAccessibility,
    ActionAnswerContact,
    ActionAnswerHours,
    ActionAnswerLocation,
    ActionAnswerOnlineService,
)
from actions.representation import ActionAnswerRepresentation
from actions.runtime import BaseRuntimeUser
from actions.service_answers import (
    ActionAnswerCost,
    ActionAnswerDuration,
    ActionAnswerLegalBasis,
    ActionAnswerProcedure,
    ActionAnswerProduct,
    ActionAnswerRequirements,
    BaseServiceAnswerAction,
)

_ANSWERS: dict[str, type[BaseServiceAnswerAction]] = {
    action.intent: action
    for action in (
        ActionAnswerRequirements, ActionAnswerProcedure, ActionAnswerDuration, ActionAnswerCost,
        ActionAnswerProduct, ActionAnswerLegalBasis, ActionAnswerOnlineService,
        ActionAnswerLocation, ActionAnswerHours, ActionAnswerAccessibility, ActionAnswerContact,
        ActionAnswerRepresentation,
    )
}  # fmt: skip


def last_question(tracker: Tracker) -> str:
    """Return the latest ``ask_*`` intent before the current message (default requirements)."""
    user_events = [e for e in tracker.events if e.get("event") == "user"]
    for event in reversed(user_events[:-1]):
        name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if name in _ANSWERS:
            return str(name)
    return ActionAnswerRequirements.intent


class ActionAnswerInform(BaseRuntimeUser, Action):
    """Answer the last question asked, for the service the citizen just named."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_inform"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Delegate to the answer action of the last question."""
        action = _ANSWERS[last_question(tracker)](self._runtime)
        return await action.run(dispatcher, tracker, domain)
