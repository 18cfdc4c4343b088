"""Internal: opening hours in the unit's time zone (is it open now, when does it open next)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from actions.constants import DEFAULT_TIME_ZONE, TIME_ZONES

WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@dataclass(frozen=True, slots=True)
class OfficeState:
    """Whether an office is open at a moment, and what comes next.

    Attributes:
        is_open: Open right now.
        closes_at: When open: the end of the current range (``HH.MM``).
        next_open_day: When closed: ``hari ini``, ``besok`` or a weekday name; None if never.
        next_open_time: When closed: the opening time (``HH.MM``).
        zone_label: ``WIB``, ``WITA`` or ``WIT`` (as the knowledge base wrote it).
        local_now: The moment in the unit's zone.
    """

    is_open: bool
    closes_at: str | None
    next_open_day: str | None
    next_open_time: str | None
    zone_label: str
    local_now: datetime


def zone_of(label: str) -> ZoneInfo:
    """Return the IANA zone of ``WIB``/``WITA``/``WIT`` (or of an IANA name)."""
    return ZoneInfo(TIME_ZONES.get(label.upper(), label if "/" in label else DEFAULT_TIME_ZONE))


def _parse(value: str) -> tuple[time, time]:
    start, end = value.split("-")
    h1, m1 = start.strip().split(":")
    h2, m2 = end.strip().split(":")
    return time(int(h1), int(m1)), time(int(h2), int(m2))


def _hhmm(value: time) -> str:
    return f"{value.hour:02d}.{value.minute:02d}"


def _day_label(today: date, day: date) -> str:
    if day == today:
        return "hari ini"
    if day == today + timedelta(days=1):
        return "besok"
    return f"hari {DAY_NAMES[day.weekday()]}"


def office_state(days: dict[str, list[str]], zone_label: str, now: datetime) -> OfficeState:
    """Tell whether the office is open at ``now`` and when it opens next.

    Args:
        days: Weekday (``senin``..``minggu``) → ``HH:MM-HH:MM`` ranges.
        zone_label: The unit's time zone (``WIB``, ``WITA``, ``WIT``).
        now: An aware moment.

    Returns:
        The state in the unit's zone.
    """
    local = now.astimezone(zone_of(zone_label))
    today = local.date()
    clock = local.time().replace(tzinfo=None)
    for start, end in (_parse(r) for r in days.get(WEEKDAYS[today.weekday()], [])):
        if start <= clock < end:
            return OfficeState(True, _hhmm(end), None, None, zone_label, local)
    for offset in range(8):
        day = today + timedelta(days=offset)
        for start, _ in sorted(_parse(r) for r in days.get(WEEKDAYS[day.weekday()], [])):
            if offset > 0 or start > clock:
                return OfficeState(
                    False, None, _day_label(today, day), _hhmm(start), zone_label, local
                )
    return OfficeState(False, None, None, None, zone_label, local)


def ranges_text(ranges: list[str]) -> str:
    """Render one day's ranges: ``08.00–11.30, 13.00–15.00``, or ``tutup`` when none."""
    if not ranges:
        return "tutup"
    return ", ".join(f"{_hhmm(s)}–{_hhmm(e)}" for s, e in (_parse(r) for r in ranges))


#: Words for a day, other than the weekday names: offset from today and how to say it.
_RELATIVE_DAYS = {"besok": (1, "Besok"), "besoknya": (1, "Besok"), "lusa": (2, "Lusa")}
#: Other spellings of weekday names.
_WEEKDAY_SPELLINGS = {"jum'at": "jumat", "jumaat": "jumat", "ahad": "minggu"}


@dataclass(frozen=True, slots=True)
class AskedDay:
    """A day a citizen asks about ("hari sabtu buka?", "besok buka jam berapa?").

    Attributes:
        weekday: 0 = Monday .. 6 = Sunday.
        label: How the answer names it: ``Hari Sabtu`` or ``Besok (Senin)``.
    """

    weekday: int
    label: str


def asked_day(text: str, today: date) -> AskedDay | None:
    """Find the day a message asks about, if it names one.

    "minggu" after a number or "se-" is a week ("3 minggu", "seminggu"), not Sunday.

    Args:
        text: The citizen's message.
        today: Today in the unit's zone.

    Returns:
        The day, or None when the message names none (or only today).
    """
    words = re.findall(r"[a-z0-9']+", text.lower())
    for index, word in enumerate(words):
        word = _WEEKDAY_SPELLINGS.get(word, word)
        if word in _RELATIVE_DAYS:
            offset, said = _RELATIVE_DAYS[word]
            day = today + timedelta(days=offset)
            return AskedDay(day.weekday(), f"{said} ({DAY_NAMES[day.weekday()]})")
        if word in WEEKDAYS:
            before = words[index - 1] if index else ""
            if word == "minggu" and (before.isdigit() or before in {"satu", "dua", "tiga"}):
                continue
            weekday = WEEKDAYS.index(word)
            return AskedDay(weekday, f"Hari {DAY_NAMES[weekday]}")
    return None


def weekly_schedule(days: dict[str, list[str]]) -> list[str]:
    """Render the week as lines, grouping consecutive days with equal hours.

    Args:
        days: Weekday → ranges.

    Returns:
        Lines such as ``Senin–Kamis: 08.00–15.00`` and ``Minggu: tutup``.
    """
    lines: list[str] = []
    index = 0
    while index < len(WEEKDAYS):
        current = ranges_text(days.get(WEEKDAYS[index], []))
        last = index
        while last + 1 < len(WEEKDAYS) and ranges_text(days.get(WEEKDAYS[last + 1], [])) == current:
            last += 1
        label = DAY_NAMES[index] if last == index else f"{DAY_NAMES[index]}–{DAY_NAMES[last]}"
        lines.append(f"{label}: {current}")
        index = last + 1
    return lines
