"""The audit log page (admins only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from bot.console.deps import AdminDep, SessionDep
from bot.console.models import AuditEntry
from bot.console.routes._render import render

router = APIRouter(prefix="/operator")


@router.get("/audit")
async def audit_page(request: Request, current: AdminDep, session: SessionDep) -> Response:
    """Show the latest 500 audit entries, newest first."""
    entries = (
        await session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500))
    ).all()
    return render(request, "audit.html", current, entries=entries)
