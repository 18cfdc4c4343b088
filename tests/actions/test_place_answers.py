"""Location, opening hours in the unit's time zone (injected "now"), accessibility."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions._hours import asked_day, office_state, weekly_schedule
from actions.place_answers import ActionAnswerAccessibility, ActionAnswerHours, ActionAnswerLocation
from tests.actions.conftest import RuntimeFactory, entity, make_tracker, rendered, responses

DISDUKCAPIL_DAYS = {
    "senin": ["08:00-15:00"],
    "selasa": ["08:00-15:00"],
    "rabu": ["08:00-15:00"],
    "kamis": ["08:00-15:00"],
    "jumat": ["08:00-11:30", "13:00-15:00"],
    "sabtu": ["08:00-12:00"],
    "minggu": [],
}


async def hours_answer(
    make_runtime: RuntimeFactory, domain: dict[str, Any], now: datetime
) -> tuple[str, str]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("kantornya buka jam berapa?", entities=[entity("service", "ktp_el")])
    await ActionAnswerHours(make_runtime(clock=lambda: now)).run(dispatcher, tracker, domain)
    return responses(dispatcher)[0], rendered(dispatcher)[0]


async def test_sunday_evening_is_closed_and_says_when_it_opens(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    # Sunday 4 October 2026, 19:30 WIB.
    response, text = await hours_answer(
        make_runtime, domain, datetime(2026, 10, 4, 12, 30, tzinfo=UTC)
    )
    assert response == "utter_hours_closed"
    assert "Minggu, pukul 19.30 WIB" in text
    assert "Buka lagi besok pukul 08.00 WIB" in text
    assert "Senin–Kamis: 08.00–15.00" in text
    assert "Informasi per " in text


async def test_weekday_morning_is_open_until_closing(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    response, text = await hours_answer(
        make_runtime, domain, datetime(2026, 10, 5, 2, 0, tzinfo=UTC)
    )
    assert response == "utter_hours_open"
    assert "sampai pukul 15.00 WIB" in text


@pytest.mark.parametrize(
    ("utc", "is_open", "next_day", "next_time"),
    [
        (datetime(2026, 10, 9, 5, 0, tzinfo=UTC), False, "hari ini", "13.00"),  # Friday 12:00 break
        (datetime(2026, 10, 10, 6, 0, tzinfo=UTC), False, "hari Senin", "08.00"),  # Saturday 13:00
        (datetime(2026, 10, 4, 23, 30, tzinfo=UTC), False, "hari ini", "08.00"),  # Monday 06:30
        (datetime(2026, 10, 9, 6, 30, tzinfo=UTC), True, None, None),  # Friday 13:30
    ],
)
def test_office_state(
    utc: datetime, is_open: bool, next_day: str | None, next_time: str | None
) -> None:
    state = office_state(DISDUKCAPIL_DAYS, "WIB", utc)
    assert (state.is_open, state.next_open_day, state.next_open_time) == (
        is_open,
        next_day,
        next_time,
    )


def test_time_zone_matters() -> None:
    monday = datetime(2026, 10, 5, 6, 30, tzinfo=UTC)  # 13:30 WIB, 14:30 WITA, 15:30 WIT
    assert office_state(DISDUKCAPIL_DAYS, "WIB", monday).is_open
    assert office_state(DISDUKCAPIL_DAYS, "WITA", monday).is_open
    assert not office_state(DISDUKCAPIL_DAYS, "WIT", monday).is_open


def test_weekly_schedule_groups_equal_days() -> None:
    assert weekly_schedule(DISDUKCAPIL_DAYS) == [
        "Senin–Kamis: 08.00–15.00",
        "Jumat: 08.00–11.30, 13.00–15.00",
        "Sabtu: 08.00–12.00",
        "Minggu: tutup",
    ]


async def test_location_has_address_and_map(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("di mana", entities=[entity("service", "ktp_el")])
    await ActionAnswerLocation(make_runtime()).run(dispatcher, tracker, domain)
    text = rendered(dispatcher)[0]
    assert "Jl. Jenderal Sudirman No. 45" in text and "Lantai 1" in text
    assert "openstreetmap.org" in text and "Sumber: " in text


async def test_accessibility_lists_facilities_for_vulnerable_groups(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("ada kursi roda?", entities=[entity("service", "ktp_el")])
    await ActionAnswerAccessibility(make_runtime()).run(dispatcher, tracker, domain)
    text = rendered(dispatcher)[0]
    assert "Kursi roda dan toilet ramah disabilitas" in text
    assert "Informasi per " in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "hari sabtu buka gak",
            "Hari Sabtu, Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sukamaju buka "
            "pukul 08.00–12.00 WIB.",
        ),
        (
            "jum'at buka jam berapa",
            "Hari Jumat, Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sukamaju buka "
            "pukul 08.00–11.30, 13.00–15.00 WIB.",
        ),
        (
            "hari minggu buka?",
            "Hari Minggu, Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sukamaju tutup.",
        ),
        # Asked on a Sunday: tomorrow is Monday.
        (
            "besok buka jam brp",
            "Besok (Senin), Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sukamaju buka "
            "pukul 08.00–15.00 WIB.",
        ),
    ],
)
async def test_a_day_asked_about_is_answered_first(
    make_runtime: RuntimeFactory, domain: dict[str, Any], text: str, expected: str
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent="ask_hours", entities=[entity("service", "ktp_el")])
    sunday_evening = datetime(2026, 10, 4, 12, 30, tzinfo=UTC)
    await ActionAnswerHours(make_runtime(clock=lambda: sunday_evening)).run(
        dispatcher, tracker, domain
    )
    said = rendered(dispatcher)
    assert said[0] == expected
    # The state now and the whole week follow.
    assert said[1].startswith("Sekarang (Minggu, pukul 19.30 WIB)")
    assert "Sabtu: 08.00–12.00" in said[1]


@pytest.mark.parametrize(
    "text",
    ["kantornya buka jam berapa?", "udah 3 minggu kok belum buka", "seminggu buka berapa hari"],
)
def test_no_day_is_read_into_weeks_or_plain_questions(text: str) -> None:
    assert asked_day(text, datetime(2026, 10, 4).date()) is None
