"""Pure rules that clean up extracted ``service`` entities (no rasa import).

DIET sometimes tags a stray word as a service ("aye", "kartu") or splits one name
into two entities ("surat" + "pindah"). Services are a closed set (the knowledge
base ids), so after synonym mapping every ``service`` entity must either carry a
known id or be resolvable to one through the alias index; anything else is noise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["alias_key", "build_alias_index", "resolve_service_entities"]

_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_SUFFIXES = ("nya", "ny", "ku", "mu")


def alias_key(mention: str) -> str:
    """Reduce a service mention to a comparison key.

    Lowercases, drops everything but letters and digits, and strips a possessive
    suffix (``e-KTP nya`` -> ``ektp``, ``akte-nya`` -> ``akte``).

    Args:
        mention: The entity text or alias.

    Returns:
        The key; empty when nothing alphanumeric is left.
    """
    key = _NON_ALNUM_RE.sub("", mention.lower())
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            return key[: -len(suffix)]
    return key


def build_alias_index(
    known_ids: Iterable[str], aliases: Mapping[str, str]
) -> dict[str, str]:
    """Build the alias-key -> service-id index.

    Args:
        known_ids: The service ids.
        aliases: Surface form -> value pairs (e.g. entity synonyms); pairs whose value
            is not a known id are ignored.

    Returns:
        A mapping from :func:`alias_key` of every id and alias to its id.
    """
    ids = set(known_ids)
    index = {alias_key(service_id): service_id for service_id in ids}
    for surface, value in aliases.items():
        key = alias_key(surface)
        if value in ids and key:
            index.setdefault(key, value)
    return index


def _resolve(mention: str, value: Any, known_ids: set[str], index: Mapping[str, str]) -> str | None:
    """The service id for an entity, or None when it is noise."""
    if str(value) in known_ids:
        return str(value)
    return index.get(alias_key(mention)) or index.get(alias_key(str(value)))


def resolve_service_entities(
    entities: list[dict[str, Any]],
    text: str,
    known_ids: Iterable[str],
    alias_index: Mapping[str, str],
    *,
    entity_name: str = "service",
) -> list[dict[str, Any]]:
    """Keep only service entities that resolve to a known id.

    Two service entities separated by at most one character are first tried as one
    mention ("surat" + "pindah" -> ``pindah_domisili``). Entities of other types are
    returned unchanged, in order.

    Args:
        entities: Rasa entity dicts (``entity``, ``start``, ``end``, ``value`` ...).
        text: The message text the offsets refer to.
        known_ids: The valid service ids.
        alias_index: Output of :func:`build_alias_index`.
        entity_name: The entity type to clean.

    Returns:
        A new list of entity dicts; resolved service entities get the id as ``value``.
    """
    ids = set(known_ids)
    result: list[dict[str, Any]] = []
    ordered = sorted(entities, key=lambda e: (e.get("start", 0), e.get("end", 0)))
    index = 0
    while index < len(ordered):
        entity = ordered[index]
        if entity.get("entity") != entity_name:
            result.append(entity)
            index += 1
            continue
        nxt = ordered[index + 1] if index + 1 < len(ordered) else None
        if (
            nxt is not None
            and nxt.get("entity") == entity_name
            and 0 <= nxt["start"] - entity["end"] <= 1
        ):
            mention = text[entity["start"] : nxt["end"]]
            merged_id = _resolve(mention, mention, ids, alias_index)
            if merged_id is not None:
                result.append({**entity, "end": nxt["end"], "value": merged_id})
                index += 2
                continue
        mention = text[entity.get("start", 0) : entity.get("end", 0)]
        service_id = _resolve(mention, entity.get("value", mention), ids, alias_index)
        if service_id is not None:
            result.append({**entity, "value": service_id})
        index += 1
    return result
