"""Leaving a form when the citizen does something else: a person, thanks, goodbye.

A form question takes any text as its answer, so without this "saya mau bicara dengan
petugas" while the status check asks for the application number was answered "that
number has the wrong format". The domain keeps those intents out of the forms' text
answers (``not_intent``); Rasa then finds the form rejected and follows the rules in
``nlu/data/rules.yml``: ``action_leave_form`` ends the form, says so, and the intent is
answered as it would be outside the form (handoff, thanks, goodbye).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._forms import ATTEMPTS_SLOT

#: What the citizen is told when a form ends this way (none: a silent end).
LEFT_RESPONSES = {
    "check_status_form": "utter_status_left",
    "complaint_form": "utter_complaint_left",
}


class ActionLeaveForm(Action):
    """End the active form, forget its answers so far and say that it ended."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_leave_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Deactivate the form and clear its slots."""
        form = (tracker.active_loop or {}).get("name")
        if not form:
            return []
        response = LEFT_RESPONSES.get(form)
        if response:
            dispatcher.utter_message(response=response)
        required = (domain.get("forms") or {}).get(form, {}).get("required_slots") or []
        return [
            ActiveLoop(None),
            *(SlotSet(slot, None) for slot in required),
            SlotSet(ATTEMPTS_SLOT, None),
            SlotSet("requested_slot", None),
        ]
