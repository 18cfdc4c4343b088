"""Loopback-only admin routes: change faults and move applications at runtime."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Body, Depends, HTTPException, status

from status_simulator.errors import TransitionError
from status_simulator.faults import FaultConfig, FaultUpdate
from status_simulator.notifier import mask_number
from status_simulator.schemas import AdvanceRequest, ApplicationOut, StatusChangeNotification
from status_simulator.state import StateDep, require_loopback

logger = logging.getLogger(__name__)

router = APIRouter(dependencies=[Depends(require_loopback)])


@router.get("/faults")
async def get_faults(state: StateDep) -> FaultConfig:
    """Return the faults in force."""
    return state.faults.current


@router.post("/faults")
async def set_faults(change: FaultUpdate, state: StateDep) -> FaultConfig:
    """Change the faults in force; fields left out keep their value."""
    return state.faults.update(change)


@router.post("/applications/{number}/advance")
async def advance(
    number: str,
    state: StateDep,
    body: AdvanceRequest | None = Body(default=None),  # noqa: B008 (FastAPI idiom)
) -> ApplicationOut:
    """Move an application to its next status and notify its subscribers."""
    record = state.store.get(number)
    if record is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Application not found")
    change = body or AdvanceRequest()
    try:
        entry = state.store.advance(record, to=change.status, note=change.note)
    except TransitionError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(exc)) from exc
    logger.info("Advanced %s to %s", mask_number(record.number), entry.status)
    state.notifier.notify(
        StatusChangeNotification(
            number=record.number,
            status=entry.status,
            label=state.store.label(entry.status),
            changed_at=entry.at,
        )
    )
    return state.store.to_public(record)
