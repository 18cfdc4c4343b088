from typing import Any

import pytest
from tanya_nlu.entity_rules import (
    alias_key,
    alias_words_by_service,
    build_alias_index,
    drop_qualifying_mentions,
    find_service_mentions,
    prefer_longer_mentions,
    resolve_service_entities,
)

KNOWN = {
    "ktp_el",
    "kartu_keluarga",
    "pindah_domisili",
    "bpjs_kesehatan",
    "bpjs_ketenagakerjaan",
    "paspor",
}
ALIASES = {
    "bpjs tk": "bpjs_ketenagakerjaan",
    "jamsostek": "bpjs_ketenagakerjaan",
    "m-paspor": "paspor",
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


def _mentions(text: str, index: dict[str, str]) -> list[tuple[str, str]]:
    return [(text[m["start"] : m["end"]], m["value"]) for m in find_service_mentions(text, index)]


def test_mentions_found_by_alias_with_offsets(index: dict[str, str]) -> None:
    text = "sabtu buka ga? mau daftarin Jamsostek buat karyawan"
    [mention] = find_service_mentions(text, index)
    assert mention == {
        "entity": "service",
        "start": text.index("Jamsostek"),
        "end": text.index("Jamsostek") + len("Jamsostek"),
        "value": "bpjs_ketenagakerjaan",
        "extractor": "ServiceEntityResolver",
    }


def test_mentions_prefer_the_longest_alias(index: dict[str, str]) -> None:
    # "bpjs" alone is BPJS Kesehatan; "bpjs tk" is BPJS Ketenagakerjaan.
    assert _mentions("daftar bpjs tk online", index) == [("bpjs tk", "bpjs_ketenagakerjaan")]
    assert _mentions("daftar bpjs online", index) == [("bpjs", "bpjs_kesehatan")]


def test_mentions_of_several_services_with_punctuation_and_suffixes(
    index: dict[str, str],
) -> None:
    text = "m-paspor nya bisa? terus e-KTP, kk sama surat pindah juga"
    assert _mentions(text, index) == [
        ("m-paspor nya", "paspor"),
        ("e-KTP", "ktp_el"),
        ("kk", "kartu_keluarga"),
        ("surat pindah", "pindah_domisili"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "jam berapa kantornya buka",
        "cek status KTP-2026-000777",  # an application number is one word, not a name
        "",
    ],
)
def test_no_mentions_without_an_alias(text: str, index: dict[str, str]) -> None:
    assert find_service_mentions(text, index) == []


def test_a_longer_name_wins_over_the_part_diet_tagged() -> None:
    index = build_alias_index(
        {"ktp_el", "kia"}, {"ktp": "ktp_el", "ktp anak": "kia", "bikin ktp": "ktp_el"}
    )
    text = "syarat ktp anak apa"
    tagged = [_entity(text, "ktp", "ktp_el"), _entity(text, "apa", "x", kind="detail")]
    repaired = prefer_longer_mentions(tagged, find_service_mentions(text, index))
    assert repaired == [
        {"entity": "service", "start": 7, "end": 15, "value": "kia"},
        tagged[1],
    ]


def test_a_longer_name_of_the_same_service_keeps_diets_span() -> None:
    index = build_alias_index({"ktp_el"}, {"ktp": "ktp_el", "bikin ktp": "ktp_el"})
    text = "mau bikin ktp"
    tagged = [_entity(text, "ktp", "ktp_el")]
    assert prefer_longer_mentions(tagged, find_service_mentions(text, index)) == tagged


def test_the_longest_alias_wins_even_when_a_shorter_one_starts_earlier() -> None:
    index = build_alias_index(
        {"bpjs_kesehatan", "bpjs_ketenagakerjaan"},
        {"daftar bpjs": "bpjs_kesehatan", "bpjs pekerja mandiri": "bpjs_ketenagakerjaan"},
    )
    assert _mentions("mau daftar bpjs pekerja mandiri", index) == [
        ("bpjs pekerja mandiri", "bpjs_ketenagakerjaan")
    ]


QUALIFIER_ALIASES = {
    "balik nama": "balik_nama_kendaraan",
    "ganti nama stnk": "balik_nama_kendaraan",
    "stnk": "pajak_kendaraan",
    "pajak motor": "pajak_kendaraan",
    "pindah faskes": "pindah_faskes",
    "ganti klinik bpjs": "pindah_faskes",
    "bpjs": "bpjs_kesehatan",
    "ktp": "ktp_el",
    "ktp anak": "kia",
    "hilang": "hilang",
}
QUALIFIER_IDS = {
    "balik_nama_kendaraan",
    "pajak_kendaraan",
    "pindah_faskes",
    "bpjs_kesehatan",
    "ktp_el",
    "kia",
}


@pytest.fixture
def alias_words() -> dict[str, list[str]]:
    return alias_words_by_service(QUALIFIER_ALIASES, QUALIFIER_IDS)


def test_alias_words_are_the_words_of_each_services_aliases(
    alias_words: dict[str, list[str]],
) -> None:
    assert alias_words["balik_nama_kendaraan"] == ["balik", "ganti", "nama", "stnk"]
    assert alias_words["kia"] == ["anak", "ktp"]
    assert "hilang" not in alias_words  # a variant, not a service


@pytest.mark.parametrize(
    ("text", "main", "qualifier"),
    [
        ("mau balik nama stnk motor bekas syaratnya apa", "balik nama", "stnk"),
        ("pindah faskes bpjs gimana caranya", "pindah faskes", "bpjs"),
        ("bpjs saya mau pindah faskes", "pindah faskes", "bpjs"),
        ("stnk nya mau di balik nama", "balik nama", "stnk"),
    ],
)
def test_a_name_that_qualifies_the_service_next_to_it_is_dropped(
    text: str, main: str, qualifier: str, alias_words: dict[str, list[str]]
) -> None:
    index = build_alias_index(QUALIFIER_IDS, QUALIFIER_ALIASES)
    tagged = sorted(
        [_entity(text, main, index[alias_key(main)]), _entity(text, qualifier, index[qualifier])],
        key=lambda e: e["start"],
    )
    kept = drop_qualifying_mentions(tagged, text, alias_words)
    assert [e["value"] for e in kept] == [index[alias_key(main)]]


@pytest.mark.parametrize(
    "text",
    [
        "syarat ktp dan ktp anak apa aja",  # asked together
        "stnk sekalian balik nama berapa biayanya",
        "bpjs, pindah faskes",
        "bpjs saya sudah aktif lama sekali, sekarang mau pindah faskes",  # far apart
    ],
)
def test_two_services_asked_together_or_far_apart_are_both_kept(
    text: str, alias_words: dict[str, list[str]]
) -> None:
    index = build_alias_index(QUALIFIER_IDS, QUALIFIER_ALIASES)
    tagged = find_service_mentions(text, index)
    assert len({e["value"] for e in tagged}) == 2
    assert drop_qualifying_mentions(tagged, text, alias_words) == tagged


def test_a_single_service_and_other_entities_pass_through(
    alias_words: dict[str, list[str]],
) -> None:
    text = "balik nama stnk hilang"
    tagged = [
        _entity(text, "balik nama", "balik_nama_kendaraan"),
        _entity(text, "hilang", "hilang", kind="variant"),
    ]
    assert drop_qualifying_mentions(tagged, text, alias_words) == tagged
    assert drop_qualifying_mentions(tagged, text, {}) == tagged
