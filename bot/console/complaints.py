"""Complaints (written by the action server) as the console sees them: scoped and masked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from actions.feedback import ComplaintRow, ComplaintStatus
from bot.console.sessions import CurrentOperator
from bot.console.units import UnitDirectory
from bot.masking import mask_identifier, mask_personal_data

STATUS_LABELS = {
    ComplaintStatus.BARU.value: "Baru",
    ComplaintStatus.DIPROSES.value: "Diproses",
    ComplaintStatus.SELESAI.value: "Selesai",
}


@dataclass(slots=True)
class ComplaintView:
    """One complaint, masked for display and export."""

    id: int
    tracking_number: str
    service_id: str | None
    description: str
    contact: str
    status: str
    sender: str
    created_at: datetime

    @property
    def status_label(self) -> str:
        """The status in Indonesian."""
        return STATUS_LABELS.get(self.status, self.status)


async def scoped_complaints(current: CurrentOperator, units: UnitDirectory) -> Select[Any]:
    """Return the query of the complaints this operator may see (by the service's unit)."""
    query = select(ComplaintRow)
    if current.units is not None:
        services = await units.services_of(current.units)
        query = query.where(ComplaintRow.service_id.in_(services or ["-"]))
    return query


async def list_complaints(
    session: AsyncSession, current: CurrentOperator, units: UnitDirectory, status: str = ""
) -> list[ComplaintView]:
    """Return the visible complaints, newest first, optionally of one status."""
    query = await scoped_complaints(current, units)
    if status in STATUS_LABELS:
        query = query.where(ComplaintRow.status == status)
    rows = (await session.scalars(query.order_by(ComplaintRow.id.desc()).limit(500))).all()
    return [view(row) for row in rows]


async def get_complaint(
    session: AsyncSession, current: CurrentOperator, units: UnitDirectory, complaint_id: int
) -> ComplaintRow | None:
    """Return a complaint if the operator may see it."""
    query = await scoped_complaints(current, units)
    return await session.scalar(query.where(ComplaintRow.id == complaint_id))


def view(row: ComplaintRow) -> ComplaintView:
    """Mask a complaint for display."""
    return ComplaintView(
        id=row.id,
        tracking_number=row.tracking_number,
        service_id=row.service_id,
        description=mask_personal_data(row.description),
        contact=mask_personal_data(row.contact) if row.contact else "",
        status=row.status,
        sender=mask_identifier(row.sender_id),
        created_at=row.created_at,
    )
