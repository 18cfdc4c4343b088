"""A unit's contact channels as answer lines, the channels a citizen asked for first.

"ig dukcapil apa?" asks for one channel: the answer says so when the unit has not
published it, and lists what it has. Pure functions; ``action_answer_contact`` utters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge_base import ContactsPublic


@dataclass(frozen=True, slots=True)
class Channel:
    """One contact channel: its field in ``ContactsPublic``, label, and how it is asked."""

    field: str
    label: str
    asked: re.Pattern[str]


def _asked(words: str) -> re.Pattern[str]:
    """A channel's words, also with the suffix "-nya" ("emailnya", "wa-nya")."""
    return re.compile(rf"\b({words})(-?nya)?\b")


#: In the order citizens use them.
CHANNELS = (
    Channel(
        "phone",
        "Telepon",
        _asked(r"tel[ep]?[fp]on|telp|tlpn?|call ?center|hotline|ditelepon|nelpon"),
    ),
    Channel("whatsapp", "WhatsApp", _asked(r"wa|whats?app|wh?atsap")),
    Channel("sms", "SMS", _asked(r"sms")),
    Channel("email", "E-mail", _asked(r"e-?mail|surel|surat elektronik")),
    Channel("website", "Situs web", _asked(r"web|website|situs|laman")),
    Channel("instagram", "Instagram", _asked(r"ig|insta(gram)?|medsos|media sosial")),
)


def asked_channels(text: str) -> list[Channel]:
    """The channels a message names ("nomor wa dan emailnya" → WhatsApp, e-mail)."""
    lowered = text.lower()
    return [channel for channel in CHANNELS if channel.asked.search(lowered)]


def contact_lines(contacts: ContactsPublic, first: list[Channel] | None = None) -> list[str]:
    """One line per channel the unit published; the ``first`` channels lead."""
    leading = first or []
    ordered = [*leading, *(c for c in CHANNELS if c not in leading)]
    lines = []
    for channel in ordered:
        value = getattr(contacts, channel.field)
        if value:
            lines.append(f"{channel.label}: {value}")
    return lines


def unpublished(contacts: ContactsPublic, asked: list[Channel]) -> list[str]:
    """Labels of the asked channels the unit has not published."""
    return [channel.label for channel in asked if not getattr(contacts, channel.field)]
