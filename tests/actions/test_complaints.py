"""The complaint form, its storage with a tracking number, and lookups by number."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from actions.complaints import (
    ActionAskComplaintService,
    ActionComplaintStatus,
    ActionFileComplaint,
    ValidateComplaintForm,
    canonical_tracking_number,
)
from actions.feedback import ComplaintRow, ComplaintStatus, FeedbackStore
from knowledge_base import create_session_factory
from tests.actions.conftest import (
    RuntimeFactory,
    buttons,
    entity,
    make_tracker,
    rendered,
    responses,
    slots_set,
)

FORM = "complaint_form"


async def validate(
    make_runtime: RuntimeFactory,
    domain: dict[str, Any],
    text: str,
    slot: str,
    value: Any = None,
    **slots: Any,
) -> tuple[dict[str, Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        text,
        active_loop=FORM,
        filled={slot: text if value is None else value},
        slots={"requested_slot": slot, **slots},
    )
    events = await ValidateComplaintForm(make_runtime()).run(dispatcher, tracker, domain)
    return slots_set(events), dispatcher


async def test_service_question_offers_the_service_in_focus(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("mau komplain", slots={"service": "ktp_el"})
    await ActionAskComplaintService(make_runtime()).run(dispatcher, tracker, domain)
    assert buttons(dispatcher)[0] == {
        "title": "Kartu Tanda Penduduk Elektronik (KTP-el)",
        "payload": '/inform{"service":"ktp_el"}',
    }


async def test_service_answer_is_resolved_to_a_knowledge_base_id(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    slots, _ = await validate(make_runtime, domain, "e-ktp", "complaint_service")
    assert slots["complaint_service"] == "ktp_el"
    assert slots["requested_slot"] == "complaint_description"
    slots, _ = await validate(make_runtime, domain, "soal parkir liar", "complaint_service")
    assert slots["complaint_service"] == "lainnya"
    assert slots["requested_slot"] == "complaint_description"


async def test_a_story_given_for_the_service_is_the_description_too(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    story = "petugas di loket ktp kemarin membentak saya waktu saya tanya berkas"
    slots, _ = await validate(make_runtime, domain, story, "complaint_service")
    assert slots["complaint_service"] == "ktp_el"
    assert slots["complaint_description"] == story
    assert slots["requested_slot"] == "complaint_contact"
    story = "antrean di lantai dua kemarin kacau sekali, tidak ada petugas yang mengatur"
    slots, _ = await validate(make_runtime, domain, story, "complaint_service")
    assert slots["complaint_service"] == "lainnya"
    assert slots["complaint_description"] == story
    # The service entity Rasa filled the slot with; the story is the whole message.
    slots, _ = await validate(make_runtime, domain, story, "complaint_service", value="paspor")
    assert slots["complaint_service"] == "paspor"
    assert slots["complaint_description"] == story


async def test_contact_is_optional_and_consent_only_asked_with_a_contact(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    base = {"complaint_service": "ktp_el", "complaint_description": "Antrean tidak jelas"}
    slots, _ = await validate(make_runtime, domain, "lewati", "complaint_contact", **base)
    assert slots["complaint_contact"] == "-"
    assert slots["requested_slot"] is None
    slots, _ = await validate(make_runtime, domain, "0812 3456 7890", "complaint_contact", **base)
    # Every domain slot is required again, so Rasa itself asks the next one: the consent.
    assert slots == {"complaint_contact": "0812 3456 7890", "form_attempts": None}
    slots, dispatcher = await validate(make_runtime, domain, "hmm", "complaint_contact", **base)
    assert slots["complaint_contact"] is None
    assert responses(dispatcher) == ["utter_invalid_complaint_contact"]


async def test_consent_from_buttons_or_words(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    base = {
        "complaint_service": "ktp_el",
        "complaint_description": "Antrean tidak jelas",
        "complaint_contact": "warga@example.com",
    }
    slots, _ = await validate(make_runtime, domain, "/affirm", "complaint_consent", True, **base)
    assert slots["complaint_consent"] is True
    slots, _ = await validate(make_runtime, domain, "tidak", "complaint_consent", **base)
    assert slots["complaint_consent"] is False
    slots, dispatcher = await validate(
        make_runtime, domain, "entahlah", "complaint_consent", **base
    )
    assert slots["complaint_consent"] is None
    assert responses(dispatcher) == ["utter_invalid_yes_no"]


async def test_batal_leaves_the_complaint_form(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    slots, dispatcher = await validate(
        make_runtime, domain, "batal", "complaint_description", complaint_service="ktp_el"
    )
    assert responses(dispatcher) == ["utter_complaint_cancelled"]
    assert slots["requested_slot"] is None and slots["complaint_service"] is None


async def test_filing_stores_the_complaint_and_names_the_time_frame(
    make_runtime: RuntimeFactory, domain: dict[str, Any], engine: AsyncEngine
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "ya",
        sender_id="web:citizen-1",
        slots={
            "complaint_service": "ktp_el",
            "complaint_description": "Petugas loket 3 meminta uang",
            "complaint_contact": "081234567890",
            "complaint_consent": True,
        },
    )
    events = await ActionFileComplaint(make_runtime()).run(dispatcher, tracker, domain)
    text = rendered(dispatcher)[0]
    number = canonical_tracking_number(text)
    assert number is not None and number.startswith("ADU-2026-")
    assert "paling lama 5 hari kerja" in text
    assert all(value is None for value in slots_set(events).values())
    async with create_session_factory(engine)() as session:
        row = await session.scalar(
            select(ComplaintRow).where(ComplaintRow.tracking_number == number)
        )
    assert row is not None
    assert (row.service_id, row.contact, row.consent, row.status, row.sender_id) == (
        "ktp_el",
        "081234567890",
        True,
        "baru",
        "web:citizen-1",
    )


async def test_complaint_without_contact(
    make_runtime: RuntimeFactory, domain: dict[str, Any], feedback: FeedbackStore
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "lewati",
        slots={
            "complaint_service": "lainnya",
            "complaint_description": "Toilet umum di MPP rusak",
            "complaint_contact": "-",
        },
    )
    await ActionFileComplaint(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_complaint_filed"]
    stored = await feedback.get_complaint(canonical_tracking_number(rendered(dispatcher)[0]) or "")
    assert stored is not None
    assert (stored.service_id, stored.contact, stored.consent) == (None, None, False)


async def test_tracking_numbers_count_up(
    feedback: FeedbackStore, make_runtime: RuntimeFactory
) -> None:
    now = make_runtime().clock()
    first = await feedback.create_complaint(
        sender_id="a",
        service_id=None,
        description="satu dua tiga",
        contact=None,
        consent=True,
        now=now,
    )
    second = await feedback.create_complaint(
        sender_id="a",
        service_id=None,
        description="empat lima",
        contact=None,
        consent=True,
        now=now,
    )
    assert (first.tracking_number, second.tracking_number) == ("ADU-2026-000001", "ADU-2026-000002")
    assert first.consent is False  # no contact, nothing to consent to


async def test_complaint_status_by_tracking_number(
    make_runtime: RuntimeFactory,
    domain: dict[str, Any],
    feedback: FeedbackStore,
    engine: AsyncEngine,
) -> None:
    complaint = await feedback.create_complaint(
        sender_id="web:x",
        service_id="ktp_el",
        description="Antrean sangat lama",
        contact=None,
        consent=False,
        now=make_runtime().clock(),
    )
    async with create_session_factory(engine)() as session, session.begin():
        row = await session.scalar(select(ComplaintRow))
        assert row is not None
        row.status = ComplaintStatus.DIPROSES.value
    dispatcher = CollectingDispatcher()
    number = complaint.tracking_number.lower()
    tracker = make_tracker(f"status aduan {number}", entities=[entity("tracking_number", number)])
    await ActionComplaintStatus(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_complaint_status_diproses"]
    assert complaint.tracking_number in rendered(dispatcher)[0]

    for text, response in [
        ("status aduan ADU-2026-999999", "utter_complaint_not_found"),
        ("pengaduan saya gimana", "utter_ask_tracking_number"),
    ]:
        dispatcher = CollectingDispatcher()
        await ActionComplaintStatus(make_runtime()).run(dispatcher, make_tracker(text), domain)
        assert responses(dispatcher) == [response]


async def test_a_complaint_that_names_its_service_is_not_asked_which(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "mau komplain petugas loket paspor kemarin kasar",
        intent="file_complaint",
        entities=[entity("service", "paspor")],
        active_loop=FORM,
        slots={"requested_slot": None},
    )
    events = await ValidateComplaintForm(make_runtime()).run(dispatcher, tracker, domain)
    slots = slots_set(events)
    assert slots["complaint_service"] == "paspor"
    assert slots["requested_slot"] == "complaint_description"


async def test_a_service_in_focus_from_before_is_only_offered(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    # The citizen asked about KTP earlier; the complaint may be about anything, so the
    # question stays, with KTP as a button (test_service_question_offers_the_service_in_focus).
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "saya mau komplain",
        intent="file_complaint",
        active_loop=FORM,
        slots={"requested_slot": None, "service": "ktp_el"},
    )
    events = await ValidateComplaintForm(make_runtime()).run(dispatcher, tracker, domain)
    assert "complaint_service" not in slots_set(events)
