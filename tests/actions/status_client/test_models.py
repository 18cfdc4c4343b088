from __future__ import annotations

from datetime import date, datetime

import pytest
from pydantic import ValidationError

from actions.status_client import ApplicationStatus

BODY = {
    "number": "DUK-2026-000101",
    "service_id": "ktp_el",
    "service_name": "KTP elektronik",
    "status": "diterima",
    "status_label": "Permohonan diterima",
    "last_changed_at": "2026-11-24T09:12:00+07:00",
    "next_step": "Tunggu verifikasi.",
    "estimated_completion": "2026-12-08",
    "history": [
        {"status": "diterima", "label": "Permohonan diterima", "at": "2026-11-24T09:12:00+07:00"}
    ],
}


def test_parses_the_contract_body() -> None:
    status = ApplicationStatus.model_validate(BODY)
    assert status.status_code == "diterima"
    assert status.estimated_completion == date(2026, 12, 8)
    assert status.history[0].note == ""
    assert status.last_changed_at == datetime.fromisoformat("2026-11-24T09:12:00+07:00")


def test_last_changed_at_defaults_to_newest_history_entry() -> None:
    body = {**BODY, "last_changed_at": None}
    status = ApplicationStatus.model_validate(body)
    assert status.last_changed_at == status.history[-1].at


def test_accepts_status_code_name_and_no_estimate() -> None:
    body = {k: v for k, v in BODY.items() if k not in ("status", "estimated_completion")}
    status = ApplicationStatus.model_validate({**body, "status_code": "selesai"})
    assert status.status_code == "selesai"
    assert status.estimated_completion is None


def test_missing_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        ApplicationStatus.model_validate({"number": "DUK-2026-000101"})


def test_is_immutable() -> None:
    status = ApplicationStatus.model_validate(BODY)
    with pytest.raises(ValidationError):
        status.status_code = "selesai"  # type: ignore[misc]
