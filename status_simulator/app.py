"""The simulator's FastAPI application factory."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from status_simulator import admin, api
from status_simulator.constants import ADMIN_PREFIX, API_PREFIX
from status_simulator.faults import FaultConfig, FaultInjector
from status_simulator.notifier import SubscriptionNotifier
from status_simulator.seed import load_seed
from status_simulator.settings import SimulatorSettings
from status_simulator.state import SimulatorState
from status_simulator.store import ApplicationStore


def create_app(
    config: SimulatorSettings, *, callback_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """Build a simulator app with its own, freshly seeded state.

    Args:
        config: The settings (seed file, faults, callback delivery).
        callback_transport: Transport for status-change callbacks; default: the network.

    Returns:
        The ASGI app. Its lifespan opens and closes the callback HTTP client.

    Raises:
        SeedDataError: The seed file is missing or invalid.
    """
    state = SimulatorState(
        settings=config,
        store=ApplicationStore(load_seed(config.seed_file)),
        faults=FaultInjector(FaultConfig.from_settings(config), random.Random(config.random_seed)),
        notifier=SubscriptionNotifier(
            max_attempts=config.callback_max_attempts,
            timeout_s=config.callback_timeout_s,
            backoff_s=config.callback_backoff_s,
            transport=callback_transport,
        ),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await state.notifier.start()
        try:
            yield
        finally:
            await state.notifier.aclose()

    app = FastAPI(
        title="Tanya Layanan status-service simulator",
        description="Implements the status-service contract with seeded demo applications.",
        lifespan=lifespan,
    )
    app.state.simulator = state
    app.include_router(api.router)
    app.include_router(api.api_router, prefix=API_PREFIX)
    app.include_router(admin.router, prefix=ADMIN_PREFIX, include_in_schema=False)
    return app
