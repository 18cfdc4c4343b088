"""The per-app state of the simulator and the FastAPI dependencies that reach it."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from status_simulator.faults import FaultInjector, FaultOutcome
from status_simulator.notifier import SubscriptionNotifier
from status_simulator.settings import SimulatorSettings
from status_simulator.store import ApplicationStore


@dataclass
class SimulatorState:
    """Everything one simulator app holds; built by ``create_app``."""

    settings: SimulatorSettings
    store: ApplicationStore
    faults: FaultInjector
    notifier: SubscriptionNotifier


def get_state(request: Request) -> SimulatorState:
    """Return the simulator state of the app serving ``request``."""
    state: SimulatorState = request.app.state.simulator
    return state


StateDep = Annotated[SimulatorState, Depends(get_state)]


async def inject_faults(state: StateDep) -> None:
    """Apply the configured latency and errors to a public API request.

    Raises:
        HTTPException: 429 with ``Retry-After`` or 500, when injected.
    """
    outcome = await state.faults.apply()
    if outcome is FaultOutcome.RATE_LIMITED:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail="Too many requests (injected)",
            headers={"Retry-After": str(state.faults.current.retry_after_s)},
        )
    if outcome is FaultOutcome.SERVER_ERROR:
        raise HTTPException(
            status.HTTP_500_INTERNAL_SERVER_ERROR, detail="Internal server error (injected)"
        )


def require_loopback(request: Request) -> None:
    """Refuse admin requests that do not come from a loopback address.

    Raises:
        HTTPException: 403 for any other client.
    """
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Admin API is loopback only")
