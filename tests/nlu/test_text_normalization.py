from pathlib import Path

import pytest
from tanya_nlu.text_normalization import (
    DEFAULT_LEXICON_PATH,
    WordSpan,
    load_lexicon,
    normalize_text,
    normalize_word,
    separate_punctuation,
    split_number_unit,
    split_words,
    squeeze_repeated_letters,
)


@pytest.fixture
def lexicon() -> dict[str, str]:
    return load_lexicon()


def test_bundled_lexicon_has_licence_header_and_entries(lexicon: dict[str, str]) -> None:
    header = DEFAULT_LEXICON_PATH.read_text(encoding="utf-8").splitlines()[:5]
    assert any("Apache-2.0" in line for line in header)
    assert lexicon["udh"] == "sudah"
    assert all(key == key.lower() for key in lexicon)


@pytest.mark.parametrize("entity_word", ["ktp", "kk", "kia", "skck", "sim", "npwp", "nib"])
def test_lexicon_never_rewrites_service_names(lexicon: dict[str, str], entity_word: str) -> None:
    assert entity_word not in lexicon


def test_load_lexicon_reads_custom_file(tmp_path: Path) -> None:
    path = tmp_path / "lex.tsv"
    path.write_text("# comment\n\nGPP\ttidak apa-apa\n", encoding="utf-8")
    assert load_lexicon(path) == {"gpp": "tidak apa-apa"}


def test_load_lexicon_rejects_line_without_tab(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("udh sudah\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.tsv:1"):
        load_lexicon(path)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("pagiii", "pagi"),
        ("tolonggg", "tolong"),
        ("siaaap", "siap"),
        ("maaaaf", "maaf"),
        ("tanggggal", "tanggal"),
        ("maaf", "maaf"),
        ("saat", "saat"),
        ("PAGIII", "PAGI"),
        ("ktp", "ktp"),
    ],
)
def test_squeeze_repeated_letters(word: str, expected: str) -> None:
    assert squeeze_repeated_letters(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("3mgg", "3 minggu"),
        ("2hari", "2 hari"),
        ("50rb", "50 ribu"),
        ("14hr", "14 hari"),
        ("2026", "2026"),
        ("3abc", "3abc"),
        ("e-ktp", "e-ktp"),
    ],
)
def test_split_number_unit(word: str, expected: str) -> None:
    assert split_number_unit(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("udh", "sudah"),
        ("blm", "belum"),
        ("gak", "tidak"),
        ("nggak", "tidak"),
        ("gmn", "bagaimana"),
        ("gimana", "bagaimana"),
        ("dmn", "di mana"),
        ("bikin", "membuat"),
        ("ngurus", "mengurus"),
        ("ngurusnya", "mengurusnya"),
        ("akte", "akta"),
        ("syarat2", "syarat-syarat"),
        ("berkas2", "berkas-berkas"),
        ("udhhh", "sudah"),
        ("3mgg", "3 minggu"),
        ("ktp", "ktp"),
        ("saya", "saya"),
    ],
)
def test_normalize_word(lexicon: dict[str, str], word: str, expected: str) -> None:
    assert normalize_word(word, lexicon) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("UDH", "SUDAH"), ("Gmn", "Bagaimana"), ("udh", "sudah"), ("KTP", "KTP"), ("Dmn", "Di mana")],
)
def test_normalize_word_can_keep_case(word: str, expected: str) -> None:
    assert normalize_word(word, lowercase=False) == expected


def test_split_words_keeps_offsets_and_ids() -> None:
    text = "cek DUK-2026-000101, e-ktp/kk ya?? jam 08:00"
    spans = split_words(text)
    expected = ["cek", "DUK-2026-000101", "e-ktp", "kk", "ya", "jam", "08:00"]
    assert [s.text for s in spans] == expected
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert spans[0] == WordSpan("cek", 0, 3)


def test_split_words_without_words_is_empty() -> None:
    assert split_words("?? ... !!") == []


def test_separate_punctuation() -> None:
    assert separate_punctuation("halo,min!syarat ktp?") == "halo min syarat ktp"
    assert separate_punctuation("biaya Rp50.000 ya") == "biaya Rp50.000 ya"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("udh 3 minggu blm jadi e-ktp nya", "sudah 3 minggu belum jadi e-ktp nya"),
        ("udh 3mgg blm jadi e-ktp nya??", "sudah 3 minggu belum jadi e-ktp nya"),
        ("min mau nanya bikin ktp gimana ya", "admin mau bertanya membuat ktp bagaimana ya"),
        ("KK SAYA HILANG HARUS BAWA APA", "kk saya hilang harus bawa apa"),
        (
            "assalamualaikum pak, anak saya baru lahir kemarin, akte nya ngurus dimana",
            "assalamualaikum pak anak saya baru lahir kemarin akta nya mengurus di mana",
        ),
        ("pagiii kak, maaf mau tanya", "pagi kak maaf mau tanya"),
        ("", ""),
    ],
)
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


def test_normalize_text_keeping_case() -> None:
    assert normalize_text("KK SAYA UDH HILANG", lowercase=False) == "KK SAYA SUDAH HILANG"
