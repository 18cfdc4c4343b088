"""Complaints: the form that takes one, its storage with a tracking number, and lookups.

``complaint_form`` asks which service, what happened, and an optional contact; only
when a contact is given does it ask for consent to be contacted. The acknowledgement
names the tracking number (``ADU-2026-000123``) and the time frame for a response.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._forms import ATTEMPTS_SLOT, wants_to_cancel, wants_to_skip
from actions.constants import COMPLAINT_RESPONSE_WORKING_DAYS, MAX_FORM_ATTEMPTS
from actions.errors import ActionsError
from actions.formatting import format_date_id, mask_sender
from actions.greeting import SalamOnActivation
from actions.runtime import BaseRuntimeUser
from actions.service_focus import resolve_focus
from knowledge_base import KnowledgeBaseError

if TYPE_CHECKING:
    from actions.feedback import FeedbackStore

logger = logging.getLogger(__name__)

TRACKING_NUMBER_RE = re.compile(r"\bADU[\s-]?\d{4}[\s-]?\d{6}\b", re.IGNORECASE)
#: ``complaint_service`` value for "another service / in general".
OTHER_SERVICE = "lainnya"
#: ``complaint_contact`` value for "no contact given".
NO_CONTACT = "-"
MIN_DESCRIPTION_CHARS = 10
#: An answer to "which service?" this long is a story: it is the description too.
STORY_WORDS = 7
#: A search score this high is a name or alias written out in the text.
EXACT_MATCH = 100.0

_PHONE = re.compile(r"^\+?\d[\d\s-]{7,16}\d$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_YES = {"ya", "iya", "boleh", "setuju", "bersedia", "oke", "ok", "yes", "y"}
_NO = {"tidak", "tdk", "gak", "nggak", "ga", "jangan", "no", "tidak bersedia", "tidak setuju"}
_FORM_SLOTS = (
    "complaint_service",
    "complaint_description",
    "complaint_contact",
    "complaint_consent",
)


def canonical_tracking_number(text: str) -> str | None:
    """Return ``ADU-YYYY-NNNNNN`` found in ``text``, or None."""
    found = TRACKING_NUMBER_RE.search(text)
    if found is None:
        return None
    digits = re.sub(r"\D", "", found.group(0))
    return f"ADU-{digits[:4]}-{digits[4:]}"


async def utter_complaint_status(
    dispatcher: CollectingDispatcher, store: FeedbackStore, text: str
) -> None:
    """Tell the status of the complaint whose tracking number is in ``text``.

    Args:
        dispatcher: Where to utter.
        store: The feedback store.
        text: The citizen's message (or the bare number).

    Raises:
        FeedbackStoreError: The database failed.
    """
    number = canonical_tracking_number(text)
    complaint = await store.get_complaint(number) if number else None
    if complaint is None:
        dispatcher.utter_message(response="utter_complaint_not_found")
        return
    dispatcher.utter_message(
        response=f"utter_complaint_status_{complaint.status.value}",
        tracking_number=complaint.tracking_number,
        filed_on=format_date_id(complaint.created_at.date()),
        days=COMPLAINT_RESPONSE_WORKING_DAYS,
    )


def _reset() -> list[EventType]:
    return [SlotSet(slot, None) for slot in (*_FORM_SLOTS, ATTEMPTS_SLOT)]


class ActionAskComplaintService(BaseRuntimeUser, Action):
    """Ask which service the complaint is about, offering the one in focus."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_ask_complaint_service"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Utter the question with buttons."""
        buttons = []
        in_focus = tracker.get_slot("service")
        if in_focus:
            try:
                service = await self.runtime.knowledge_base.get_service(str(in_focus))
            except KnowledgeBaseError:
                service = None
            if service is not None:
                buttons.append(
                    {"title": service.name, "payload": f'/inform{{"service":"{service.id}"}}'}
                )
        buttons.append({"title": "Layanan lain / umum", "payload": OTHER_SERVICE})
        dispatcher.utter_message(response="utter_ask_complaint_service", buttons=buttons)
        return []


class ValidateComplaintForm(BaseRuntimeUser, SalamOnActivation):
    """Validate the complaint's answers; "batal" leaves the form at any question."""

    def name(self) -> str:
        """Return the validator's name in the domain."""
        return "validate_complaint_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Leave the form on "batal", else validate as usual."""
        if wants_to_cancel(tracker):
            dispatcher.utter_message(response="utter_complaint_cancelled")
            return [*_reset(), SlotSet("requested_slot", None)]
        return await super().run(dispatcher, tracker, domain)

    async def extract_complaint_service(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """On the form's start, the service the complaint itself names, if any.

        "mau komplain petugas loket paspor kemarin kasar" is not asked which service it
        is about. A service in focus from earlier turns is only offered as a button
        (:class:`ActionAskComplaintService`): the complaint may be about anything.
        """
        if tracker.get_slot("requested_slot") is not None or tracker.get_slot("complaint_service"):
            return {}
        try:
            focus = await resolve_focus(tracker, self.runtime.knowledge_base)
        except KnowledgeBaseError:
            logger.warning("complaint: knowledge base unavailable", exc_info=True)
            return {}
        if focus.service is None or focus.from_slot:
            return {}
        return {"complaint_service": focus.service.id}

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        """Ask for consent only when a contact was given."""
        slots = [slot for slot in domain_slots if slot != "complaint_consent"]
        contact = tracker.get_slot("complaint_contact")
        if contact and contact != NO_CONTACT:
            slots.append("complaint_consent")
        return slots

    async def validate_complaint_service(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """Map the answer to a knowledge-base service id, or "lainnya".

        Many citizens answer "which service?" with what happened ("petugas loket KTP
        kemarin membentak saya ..."): an answer of ``STORY_WORDS`` words or more is also
        the complaint's description, so the story is not asked for again.
        """
        text = str(value or "").strip()
        repository = self.runtime.knowledge_base
        # The value may be a service entity's id; the story is the whole message.
        message = str(tracker.latest_message.get("text") or "").strip()
        story = tracker.get_slot("requested_slot") == "complaint_service" and (
            len(message.split()) >= STORY_WORDS
        )
        service = OTHER_SERVICE
        try:
            if await repository.get_service(text) is not None:
                service = text
            elif (match := await repository.resolve_service(text)) is not None:
                service = match.service_id
            elif story:
                found = await repository.search_services(text, limit=1)
                if found and found[0].score >= EXACT_MATCH:
                    service = found[0].service_id
        except KnowledgeBaseError:
            logger.warning("complaint: knowledge base unavailable", exc_info=True)
        if story:
            return {"complaint_service": service, "complaint_description": message}
        return {"complaint_service": service}

    async def validate_complaint_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """Ask once more for a little more detail when the description is very short."""
        text = str(value or "").strip()
        attempts = int(tracker.get_slot(ATTEMPTS_SLOT) or 0) + 1
        if len(text) < MIN_DESCRIPTION_CHARS and attempts < MAX_FORM_ATTEMPTS - 1:
            dispatcher.utter_message(response="utter_complaint_description_too_short")
            return {"complaint_description": None, ATTEMPTS_SLOT: attempts}
        return {"complaint_description": text, ATTEMPTS_SLOT: None}

    async def validate_complaint_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """Accept a phone number or e-mail, or "lewati" for none."""
        text = str(value or "").strip()
        if wants_to_skip(text):
            return {"complaint_contact": NO_CONTACT, ATTEMPTS_SLOT: None}
        if _PHONE.match(text) or _EMAIL.match(text):
            return {"complaint_contact": text, ATTEMPTS_SLOT: None}
        attempts = int(tracker.get_slot(ATTEMPTS_SLOT) or 0) + 1
        if attempts >= MAX_FORM_ATTEMPTS:
            dispatcher.utter_message(response="utter_complaint_contact_skipped")
            return {"complaint_contact": NO_CONTACT, ATTEMPTS_SLOT: None}
        dispatcher.utter_message(response="utter_invalid_complaint_contact")
        return {"complaint_contact": None, ATTEMPTS_SLOT: attempts}

    async def validate_complaint_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """Accept yes or no (buttons or words)."""
        if isinstance(value, bool):
            return {"complaint_consent": value}
        text = " ".join(str(value or "").lower().strip(" .!").split())
        if text in _YES:
            return {"complaint_consent": True}
        if text in _NO:
            return {"complaint_consent": False}
        dispatcher.utter_message(response="utter_invalid_yes_no")
        return {"complaint_consent": None}


class ActionFileComplaint(BaseRuntimeUser, Action):
    """Store the complaint the form collected and acknowledge it."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_file_complaint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Store and acknowledge (nothing when the form was cancelled)."""
        description = tracker.get_slot("complaint_description")
        if not description:
            return _reset()
        runtime = self.runtime
        if runtime.feedback is None:
            dispatcher.utter_message(response="utter_feedback_unavailable")
            return _reset()
        service_id = tracker.get_slot("complaint_service")
        contact = tracker.get_slot("complaint_contact")
        contact = None if contact in (None, NO_CONTACT) else str(contact)
        try:
            complaint = await runtime.feedback.create_complaint(
                sender_id=tracker.sender_id,
                service_id=None if service_id in (None, OTHER_SERVICE) else str(service_id),
                description=str(description),
                contact=contact,
                consent=tracker.get_slot("complaint_consent") is True,
                now=runtime.clock(),
            )
        except ActionsError:
            logger.warning(
                "Complaint of %s not stored", mask_sender(tracker.sender_id), exc_info=True
            )
            dispatcher.utter_message(response="utter_feedback_unavailable")
            return _reset()
        dispatcher.utter_message(
            response="utter_complaint_filed_contact"
            if complaint.consent
            else "utter_complaint_filed",
            tracking_number=complaint.tracking_number,
            days=COMPLAINT_RESPONSE_WORKING_DAYS,
        )
        logger.info(
            "Complaint %s filed by %s", complaint.tracking_number, mask_sender(tracker.sender_id)
        )
        return _reset()


class ActionComplaintStatus(BaseRuntimeUser, Action):
    """Tell the status of a complaint by its tracking number."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_complaint_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Look the tracking number up, or ask for it."""
        text = " ".join(
            [str(tracker.latest_message.get("text") or ""),
             *[str(v) for v in tracker.get_latest_entity_values("tracking_number")]]
        )  # fmt: skip
        if canonical_tracking_number(text) is None:
            dispatcher.utter_message(response="utter_ask_tracking_number")
            return []
        if self.runtime.feedback is None:
            dispatcher.utter_message(response="utter_feedback_unavailable")
            return []
        try:
            await utter_complaint_status(dispatcher, self.runtime.feedback, text)
        except ActionsError:
            logger.warning("Complaint lookup failed", exc_info=True)
            dispatcher.utter_message(response="utter_feedback_unavailable")
        return []
