"""Application status over HTTP: the form, its validator, the lookup and notifications.

``check_status_form`` asks for the application number, then a verification factor;
``action_check_permit_status`` looks it up with the status client (rate-limited per
sender) and offers to tell the citizen when the status changes
(``action_subscribe_status``). "Not found" and "verification failed" get the same answer.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._forms import ATTEMPTS_SLOT, invalid_answer, stop_form, wants_to_cancel
from actions.complaints import TRACKING_NUMBER_RE, utter_complaint_status
from actions.errors import ActionsError
from actions.formatting import format_date_id, format_datetime_id, mask_sender
from actions.greeting import SalamOnActivation
from actions.notifications import status_callback_url
from actions.runtime import BaseRuntimeUser
from actions.status_client import (
    ApplicationNotFound,
    StatusApiError,
    StatusApiRateLimited,
    mask_application_number,
    normalize_application_number,
    normalize_verification,
)
from knowledge_base import KnowledgeBaseError

logger = logging.getLogger(__name__)

#: The citizen gets an answer within this, whatever the status service does.
STATUS_ANSWER_DEADLINE_S = 5.8
#: Slot keeping the last successful lookup, for "tell me when it changes".
SUBSCRIPTION_SLOT = "status_subscription"

_NUMBER_IN_TEXT = re.compile(r"[A-Za-z]{3}[\s._/-]*\d{4}[\s._/-]*\d{6}")
_FACTOR_IN_TEXT = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|(?<!\d)\d{4}(?!\d)"
)


def find_application_number(text: str) -> str | None:
    """Return the canonical application number in ``text`` (alone or inside a sentence)."""
    canonical = normalize_application_number(text)
    if canonical:
        return canonical
    for found in _NUMBER_IN_TEXT.findall(text):
        canonical = normalize_application_number(found)
        if canonical:
            return canonical
    return None


def find_verification(text: str) -> str | None:
    """Return the normalised verification factor in ``text``, if any."""
    value = normalize_verification(text)
    if value:
        return value
    for found in _FACTOR_IN_TEXT.findall(text):
        value = normalize_verification(found)
        if value:
            return value
    return None


class ValidateCheckStatusForm(BaseRuntimeUser, SalamOnActivation):
    """Check the number and the verification factor; "batal" leaves the form."""

    def name(self) -> str:
        """Return the validator's name in the domain."""
        return "validate_check_status_form"

    async def validate_application_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """Accept a well-formed application number; a complaint number is answered here."""
        if wants_to_cancel(tracker):
            dispatcher.utter_message(response="utter_status_cancelled")
            return stop_form(application_number=None, verification_code=None)
        text = str(value or "")
        number = find_application_number(text)
        if number is not None:
            return {"application_number": number, ATTEMPTS_SLOT: None}
        tracking = TRACKING_NUMBER_RE.search(text)
        if tracking is not None and self.runtime.feedback is not None:
            try:
                await utter_complaint_status(dispatcher, self.runtime.feedback, tracking.group(0))
            except ActionsError:
                logger.warning("complaint lookup failed", exc_info=True)
                dispatcher.utter_message(response="utter_feedback_unavailable")
            return stop_form(application_number=None, verification_code=None)
        return invalid_answer(
            dispatcher,
            tracker,
            "application_number",
            reprompt="utter_invalid_application_number",
            give_up="utter_status_too_many_attempts",
        )

    async def validate_verification_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """Accept the last four NIK digits or a date of birth."""
        if wants_to_cancel(tracker):
            dispatcher.utter_message(response="utter_status_cancelled")
            return stop_form(application_number=None, verification_code=None)
        factor = find_verification(str(value or ""))
        if factor is not None:
            return {"verification_code": factor, ATTEMPTS_SLOT: None}
        return invalid_answer(
            dispatcher,
            tracker,
            "verification_code",
            reprompt="utter_invalid_verification_code",
            give_up="utter_status_too_many_attempts",
        )


def _clear_form() -> list[EventType]:
    return [
        SlotSet("application_number", None),
        SlotSet("verification_code", None),
        SlotSet(ATTEMPTS_SLOT, None),
    ]


