"""The complaints page: list, workflow (baru → diproses → selesai) and a reply to the citizen."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from actions.feedback import ComplaintStatus
from bot.console.accounts import audit
from bot.console.complaints import STATUS_LABELS, get_complaint, list_complaints
from bot.console.deps import CheckedFormDep, ConsoleDep, CurrentOperatorDep, SessionDep
from bot.console.routes._render import redirect, render
from bot.constants import MAX_MESSAGE_CHARS
from bot.delivery import UnknownChannelError
from bot.store.models import utcnow

router = APIRouter(prefix="/operator")

REPLY_PREFIX = "Tanggapan atas pengaduan {number}: "


@router.get("/complaints")
async def complaints_page(
    request: Request, current: CurrentOperatorDep, session: SessionDep, console: ConsoleDep
) -> Response:
    """List the complaints the operator may see."""
    status = request.query_params.get("status", "")
    rows = await list_complaints(session, current, console.units, status)
    return render(
        request, "complaints.html", current, rows=rows, statuses=STATUS_LABELS, status=status,
        notice=request.query_params.get("notice", "")[:200],
    )  # fmt: skip


@router.post("/complaints/{complaint_id}")
async def update_complaint(
    complaint_id: int,
    current: CurrentOperatorDep,
    session: SessionDep,
    console: ConsoleDep,
    form: CheckedFormDep,
) -> Response:
    """Change a complaint's status and/or send the citizen a reply."""
    row = await get_complaint(session, current, console.units, complaint_id)
    if row is None:
        raise HTTPException(404, "Pengaduan tidak ditemukan.")
    status = str(form.get("status") or "")
    reply = str(form.get("reply") or "").strip()[:MAX_MESSAGE_CHARS]
    if status in STATUS_LABELS and status != row.status:
        await audit(session, current.operator, "complaint_status", f"complaint:{complaint_id}",
                    {"from": row.status, "to": status})  # fmt: skip
        row.status = status
        row.updated_at = utcnow()
    if reply and row.status == ComplaintStatus.BARU.value:
        row.status = ComplaintStatus.DIPROSES.value
        row.updated_at = utcnow()
    if reply:
        await audit(session, current.operator, "complaint_reply", f"complaint:{complaint_id}")
    sender, number = row.sender_id, row.tracking_number
    await session.commit()
    notice = "Perubahan disimpan."
    if reply:
        try:
            await console.handoff.notify(
                sender, [{"text": REPLY_PREFIX.format(number=number) + reply}]
            )
            notice = "Perubahan disimpan dan tanggapan terkirim ke warga."
        except (UnknownChannelError, ValueError):
            notice = "Perubahan disimpan, tetapi tanggapan tidak dapat dikirim ke kanal warga."
    return redirect(f"/operator/complaints?notice={notice}")
