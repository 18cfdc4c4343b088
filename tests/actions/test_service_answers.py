"""Each answer component, from the real knowledge base, through real trackers."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.place_answers import ActionAnswerOnlineService
from actions.service_answers import (
    ActionAnswerCost,
    ActionAnswerDuration,
    ActionAnswerLegalBasis,
    ActionAnswerProcedure,
    ActionAnswerProduct,
    ActionAnswerRequirements,
    free_note,
    summarise,
)
from tests.actions.conftest import (
    RuntimeFactory,
    buttons,
    entity,
    make_tracker,
    rendered,
    responses,
    slots_set,
)
from tests.conftest import REPO_ROOT


def kb_file(service_id: str) -> dict[str, Any]:
    path = next((REPO_ROOT / "knowledge_base" / "services").glob(f"*/{service_id}.yaml"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


async def run(action: Any, tracker: Any, domain: dict[str, Any]) -> tuple[list[str], Any, Any]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain)
    return rendered(dispatcher), dispatcher, events


async def test_requirements_list_every_item_with_source(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    tracker = make_tracker(
        "apa syarat bikin ktp?", intent="ask_requirements", entities=[entity("service", "ktp_el")]
    )
    texts, dispatcher, events = await run(ActionAnswerRequirements(make_runtime()), tracker, domain)
    for item in kb_file("ktp_el")["persyaratan"]:
        assert item in texts[0]
    assert "SK 470/112/DKPS/2025, berlaku sejak 3 Februari 2025" in texts[0]
    assert texts[0].endswith("Informasi per 1 Oktober 2026.")
    assert slots_set(events) == {"service": "ktp_el", "variant": None, "unit": None}
    # KTP-el has variants with other requirements: they are offered as buttons.
    assert "utter_ask_variant_requirements" in responses(dispatcher)
    assert {b["payload"] for b in buttons(dispatcher)} >= {
        '/ask_requirements{"service":"ktp_el","variant":"hilang"}'
    }


async def test_lost_card_gives_the_variant_requirements(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    tracker = make_tracker("KTP saya hilang", intent="ask_requirements")
    texts, _, events = await run(ActionAnswerRequirements(make_runtime()), tracker, domain)
    assert "Penggantian KTP-el hilang" in texts[0]
    assert "Surat keterangan kehilangan dari kepolisian" in texts[0]
    assert slots_set(events) == {"service": "ktp_el", "variant": "hilang", "unit": None}


async def test_variant_button_payload_answers_that_variant(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    tracker = make_tracker(
        '/ask_requirements{"service":"ktp_el","variant":"rusak"}',
        intent="ask_requirements",
        entities=[entity("service", "ktp_el"), entity("variant", "rusak")],
    )
    texts, dispatcher, _ = await run(ActionAnswerRequirements(make_runtime()), tracker, domain)
    assert "KTP-el yang rusak" in texts[0]
    assert buttons(dispatcher) == []


async def test_long_list_is_summarised_with_a_see_all_button(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    action = ActionAnswerProcedure(make_runtime(), long_list_items=2)
    tracker = make_tracker(
        "alur ktp", intent="ask_procedure", entities=[entity("service", "ktp_el")]
    )
    texts, dispatcher, _ = await run(action, tracker, domain)
    steps = kb_file("ktp_el")["prosedur"]
    assert steps[0] in texts[0] and steps[-1] not in texts[0]
    assert "dan 2 lainnya" in texts[0]
    see_all = buttons(dispatcher)[0]
    assert see_all["title"] == "Lihat semua"
    full = make_tracker(
        see_all["payload"],
        intent="ask_procedure",
        entities=[entity("service", "ktp_el"), entity("detail", "lengkap")],
    )
    texts, dispatcher, _ = await run(action, full, domain)
    assert all(step in texts[0] for step in steps)
    assert buttons(dispatcher) == []


def test_summarise_keeps_short_lists_whole() -> None:
    assert summarise(["a", "b"], full=False, limit=8) == ("1. a\n2. b", False)
    text, cut = summarise([str(i) for i in range(12)], full=False, limit=8)
    assert cut and "dan 7 lainnya" in text


@pytest.mark.parametrize(
    ("action_class", "service_id", "expected"),
    [
        (ActionAnswerProcedure, "ktp_el", "Alur Kartu Tanda Penduduk Elektronik"),
        (ActionAnswerDuration, "ktp_el", "Paling lama 1 jam"),
        (ActionAnswerCost, "ktp_el", "gratis"),
        (ActionAnswerCost, "paspor", "Rp650.000"),
        (ActionAnswerProduct, "ktp_el", "Hasil layanan"),
        (ActionAnswerLegalBasis, "ktp_el", "UU 23/2006"),
        (ActionAnswerOnlineService, "paspor", "M-Paspor"),
        (ActionAnswerOnlineService, "ktp_el", "belum ada layanan daring"),
    ],
)
async def test_each_component_answers_from_the_knowledge_base(
    make_runtime: RuntimeFactory,
    domain: dict[str, Any],
    action_class: type,
    service_id: str,
    expected: str,
) -> None:
    tracker = make_tracker(
        "?", intent=action_class.intent, entities=[entity("service", service_id)]
    )
    texts, _, events = await run(action_class(make_runtime()), tracker, domain)
    assert expected in texts[0]
    assert "Sumber: " in texts[0] and "Informasi per " in texts[0]
    assert slots_set(events)["service"] == service_id


async def test_cost_with_a_fee_table_lists_its_items(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    tracker = make_tracker(
        "biaya sim berapa", intent="ask_cost", entities=[entity("service", "sim")]
    )
    texts, _, _ = await run(ActionAnswerCost(make_runtime()), tracker, domain)
    for item in kb_file("sim")["biaya"]["rincian"]:
        assert item["nama"] in texts[0]


async def test_cost_that_varies_says_so_with_its_note(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    tracker = make_tracker("biaya pbg", intent="ask_cost", entities=[entity("service", "pbg")])
    texts, dispatcher, _ = await run(ActionAnswerCost(make_runtime()), tracker, domain)
    assert responses(dispatcher) == ["utter_cost_varies"]
    assert kb_file("pbg")["biaya"]["keterangan"] in texts[0]


async def test_a_free_service_is_called_free_once(
    make_runtime: RuntimeFactory, domain: dict[str, Any]
) -> None:
    # kartu_keluarga.yaml's note is "Gratis, tidak dipungut biaya apa pun."
    tracker = make_tracker("?", intent="ask_cost", entities=[entity("service", "kartu_keluarga")])
    texts, _, _ = await run(ActionAnswerCost(make_runtime()), tracker, domain)
    first_line = texts[0].splitlines()[0]
    assert first_line == "Kartu Keluarga (KK) gratis. Tidak dipungut biaya apa pun.", first_line


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Gratis, tidak dipungut biaya apa pun.", "Tidak dipungut biaya apa pun."),
        ("Gratis.", ""),
        ("Gratis; tidak ada potongan biaya layanan.", "Tidak ada potongan biaya layanan."),
        ("Tanpa biaya.", "Tanpa biaya."),
        ("", ""),
    ],
)
def test_free_note_drops_only_a_leading_gratis(note: str, expected: str) -> None:
    assert free_note(note) == expected
