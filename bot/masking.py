"""Masking of citizens' personal data (NIK, phone numbers, e-mail, application numbers).

Used for every log line that could carry citizen text and by the operator console, which
shows masked text unless an admin reveals it.
"""

from __future__ import annotations

import re

# A NIK is 16 digits; citizens type it with or without separators.
_NIK = re.compile(r"(?<!\d)(\d{6})[\s.-]?(\d{6})[\s.-]?(\d{4})(?!\d)")
# Indonesian mobile and landline numbers: +62 / 62 / 0 followed by 8-13 digits.
_PHONE = re.compile(r"(?<![\w+])(?:\+?62|0)[\s-]?\d{2,4}[\s-]?\d{3,4}[\s-]?\d{2,5}(?!\d)")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")
# Application numbers such as DUK-2026-000101 (agency prefix, year, sequence).
_APPLICATION = re.compile(r"\b([A-Za-z]{2,5})[-/ ]?(\d{4})[-/ ]?(\d{2,8})(\d{2})\b")


def mask_personal_data(text: str) -> str:
    """Return ``text`` with NIK, phone numbers, e-mail addresses and application numbers masked.

    Args:
        text: Free text written by a citizen.

    Returns:
        The text with the identifying part of each item replaced by ``*``; enough stays
        visible (the last digits) for an operator to tell two items apart.
    """
    text = _APPLICATION.sub(lambda m: f"{m[1]}-{m[2]}-{'*' * len(m[3])}{m[4]}", text)
    text = _NIK.sub(lambda m: "*" * 12 + m[3], text)
    text = _EMAIL.sub(lambda m: f"{m[1]}***{m[2]}", text)
    return _PHONE.sub(lambda m: _mask_digits(m[0], keep=3), text)


def mask_identifier(value: str, keep: int = 4) -> str:
    """Mask all but the last ``keep`` characters of an identifier such as a sender id.

    Args:
        value: The identifier.
        keep: How many trailing characters stay visible.

    Returns:
        The masked identifier.
    """
    if len(value) <= keep:
        return "*" * len(value)
    return "*" * (len(value) - keep) + value[-keep:]


def _mask_digits(value: str, keep: int) -> str:
    """Replace every digit but the last ``keep`` with ``*``."""
    total = sum(ch.isdigit() for ch in value)
    seen = 0
    out = []
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - keep else "*")
        else:
            out.append(ch)
    return "".join(out)
