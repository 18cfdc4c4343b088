from __future__ import annotations

import pytest

from actions.status_client import (
    is_valid_application_number,
    is_valid_verification,
    mask_application_number,
    normalize_application_number,
    normalize_verification,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DUK-2026-000101", "DUK-2026-000101"),
        ("duk-2026-000101", "DUK-2026-000101"),
        ("  Imi 2026 000201 ", "IMI-2026-000201"),
        ("POL2026000301", "POL-2026-000301"),
        ("dpm/2026/000401", "DPM-2026-000401"),
        ("DUK - 2026 - 000101", "DUK-2026-000101"),
        ("XYZ-2026-000101", None),
        ("DUK-26-000101", None),
        ("DUK-2026-00101", None),
        ("DUK-2026-0001011", None),
        ("nomor saya DUK-2026-000101", None),
        ("", None),
    ],
)
def test_application_numbers(text: str, expected: str | None) -> None:
    assert normalize_application_number(text) == expected
    assert is_valid_application_number(text) is (expected is not None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3171", "3171"),
        (" 0042 ", "0042"),
        ("1990-05-17", "1990-05-17"),
        ("1990-5-7", "1990-05-07"),
        ("17-05-1990", "1990-05-17"),
        ("17/05/1990", "1990-05-17"),
        ("17.05.1990", "1990-05-17"),
        ("29-02-1988", "1988-02-29"),
        ("29-02-1989", None),
        ("1990-13-01", None),
        ("31-04-1990", None),
        ("317", None),
        ("31710", None),
        ("abcd", None),
        ("3171567890123456", None),
        ("", None),
    ],
)
def test_verification_factors(text: str, expected: str | None) -> None:
    assert normalize_verification(text) == expected
    assert is_valid_verification(text) is (expected is not None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DUK-2026-000101", "DUK-2026-****01"),
        ("duk 2026 000157", "DUK-2026-****57"),
        ("garbage-123", "*********23"),
        ("ab", "**"),
        ("", ""),
    ],
)
def test_mask_application_number(text: str, expected: str) -> None:
    assert mask_application_number(text) == expected
