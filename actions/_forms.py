"""Internal: what the form validators share (cancel words, counting invalid answers)."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.constants import CANCEL_FILLERS, CANCEL_WORDS, MAX_FORM_ATTEMPTS, SKIP_WORDS

#: Slot counting invalid answers to the current question of any form.
ATTEMPTS_SLOT = "form_attempts"


def _clean(text: str) -> str:
    return " ".join(text.lower().strip(" .!?,").split())


def is_cancel(text: str) -> bool:
    """Whether ``text`` asks to leave a form: "batal", "gak jadi deh, makasih", "/cancel".

    A cancel phrase counts only with nothing but filler words around it, so that an
    answer that merely contains one ("ktp saya gak jadi jadi") is still an answer.
    """
    cleaned = _clean(text)
    if cleaned in CANCEL_WORDS or cleaned in {"/cancel", "/batal"}:
        return True
    words = [w for w in re.split(r"[^\w/]+", cleaned) if w and w not in CANCEL_FILLERS]
    return " ".join(words) in CANCEL_WORDS


def wants_to_cancel(tracker: Tracker) -> bool:
    """Whether the latest message asks to leave the form (see :func:`is_cancel`)."""
    return is_cancel(str(tracker.latest_message.get("text") or ""))


def wants_to_skip(value: Any) -> bool:
    """Whether an answer to an optional question means "no, skip it"."""
    return isinstance(value, str) and _clean(value) in SKIP_WORDS


def stop_form(**slots: Any) -> dict[str, Any]:
    """Slot values that end the form now (Rasa deactivates it when requested_slot is None)."""
    return {**slots, ATTEMPTS_SLOT: None, "requested_slot": None}


def invalid_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    slot: str,
    *,
    reprompt: str,
    give_up: str,
    **values: Any,
) -> dict[str, Any]:
    """Count an invalid answer: re-prompt, or end the form after the last try.

    Args:
        dispatcher: Where to utter.
        tracker: The conversation.
        slot: The slot that was answered.
        reprompt: Response explaining the expected format.
        give_up: Response uttered when the tries are used up.
        **values: Template values for both responses.

    Returns:
        The slot values to set.
    """
    attempts = int(tracker.get_slot(ATTEMPTS_SLOT) or 0) + 1
    if attempts >= MAX_FORM_ATTEMPTS:
        dispatcher.utter_message(response=give_up, **values)
        return stop_form(**{slot: None})
    dispatcher.utter_message(response=reprompt, tries_left=MAX_FORM_ATTEMPTS - attempts, **values)
    return {slot: None, ATTEMPTS_SLOT: attempts}
