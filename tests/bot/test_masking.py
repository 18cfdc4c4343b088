import pytest

from bot.masking import mask_identifier, mask_personal_data


@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        ("NIK saya 3171234567890001 ya", "3171234567890001", "0001"),
        ("nik 317123 456789 0001", "456789", "0001"),
        ("hubungi 081234567890", "081234567890", "890"),
        ("wa +62 812-3456-7890", "3456", "890"),
        ("email budi.santoso@example.co.id", "budi.santoso", "@example.co.id"),
        ("nomor permohonan DUK-2026-000101", "000101", "DUK-2026-"),
    ],
)
def test_personal_data_is_masked(text: str, hidden: str, kept: str) -> None:
    masked = mask_personal_data(text)
    assert hidden not in masked
    assert kept in masked
    assert "*" in masked


def test_text_without_personal_data_is_unchanged() -> None:
    text = "apa syarat membuat KTP-el? buka jam 08.00 sampai 15.00"
    assert mask_personal_data(text) == text


def test_mask_identifier_keeps_the_tail() -> None:
    assert mask_identifier("telegram:123456789") == "**************6789"
    assert mask_identifier("abc") == "***"