class ActionCheckPermitStatus(BaseRuntimeUser, Action):
    """Look the application up and tell its status, last change, next step and estimate."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_check_permit_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Look up the number and factor the form collected (nothing when it was cancelled)."""
        number = tracker.get_slot("application_number")
        factor = tracker.get_slot("verification_code")
        if not number or not factor:
            return _clear_form()
        runtime = self.runtime
        sender = mask_sender(tracker.sender_id)
        if runtime.status_client is None:
            dispatcher.utter_message(response="utter_status_unavailable")
            return _clear_form()
        if runtime.rate_limiter is not None:
            decision = await runtime.rate_limiter.acquire(tracker.sender_id)
            if not decision.allowed:
                minutes = max(1, round(decision.retry_after_s / 60))
                dispatcher.utter_message(response="utter_status_rate_limited", minutes=minutes)
                return _clear_form()
        try:
            async with asyncio.timeout(STATUS_ANSWER_DEADLINE_S):
                status = await runtime.status_client.lookup(str(number), str(factor))
        except ApplicationNotFound:
            logger.info("Status of %s for %s: not found", mask_application_number(number), sender)
            dispatcher.utter_message(response="utter_status_not_found")
            return _clear_form()
        except StatusApiRateLimited:
            dispatcher.utter_message(response="utter_status_busy")
            return _clear_form()
        except (StatusApiError, TimeoutError):
            logger.warning("Status service unavailable for %s", sender, exc_info=True)
            dispatcher.utter_message(response="utter_status_unavailable")
            return _clear_form()
        service_name = status.service_id
        events: list[EventType] = []
        try:
            service = await runtime.knowledge_base.get_service(status.service_id)
        except KnowledgeBaseError:
            service = None
        if service is not None:
            service_name = service.name
            events += [SlotSet("service", service.id), SlotSet("variant", None)]
        estimate = (
            format_date_id(status.estimated_completion)
            if status.estimated_completion
            else "belum dapat diperkirakan"
        )
        buttons = []
        if runtime.feedback is not None and runtime.callback_base_url:
            buttons.append({"title": "Kabari saya jika berubah", "payload": "/subscribe_status"})
        dispatcher.utter_message(
            response="utter_status_result",
            number=status.number,
            service_name=service_name,
            status_label=status.status_label,
            last_changed=format_datetime_id(status.last_changed_at),
            next_step=status.next_step,
            estimate=estimate,
            buttons=buttons,
        )
        logger.info("Status of %s told to %s", mask_application_number(status.number), sender)
        subscription = {"number": status.number, "verification": str(factor)}
        return [*_clear_form(), *events, SlotSet(SUBSCRIPTION_SLOT, subscription)]


class ActionSubscribeStatus(BaseRuntimeUser, Action):
    """Ask the status service to report changes of the last looked-up application."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_subscribe_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Register the subscription; the relay delivers changes through the gateway."""
        wanted = tracker.get_slot(SUBSCRIPTION_SLOT)
        runtime = self.runtime
        client = runtime.status_client
        subscribe = getattr(client, "subscribe", None)
        if not isinstance(wanted, dict) or "number" not in wanted:
            dispatcher.utter_message(response="utter_subscribe_nothing")
            return []
        if runtime.feedback is None or subscribe is None or not runtime.callback_base_url:
            dispatcher.utter_message(response="utter_subscribe_failed")
            return []
        number = str(wanted["number"])
        try:
            token = await runtime.feedback.add_subscription(
                sender_id=tracker.sender_id, application_number=number, now=runtime.clock()
            )
            async with asyncio.timeout(STATUS_ANSWER_DEADLINE_S):
                await subscribe(
                    number,
                    str(wanted.get("verification", "")),
                    status_callback_url(runtime.callback_base_url, token),
                )
        except (ActionsError, StatusApiError, TimeoutError):
            logger.warning(
                "Subscription to %s failed", mask_application_number(number), exc_info=True
            )
            dispatcher.utter_message(response="utter_subscribe_failed")
            return []
        dispatcher.utter_message(response="utter_subscribed", number=number)
        logger.info(
            "Sender %s subscribed to %s",
            mask_sender(tracker.sender_id),
            mask_application_number(number),
        )
        return [SlotSet(SUBSCRIPTION_SLOT, None)]
