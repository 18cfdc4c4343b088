"""Format checks and normalisation of what citizens type: numbers and second factors."""

from __future__ import annotations

import re
from datetime import date

AGENCY_PREFIXES: tuple[str, ...] = ("DPM", "DUK", "IMI", "POL")

_SEP = r"[\s._/-]*"
_NUMBER_RE = re.compile(
    rf"^({'|'.join(AGENCY_PREFIXES)}){_SEP}(\d{{4}}){_SEP}(\d{{6}})$", re.IGNORECASE
)
_LAST4_RE = re.compile(r"^\d{4}$")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY_DATE_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def normalize_application_number(text: str) -> str | None:
    """Bring an application number to its canonical form.

    Accepts any case and spaces, dots, slashes or no separator between the parts:
    ``"duk 2026 000101"`` and ``"DUK2026000101"`` both give ``"DUK-2026-000101"``.

    Args:
        text: The number as typed.

    Returns:
        ``PREFIX-YYYY-NNNNNN``, or None when ``text`` is not an application number.
    """
    match = _NUMBER_RE.match(text.strip())
    if match is None:
        return None
    prefix, year, serial = match.groups()
    return f"{prefix.upper()}-{year}-{serial}"


def is_valid_application_number(text: str) -> bool:
    """Tell whether ``text`` is an application number (see ``normalize_application_number``).

    Args:
        text: The number as typed.

    Returns:
        True when it has the ``PREFIX-YYYY-NNNNNN`` shape with a known agency prefix.
    """
    return normalize_application_number(text) is not None


def normalize_verification(text: str) -> str | None:
    """Bring a verification factor to the form the status service expects.

    Args:
        text: Last four NIK digits, or a date of birth as ``YYYY-MM-DD`` or
            ``DD-MM-YYYY`` (``/`` and ``.`` also accepted in the latter).

    Returns:
        The four digits, or the date as ``YYYY-MM-DD``; None when neither.
    """
    value = text.strip()
    if _LAST4_RE.match(value):
        return value
    if match := _ISO_DATE_RE.match(value):
        year, month, day = match.groups()
    elif match := _DMY_DATE_RE.match(value):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def is_valid_verification(text: str) -> bool:
    """Tell whether ``text`` is a usable second factor.

    Args:
        text: As typed by the citizen.

    Returns:
        True for four digits or a real calendar date (``YYYY-MM-DD`` or ``DD-MM-YYYY``).
    """
    return normalize_verification(text) is not None


def mask_application_number(number: str) -> str:
    """Mask an application number for logs.

    Args:
        number: e.g. ``DUK-2026-000101`` (any text is accepted).

    Returns:
        ``DUK-2026-****01`` for a valid number; for anything else every character
        but the last two becomes ``*``.
    """
    canonical = normalize_application_number(number)
    if canonical is None:
        value = number.strip()
        return "*" * max(len(value) - 2, 0) + value[-2:] if len(value) > 2 else "*" * len(value)
    head, serial = canonical.rsplit("-", 1)
    return f"{head}-****{serial[-2:]}"
