"""Satisfaction: the one-tap SKM question, the rating and an optional comment, stored.

The scale is the national community-satisfaction survey's (SKM, Permenpan RB 14/2017):
1 tidak baik, 2 kurang baik, 3 baik, 4 sangat baik. The buttons send
``/rate_service{"rating":"N"}``; ``satisfaction_form`` then asks for a comment.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._forms import wants_to_cancel, wants_to_skip
from actions.constants import SKM_SCALE
from actions.errors import ActionsError
from actions.formatting import mask_sender
from actions.runtime import BaseRuntimeUser

logger = logging.getLogger(__name__)

#: ``satisfaction_comment`` value for "no comment".
NO_COMMENT = "-"
_SCALE_VALUES = {str(value) for value in SKM_SCALE}


def rating_buttons() -> list[dict[str, str]]:
    """Return the four SKM buttons, best last."""
    return [
        {"title": f"{value}. {label}", "payload": f'/rate_service{{"rating":"{value}"}}'}
        for value, label in SKM_SCALE.items()
    ]


def parse_rating(tracker: Tracker) -> int | None:
    """Return the rating (1-4) from the ``rating`` entity or a bare digit, or None.

    Only a whole value counts: "3174" (a NIK fragment) is not a rating.
    """
    candidates = [str(v).strip() for v in tracker.get_latest_entity_values("rating")]
    candidates.append(str(tracker.latest_message.get("text") or "").strip())
    return next((int(c) for c in candidates if c in _SCALE_VALUES), None)


class ActionAskSatisfaction(Action):
    """Ask how the service was, with the four SKM buttons (once per conversation)."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_ask_satisfaction"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Ask, unless already asked in this conversation (``/selesai`` always asks)."""
        explicit = (tracker.latest_message.get("intent") or {}).get("name") == "end_conversation"
        if tracker.get_slot("satisfaction_asked") and not explicit:
            return []
        dispatcher.utter_message(response="utter_ask_satisfaction", buttons=rating_buttons())
        return [SlotSet("satisfaction_asked", True)]


class ActionSaveRating(BaseRuntimeUser, Action):
    """Store the tapped rating; the comment form follows."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_save_rating"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Store the rating and remember its id for the comment."""
        rating = parse_rating(tracker)
        runtime = self.runtime
        if rating is None:
            # Not a rating after all (misread): say so, and let the comment form end at once.
            dispatcher.utter_message(response="utter_default")
            return [SlotSet("satisfaction_id", None), SlotSet("satisfaction_comment", NO_COMMENT)]
        if runtime.feedback is None:
            return [SlotSet("satisfaction_id", None)]
        service_id = tracker.get_slot("service")
        try:
            rating_id = await runtime.feedback.record_rating(
                sender_id=tracker.sender_id,
                rating=rating,
                service_id=str(service_id) if service_id else None,
                now=runtime.clock(),
            )
        except ActionsError:
            logger.warning("Rating of %s not stored", mask_sender(tracker.sender_id), exc_info=True)
            return [SlotSet("satisfaction_id", None)]
        logger.info("Rating %d stored for %s", rating, mask_sender(tracker.sender_id))
        return [SlotSet("satisfaction_id", float(rating_id)), SlotSet("satisfaction_asked", True)]


class ValidateSatisfactionForm(FormValidationAction):
    """Accept any comment; "lewati" or "batal" means none."""

    def name(self) -> str:
        """Return the validator's name in the domain."""
        return "validate_satisfaction_form"

    async def validate_satisfaction_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """Keep the comment, or mark that there is none."""
        if wants_to_cancel(tracker) or wants_to_skip(value) or not str(value or "").strip():
            return {"satisfaction_comment": NO_COMMENT}
        return {"satisfaction_comment": str(value).strip()}


class ActionSaveSatisfactionComment(BaseRuntimeUser, Action):
    """Attach the comment to the stored rating and thank the citizen."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_save_satisfaction_comment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Store the comment (if any) and thank."""
        comment = tracker.get_slot("satisfaction_comment")
        rating_id = tracker.get_slot("satisfaction_id")
        feedback = self.runtime.feedback
        if comment and comment != NO_COMMENT and rating_id is not None and feedback is not None:
            try:
                await feedback.add_comment(int(rating_id), str(comment))
            except ActionsError:
                logger.warning("Comment not stored", exc_info=True)
        if rating_id is not None:
            dispatcher.utter_message(response="utter_satisfaction_thanks")
        return [SlotSet("satisfaction_comment", None), SlotSet("satisfaction_id", None)]
