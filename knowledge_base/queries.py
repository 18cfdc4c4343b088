"""Query functions over the knowledge-base tables.

Each takes a keyword-only ``session``; the caller owns the transaction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge_base.matching import AliasEntry
from knowledge_base.models import AliasRow, KbStateRow, LoadStatusRow, ServiceRow, UnitRow
from knowledge_base.public import LoadStatusPublic, ServicePublic, ServiceSummary, UnitPublic

__all__ = [
    "get_revision",
    "get_service",
    "get_unit",
    "list_alias_entries",
    "list_load_status",
    "list_services",
    "list_units",
]


async def get_revision(*, session: AsyncSession) -> int | None:
    """Return the loaded revision, or ``None`` when nothing was loaded yet."""
    result = await session.execute(select(KbStateRow.revision).where(KbStateRow.id == 1))
    return result.scalar_one_or_none()


async def get_service(service_id: str, *, session: AsyncSession) -> ServicePublic | None:
    """Return one service with everything an answer needs.

    Args:
        service_id: The service id, e.g. ``ktp_el``.
        session: Open session; the caller owns the transaction.

    Returns:
        The service, or ``None`` when unknown.
    """
    payload = await session.scalar(select(ServiceRow.payload).where(ServiceRow.id == service_id))
    return ServicePublic.model_validate(payload) if payload is not None else None


async def list_services(
    *, session: AsyncSession, unit_id: str | None = None, category: str | None = None
) -> list[ServiceSummary]:
    """Return services, optionally of one unit and/or category, sorted by name.

    Args:
        session: Open session; the caller owns the transaction.
        unit_id: Only this unit's services.
        category: Only this category.

    Returns:
        Summaries sorted by name.
    """
    query = select(
        ServiceRow.id, ServiceRow.name, ServiceRow.unit_id, ServiceRow.category, ServiceRow.summary
    ).order_by(ServiceRow.name)
    if unit_id is not None:
        query = query.where(ServiceRow.unit_id == unit_id)
    if category is not None:
        query = query.where(ServiceRow.category == category)
    rows = (await session.execute(query)).all()
    return [
        ServiceSummary(
            id=r.id, name=r.name, unit_id=r.unit_id, category=r.category, summary=r.summary
        )
        for r in rows
    ]


async def get_unit(unit_id: str, *, session: AsyncSession) -> UnitPublic | None:
    """Return one unit, or ``None`` when unknown.

    Args:
        unit_id: The unit id, e.g. ``disdukcapil``.
        session: Open session; the caller owns the transaction.
    """
    payload = await session.scalar(select(UnitRow.payload).where(UnitRow.id == unit_id))
    return UnitPublic.model_validate(payload) if payload is not None else None


async def list_units(*, session: AsyncSession) -> list[UnitPublic]:
    """Return every unit, sorted by name."""
    payloads = await session.scalars(select(UnitRow.payload).order_by(UnitRow.name))
    return [UnitPublic.model_validate(p) for p in payloads]


async def list_alias_entries(*, session: AsyncSession) -> list[AliasEntry]:
    """Return every searchable term (names, aliases, variant terms)."""
    query = (
        select(AliasRow.service_id, ServiceRow.name, AliasRow.text, AliasRow.variant_id)
        .join(ServiceRow, ServiceRow.id == AliasRow.service_id)
        .order_by(AliasRow.id)
    )
    return [AliasEntry(*row) for row in (await session.execute(query)).all()]


async def list_load_status(*, session: AsyncSession, limit: int = 20) -> list[LoadStatusPublic]:
    """Return the latest load attempts, newest first.

    Args:
        session: Open session; the caller owns the transaction.
        limit: How many attempts.
    """
    rows = await session.scalars(
        select(LoadStatusRow).order_by(LoadStatusRow.id.desc()).limit(limit)
    )
    return [
        LoadStatusPublic(
            id=r.id,
            started_at=r.started_at,
            finished_at=r.finished_at,
            ok=r.ok,
            revision=r.revision,
            service_count=r.service_count,
            unit_count=r.unit_count,
            failed_files=r.failed_files,
            errors=r.errors,
            warnings=r.warnings,
            message=r.message,
        )
        for r in rows
    ]
