"""Location, opening hours in the unit's time zone (injected "now"), accessibility."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions._hours import asked_day, office_state, weekly_schedule
from actions.place_answers import (
    ActionAnswerAccessibility,
    ActionAnswerContact,
    ActionAnswerHours,
    ActionAnswerLocation,
)
from tests.actions.conftest import (
    RuntimeFactory,
    entity,
    make_tracker,
    rendered,
    responses,
    slots_set,
)

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


SUNDAY_EVENING = datetime(2026, 10, 4, 12, 30, tzinfo=UTC)  # 19:30 WIB


async def test_an_office_named_without_a_service_gets_the_offices_hours(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("dukcapil buka jam berapa", entities=[entity("unit", "dukcapil")])
    runtime = make_runtime(clock=lambda: SUNDAY_EVENING)
    events = await ActionAnswerHours(runtime).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_unit_hours_closed"]
    text = rendered(dispatcher)[0]
    assert text.startswith("Sekarang (Minggu, pukul 19.30 WIB) Dinas Kependudukan")
    assert "Buka lagi besok pukul 08.00 WIB" in text and "Sabtu: 08.00–12.00" in text
    assert "{" not in text
    assert slots_set(events) == {"unit": "disdukcapil", "service": None, "variant": None}


async def test_an_offices_hours_name_its_services_with_hours_of_their_own(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("dishub hari sabtu buka?", entities=[entity("unit", "dishub")])
    runtime = make_runtime(clock=lambda: SUNDAY_EVENING)
    await ActionAnswerHours(runtime).run(dispatcher, tracker, domain)
    said = rendered(dispatcher)
    assert responses(dispatcher)[0] == "utter_hours_on_day_closed"
    assert said[0].startswith("Hari Sabtu, Dinas Perhubungan")
    assert said[1].endswith(
        "\n\nPengujian Berkala Kendaraan Bermotor (Uji KIR) punya jam layanan sendiri; "
        "tanyakan saja jam layanannya."
    )


async def test_a_follow_up_is_about_the_office_in_focus(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("alamatnya di mana?", slots={"unit": "imigrasi"})
    events = await ActionAnswerLocation(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_unit_location"]
    assert rendered(dispatcher)[0].startswith("Kantor Imigrasi Kelas II Non TPI Sukamaju")
    assert "openstreetmap.org" in rendered(dispatcher)[0]
    assert slots_set(events)["unit"] == "imigrasi"


async def test_an_office_named_while_another_service_is_in_focus_answers_for_the_office(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "kalau di polres ada kursi roda?",
        slots={"service": "paspor"},
        entities=[entity("unit", "polres")],
    )
    events = await ActionAnswerAccessibility(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_unit_accessibility"]
    assert rendered(dispatcher)[0].startswith("Fasilitas di Kepolisian Resor Sukamaju")
    assert slots_set(events) == {"unit": "polres", "service": None, "variant": None}


async def test_a_service_named_with_its_office_is_answered_for_the_service(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    # The service's own hours are the precise answer (uji KIR keeps hours of its own).
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "uji kir di dishub buka jam berapa",
        entities=[entity("service", "uji_kir"), entity("unit", "dishub")],
    )
    runtime = make_runtime(clock=lambda: SUNDAY_EVENING)
    events = await ActionAnswerHours(runtime).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_hours_closed"]
    assert slots_set(events)["service"] == "uji_kir"


async def test_a_vague_office_still_asks_which_service(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("mpp buka jam berapa", entities=[entity("unit", "mpp")])
    events = await ActionAnswerHours(make_runtime()).run(dispatcher, tracker, domain)
    assert "utter_unit_hours_open" not in responses(dispatcher)
    assert "utter_unit_hours_closed" not in responses(dispatcher)
    assert events == []


async def test_a_follow_up_with_loose_words_stays_with_the_office(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    # "kursi roda" is close enough to some service names to offer them as buttons; after
    # an answer about an office, the office in focus is what the citizen means.
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("ada fasilitas buat kursi roda?", slots={"unit": "disdukcapil"})
    await ActionAnswerAccessibility(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_unit_accessibility"]


async def test_contacts_of_a_named_office(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("kontak polres berapa", entities=[entity("unit", "polres")])
    events = await ActionAnswerContact(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_contact"]
    text = rendered(dispatcher)[0]
    assert text.startswith("Kontak Kepolisian Resor Sukamaju (Gerai MPP):\nTelepon: ")
    assert "WhatsApp: " in text and "hubungi petugas" in text and "{" not in text
    assert slots_set(events)["unit"] == "polres"


async def test_contacts_for_a_service_are_its_offices(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("nomor wa yang urus paspor", entities=[entity("service", "paspor")])
    await ActionAnswerContact(make_runtime()).run(dispatcher, tracker, domain)
    assert rendered(dispatcher)[0].startswith("Kontak Kantor Imigrasi Kelas II Non TPI Sukamaju")


async def test_a_channel_the_office_has_not_published_is_said_so(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("ig polres apa ya", entities=[entity("unit", "polres")])
    await ActionAnswerContact(make_runtime()).run(dispatcher, tracker, domain)
    text = rendered(dispatcher)[0]
    assert text.startswith("Instagram belum tercatat di data kami. Kontak Kepolisian Resor")
    assert "Telepon: " in text
