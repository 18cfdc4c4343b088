"""Pure rules that clean up extracted ``service`` entities (no rasa import).

DIET sometimes tags a stray word as a service ("aye", "kartu") or splits one name
into two entities ("surat" + "pindah"). Services are a closed set (the knowledge
base ids), so after synonym mapping every ``service`` entity must either carry a
known id or be resolvable to one through the alias index; anything else is noise.

DIET also misses names it has seen only as knowledge-base aliases, never inside a
training sentence ("jamsostek", "kua", "m-paspor"), or tags only the first word of a
longer name ("ktp" of "ktp anak", which is the KIA); :func:`find_service_mentions`
finds the names in the text itself, and :func:`prefer_longer_mentions` lets a longer
name win over the part of it DIET tagged. A second name that only qualifies the first
("balik nama *stnk*", "pindah faskes *bpjs*") is not a second service:
:func:`drop_qualifying_mentions` removes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from tanya_nlu.text_normalization import split_words

__all__ = [
    "alias_key",
    "alias_words_by_service",
    "build_alias_index",
    "drop_qualifying_mentions",
    "find_service_mentions",
    "prefer_longer_mentions",
    "resolve_service_entities",
]

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


def build_alias_index(known_ids: Iterable[str], aliases: Mapping[str, str]) -> dict[str, str]:
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


def find_service_mentions(
    text: str,
    alias_index: Mapping[str, str],
    *,
    entity_name: str = "service",
    max_words: int = 5,
    extractor: str = "ServiceEntityResolver",
) -> list[dict[str, Any]]:
    """Service names written in a message, found by looking its words up as aliases.

    Every run of up to ``max_words`` words whose :func:`alias_key` is in the index is a
    candidate; the longest candidates are taken first (then the leftmost), and a
    candidate that overlaps one already taken is dropped: "daftar bpjs pekerja mandiri"
    is BPJS Ketenagakerjaan ("bpjs pekerja mandiri"), not BPJS Kesehatan ("daftar
    bpjs").

    Args:
        text: The message text.
        alias_index: Output of :func:`build_alias_index`.
        entity_name: The entity type of the returned entities.
        max_words: The longest alias, in words, that is looked for.
        extractor: The name recorded as the entities' extractor.

    Returns:
        Rasa entity dicts (``entity``, ``start``, ``end``, ``value``, ``extractor``) in
        text order, each with the service id as its value.

    Example:
        >>> find_service_mentions("mau daftarin jamsostek", {"jamsostek": "bpjs_tk"})[0]["value"]
        'bpjs_tk'
    """
    words = split_words(text)
    candidates: list[tuple[int, int, str]] = []  # (first word, word count, id)
    for first in range(len(words)):
        for length in range(1, min(max_words, len(words) - first) + 1):
            key = alias_key(text[words[first].start : words[first + length - 1].end])
            if key in alias_index:
                candidates.append((first, length, alias_index[key]))
    taken: set[int] = set()
    chosen: list[tuple[int, int, str]] = []
    for first, length, service_id in sorted(candidates, key=lambda c: (-c[1], c[0])):
        span = set(range(first, first + length))
        if not span & taken:
            taken |= span
            chosen.append((first, length, service_id))
    return [
        {
            "entity": entity_name,
            "start": words[first].start,
            "end": words[first + length - 1].end,
            "value": service_id,
            "extractor": extractor,
        }
        for first, length, service_id in sorted(chosen)
    ]


def prefer_longer_mentions(
    entities: list[dict[str, Any]],
    mentions: list[dict[str, Any]],
    *,
    entity_name: str = "service",
) -> list[dict[str, Any]]:
    """Replace each service entity by a longer alias mention that contains it.

    "ktp anak" is the KIA, not the KTP: when DIET tags only "ktp", the mention found by
    :func:`find_service_mentions` over "ktp anak" covers it and wins. Entities of other
    types, and service entities no longer mention of another service covers ("bikin
    ktp" is the KTP too, so DIET's "ktp" stays), are kept as they are.

    Args:
        entities: Resolved Rasa entity dicts (see :func:`resolve_service_entities`).
        mentions: Output of :func:`find_service_mentions` for the same text.
        entity_name: The entity type to repair.

    Returns:
        A new list of entity dicts, in the order of ``entities``; a mention that covers
        two entities replaces the first and drops the second.
    """
    result: list[dict[str, Any]] = []
    used: set[int] = set()
    for entity in entities:
        if entity.get("entity") != entity_name:
            result.append(entity)
            continue
        start, end = entity.get("start", 0), entity.get("end", 0)
        cover = next(
            (
                number
                for number, mention in enumerate(mentions)
                if mention["start"] <= start
                and mention["end"] >= end
                and mention["end"] - mention["start"] > end - start
                and mention["value"] != entity.get("value")
            ),
            None,
        )
        if cover is None:
            result.append(entity)
        elif cover not in used:
            used.add(cover)
            mention = mentions[cover]
            result.append(
                {
                    **entity,
                    "start": mention["start"],
                    "end": mention["end"],
                    "value": mention["value"],
                }
            )
    return result


# Words that join two services a citizen asks about together ("ktp dan kk", "stnk
# sekalian balik nama"): mentions with one of these between them are both kept.
_JOINING_WORDS = frozenset(
    {
        "dan",
        "atau",
        "serta",
        "sama",
        "ama",
        "sekalian",
        "juga",
        "plus",
        "lalu",
        "terus",
        "kemudian",
        "trus",
        "sm",
        "dn",
        "ataupun",
        "maupun",
    }
)
_JOINING_MARKS_RE = re.compile(r"[,;&+]")


def alias_words_by_service(
    aliases: Mapping[str, str], known_ids: Iterable[str]
) -> dict[str, list[str]]:
    """The lowercased words of every alias of each service (for :func:`drop_qualifying_mentions`).

    Args:
        aliases: Surface form -> service id pairs (entity synonyms); pairs whose value is
            not a known id are ignored.
        known_ids: The service ids.

    Returns:
        Service id -> sorted list of distinct words of its aliases.
    """
    ids = set(known_ids)
    words: dict[str, set[str]] = {}
    for surface, value in aliases.items():
        if value in ids:
            words.setdefault(value, set()).update(w.text.lower() for w in split_words(surface))
    return {service_id: sorted(found) for service_id, found in words.items()}


def drop_qualifying_mentions(
    entities: list[dict[str, Any]],
    text: str,
    alias_words: Mapping[str, Iterable[str]],
    *,
    entity_name: str = "service",
    max_gap_words: int = 3,
) -> list[dict[str, Any]]:
    """Drop a service mention that only qualifies another service named next to it.

    "balik nama stnk" is the transfer of ownership (``balik_nama_kendaraan``), not the
    vehicle tax that "stnk" alone names, and "bpjs saya mau pindah faskes" is the change
    of health facility, not BPJS registration. A mention is dropped when every word of
    it is a word of an alias of another service mentioned at most ``max_gap_words``
    words away ("ganti nama stnk", "ganti klinik bpjs"), with no joining word ("dan",
    "sekalian", a comma ...) between them: "syarat ktp dan ktp anak" keeps both.

    Args:
        entities: Resolved Rasa entity dicts, values being service ids.
        text: The message text the offsets refer to.
        alias_words: Output of :func:`alias_words_by_service`.
        entity_name: The entity type to clean.
        max_gap_words: The most words between the two mentions.

    Returns:
        A new list without the qualifying mentions; other entities are kept in order.
    """
    services = [e for e in entities if e.get("entity") == entity_name]
    if len({e.get("value") for e in services}) < 2:
        return entities
    dropped: set[int] = set()
    for qualifier in services:
        mention_words = {
            w.text.lower() for w in split_words(text[qualifier["start"] : qualifier["end"]])
        }
        if not mention_words:
            continue
        for main in services:
            if (
                main is qualifier
                or id(main) in dropped
                or main.get("value") == qualifier.get("value")
            ):
                continue
            if not mention_words.issubset(alias_words.get(str(main.get("value")), ())):
                continue
            first, second = sorted((main, qualifier), key=lambda e: e["start"])
            between = text[first["end"] : second["start"]]
            gap = [w.text.lower() for w in split_words(between)]
            if (
                len(gap) <= max_gap_words
                and not _JOINING_MARKS_RE.search(between)
                and not (set(gap) & _JOINING_WORDS)
            ):
                dropped.add(id(qualifier))
                break
    return [e for e in entities if id(e) not in dropped]
