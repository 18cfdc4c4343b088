"""May someone else handle a service for the citizen (``action_answer_representation``)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.inform_answers import ActionAnswerInform
from actions.representation import ActionAnswerRepresentation
from knowledge_base import RepresentationPublic, ServicePublic, SqlKnowledgeBaseRepository
from tests.actions.conftest import (
    RuntimeFactory,
    buttons,
    entity,
    make_tracker,
    rendered,
    responses,
    slots_set,
    user_event,
)

PICKUP_ONLY = RepresentationPublic(
    allowed="sebagian",
    note="Foto dan wawancara wajib sendiri; pengambilan paspor boleh diwakilkan.",
    requirements=["Surat kuasa bermeterai", "KTP-el penerima kuasa"],
)


async def service_with(
    kb: SqlKnowledgeBaseRepository, service_id: str, representation: RepresentationPublic | None
) -> ServicePublic:
    service = await kb.get_service(service_id)
    assert service is not None
    return service.model_copy(update={"representation": representation})


async def answer(
    make_runtime: RuntimeFactory, service: ServicePublic
) -> tuple[CollectingDispatcher, list[str]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("bisa diwakilkan?", entities=[entity("service", service.id)])
    await ActionAnswerRepresentation(make_runtime()).answer(dispatcher, service, None, tracker)
    return dispatcher, rendered(dispatcher)


async def test_partly_says_what_may_be_delegated_and_what_the_representative_brings(
    make_runtime: RuntimeFactory, kb: SqlKnowledgeBaseRepository
) -> None:
    service = await service_with(kb, "paspor", PICKUP_ONLY)
    dispatcher, [text] = await answer(make_runtime, service)
    assert responses(dispatcher) == ["utter_representation_partly"]
    assert text.startswith(f"Untuk {service.name}, hanya sebagian tahapan yang boleh diwakilkan.")
    assert "Yang perlu dibawa oleh wakil Anda:\n1. Surat kuasa bermeterai\n2. KTP-el" in text
    assert "Sumber: " in text and "Informasi per " in text


@pytest.mark.parametrize(
    ("allowed", "response", "opening"),
    [
        ("ya", "utter_representation_allowed", "boleh diurus oleh orang lain atas nama Anda"),
        ("tidak", "utter_representation_in_person", "tidak bisa diwakilkan; pemohon perlu"),
    ],
)
async def test_allowed_and_in_person(
    make_runtime: RuntimeFactory,
    kb: SqlKnowledgeBaseRepository,
    allowed: str,
    response: str,
    opening: str,
) -> None:
    rule = RepresentationPublic(allowed=allowed, note="Catatan unit.", requirements=[])
    service = await service_with(kb, "sim", rule)
    dispatcher, [text] = await answer(make_runtime, service)
    assert responses(dispatcher) == [response]
    assert f"{service.name} {opening}" in text
    assert "Catatan unit." in text and "Yang perlu dibawa" not in text


async def test_coming_in_person_offers_the_facilities_for_vulnerable_groups(
    make_runtime: RuntimeFactory, kb: SqlKnowledgeBaseRepository
) -> None:
    rule = RepresentationPublic(allowed="tidak", note="Ujian wajib diikuti sendiri.")
    service = await service_with(kb, "sim", rule)
    assert service.facilities.vulnerable_groups, "the test needs a service with such facilities"
    dispatcher, _ = await answer(make_runtime, service)
    [button] = buttons(dispatcher)
    assert button["title"] == "Fasilitas lansia & disabilitas"
    assert button["payload"] == '/ask_accessibility{"service":"sim"}'
    allowed = service.model_copy(
        update={"representation": RepresentationPublic(allowed="ya", note="Boleh.")}
    )
    dispatcher, _ = await answer(make_runtime, allowed)
    assert buttons(dispatcher) == []


async def test_not_recorded_says_so_and_names_whom_to_ask(
    make_runtime: RuntimeFactory, kb: SqlKnowledgeBaseRepository
) -> None:
    service = await service_with(kb, "npwp", None)
    dispatcher, [text] = await answer(make_runtime, service)
    assert responses(dispatcher) == ["utter_representation_unknown"]
    assert f"boleh tidaknya {service.name} diwakilkan belum tercatat" in text
    assert f"tanyakan langsung ke {service.unit.name}." in text
    assert service.unit.contacts.phone and f"1. Telepon: {service.unit.contacts.phone}" in text


async def test_the_knowledge_bases_own_rules_are_answered(
    make_runtime: RuntimeFactory, kb: SqlKnowledgeBaseRepository, domain: dict[str, Any]
) -> None:
    """Every service's recorded rule renders (no missing template value)."""
    recorded = 0
    for summary in await kb.list_services():
        service = await kb.get_service(summary.id)
        assert service is not None
        dispatcher, [text] = await answer(make_runtime, service)
        if service.representation is not None:
            recorded += 1
            assert service.representation.note in text
    assert recorded >= 20


async def test_a_bare_service_name_after_the_question_answers_it_for_that_service(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "kalau paspor?",
        intent="inform",
        entities=[entity("service", "paspor")],
        events=[user_event("ktp bisa diwakilkan?", "ask_representation")],
    )
    events = await ActionAnswerInform(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher)[0].startswith("utter_representation_")
    assert slots_set(events)["service"] == "paspor"
