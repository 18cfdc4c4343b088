"""Pure text normalisation for informal Indonesian citizen messages.

This module must not import rasa: the app environment (Python 3.11) tests it and
the Rasa environment (Python 3.10) uses it inside ``IndonesianWhitespaceTokenizer``.

The normalisation is deliberately conservative. It

* maps slang, abbreviations and regional words to standard Indonesian through a
  lexicon (``lexicon/slang_id.tsv``), e.g. ``udh`` -> ``sudah``, ``gmn`` -> ``bagaimana``;
* squeezes letters repeated for emphasis (``pagiii`` -> ``pagi``) while keeping
  legitimate double letters (``maaf``, ``saat``);
* splits a number glued to a unit (``3mgg`` -> ``3 minggu``);
* separates punctuation from words without breaking ids such as ``e-ktp``,
  ``DUK-2026-000101``, ``Rp50.000`` or ``08:00``.

Character offsets matter to entity extraction, so :func:`split_words` reports each
word with its position in the original text, and the tokenizer keeps those positions
while replacing only the token text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "DEFAULT_LEXICON_PATH",
    "WordSpan",
    "load_lexicon",
    "normalize_text",
    "normalize_word",
    "separate_punctuation",
    "split_number_unit",
    "split_words",
    "squeeze_repeated_letters",
]

DEFAULT_LEXICON_PATH = Path(__file__).resolve().parent / "lexicon" / "slang_id.tsv"

# Words whose double letters are legitimate; squeezing stops at two letters for them.
_DOUBLE_LETTER_WORDS = frozenset(
    {
        "maaf", "saat", "taat", "jumaat", "sapaan", "keberadaan", "kesaatan",
        "tanggal", "tinggal", "ketinggalan", "minggu", "tunggu", "menunggu",
        "anggota", "sanggup", "tanggung", "tanggungan", "panggil", "mall", "hallo",
        "kk", "ttd", "assalamualaikum", "alhamdulillah", "insyaallah", "allah",
        "sallallahu", "good", "free", "week", "see", "too",
    }
)

# Units that may be glued to a number ("3mgg", "2hari", "50rb").
_UNIT_WORDS = {
    "mgg": "minggu",
    "mggu": "minggu",
    "minggu": "minggu",
    "hr": "hari",
    "hari": "hari",
    "bln": "bulan",
    "bulan": "bulan",
    "thn": "tahun",
    "th": "tahun",
    "tahun": "tahun",
    "jam": "jam",
    "jm": "jam",
    "menit": "menit",
    "mnt": "menit",
    "rb": "ribu",
    "ribu": "ribu",
    "rbu": "ribu",
    "k": "ribu",
    "jt": "juta",
    "juta": "juta",
    "x": "kali",
    "kali": "kali",
}

_REPEAT_RE = re.compile(r"([a-z])\1{2,}", re.IGNORECASE)
_NUMBER_UNIT_RE = re.compile(r"^(\d+(?:[.,]\d+)?)([a-z]+)$", re.IGNORECASE)
_REDUPLICATION_RE = re.compile(r"^([a-z]{3,})2$", re.IGNORECASE)
# A word: letters/digits, optionally joined by inner - . : / ' @ & (e-ktp, 08:00,
# DUK-2026-000101, Rp50.000, ke-2). Everything else is punctuation or space.
_WORD_RE = re.compile(r"[\w@&#]+(?:[-.:'’/@&][\w@&#]+)*", re.UNICODE)
# A slash or dot between two letter groups separates words ("ktp/kk", "ktp.kk").
_LETTER_SLASH_RE = re.compile(r"(?<=[^\W\d_])[/.](?=[^\W\d_])")


class WordSpan(NamedTuple):
    """A word found in a text, with its character offsets in that text."""

    text: str
    start: int
    end: int


def load_lexicon(path: Path | str | None = None) -> dict[str, str]:
    """Load a slang lexicon from a TSV file.

    Lines starting with ``#`` and blank lines are ignored. Keys are lowercased.

    Args:
        path: The TSV file; the bundled ``lexicon/slang_id.tsv`` when ``None``.

    Returns:
        A mapping from lowercased slang word to its standard form.

    Raises:
        ValueError: If a line has no tab-separated standard form.
    """
    return dict(_load_lexicon_cached(str(Path(path or DEFAULT_LEXICON_PATH).resolve())))


@lru_cache(maxsize=8)
def _load_lexicon_cached(path: str) -> tuple[tuple[str, str], ...]:
    """Parse a lexicon file once per process."""
    entries: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
                raise ValueError(f"{path}:{number}: expected '<slang>\\t<standard>'")
            entries[parts[0].strip().lower()] = parts[1].strip()
    return tuple(entries.items())


def split_words(text: str) -> list[WordSpan]:
    """Split a text into words, dropping punctuation, keeping original offsets.

    Hyphens, dots, colons and slashes inside a word are kept (``e-ktp``,
    ``DUK-2026-000101``, ``08:00``, ``12/05/2026``), but a slash or dot between two
    letter groups splits them (``ktp/kk`` -> ``ktp``, ``kk``).

    Args:
        text: The raw message text.

    Returns:
        The words with their ``start``/``end`` character offsets in ``text``.
    """
    spans: list[WordSpan] = []
    for match in _WORD_RE.finditer(text):
        word, offset = match.group(0), match.start()
        cursor = 0
        for sep in _LETTER_SLASH_RE.finditer(word):
            # Keep abbreviations with dots between single letters ("a.n", "s.d").
            if sep.group(0) == "." and (sep.start() - cursor == 1):
                continue
            piece = word[cursor : sep.start()]
            if piece:
                spans.append(WordSpan(piece, offset + cursor, offset + sep.start()))
            cursor = sep.end()
        piece = word[cursor:]
        if piece:
            spans.append(WordSpan(piece, offset + cursor, offset + len(word)))
    return spans


def separate_punctuation(text: str) -> str:
    """Put single spaces between words and drop free-standing punctuation.

    Args:
        text: The raw message text.

    Returns:
        The words of ``text`` (see :func:`split_words`) joined by single spaces.
    """
    return " ".join(span.text for span in split_words(text))


def squeeze_repeated_letters(word: str, known_words: frozenset[str] | None = None) -> str:
    """Collapse letters repeated three or more times for emphasis.

    ``pagiii`` becomes ``pagi`` and ``tolonggg`` becomes ``tolong``. A run is
    shortened to two letters instead of one when that yields a known word
    (``maaaaf`` -> ``maaf``). Runs of two are never touched.

    Args:
        word: A single word.
        known_words: Lowercased words whose double letters are legitimate; a built-in
            list when ``None``.

    Returns:
        The word with emphatic repetitions removed, in its original case.
    """
    if not _REPEAT_RE.search(word):
        return word
    known = _DOUBLE_LETTER_WORDS if known_words is None else known_words
    runs = list(_REPEAT_RE.finditer(word))
    # Try every one-or-two-letter choice per run (few runs in practice, capped at 4).
    for mask in range(1, 2 ** min(len(runs), 4)):
        candidate = word
        for index, run in reversed(list(enumerate(runs))):
            keep = 2 if index < 4 and mask >> index & 1 else 1
            candidate = candidate[: run.start()] + run.group(1) * keep + candidate[run.end() :]
        if candidate.lower() in known:
            return candidate
    return _REPEAT_RE.sub(lambda m: m.group(1), word)


def split_number_unit(word: str) -> str:
    """Separate a number glued to a unit word.

    Args:
        word: A single word, e.g. ``3mgg`` or ``50rb``.

    Returns:
        ``"3 minggu"``, ``"50 ribu"``; the word unchanged when it is not a number
        followed by a known unit.
    """
    match = _NUMBER_UNIT_RE.match(word)
    if not match:
        return word
    unit = _UNIT_WORDS.get(match.group(2).lower())
    if unit is None:
        return word
    return f"{match.group(1)} {unit}"


def _match_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``original`` (UPPER, Title, lower)."""
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def normalize_word(
    word: str,
    lexicon: Mapping[str, str] | None = None,
    *,
    lowercase: bool = True,
) -> str:
    """Normalise one word (no spaces, no free punctuation).

    Steps: squeeze emphatic repetitions, split a number glued to a unit, expand
    ``kata2`` reduplication, look the word up in the lexicon (also without a ``-nya``
    suffix: ``ngurusnya`` -> ``mengurusnya``).

    Args:
        word: The word to normalise.
        lexicon: Slang mapping with lowercased keys; the bundled lexicon when ``None``.
        lowercase: Lowercase the result. When ``False`` the result keeps the case
            pattern of ``word`` (``UDH`` -> ``SUDAH``, ``Gmn`` -> ``Bagaimana``).

    Returns:
        The normalised form; it may contain a space (``dmn`` -> ``di mana``).
    """
    if not word:
        return word
    lex = load_lexicon() if lexicon is None else lexicon
    squeezed = squeeze_repeated_letters(word)
    lowered = squeezed.lower()

    result: str | None = None
    if lowered in lex:
        result = lex[lowered]
    elif (unit_split := split_number_unit(lowered)) != lowered:
        result = unit_split
    elif match := _REDUPLICATION_RE.match(lowered):
        stem = lex.get(match.group(1), match.group(1))
        result = f"{stem}-{stem}" if " " not in stem else stem
    elif lowered.endswith("nya") and len(lowered) > 6 and lowered[:-3] in lex:
        stem = lex[lowered[:-3]]
        result = stem + "nya" if " " not in stem else lowered
    if result is None:
        return lowered if lowercase else squeezed
    return result.lower() if lowercase else _match_case(squeezed, result)


def normalize_text(
    text: str,
    lexicon: Mapping[str, str] | None = None,
    *,
    lowercase: bool = True,
) -> str:
    """Normalise a whole message.

    Args:
        text: The raw message.
        lexicon: Slang mapping with lowercased keys; the bundled lexicon when ``None``.
        lowercase: Lowercase the result; when ``False`` each word keeps its case
            pattern.

    Returns:
        The normalised words joined by single spaces, punctuation removed.

    Example:
        >>> normalize_text("udh 3mgg blm jadi e-ktp nya??")
        'sudah 3 minggu belum jadi e-ktp nya'
    """
    lex = load_lexicon() if lexicon is None else lexicon
    return " ".join(
        normalize_word(span.text, lex, lowercase=lowercase) for span in split_words(text)
    )
