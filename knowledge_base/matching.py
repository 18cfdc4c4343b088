"""Fuzzy matching of citizens' words to services (rapidfuzz over names and aliases)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge_base.constants import DEFAULT_RESOLVE_THRESHOLD, DEFAULT_SEARCH_THRESHOLD
from knowledge_base.public import ServiceMatch

__all__ = ["AliasEntry", "AliasIndex", "normalize", "squash"]

_NON_WORD = re.compile(r"[^0-9a-z]+")
#: Aliases this short must match a whole word exactly ("kk", "sim", "imb").
_SHORT = 3
#: Shorter words are compared exactly too: one letter apart, two four-letter words are
#: often two words ("hari" and "haji", "data" and "dana"), not a typo.
_MIN_FUZZY = 5
_MAX_NGRAM = 5


def normalize(text: str) -> str:
    """Lowercase, strip accents and punctuation, collapse spaces ("E-KTP!" → "e ktp")."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub(" ", text.lower()).strip()


def squash(text: str) -> str:
    """Normalise and drop spaces, so "e ktp", "ektp" and "e-ktp" meet."""
    return normalize(text).replace(" ", "")


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One searchable term: a service (or variant) name or alias."""

    service_id: str
    service_name: str
    text: str
    variant_id: str | None = None


class AliasIndex:
    """In-memory index of every name and alias, built once per knowledge-base revision."""

    def __init__(self, entries: Iterable[AliasEntry], *, revision: int = 0) -> None:
        self.revision = revision
        self._service_entries: list[AliasEntry] = []
        self._exact: dict[str, AliasEntry] = {}
        self._names: dict[str, str] = {}
        self._variants: dict[str, list[tuple[str, str]]] = {}
        #: length → (terms, entries), so fuzzy matching skips hopeless lengths.
        self._by_length: dict[int, tuple[list[str], list[AliasEntry]]] = {}
        for entry in entries:
            norm = normalize(entry.text)
            if not norm:
                continue
            if entry.variant_id is None:
                self._service_entries.append(entry)
                self._names[entry.service_id] = entry.service_name
                self._exact.setdefault(norm, entry)
                self._exact.setdefault(norm.replace(" ", ""), entry)
                terms, owners = self._by_length.setdefault(len(norm), ([], []))
                terms.append(norm)
                owners.append(entry)
            else:
                self._variants.setdefault(entry.service_id, []).append((norm, entry.variant_id))

    def __len__(self) -> int:
        return len(self._service_entries)

    def _candidates(self, text: str) -> list[str]:
        """Word n-grams of the text (1 to 5 words)."""
        words = normalize(text).split()
        grams = {
            " ".join(words[i : i + n])
            for n in range(1, _MAX_NGRAM + 1)
            for i in range(len(words) - n + 1)
        }
        return sorted(grams)

    def _scores(self, text: str, threshold: float) -> dict[str, tuple[float, int, str]]:
        """Best (score, matched length, matched alias) per service id."""
        best: dict[str, tuple[float, int, str]] = {}

        def offer(entry: AliasEntry, score: float) -> None:
            key = (score, len(entry.text))
            current = best.get(entry.service_id)
            if current is None or key > current[:2]:
                best[entry.service_id] = (score, len(entry.text), entry.text)

        grams = self._candidates(text)
        for gram in grams:
            exact = self._exact.get(gram) or self._exact.get(gram.replace(" ", ""))
            if exact is not None:
                offer(exact, 100.0)
        keep = threshold / (200.0 - threshold)  # ratio >= t needs len(short)/len(long) >= keep
        for gram in grams:
            if len(gram) < _MIN_FUZZY:
                continue
            low, high = max(_MIN_FUZZY, int(len(gram) * keep)), int(len(gram) / keep) + 1
            for length in range(low, high + 1):
                bucket = self._by_length.get(length)
                if not bucket:
                    continue
                for _, score, col in process.extract(
                    gram, bucket[0], scorer=fuzz.ratio, score_cutoff=threshold, limit=None
                ):
                    offer(bucket[1][col], float(score))
        return best

    def _variant_for(self, service_id: str, text: str) -> str | None:
        grams = set(self._candidates(text))
        found: tuple[float, int, str] | None = None
        for norm, variant_id in self._variants.get(service_id, []):
            if norm in grams:
                score = 100.0
            elif len(norm) > _SHORT + 1:
                match = process.extractOne(norm, grams, scorer=fuzz.ratio, score_cutoff=90)
                score = match[1] if match else 0.0
            else:
                score = 0.0
            if score and (found is None or (score, len(norm)) > found[:2]):
                found = (score, len(norm), variant_id)
        return found[2] if found else None

    def search(
        self, text: str, *, limit: int = 3, threshold: float = DEFAULT_SEARCH_THRESHOLD
    ) -> list[ServiceMatch]:
        """Return the best ``limit`` services for a whole question, best first.

        Args:
            text: The citizen's text.
            limit: How many services at most.
            threshold: Minimum score (0-100).

        Returns:
            Matches, best first, at most one per service.
        """
        ranked = sorted(
            self._scores(text, threshold).items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0])
        )[:limit]
        return [
            ServiceMatch(
                service_id=service_id,
                name=self._names[service_id],
                score=round(score, 1),
                matched=matched,
                variant_id=self._variant_for(service_id, text),
            )
            for service_id, (score, _, matched) in ranked
        ]

    def resolve(
        self, mention: str, *, threshold: float = DEFAULT_RESOLVE_THRESHOLD
    ) -> ServiceMatch | None:
        """Return the one service a mention names, or ``None`` below ``threshold``.

        Args:
            mention: Free text naming a service ("e-ktp", "akte lahir", "pasport").
            threshold: Minimum score (0-100).

        Returns:
            The best match, or ``None``.
        """
        norm = normalize(mention)
        exact = self._exact.get(norm) or self._exact.get(norm.replace(" ", ""))
        if exact is not None:
            return ServiceMatch(
                service_id=exact.service_id,
                name=exact.service_name,
                score=100.0,
                matched=exact.text,
                variant_id=self._variant_for(exact.service_id, mention),
            )
        found = self.search(mention, limit=1, threshold=threshold)
        return found[0] if found else None
