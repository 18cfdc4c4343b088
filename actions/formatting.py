"""Formatting helpers shared by the actions (internal: not part of the public API)."""

from __future__ import annotations

from datetime import date, datetime

_MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def format_date_id(value: date) -> str:
    """Format a date the Indonesian way, e.g. ``2 Januari 2026``."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_datetime_id(value: datetime) -> str:
    """Format a date and time, e.g. ``2 Januari 2026 pukul 09.30`` (in its own zone)."""
    return f"{format_date_id(value.date())} pukul {value.hour:02d}.{value.minute:02d}"


def bullet_list(items: list[str]) -> str:
    """Render items as a numbered list, one per line."""
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))


def join_names(names: list[str]) -> str:
    """Join names the Indonesian way: ``A``, ``A dan B``, ``A, B dan C``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} dan {names[-1]}"


def format_rupiah(amount: int) -> str:
    """Format an amount in rupiah with Indonesian thousands separators, e.g. ``Rp30.000``."""
    return "Rp" + f"{amount:,}".replace(",", ".")


def mask_sender(sender_id: str | None) -> str:
    """Mask a sender id for logs: keep the channel prefix and the last three characters."""
    if not sender_id:
        return "-"
    channel, sep, rest = sender_id.rpartition(":")
    value = rest if sep else sender_id
    masked = "*" * max(len(value) - 3, 0) + value[-3:]
    return f"{channel}:{masked}" if sep else masked
