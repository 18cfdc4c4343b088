"""Clarifying an ambiguous question: offer the two likeliest intents as buttons.

``FallbackClassifier`` (nlu/config.yml) turns a message into ``nlu_fallback`` when the
classifier is unsure, but it keeps the classifier's ranking behind the ``nlu_fallback``
entry of ``intent_ranking``. When the two best intents there are close ("syarat atau
biaya ktp?"), guessing one would answer the wrong question half of the time, so the
fallback action offers both as buttons instead ("Persyaratan KTP-el" / "Biaya KTP-el").
A button's payload repeats the intent with the message's ``service`` (and ``variant``)
entities, e.g. ``/ask_cost{"service":"ktp_el"}``, so pressing it answers directly.

The logic is in plain functions; :class:`actions.handoff.ActionFallback` calls
:func:`offer_clarification` before its own "not understood" answer.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from actions.constants import CLARIFY_MAX_GAP
from knowledge_base import KnowledgeBaseError

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from knowledge_base import KnowledgeBaseRepository

logger = logging.getLogger(__name__)

FALLBACK_INTENT = "nlu_fallback"

#: Intents a button can stand for: title with a service ("Biaya KTP-el"), and without.
#: Small talk, ``inform`` and ``out_of_scope`` are left out: "Did you mean 'hello'?" helps
#: nobody, and those answers do not need a second try.
INTENT_TITLES: Mapping[str, tuple[str, str]] = {
    "ask_requirements": ("Persyaratan {service}", "Persyaratan layanan"),
    "ask_procedure": ("Cara mengurus {service}", "Cara mengurus layanan"),
    "ask_duration": ("Lama proses {service}", "Lama proses layanan"),
    "ask_cost": ("Biaya {service}", "Biaya layanan"),
    "ask_location": ("Lokasi layanan {service}", "Lokasi kantor layanan"),
    "ask_hours": ("Jam layanan {service}", "Jam buka kantor layanan"),
    "ask_accessibility": (
        "Fasilitas disabilitas & lansia: {service}",
        "Fasilitas untuk disabilitas & lansia",
    ),
    "ask_legal_basis": ("Dasar hukum {service}", "Dasar hukum layanan"),
    "ask_product": ("Hasil layanan {service}", "Hasil/produk layanan"),
    "ask_online_service": ("Pengajuan online {service}", "Pengajuan secara online"),
    "ask_contact": ("Kontak kantor {service}", "Kontak kantor layanan"),
    "ask_representation": ("Bisa diwakilkan? {service}", "Bisa diwakilkan atau tidak"),
    "list_services": ("Daftar semua layanan", "Daftar semua layanan"),
    "check_status": ("Cek status permohonan", "Cek status permohonan"),
    "file_complaint": ("Sampaikan pengaduan", "Sampaikan pengaduan"),
    "check_complaint_status": ("Cek status pengaduan", "Cek status pengaduan"),
    "request_human": ("Bicara dengan petugas", "Bicara dengan petugas"),
}

#: Entities a button carries over from the message into its payload.
CARRIED_ENTITIES = ("service", "variant")

_TRAILING_ABBREVIATION_RE = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[^()]+)\)\s*$")


@dataclass(frozen=True, slots=True)
class IntentCandidate:
    """One intent of the classifier's ranking."""

    name: str
    confidence: float


def ranked_candidates(parse_data: Mapping[str, Any]) -> list[IntentCandidate]:
    """The classifier's own ranking, without the ``nlu_fallback`` entry.

    Args:
        parse_data: The latest message's parse data (``intent_ranking``).

    Returns:
        The intents, best first.
    """
    ranking = parse_data.get("intent_ranking") or []
    return [
        IntentCandidate(str(item["name"]), float(item.get("confidence") or 0.0))
        for item in ranking
        if isinstance(item, Mapping) and item.get("name") and item["name"] != FALLBACK_INTENT
    ]


