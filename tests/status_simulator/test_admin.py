from __future__ import annotations

import pytest

from status_simulator.statuses import TRANSITIONS, StatusCode, allowed_next

from .conftest import RunningSimulator


async def _advance(simulator: RunningSimulator, number: str, **body: str) -> tuple[int, dict]:
    response = await simulator.http.post(
        f"/_admin/applications/{number}/advance", json=body or None
    )
    return response.status_code, response.json()


async def test_advance_moves_to_next_status_and_lookup_sees_it(
    simulator: RunningSimulator,
) -> None:
    code, body = await _advance(simulator, "DUK-2026-000101")

    assert code == 200
    assert body["status"] == "verifikasi"
    assert body["status_label"] == "Berkas sedang diverifikasi"
    assert [h["status"] for h in body["history"]] == ["diterima", "verifikasi"]
    lookup = (await simulator.lookup("DUK-2026-000101", "3171")).json()
    assert lookup == body


async def test_full_normal_flow_until_final(simulator: RunningSimulator) -> None:
    seen = []
    for _ in range(3):
        code, body = await _advance(simulator, "DPM-2026-000401")
        assert code == 200
        seen.append(body["status"])
    assert seen == ["verifikasi", "diproses", "selesai"]
    assert "akun OSS" in body["next_step"]

    code, body = await _advance(simulator, "DPM-2026-000401")
    assert code == 409
    assert "final" in body["detail"]


async def test_advance_to_chosen_status_with_note(simulator: RunningSimulator) -> None:
    code, body = await _advance(
        simulator, "DUK-2026-000102", status="perlu_perbaikan", note="fotokopi akta nikah"
    )
    assert code == 200
    assert body["status"] == "perlu_perbaikan"
    assert "fotokopi akta nikah" in body["next_step"]
    assert body["history"][-1]["note"] == "fotokopi akta nikah"


async def test_rejection_clears_estimate(simulator: RunningSimulator) -> None:
    code, body = await _advance(simulator, "DUK-2026-000101", status="ditolak", note="NIK ganda")
    assert code == 200
    assert body["estimated_completion"] is None
    assert "NIK ganda" in body["next_step"]


async def test_disallowed_target_is_409(simulator: RunningSimulator) -> None:
    code, body = await _advance(simulator, "DUK-2026-000101", status="selesai")
    assert code == 409
    assert "cannot move" in body["detail"]


async def test_unknown_number_is_404(simulator: RunningSimulator) -> None:
    code, _ = await _advance(simulator, "DUK-2026-999999")
    assert code == 404


@pytest.mark.parametrize("status", list(StatusCode))
def test_transitions_table_is_complete(status: StatusCode) -> None:
    assert status in TRANSITIONS
    assert status not in allowed_next(status)
