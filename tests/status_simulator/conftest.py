from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from status_simulator import SimulatorSettings, create_app, run_in_background
from status_simulator.state import SimulatorState


@pytest.fixture(autouse=True)
def clean_status_sim_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("STATUS_SIM_"):
            monkeypatch.delenv(name)


@pytest.fixture
def make_settings() -> Callable[..., SimulatorSettings]:
    def factory(**overrides: Any) -> SimulatorSettings:
        values: dict[str, Any] = {"random_seed": 7, "callback_backoff_s": 0.05}
        values.update(overrides)
        return SimulatorSettings(**values)

    return factory


@dataclass
class RunningSimulator:
    app: FastAPI
    base_url: str
    http: httpx.AsyncClient

    @property
    def state(self) -> SimulatorState:
        state: SimulatorState = self.app.state.simulator
        return state

    async def lookup(self, number: str, verification: str) -> httpx.Response:
        return await self.http.post(
            "/api/v1/applications/lookup", json={"number": number, "verification": verification}
        )

    async def set_faults(self, **faults: Any) -> dict[str, Any]:
        response = await self.http.post("/_admin/faults", json=faults)
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
async def simulator(
    make_settings: Callable[..., SimulatorSettings],
) -> AsyncIterator[RunningSimulator]:
    app = create_app(make_settings())
    async with (
        run_in_background(app) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=10) as http,
    ):
        yield RunningSimulator(app=app, base_url=base_url, http=http)
