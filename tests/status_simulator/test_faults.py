from __future__ import annotations

import random
import time
from collections.abc import Callable

import httpx
import pytest

from status_simulator import FaultConfig, FaultUpdate, SimulatorSettings, create_app
from status_simulator.faults import FaultInjector, FaultOutcome

from .conftest import RunningSimulator


async def test_injected_500(simulator: RunningSimulator) -> None:
    faults = await simulator.set_faults(error_rate_500=1.0)
    assert faults["error_rate_500"] == 1.0

    response = await simulator.lookup("DUK-2026-000101", "3171")
    assert response.status_code == 500


async def test_injected_429_has_retry_after(simulator: RunningSimulator) -> None:
    await simulator.set_faults(error_rate_429=1.0, retry_after_s=7)

    response = await simulator.lookup("DUK-2026-000101", "3171")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"


async def test_faults_do_not_touch_healthz_or_admin(simulator: RunningSimulator) -> None:
    await simulator.set_faults(error_rate_500=1.0)
    assert (await simulator.http.get("/healthz")).status_code == 200
    assert (await simulator.http.get("/_admin/faults")).status_code == 200


async def test_latency_is_applied(simulator: RunningSimulator) -> None:
    await simulator.set_faults(latency_ms=300, jitter_ms=50)
    start = time.perf_counter()
    response = await simulator.lookup("DUK-2026-000101", "3171")
    assert response.status_code == 200
    assert 0.3 <= time.perf_counter() - start < 2.0


async def test_slow_mode_outlasts_a_client_timeout(simulator: RunningSimulator) -> None:
    await simulator.set_faults(slow_mode=True, slow_delay_s=5.0)
    with pytest.raises(httpx.ReadTimeout):
        await simulator.http.post(
            "/api/v1/applications/lookup",
            json={"number": "DUK-2026-000101", "verification": "3171"},
            timeout=0.5,
        )


async def test_partial_update_keeps_other_fields_and_reset_restores(
    simulator: RunningSimulator,
) -> None:
    await simulator.set_faults(error_rate_500=0.5, latency_ms=10)
    faults = await simulator.set_faults(jitter_ms=5)
    assert (faults["error_rate_500"], faults["latency_ms"], faults["jitter_ms"]) == (0.5, 10, 5)

    faults = await simulator.set_faults(reset=True)
    assert faults == FaultConfig().model_dump()


async def test_invalid_fault_values_are_422(simulator: RunningSimulator) -> None:
    response = await simulator.http.post("/_admin/faults", json={"error_rate_500": 2})
    assert response.status_code == 422


async def test_faults_from_settings(make_settings: Callable[..., SimulatorSettings]) -> None:
    app = create_app(make_settings(error_rate_429=1.0, retry_after_s=3))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as http:
        response = await http.post(
            "/api/v1/applications/lookup",
            json={"number": "DUK-2026-000101", "verification": "3171"},
        )
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/_admin/faults"),
        ("POST", "/_admin/faults"),
        ("POST", "/_admin/applications/DUK-2026-000101/advance"),
    ],
)
async def test_admin_is_loopback_only(
    make_settings: Callable[..., SimulatorSettings], method: str, path: str
) -> None:
    app = create_app(make_settings())
    transport = httpx.ASGITransport(app=app, client=("192.0.2.10", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as http:
        response = await http.request(method, path, json={})
    assert response.status_code == 403


async def test_error_rates_are_roughly_honoured() -> None:
    injector = FaultInjector(FaultConfig(error_rate_500=0.3), random.Random(1))
    outcomes = [await injector.apply() for _ in range(1000)]
    share = outcomes.count(FaultOutcome.SERVER_ERROR) / len(outcomes)
    assert 0.25 < share < 0.35


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATUS_SIM_ERROR_RATE_500", "0.2")
    monkeypatch.setenv("STATUS_SIM_SLOW_MODE", "true")
    monkeypatch.setenv("STATUS_SIM_PORT", "9999")
    settings = SimulatorSettings()
    assert (settings.error_rate_500, settings.slow_mode, settings.port) == (0.2, True, 9999)
    faults = FaultConfig.from_settings(settings)
    assert faults.error_rate_500 == 0.2
    assert faults.slow_mode is True


def test_fault_update_rejects_unknown_fields() -> None:
    with pytest.raises(ValueError, match="extra"):
        FaultUpdate.model_validate({"error_rate": 1})
