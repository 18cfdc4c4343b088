"""``action_answer_representation``: may someone else handle the service for the citizen?

"ktp bisa diwakilkan?", "ibu saya sakit, boleh saya yang ambil paspornya?": the answer
comes from the service's ``perwakilan`` (yes, no, or only some steps such as collection)
with what the representative brings. When the unit has not recorded it, the citizen is
told so and given the unit's contact instead of a guess. When the citizen must come in
person, a button offers the unit's facilities for the elderly and people with
disabilities, who are the ones most likely to ask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions._contacts import contact_lines
from actions.formatting import bullet_list
from actions.service_answers import BaseServiceAnswerAction, intent_payload, source_of

if TYPE_CHECKING:
    from knowledge_base import ServicePublic

#: ``RepresentationPublic.allowed`` → the response that says it.
RESPONSES = {
    "ya": "utter_representation_allowed",
    "sebagian": "utter_representation_partly",
    "tidak": "utter_representation_in_person",
}
#: Contact lines named in the answer when the rule is not recorded.
UNKNOWN_CONTACT_LINES = 2


class ActionAnswerRepresentation(BaseServiceAnswerAction):
    """Answer whether a service may be handled by someone else, and what they bring."""

    intent = "ask_representation"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_representation"

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the service's rule, or that it is not recorded and whom to ask."""
        representation = service.representation
        if representation is None:
            lines = contact_lines(service.unit.contacts)[:UNKNOWN_CONTACT_LINES]
            dispatcher.utter_message(
                response="utter_representation_unknown",
                service_name=service.name,
                unit_name=service.unit.name,
                contacts=f"\n{bullet_list(lines)}" if lines else "",
            )
            return
        items = representation.requirements
        dispatcher.utter_message(
            response=RESPONSES[representation.allowed],
            service_name=service.name,
            note=representation.note,
            items=f"\n\nYang perlu dibawa oleh wakil Anda:\n{bullet_list(items)}" if items else "",
            buttons=self._accessibility_button(service) if representation.allowed != "ya" else [],
            **source_of(service),
        )

    @staticmethod
    def _accessibility_button(service: ServicePublic) -> list[dict[str, str]]:
        """Offer the facilities for vulnerable groups when the citizen must come in person."""
        if not service.facilities.vulnerable_groups:
            return []
        payload = intent_payload("ask_accessibility", service=service.id)
        return [{"title": "Fasilitas lansia & disabilitas", "payload": payload}]
