"""HttpStatusClient against the real simulator, served by uvicorn on a free port."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from datetime import date

import httpx
import pytest
from fastapi import FastAPI, Request, Response

from actions.status_client import (
    ApplicationNotFound,
    ApplicationStatus,
    CircuitBreaker,
    CircuitState,
    StatusApiRateLimited,
    StatusApiUnavailable,
    StatusClient,
    UnavailableReason,
    create_status_client,
)
from status_simulator import run_in_background

from .conftest import ClientFactory, RequestCounter, Simulator


async def test_lookup_returns_application_status(make_client: ClientFactory) -> None:
    client = make_client()

    status = await client.lookup("DUK-2026-000104", "3174")

    assert isinstance(status, ApplicationStatus)
    assert status.number == "DUK-2026-000104"
    assert status.service_id == "ktp_el"
    assert status.status_code == "perlu_perbaikan"
    assert status.status_label == "Perlu perbaikan berkas"
    assert "surat pengantar RT/RW" in status.next_step
    assert status.estimated_completion == date(2026, 12, 10)
    assert [h.status for h in status.history] == ["diterima", "verifikasi", "perlu_perbaikan"]
    assert status.last_changed_at == status.history[-1].at


async def test_lookup_normalises_what_the_citizen_typed(make_client: ClientFactory) -> None:
    status = await make_client().lookup(" duk 2026 000101", "17-05-1990")
    assert status.number == "DUK-2026-000101"
    assert status.status_code == "diterima"


@pytest.mark.parametrize(
    ("number", "verification", "original"),
    [("DUK-2026-999999", "3171", 404), ("DUK-2026-000101", "9999", 403)],
    ids=["unknown", "wrong-verification"],
)
async def test_unknown_and_wrong_verification_look_the_same(
    make_client: ClientFactory, number: str, verification: str, original: int
) -> None:
    with pytest.raises(ApplicationNotFound) as info:
        await make_client().lookup(number, verification)
    assert str(info.value) == "application not found"
    assert info.value._status_code == original
    assert isinstance(info.value.__cause__, httpx.HTTPStatusError)


async def test_not_found_is_not_a_breaker_failure(make_client: ClientFactory) -> None:
    breaker = CircuitBreaker(failure_threshold=1)
    client = make_client(breaker=breaker)
    for _ in range(3):
        with pytest.raises(ApplicationNotFound):
            await client.lookup("DUK-2026-999999", "3171")
    assert breaker.state is CircuitState.CLOSED


async def test_500s_are_retried_then_unavailable(
    simulator: Simulator, make_client: ClientFactory, requests_sent: RequestCounter
) -> None:
    await simulator.set_faults(error_rate_500=1.0)

    with pytest.raises(StatusApiUnavailable) as info:
        await make_client().lookup("DUK-2026-000101", "3171")

    assert info.value.reason is UnavailableReason.SERVER_ERROR
    assert info.value.status_code == 500
    assert requests_sent.count == 3  # first attempt + 2 retries


async def test_retry_recovers_when_a_later_attempt_succeeds(
    simulator: Simulator, make_client: ClientFactory, requests_sent: RequestCounter
) -> None:
    await simulator.set_faults(error_rate_500=1.0)
    client = make_client(backoff_initial_s=0.3, backoff_jitter_s=0)

    async def heal() -> None:
        await asyncio.sleep(0.15)
        await simulator.set_faults(reset=True)

    healer = asyncio.create_task(heal())
    status = await client.lookup("DUK-2026-000101", "3171")
    await healer
    assert status.status_code == "diterima"
    assert requests_sent.count == 2


async def test_slow_mode_times_out_within_six_seconds(
    simulator: Simulator, make_client: ClientFactory, requests_sent: RequestCounter
) -> None:
    await simulator.set_faults(slow_mode=True)  # 30 s, longer than every client timeout
    client = make_client()  # production timeouts: connect 2 s, total 5 s, deadline 5.5 s

    start = time.perf_counter()
    with pytest.raises(StatusApiUnavailable) as info:
        await client.lookup("DUK-2026-000101", "3171")
    elapsed = time.perf_counter() - start

    assert info.value.reason is UnavailableReason.TIMEOUT
    assert 5.0 <= elapsed < 6.0
    assert requests_sent.count <= 2


async def test_circuit_opens_fails_fast_and_closes_after_recovery(
    simulator: Simulator, make_client: ClientFactory, requests_sent: RequestCounter
) -> None:
    breaker = CircuitBreaker(failure_threshold=3, reset_timeout_s=0.5)
    client = make_client(breaker=breaker, max_retries=0)
    await simulator.set_faults(error_rate_500=1.0)

    for _ in range(3):
        with pytest.raises(StatusApiUnavailable):
            await client.lookup("DUK-2026-000101", "3171")
    assert breaker.state is CircuitState.OPEN
    sent = requests_sent.count

    start = time.perf_counter()
    with pytest.raises(StatusApiUnavailable) as info:
        await client.lookup("DUK-2026-000101", "3171")
    assert info.value.reason is UnavailableReason.CIRCUIT_OPEN
    assert time.perf_counter() - start < 0.05
    assert requests_sent.count == sent  # no HTTP while open

    await simulator.set_faults(reset=True)
    await asyncio.sleep(0.6)
    assert breaker.state is CircuitState.HALF_OPEN

    status = await client.lookup("DUK-2026-000101", "3171")
    assert status.status_code == "diterima"
    assert breaker.state is CircuitState.CLOSED
    assert requests_sent.count == sent + 1


async def test_failed_half_open_trial_reopens(
    simulator: Simulator, make_client: ClientFactory
) -> None:
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout_s=0.2)
    client = make_client(breaker=breaker, max_retries=0)
    await simulator.set_faults(error_rate_500=1.0)
    with pytest.raises(StatusApiUnavailable):
        await client.lookup("DUK-2026-000101", "3171")
    await asyncio.sleep(0.25)

    with pytest.raises(StatusApiUnavailable) as info:
        await client.lookup("DUK-2026-000101", "3171")
    assert info.value.reason is UnavailableReason.SERVER_ERROR
    assert breaker.state is CircuitState.OPEN


async def test_429_is_rate_limited_and_honoured_without_http(
    simulator: Simulator, make_client: ClientFactory, requests_sent: RequestCounter
) -> None:
    await simulator.set_faults(error_rate_429=1.0, retry_after_s=7)
    client = make_client()

    with pytest.raises(StatusApiRateLimited) as info:
        await client.lookup("DUK-2026-000101", "3171")
    assert info.value.retry_after == 7
    assert requests_sent.count == 1  # 429 is not retried

    await simulator.set_faults(reset=True)
    with pytest.raises(StatusApiRateLimited) as again:
        await client.lookup("DUK-2026-000101", "3171")
    assert again.value.retry_after is not None
    assert 0 < again.value.retry_after <= 7
    assert requests_sent.count == 1
    assert client.breaker.state is CircuitState.CLOSED


async def test_connection_refused_is_unavailable(make_client: ClientFactory) -> None:
    # Bind a port and close it again so nothing listens there.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(base_url=f"http://127.0.0.1:{port}", max_retries=1)

    with pytest.raises(StatusApiUnavailable) as info:
        await client.lookup("DUK-2026-000101", "3171")
    assert info.value.reason is UnavailableReason.CONNECTION
    assert isinstance(info.value.__cause__, httpx.ConnectError)


async def test_numbers_are_masked_in_logs(
    make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="actions.status_client")
    await make_client().lookup("DUK-2026-000101", "3171")
    with pytest.raises(ApplicationNotFound):
        await make_client().lookup("DUK-2026-000102", "0000")

    assert "DUK-2026-****01" in caplog.text
    assert "DUK-2026-000101" not in caplog.text
    assert "DUK-2026-000102" not in caplog.text
    assert "3171" not in caplog.text


async def test_factory_client_round_trip_and_subscription(simulator: Simulator) -> None:
    app = FastAPI()
    received: asyncio.Queue[dict] = asyncio.Queue()

    @app.post("/hook")
    async def hook(request: Request) -> Response:
        await received.put(await request.json())
        return Response(status_code=204)

    async with (
        run_in_background(app) as hook_url,
        create_status_client(simulator.base_url) as client,
    ):
        assert isinstance(client, StatusClient)
        await client.subscribe("POL-2026-000301", "2000-01-15", f"{hook_url}/hook")
        await simulator.admin.post("/_admin/applications/POL-2026-000301/advance")
        body = await asyncio.wait_for(received.get(), timeout=5)
        assert (body["number"], body["status"]) == ("POL-2026-000301", "diproses")

        status = await client.lookup("POL-2026-000301", "3201")
        assert status.status_code == "diproses"
        assert status.last_changed_at.isoformat() == body["changed_at"]
