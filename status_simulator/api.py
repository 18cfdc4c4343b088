"""The public routes: the status-service contract and the health check."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, HTTPException, status

from status_simulator.notifier import mask_number
from status_simulator.schemas import (
    ApplicationOut,
    ErrorOut,
    LookupRequest,
    SubscriptionOut,
    SubscriptionRequest,
)
from status_simulator.state import SimulatorState, StateDep, inject_faults
from status_simulator.store import ApplicationRecord

logger = logging.getLogger(__name__)

_ERRORS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorOut, "description": "Verification failed"},
    404: {"model": ErrorOut, "description": "Unknown application number"},
    429: {"model": ErrorOut, "description": "Too many requests"},
}

router = APIRouter()
api_router = APIRouter(dependencies=[Depends(inject_faults)], responses=_ERRORS)


@router.get("/healthz")
async def healthz(state: StateDep) -> dict[str, object]:
    """Report that the simulator is up."""
    return {"status": "ok", "applications": len(state.store)}


def _find_verified(state: SimulatorState, number: str, verification: str) -> ApplicationRecord:
    """Return the application, or raise 404 (unknown) / 403 (verification failed)."""
    record = state.store.get(number)
    if record is None:
        logger.info("Lookup of unknown number %s", mask_number(number.strip().upper()))
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Application not found")
    if not record.matches(verification):
        logger.info("Verification failed for %s", mask_number(record.number))
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Verification failed")
    return record


@api_router.post("/applications/lookup")
async def lookup(body: LookupRequest, state: StateDep) -> ApplicationOut:
    """Return the status of one application, given its number and a second factor."""
    record = _find_verified(state, body.number, body.verification)
    logger.info("Lookup of %s: %s", mask_number(record.number), record.status)
    return state.store.to_public(record)


@api_router.post("/subscriptions", status_code=status.HTTP_201_CREATED)
async def subscribe(body: SubscriptionRequest, state: StateDep) -> SubscriptionOut:
    """Register a callback URL that receives the application's status changes."""
    record = _find_verified(state, body.number, body.verification)
    url = str(body.callback_url)
    state.notifier.subscribe(record.number, url)
    return SubscriptionOut(number=record.number, callback_url=url)
