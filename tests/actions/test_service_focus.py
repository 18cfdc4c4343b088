"""The service in focus: follow-ups, switching, unclear and unknown services."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.inform_answers import ActionAnswerInform
from actions.place_answers import ActionAnswerLocation
from actions.service_answers import ActionAnswerCost, ActionAnswerDuration, ActionAnswerRequirements
from actions.service_selection import ActionListServices
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


async def test_follow_ups_stay_with_the_service_in_focus(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    runtime = make_runtime()
    slots = {"service": "ktp_el"}
    for action, text, expected in [
        (
            ActionAnswerCost(runtime),
            "kalau biayanya?",
            "Kartu Tanda Penduduk Elektronik (KTP-el) gratis",
        ),
        (ActionAnswerDuration(runtime), "terus berapa lama jadinya?", "Paling lama 1 jam"),
        (
            ActionAnswerLocation(runtime),
            "kantornya di mana?",
            "Mal Pelayanan Publik Kabupaten Sukamaju",
        ),
    ]:
        dispatcher = CollectingDispatcher()
        events = await action.run(dispatcher, make_tracker(text, slots=slots), domain)
        assert expected in rendered(dispatcher)[0], text
        assert slots_set(events)["service"] == "ktp_el"


async def test_naming_another_service_switches_and_forgets_the_variant(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "kalau paspor biayanya?",
        slots={"service": "ktp_el", "variant": "hilang"},
        entities=[entity("service", "paspor")],
    )
    events = await ActionAnswerCost(make_runtime()).run(dispatcher, tracker, domain)
    assert "Paspor" in rendered(dispatcher)[0]
    assert slots_set(events) == {"service": "paspor", "variant": None, "unit": None}


async def test_a_service_named_without_an_entity_switches_too(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("syarat skck apa", slots={"service": "ktp_el"})
    events = await ActionAnswerRequirements(make_runtime()).run(dispatcher, tracker, domain)
    assert slots_set(events)["service"] == "skck"


async def test_variant_in_focus_is_kept_for_the_same_service(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("syaratnya apa lagi?", slots={"service": "ktp_el", "variant": "hilang"})
    events = await ActionAnswerRequirements(make_runtime()).run(dispatcher, tracker, domain)
    assert "Penggantian KTP-el hilang" in rendered(dispatcher)[0]
    assert slots_set(events)["variant"] == "hilang"


async def test_no_service_at_all_asks_with_popular_buttons(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerCost(make_runtime()).run(
        dispatcher, make_tracker("berapa biayanya?"), domain
    )
    assert events == []
    assert responses(dispatcher) == ["utter_ask_which_service"]
    assert '/ask_cost{"service":"ktp_el"}' in {b["payload"] for b in buttons(dispatcher)}


async def test_unclear_service_offers_the_best_candidates(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("syarat akta apa", entities=[entity("service", "akta")])
    await ActionAnswerRequirements(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_choose_service"]
    payloads = [b["payload"] for b in buttons(dispatcher)]
    assert 2 <= len(payloads) <= 3
    assert all(p.startswith('/ask_requirements{"service":"akta_') for p in payloads)


async def test_unknown_service_is_answered_honestly_with_the_list_and_a_person(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("syarat izin tambang", entities=[entity("service", "izin tambang")])
    await ActionAnswerRequirements(make_runtime()).run(dispatcher, tracker, domain)
    text = rendered(dispatcher)[0]
    assert 'layanan "izin tambang" belum ada' in text
    assert "Disdukcapil: " in text
    assert buttons(dispatcher) == [{"title": "Hubungi petugas", "payload": "/request_human"}]


async def test_a_bare_service_name_answers_the_last_question(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "paspor",
        intent="inform",
        entities=[entity("service", "paspor")],
        events=[user_event("berapa biayanya?", "ask_cost")],
    )
    await ActionAnswerInform(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher)[0] == "utter_cost"


async def test_a_wish_with_nothing_asked_before_gets_the_requirements(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "saya mau pindah faskes",
        intent="inform",
        entities=[entity("service", "pindah_faskes")],
    )
    await ActionAnswerInform(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher)[0] == "utter_requirements"
    assert "Nomor kartu JKN-KIS atau NIK" in rendered(dispatcher)[0]


async def test_list_services_by_unit(make_runtime: RuntimeFactory, domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()
    await ActionListServices(make_runtime()).run(
        dispatcher, make_tracker("layanan apa saja"), domain
    )
    text = rendered(dispatcher)[0]
    assert "Kartu Tanda Penduduk Elektronik (KTP-el)" in text and "Paspor" in text
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("layanan dukcapil", entities=[entity("unit", "Disdukcapil")])
    await ActionListServices(make_runtime()).run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_list_services_unit"]
    assert "Paspor" not in rendered(dispatcher)[0]


async def test_list_services_of_an_office_named_the_way_citizens_say_it(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    # "dukcapil" is an alias of Disdukcapil (units/disdukcapil.yaml); "polres" is found in
    # the text when no entity was extracted.
    for tracker in (
        make_tracker("layanan apa aja di dukcapil", entities=[entity("unit", "dukcapil")]),
        make_tracker("polres bisa ngurus apa aja"),
    ):
        dispatcher = CollectingDispatcher()
        await ActionListServices(make_runtime()).run(dispatcher, tracker, domain)
        assert responses(dispatcher) == ["utter_list_services_unit"], tracker.latest_message
        assert "Paspor" not in rendered(dispatcher)[0]
