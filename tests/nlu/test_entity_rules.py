from typing import Any

import pytest
from tanya_nlu.entity_rules import alias_key, build_alias_index, resolve_service_entities

KNOWN = {"ktp_el", "kartu_keluarga", "pindah_domisili", "bpjs_kesehatan"}
ALIASES = {
    "e-ktp": "ktp_el",
    "kartu tanda penduduk": "ktp_el",
    "kk": "kartu_keluarga",
    "surat pindah": "pindah_domisili",
    "bpjs": "bpjs_kesehatan",
    "hilang": "hilang",
}


@pytest.fixture
def index() -> dict[str, str]:
    return build_alias_index(KNOWN, ALIASES)


def _entity(
    text: str, mention: str, value: str | None = None, kind: str = "service"
) -> dict[str, Any]:
    start = text.index(mention)
    return {"entity": kind, "start": start, "end": start + len(mention), "value": value or mention}


@pytest.mark.parametrize(
    ("mention", "key"),
    [("e-KTP", "ektp"), ("e-ktp nya", "ektp"), ("KK", "kk"), ("akte-nya", "akte"), ("...", "")],
)
def test_alias_key(mention: str, key: str) -> None:
    assert alias_key(mention) == key


def test_build_alias_index_ignores_values_that_are_not_services(index: dict[str, str]) -> None:
    assert index["ektp"] == "ktp_el"
    assert index["ktpel"] == "ktp_el"
    assert "hilang" not in index


def test_resolver_keeps_known_ids_and_drops_noise(index: dict[str, str]) -> None:
    text = "aye mau bikin kk"
    entities = [_entity(text, "aye"), _entity(text, "kk", "kartu_keluarga")]
    result = resolve_service_entities(entities, text, KNOWN, index)
    assert [e["value"] for e in result] == ["kartu_keluarga"]


def test_resolver_maps_unmapped_alias_variants(index: dict[str, str]) -> None:
    text = "e-ktpnya kapan jadi"
    entities = [_entity(text, "e-ktpnya")]
    assert resolve_service_entities(entities, text, KNOWN, index)[0]["value"] == "ktp_el"


def test_resolver_merges_split_mentions(index: dict[str, str]) -> None:
    text = "syarat surat pindah apa"
    entities = [_entity(text, "surat"), _entity(text, "pindah")]
    result = resolve_service_entities(entities, text, KNOWN, index)
    assert len(result) == 1
    assert result[0]["value"] == "pindah_domisili"
    assert text[result[0]["start"] : result[0]["end"]] == "surat pindah"


def test_resolver_leaves_other_entity_types_alone(index: dict[str, str]) -> None:
    text = "cek DUK-2026-000101 ktp"
    entities = [
        _entity(text, "DUK-2026-000101", kind="application_number"),
        _entity(text, "ktp", "ktp_el"),
    ]
    result = resolve_service_entities(entities, text, KNOWN, index)
    assert [e["entity"] for e in result] == ["application_number", "service"]
    assert result[0]["value"] == "DUK-2026-000101"
