"""The status form and the lookup against the running status simulator."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import FeedbackStore
from actions.status import (
    ActionCheckPermitStatus,
    ValidateCheckStatusForm,
    find_application_number,
    find_verification,
)
from actions.status_client import (
    HttpStatusClient,
    InMemoryRateLimitBackend,
    LookupRateLimiter,
    create_status_client,
)
from tests.actions.conftest import (
    RuntimeFactory,
    buttons,
    make_tracker,
    rendered,
    responses,
    set_faults,
    slots_set,
)

FORM = "check_status_form"


async def validate(
    make_runtime: RuntimeFactory, domain: dict[str, Any], text: str, slot: str, **slots: Any
) -> tuple[dict[str, Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        text, active_loop=FORM, filled={slot: text}, slots={"requested_slot": slot, **slots}
    )
    events = await ValidateCheckStatusForm(make_runtime()).run(dispatcher, tracker, domain)
    return slots_set(events), dispatcher


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DUK-2026-000101", "DUK-2026-000101"),
        ("duk 2026 000101", "DUK-2026-000101"),
        ("nomornya IMI-2026-000201 ya", "IMI-2026-000201"),
        ("12345", None),
    ],
)
def test_find_application_number(text: str, expected: str | None) -> None:
    assert find_application_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3171", "3171"),
        ("17-05-1990", "1990-05-17"),
        ("lahir 1990-05-17", "1990-05-17"),
        ("31-02-1990", None),
        ("abc", None),
    ],
)
def test_find_verification(text: str, expected: str | None) -> None:
    assert find_verification(text) == expected


async def test_good_number_is_accepted_in_canonical_form(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    slots, dispatcher = await validate(make_runtime, domain, "duk2026000101", "application_number")
    assert slots["application_number"] == "DUK-2026-000101"
    assert dispatcher.messages == []


async def test_bad_input_reprompts_then_gives_up_after_three_tries(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    slots, dispatcher = await validate(make_runtime, domain, "123", "application_number")
    assert slots == {"application_number": None, "form_attempts": 1}
    assert rendered(dispatcher) == [
        "Maaf, nomor itu tidak sesuai format. Nomor permohonan terdiri dari kode instansi, "
        "tahun dan 6 angka, misalnya DUK-2026-000101. Silakan coba lagi (2 kesempatan lagi)."
    ]
    slots, dispatcher = await validate(
        make_runtime,
        domain,
        "abc",
        "verification_code",
        form_attempts=2,
        application_number="DUK-2026-000101",
    )
    assert responses(dispatcher) == ["utter_status_too_many_attempts"]
    assert slots["requested_slot"] is None


async def test_batal_cancels_at_any_question(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    for slot in ("application_number", "verification_code"):
        slots, dispatcher = await validate(make_runtime, domain, "batal", slot)
        assert responses(dispatcher) == ["utter_status_cancelled"]
        assert slots["requested_slot"] is None and slots[slot] is None


async def test_verification_factor_is_normalised(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    slots, _ = await validate(
        make_runtime,
        domain,
        "17/05/1990",
        "verification_code",
        application_number="DUK-2026-000101",
    )
    assert slots["verification_code"] == "1990-05-17"


async def test_a_complaint_number_in_the_status_form_answers_the_complaint(
    make_runtime: RuntimeFactory, domain: dict[str, Any], feedback: FeedbackStore
) -> None:
    complaint = await feedback.create_complaint(
        sender_id="web:x",
        service_id="ktp_el",
        description="Antrean sangat lama sekali",
        contact=None,
        consent=False,
        now=make_runtime().clock(),
    )
    slots, dispatcher = await validate(
        make_runtime, domain, complaint.tracking_number, "application_number"
    )
    assert responses(dispatcher) == ["utter_complaint_status_baru"]
    assert slots["requested_slot"] is None


async def lookup(
    runtime: Any, domain: dict[str, Any], number: str, factor: str
) -> tuple[list[str], CollectingDispatcher, dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "3171", slots={"application_number": number, "verification_code": factor}
    )
    events = await ActionCheckPermitStatus(runtime).run(dispatcher, tracker, domain)
    return rendered(dispatcher), dispatcher, slots_set(events)


async def test_status_of_a_demo_application(
    make_runtime: RuntimeFactory, domain: dict[str, Any], status_client: HttpStatusClient
) -> None:
    texts, dispatcher, slots = await lookup(
        make_runtime(status_client=status_client), domain, "DUK-2026-000104", "3174"
    )
    assert responses(dispatcher) == ["utter_status_result"]
    text = texts[0]
    assert text.startswith(
        "Status permohonan DUK-2026-000104 (Kartu Tanda Penduduk Elektronik (KTP-el)): "
    )
    assert "Perubahan terakhir: " in text and "Langkah berikutnya: " in text
    assert "Perkiraan selesai: " in text
    assert buttons(dispatcher) == [
        {"title": "Kabari saya jika berubah", "payload": "/subscribe_status"}
    ]
    assert slots["service"] == "ktp_el"
    assert slots["application_number"] is None and slots["verification_code"] is None
    assert slots["status_subscription"] == {"number": "DUK-2026-000104", "verification": "3174"}


async def test_date_of_birth_works_as_the_factor(
    make_runtime: RuntimeFactory, domain: dict[str, Any], status_client: HttpStatusClient
) -> None:
    _, dispatcher, _ = await lookup(
        make_runtime(status_client=status_client), domain, "IMI-2026-000201", "1988-02-29"
    )
    assert responses(dispatcher) == ["utter_status_result"]


async def test_not_found_and_wrong_factor_answer_the_same(
    make_runtime: RuntimeFactory, domain: dict[str, Any], status_client: HttpStatusClient
) -> None:
    runtime = make_runtime(status_client=status_client)
    unknown, _, _ = await lookup(runtime, domain, "DUK-2026-999999", "3171")
    wrong, _, _ = await lookup(runtime, domain, "DUK-2026-000101", "9999")
    assert unknown == wrong
    assert "tidak kami temukan" in unknown[0]


async def test_cancelled_form_looks_nothing_up(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionCheckPermitStatus(make_runtime()).run(
        dispatcher, make_tracker("batal"), domain
    )
    assert dispatcher.messages == []
    assert slots_set(events)["application_number"] is None


@pytest.mark.parametrize(
    ("faults", "response"),
    [
        ({"error_rate_500": 1.0}, "utter_status_unavailable"),
        ({"slow_mode": True, "slow_delay_s": 30}, "utter_status_unavailable"),
        ({"error_rate_429": 1.0, "retry_after_s": 30}, "utter_status_busy"),
    ],
)
async def test_status_service_erroring_or_slow_gets_a_friendly_answer_within_6_s(
    make_runtime: RuntimeFactory,
    domain: dict[str, Any],
    simulator_url: str,
    faults: dict[str, Any],
    response: str,
) -> None:
    await set_faults(simulator_url, **faults)
    client = create_status_client(simulator_url)  # production defaults: 5 s per try, 5.5 s in all
    try:
        started = time.monotonic()
        _, dispatcher, _ = await lookup(
            make_runtime(status_client=client), domain, "DUK-2026-000101", "3171"
        )
        assert time.monotonic() - started < 6.0
    finally:
        await client.aclose()
    assert responses(dispatcher) == [response]


async def test_status_service_down(make_runtime: RuntimeFactory, domain: dict[str, Any]) -> None:
    client = create_status_client("http://127.0.0.1:9")  # nothing listens on the discard port
    try:
        texts, _, _ = await lookup(
            make_runtime(status_client=client), domain, "DUK-2026-000101", "3171"
        )
    finally:
        await client.aclose()
    assert "sedang tidak bisa dihubungi" in texts[0]


async def test_no_status_service_configured(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    _, dispatcher, _ = await lookup(
        make_runtime(status_client=None), domain, "DUK-2026-000101", "3171"
    )
    assert responses(dispatcher) == ["utter_status_unavailable"]


async def test_lookups_are_rate_limited_per_sender(
    make_runtime: RuntimeFactory, domain: dict[str, Any], status_client: HttpStatusClient
) -> None:
    limiter = LookupRateLimiter(InMemoryRateLimitBackend(), limit=1, window_s=600)
    runtime = make_runtime(status_client=status_client, rate_limiter=limiter)
    _, first, _ = await lookup(runtime, domain, "DUK-2026-000101", "3171")
    texts, second, _ = await lookup(runtime, domain, "DUK-2026-000101", "3171")
    assert responses(first) == ["utter_status_result"]
    assert responses(second) == ["utter_status_rate_limited"]
    assert "10 menit" in texts[0]


async def test_transport_errors_never_escape(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    def boom(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client = create_status_client("http://status.test", transport=httpx.MockTransport(boom))
    try:
        _, dispatcher, _ = await asyncio.wait_for(
            lookup(make_runtime(status_client=client), domain, "DUK-2026-000101", "3171"), 6.0
        )
    finally:
        await client.aclose()
    assert responses(dispatcher) == ["utter_status_unavailable"]