def clarifiable_intents(
    parse_data: Mapping[str, Any], max_gap: float = CLARIFY_MAX_GAP
) -> list[str]:
    """The intents worth offering as buttons, or none when the top two are not close.

    Args:
        parse_data: The latest message's parse data.
        max_gap: The largest confidence gap between the top two that counts as close
            (FallbackClassifier's ``ambiguity_threshold``).

    Returns:
        Zero, one or two intent names, best first, each with a title in
        :data:`INTENT_TITLES`.
    """
    ranking = ranked_candidates(parse_data)
    if len(ranking) < 2 or ranking[0].confidence - ranking[1].confidence >= max_gap:
        return []
    return [c.name for c in ranking[:2] if c.name in INTENT_TITLES]


def short_service_name(name: str) -> str:
    """A service name short enough for a button.

    ``Kartu Tanda Penduduk Elektronik (KTP-el)`` -> ``KTP-el``; a trailing parenthesis
    that is not an abbreviation (``Akta Perkawinan (bagi non-Muslim)``) is dropped instead.

    Args:
        name: The service's name in the knowledge base.

    Returns:
        The short name.
    """
    match = _TRAILING_ABBREVIATION_RE.match(name)
    if match is None:
        return name
    short = match.group("short").strip()
    return short if short[:1].isupper() else match.group("long").strip()


def intent_payload(intent: str, entities: Mapping[str, str]) -> str:
    """The payload that asks ``intent`` again with these entities.

    Args:
        intent: The intent name.
        entities: Entity name -> value.

    Returns:
        ``/intent`` or ``/intent{"service":"ktp_el"}``.
    """
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(dict(entities), separators=(',', ':'))}"


def carried_entities(parse_data: Mapping[str, Any]) -> dict[str, str]:
    """The message's ``service``/``variant`` values a button should keep (first of each).

    Args:
        parse_data: The latest message's parse data.

    Returns:
        Entity name -> value.
    """
    carried: dict[str, str] = {}
    for item in parse_data.get("entities") or []:
        name = item.get("entity")
        if name in CARRIED_ENTITIES and name not in carried and item.get("value"):
            carried[name] = str(item["value"])
    return carried


def clarification_buttons(
    intents: Sequence[str], entities: Mapping[str, str], service_name: str | None
) -> list[dict[str, str]]:
    """Buttons with natural titles and payloads that keep the entities.

    Args:
        intents: The intents to offer (see :func:`clarifiable_intents`).
        entities: The entities to carry (see :func:`carried_entities`).
        service_name: The short name of the service in ``entities``, if known.

    Returns:
        ``{"title", "payload"}`` dicts, one per intent.
    """
    buttons = []
    for intent in intents:
        with_service, without_service = INTENT_TITLES[intent]
        title = with_service.format(service=service_name) if service_name else without_service
        buttons.append({"title": title, "payload": intent_payload(intent, entities)})
    return buttons


async def offer_clarification(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    repository: KnowledgeBaseRepository,
    max_gap: float = CLARIFY_MAX_GAP,
) -> bool:
    """Offer the two likeliest intents as buttons when the latest message is ambiguous.

    Args:
        dispatcher: Where to utter.
        tracker: The conversation (its latest message's ranking and entities).
        repository: The knowledge base (the service's name for the titles).
        max_gap: See :func:`clarifiable_intents`.

    Returns:
        Whether buttons were offered; if not, nothing was uttered.
    """
    parse_data = tracker.latest_message or {}
    intents = clarifiable_intents(parse_data, max_gap)
    if not intents:
        return False
    entities = carried_entities(parse_data)
    if "service" not in entities and tracker.get_slot("service"):
        # A follow-up ("kalau biayanya?") is about the service in focus.
        entities = {"service": str(tracker.get_slot("service")), **entities}
    service_name = None
    if "service" in entities:
        try:
            service = await repository.get_service(entities["service"])
        except KnowledgeBaseError:
            # Keep the payload; the answer will say if the knowledge base is down.
            logger.warning("clarification: knowledge base unavailable", exc_info=True)
        else:
            if service is None:
                # An id the knowledge base does not know would only lead to a dead end.
                entities.pop("service")
                entities.pop("variant", None)
            else:
                service_name = short_service_name(service.name)
    dispatcher.utter_message(
        response="utter_clarify_intent",
        buttons=clarification_buttons(intents, entities, service_name),
    )
    logger.info("Offered %d clarification button(s): %s", len(intents), ", ".join(intents))
    return True
