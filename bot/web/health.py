"""``GET /healthz``: 200 when every part the gateway needs answers, else 503 naming them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot import constants

logger = logging.getLogger(__name__)

router = APIRouter()


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """A named probe of one component; ``probe`` raises when the component is unhealthy."""

    name: str
    probe: Callable[[], Awaitable[object]]


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    """Probe every component concurrently and report each one."""
    checks: list[HealthCheck] = request.app.state.health_checks
    results = await asyncio.gather(*(_run(check) for check in checks))
    components = dict(results)
    healthy = all(value == "ok" for value in components.values())
    return JSONResponse(
        {"status": "ok" if healthy else "error", "components": components},
        status_code=200 if healthy else 503,
    )


async def _run(check: HealthCheck) -> tuple[str, str]:
    """Run one probe with a timeout; return its name and ``ok`` or the failure."""
    try:
        await asyncio.wait_for(check.probe(), timeout=constants.DEFAULT_HEALTH_TIMEOUT_S)
    except TimeoutError:
        return check.name, "error: timeout"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy, and is reported
        logger.warning("Health check %s failed: %s", check.name, type(exc).__name__)
        return check.name, f"error: {type(exc).__name__}"
    return check.name, "ok"
