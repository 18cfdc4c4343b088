"""Which service (and variant) a turn is about: entity, free text, or the one in focus.

Internal to the answer actions. The rules, in order:

1. A ``service`` entity in the latest message names the service (a knowledge-base id
   after Rasa's synonyms, else resolved fuzzily here). Naming another service switches
   the focus and forgets the variant.
2. Without an entity, the latest text is searched: an exact name or alias switches too.
3. Otherwise the ``service`` slot, the service in focus, answers follow-up questions.
4. Nothing in focus: several fuzzy candidates → buttons; none → the service is unknown.

The variant comes from the ``variant`` entity, an alias in the text ("KTP saya hilang"),
or the ``variant`` slot while the service stays the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rasa_sdk import Tracker

if TYPE_CHECKING:
    from knowledge_base import KnowledgeBaseRepository, ServiceMatch, ServicePublic, UnitPublic

# An n-gram that equals a name or alias scores 100; only such a hit switches the focus
# without an entity, so that "terus berapa lama jadinya?" never switches by accident.
_EXACT = 100.0
# Without anything in focus, a clear fuzzy winner ("pasport") is taken without asking.
_CLEAR_WINNER = 88.0
_CLEAR_MARGIN = 5.0
# Fuzzy candidates below this are noise ("izin tambang" ≈ "izin bangunan" at 72).
_MIN_CANDIDATE = 75.0


@dataclass(frozen=True, slots=True)
class ServiceFocus:
    """The outcome of resolving a turn's service.

    Attributes:
        service: The service to answer for, if one was found.
        variant_id: Its variant, if known.
        candidates: When unclear: the best matches, to offer as buttons.
        unknown_mention: When the citizen named something that is not in the knowledge base.
    """

    service: ServicePublic | None = None
    variant_id: str | None = None
    candidates: list[ServiceMatch] = field(default_factory=list)
    unknown_mention: str | None = None
    #: The service came from the ``service`` slot (an earlier turn), not this message.
    from_slot: bool = False


def _latest_entity(tracker: Tracker, name: str) -> str | None:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value) if value else None


def _valid_variant(service: ServicePublic, variant_id: str | None) -> str | None:
    if variant_id and service.get_variant(variant_id) is not None:
        return variant_id
    return None


async def _word_candidates(
    mention: str, repository: KnowledgeBaseRepository, limit: int = 3
) -> list[ServiceMatch]:
    """Services whose name contains every word of a vague mention ("akta" → three akta)."""
    from knowledge_base import ServiceMatch, normalize

    words = normalize(mention).split()
    if not words:
        return []
    found = [
        ServiceMatch(service_id=s.id, name=s.name, score=_MIN_CANDIDATE, matched=mention)
        for s in await repository.list_services()
        if set(words) <= set(normalize(s.name).split())
    ]
    return found[:limit] if len(found) > 1 else []


def _clear_winner(matches: list[ServiceMatch]) -> bool:
    best = matches[0].score
    return best >= _CLEAR_WINNER and (len(matches) == 1 or matches[1].score < best - _CLEAR_MARGIN)


async def resolve_focus(tracker: Tracker, repository: KnowledgeBaseRepository) -> ServiceFocus:
    """Resolve the service and variant of the latest message.

    Args:
        tracker: The conversation.
        repository: The knowledge base.

    Returns:
        The focus; exactly one of ``service``, ``candidates``, ``unknown_mention`` is set,
        or none of them when the citizen named no service and none is in focus.

    Raises:
        KnowledgeBaseError: The knowledge base could not be read.
    """
    text = str(tracker.latest_message.get("text") or "")
    mention = _latest_entity(tracker, "service")
    variant_entity = _latest_entity(tracker, "variant")
    in_focus = tracker.get_slot("service")
    matches: list[ServiceMatch] = []
    service: ServicePublic | None = None
    text_variant: str | None = None

    if mention:
        service = await repository.get_service(mention)
        if service is None:
            match = await repository.resolve_service(mention)
            if match is not None:
                service = await repository.get_service(match.service_id)
                text_variant = match.variant_id
        if service is None:
            matches = [
                m for m in await repository.search_services(mention) if m.score >= _MIN_CANDIDATE
            ] or await _word_candidates(mention, repository)
            if not matches:
                return ServiceFocus(unknown_mention=mention)
            return ServiceFocus(candidates=matches)
    if text and not text.startswith("/"):
        matches = [m for m in await repository.search_services(text) if m.score >= _MIN_CANDIDATE]
        if service is None and matches and matches[0].score >= _EXACT:
            service = await repository.get_service(matches[0].service_id)
        if service is not None:
            text_variant = text_variant or next(
                (m.variant_id for m in matches if m.service_id == service.id), None
            )
    if service is None and in_focus:
        service = await repository.get_service(str(in_focus))
        if service is not None:
            variant = _valid_variant(service, variant_entity) or _valid_variant(
                service, text_variant
            )
            kept = _valid_variant(service, tracker.get_slot("variant"))
            return ServiceFocus(service=service, variant_id=variant or kept, from_slot=True)
    if service is None and matches and _clear_winner(matches):
        service = await repository.get_service(matches[0].service_id)
        text_variant = matches[0].variant_id
    if service is None:
        return ServiceFocus(candidates=matches)
    variant = _valid_variant(service, variant_entity) or _valid_variant(service, text_variant)
    if variant is None and service.id == in_focus:
        variant = _valid_variant(service, tracker.get_slot("variant"))
    return ServiceFocus(service=service, variant_id=variant)


def mentioned_unit(tracker: Tracker, units: list[UnitPublic]) -> UnitPublic | None:
    """The one unit the latest message names (its ``unit`` entity, or a unit's name in it).

    Args:
        tracker: The conversation.
        units: Every unit of the knowledge base.

    Returns:
        The unit, or ``None`` when the message names no single unit.
    """
    from knowledge_base import find_unit, unit_in_text

    mention = _latest_entity(tracker, "unit")
    text = str(tracker.latest_message.get("text") or "")
    unit = find_unit(mention, units) if mention else None
    if unit is None and not text.startswith("/"):
        unit = unit_in_text(text, units)
    return unit


def unit_in_focus(tracker: Tracker, units: list[UnitPublic]) -> UnitPublic | None:
    """The office of the previous answer about an office (the ``unit`` slot), if any."""
    in_focus = tracker.get_slot("unit")
    return next((u for u in units if u.id == in_focus), None)


async def named_unit(
    tracker: Tracker, repository: KnowledgeBaseRepository, focus: ServiceFocus
) -> UnitPublic | None:
    """The service unit the latest message asks about instead of a service, if any.

    "dukcapil buka jam berapa?" names an office: its ``unit`` entity (or, without one, a
    unit's id, short name or alias in the text) decides, unless this message also named
    a service, or the service in focus is given by that same unit (its own answer is the
    more precise one). A follow-up that names nothing ("alamatnya di mana?") is about
    the ``unit`` slot, the office of the previous answer, when no service is in focus.

    Args:
        tracker: The conversation.
        repository: The knowledge base.
        focus: The service resolution of the same message.

    Returns:
        The unit, or ``None`` when no single unit is named or a service answers better.

    Raises:
        KnowledgeBaseError: The knowledge base could not be read.
    """
    if focus.service is not None and not focus.from_slot:
        return None
    units = await repository.list_units()
    unit = mentioned_unit(tracker, units)
    if unit is None and focus.service is None and not _latest_entity(tracker, "service"):
        # No service named or in focus (loose fuzzy candidates from the text aside, as in
        # "ada kursi roda?"): a follow-up about the office in focus.
        unit = unit_in_focus(tracker, units)
    if unit is None or (focus.service is not None and focus.service.unit.id == unit.id):
        return None
    return unit
