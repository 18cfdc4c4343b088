"""CSV exports of conversations and complaints (masked, scoped, audited)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.console.accounts import audit
from bot.console.complaints import list_complaints
from bot.console.deps import ConsoleDep, CurrentOperatorDep, SessionDep
from bot.console.queries import ConversationFilters, list_conversations, transcript

router = APIRouter(prefix="/operator")

MAX_EXPORT_CONVERSATIONS = 5000


def _cell(value: object) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in citizen text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(header: list[str], rows: Iterable[list[object]], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/export/conversations.csv")
async def export_conversations(
    request: Request, current: CurrentOperatorDep, session: SessionDep
) -> Response:
    """One row per message of the filtered conversations, personal data masked."""
    filters = ConversationFilters.from_params(request.query_params)
    conversations = await list_conversations(
        session, current, filters, limit=MAX_EXPORT_CONVERSATIONS
    )
    rows: list[list[object]] = []
    for c in conversations:
        for line in await transcript(session, c.id):
            rows.append(
                [c.id, c.channel, c.sender, c.unit_id, c.status.value, line.created_at.isoformat(),
                 line.source, line.text, line.intent, line.confidence, line.service_id, line.action,
                 int(line.fallback)]
            )  # fmt: skip
    await audit(session, current.operator, "export_conversations", detail={"rows": len(rows)})
    await session.commit()
    header = ["percakapan", "kanal", "warga", "unit", "status", "waktu", "pengirim", "teks",
              "intent", "keyakinan", "layanan", "aksi", "fallback"]  # fmt: skip
    return _csv(header, rows, "percakapan.csv")


@router.get("/export/complaints.csv")
async def export_complaints(
    current: CurrentOperatorDep, session: SessionDep, console: ConsoleDep
) -> Response:
    """The visible complaints, personal data masked."""
    complaints = await list_complaints(session, current, console.units)
    await audit(session, current.operator, "export_complaints", detail={"rows": len(complaints)})
    await session.commit()
    rows: list[list[object]] = [
        [
            c.tracking_number,
            c.created_at.isoformat(),
            c.service_id,
            c.status,
            c.description,
            c.contact,
            c.sender,
        ]
        for c in complaints
    ]
    header = ["nomor", "waktu", "layanan", "status", "uraian", "kontak", "warga"]
    return _csv(header, rows, "pengaduan.csv")
