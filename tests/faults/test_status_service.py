"""Drill: the agency's status service hangs or fails; the citizen still gets a friendly answer.

The bundled simulator's ``POST /_admin/faults`` makes it slower than the status client's
timeout (slow mode: 30 s) or answer 500 to every lookup. A status check through the
gateway must answer within 6 s with an Indonesian explanation, not an error.
"""

from __future__ import annotations

import httpx

from tests.faults.conftest import Drill, ask, new_sender, text_of

ANSWER_WITHIN_S = 6.0
FRIENDLY = ("tidak bisa dihubungi", "sedang sibuk", "coba lagi")


async def _check_status(client: httpx.AsyncClient, sender: str) -> tuple[str, float]:
    code, messages, _ = await ask(client, sender, "cek status permohonan saya")
    assert code == 200 and "nomor permohonan" in text_of(messages).lower(), messages
    code, messages, _ = await ask(client, sender, "DUK-2026-000101")
    assert code == 200 and "NIK" in text_of(messages), messages
    code, messages, elapsed = await ask(client, sender, "3171")
    assert code == 200, messages
    return text_of(messages), elapsed


async def test_status_service_slow_or_failing_gets_a_friendly_answer(drill: Drill) -> None:
    async with (
        httpx.AsyncClient(base_url=drill.base_url, timeout=30) as client,
        httpx.AsyncClient(base_url=drill.status_url, timeout=5) as admin,
    ):
        text, _ = await _check_status(client, new_sender("status-ok"))
        assert "Status permohonan DUK-2026-000101" in text, text

        for fault in ({"slow_mode": True}, {"error_rate_500": 1.0}):
            response = await admin.post("/_admin/faults", json={"reset": True, **fault})
            assert response.status_code == 200, response.text
            text, elapsed = await _check_status(client, new_sender("status-fault"))
            assert elapsed <= ANSWER_WITHIN_S, f"{fault}: answered after {elapsed:.1f} s"
            assert any(phrase in text for phrase in FRIENDLY), (fault, text)
            assert "Status permohonan DUK-2026-000101" not in text
            assert "gangguan di sistem kami" not in text, (fault, text)  # not a gateway failure

        (await admin.post("/_admin/faults", json={"reset": True})).raise_for_status()
