"""Opening hours of a unit (knowledge base): is it open now, and when does it open next."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.console import texts
from knowledge_base import OpeningHoursPublic

_ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
_DAY_KEYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")


def _zone(hours: OpeningHoursPublic) -> ZoneInfo:
    """Map WIB/WITA/WIT (or an IANA name) to a zone."""
    return ZoneInfo(_ZONES.get(hours.time_zone.upper(), hours.time_zone))


def _ranges(hours: OpeningHoursPublic, day: date) -> list[tuple[time, time]]:
    """Return the opening ranges of ``day``."""
    out = []
    for spec in hours.days.get(_DAY_KEYS[day.weekday()], []) or []:
        start, _, end = spec.partition("-")
        try:
            out.append((time.fromisoformat(start.strip()), time.fromisoformat(end.strip())))
        except ValueError:
            continue
    return out


def is_open(hours: OpeningHoursPublic, now: datetime) -> bool:
    """Return whether the unit is open at ``now``.

    Args:
        hours: The unit's opening hours.
        now: An aware datetime.
    """
    local = now.astimezone(_zone(hours))
    return any(start <= local.time() < end for start, end in _ranges(hours, local.date()))


def next_opening(hours: OpeningHoursPublic, now: datetime) -> datetime | None:
    """Return the next opening time after ``now`` (local time), or ``None`` if never open.

    Args:
        hours: The unit's opening hours.
        now: An aware datetime.
    """
    zone = _zone(hours)
    local = now.astimezone(zone)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        for start, _end in sorted(_ranges(hours, day)):
            candidate = datetime.combine(day, start, tzinfo=zone)
            if candidate > local:
                return candidate
    return None


def describe_next_opening(hours: OpeningHoursPublic, now: datetime) -> str:
    """Return e.g. ``besok, Senin pukul 08.00 WIB`` for the next opening.

    Args:
        hours: The unit's opening hours.
        now: An aware datetime.
    """
    opening = next_opening(hours, now)
    if opening is None:
        return "pada jam layanan berikutnya"
    local_today = now.astimezone(opening.tzinfo).date()
    day_name = texts.DAY_NAMES[opening.weekday()]
    if opening.date() == local_today:
        prefix = "hari ini"
    elif opening.date() == local_today + timedelta(days=1):
        prefix = f"besok, {day_name}"
    else:
        prefix = f"hari {day_name}"
    return f"{prefix} pukul {opening:%H.%M} {hours.time_zone}"
