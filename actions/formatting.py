"""Formatting helpers shared by the answer actions (internal: not part of the public API)."""

from __future__ import annotations

from datetime import date

_MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def format_date_id(value: date) -> str:
    """Format a date the Indonesian way, e.g. ``2 Januari 2026``."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def bullet_list(items: list[str]) -> str:
    """Render items as a numbered list, one per line."""
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))


def format_rupiah(amount: int) -> str:
    """Format an amount in rupiah with Indonesian thousands separators, e.g. ``Rp30.000``."""
    return "Rp" + f"{amount:,}".replace(",", ".")
