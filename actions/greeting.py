"""The greeting: a Muslim greeting is answered in kind.

Many citizens open with "assalamualaikum" (or "aslm", "ass wr wb"); a polite reply
begins with "Wa'alaikumsalam", not "Halo". A question that opens with a salam is
answered in kind too (``utter_salam_reply`` before the answer; see
``actions.service_answers.BaseServiceAnswerAction``).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
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
