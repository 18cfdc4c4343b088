"""The greeting: a Muslim greeting is answered in kind.

Many citizens open with "assalamualaikum" (or "aslm", "ass wr wb"); a polite reply
begins with "Wa'alaikumsalam", not "Halo". Any other first reply to a message that opens
with a salam starts with ``utter_salam_reply`` ("Wa'alaikumsalam."): the service answers
(``actions.service_answers.BaseServiceAnswerAction``), a handoff, a message that was not
understood, and the first question of the status check and the complaint
(:class:`SalamOnActivation`).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

_SALAM = re.compile(
    r"\b(a?s+ala+mu?'?\s?'?a?la[iy]kum|aslm|aslkm|askum|ass?\s*wr\.?\s*wb)", re.IGNORECASE
)
OPENING = "Halo!"
OPENING_SALAM = "Wa'alaikumsalam!"


def gives_salam(text: str) -> bool:
    """Whether the citizen's message carries a salam ("assalamualaikum pak, ...")."""
    return _SALAM.search(text) is not None


def opening_for(text: str) -> str:
    """The first words of the greeting: the salam's answer when the citizen gave one."""
    return OPENING_SALAM if gives_salam(text) else OPENING


def reply_to_salam(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Utter "Wa'alaikumsalam." when the citizen's latest message carries a salam."""
    if gives_salam(str(tracker.latest_message.get("text") or "")):
        dispatcher.utter_message(response="utter_salam_reply")


class SalamOnActivation(FormValidationAction, ABC):
    """A form validator that answers a salam in the message that started its form.

    Rasa runs the validator on the form's activation, before the first question, with
    ``requested_slot`` still empty; later turns (and a return to the form after a
    digression) have it set, so the salam is answered once.
    """

    @abstractmethod
    def name(self) -> str:
        """Return the validator's name in the domain (``validate_<form>``)."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Answer the salam on activation, then validate as the next class does."""
        if tracker.get_slot("requested_slot") is None:
            reply_to_salam(dispatcher, tracker)
        return await super().run(dispatcher, tracker, domain)


class ActionGreet(Action):
    """Greet the citizen and say what the assistant can do."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Utter ``utter_greet`` with the right opening."""
        text = str(tracker.latest_message.get("text") or "")
        dispatcher.utter_message(response="utter_greet", opening=opening_for(text))
        return []
