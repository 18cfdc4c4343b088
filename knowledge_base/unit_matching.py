"""Which service unit a citizen names ("kantor dukcapil", "imigrasi", "samsat").

A question about hours, an address or facilities often names the office, not a service:
"dukcapil buka jam berapa?". The unit's terms are its id, its short name (``singkatan``)
and its aliases (``alias``), written by the service unit in ``units/<unit>.yaml``; its
full name counts for a mention too. Matching is by whole words after
:func:`knowledge_base.matching.normalize`, so it stays predictable: a mention names a
unit when every one of its words (less generic ones like "kantor") is among that unit's
words, and only when exactly one unit qualifies, or one of them has a term equal to the
mention. "MPP" (where several units have a counter) names none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from knowledge_base.matching import normalize
from knowledge_base.public import UnitPublic

__all__ = ["find_unit", "unit_in_text"]

#: Words that say "an office" without saying which.
_GENERIC = frozenset({"kantor", "dinas", "unit", "gerai", "tempat", "di", "ke", "nya"})


def _words(text: str) -> list[str]:
    return [w for w in normalize(text).split() if w not in _GENERIC]


def _terms(unit: UnitPublic) -> list[str]:
    """The unit's own names for itself: id, short name, aliases (normalised)."""
    raw = [unit.id.replace("_", " "), unit.short_name or "", *unit.aliases]
    return [" ".join(_words(t)) for t in raw if _words(t)]


def _vocabulary(unit: UnitPublic) -> set[str]:
    return {w for t in [*_terms(unit), unit.name] for w in _words(t)}


def find_unit(mention: str, units: Iterable[UnitPublic]) -> UnitPublic | None:
    """Return the one unit a mention (an extracted ``unit`` entity) names, else ``None``.

    Args:
        mention: The citizen's words for the office ("kantor dukcapil").
        units: Every unit of the knowledge base.

    Returns:
        The unit, or ``None`` when the mention names none or several.
    """
    words = _words(mention)
    if not words:
        return None
    key = " ".join(words)
    candidates = [u for u in units if set(words) <= _vocabulary(u)]
    exact = [u for u in candidates if key in _terms(u)]
    if len(exact) == 1:
        return exact[0]
    return candidates[0] if len(candidates) == 1 else None


def unit_in_text(text: str, units: Sequence[UnitPublic]) -> UnitPublic | None:
    """Return the one unit whose id, short name or alias appears in ``text`` as words.

    For messages where no ``unit`` entity was extracted: "samsat buka hari sabtu?".

    Args:
        text: The citizen's whole message.
        units: Every unit of the knowledge base.

    Returns:
        The unit, or ``None`` when no unit or more than one is named.
    """
    padded = f" {' '.join(_words(text))} "
    found = [u for u in units if any(f" {term} " in padded for term in _terms(u))]
    return found[0] if len(found) == 1 else None
