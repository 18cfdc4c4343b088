from __future__ import annotations

import pytest

from status_simulator import StatusCode
from status_simulator.constants import DEFAULT_SEED_FILE
from status_simulator.seed import ApplicationSeed, load_seed

from .conftest import RunningSimulator

SEED = load_seed(DEFAULT_SEED_FILE)


@pytest.mark.parametrize("app", SEED.applications, ids=lambda app: app.number)
async def test_every_seeded_application_is_returned(
    simulator: RunningSimulator, app: ApplicationSeed
) -> None:
    response = await simulator.lookup(app.number, app.nik_last4)

    assert response.status_code == 200
    body = response.json()
    status = app.history[-1].status
    assert body["number"] == app.number
    assert body["service_id"] == app.service_id
    assert body["service_name"] == SEED.services[app.service_id].name
    assert body["status"] == status
    assert body["status_label"] == SEED.statuses[status].label
    assert body["last_changed_at"] == body["history"][-1]["at"]
    assert [h["status"] for h in body["history"]] == [h.status for h in app.history]
    assert all(h["label"] == SEED.statuses[h["status"]].label for h in body["history"])
    assert body["estimated_completion"] == (
        app.estimated_completion.isoformat() if app.estimated_completion else None
    )
    assert "{" not in body["next_step"]
    if status is StatusCode.PERLU_PERBAIKAN:
        assert app.correction and app.correction in body["next_step"]
    if status is StatusCode.SELESAI:
        assert SEED.services[app.service_id].pickup_location in body["next_step"]
    if status is StatusCode.DITOLAK:
        assert app.rejection_reason and app.rejection_reason in body["next_step"]


@pytest.mark.parametrize("app", SEED.applications[:3], ids=lambda app: app.number)
async def test_date_of_birth_also_verifies(
    simulator: RunningSimulator, app: ApplicationSeed
) -> None:
    response = await simulator.lookup(app.number, app.date_of_birth.isoformat())
    assert response.status_code == 200


async def test_number_is_case_and_space_insensitive(simulator: RunningSimulator) -> None:
    response = await simulator.lookup("  duk-2026-000101 ", "3171")
    assert response.status_code == 200
    assert response.json()["number"] == "DUK-2026-000101"


async def test_unknown_number_is_404(simulator: RunningSimulator) -> None:
    response = await simulator.lookup("DUK-2026-999999", "3171")
    assert response.status_code == 404
    assert response.json() == {"detail": "Application not found"}


@pytest.mark.parametrize("verification", ["3172", "0000", "1990-05-18", "17-05-1990", " "])
async def test_wrong_verification_is_403(simulator: RunningSimulator, verification: str) -> None:
    response = await simulator.lookup("DUK-2026-000101", verification)
    assert response.status_code in (403, 422)
    if verification.strip():
        assert response.status_code == 403
        assert response.json() == {"detail": "Verification failed"}


async def test_missing_field_is_422(simulator: RunningSimulator) -> None:
    response = await simulator.http.post(
        "/api/v1/applications/lookup", json={"number": "DUK-2026-000101"}
    )
    assert response.status_code == 422


async def test_healthz(simulator: RunningSimulator) -> None:
    response = await simulator.http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "applications": len(SEED.applications)}
