"""The queue of conversations waiting for a person; take over, reply, hand back."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from bot.console.deps import CheckedFormDep, ConsoleDep, CurrentOperatorDep, SessionDep
from bot.console.handoff import HandoffError
from bot.console.queries import get_conversation, list_queue
from bot.console.routes._render import redirect, render
from bot.constants import MAX_MESSAGE_CHARS

router = APIRouter(prefix="/operator")


@router.get("/queue")
async def queue_page(
    request: Request, current: CurrentOperatorDep, session: SessionDep
) -> Response:
    """Show the queue, oldest request first."""
    return render(request, "queue.html", current, rows=await list_queue(session, current))


@router.get("/queue/rows")
async def queue_rows(
    request: Request, current: CurrentOperatorDep, session: SessionDep
) -> Response:
    """The queue's table body, fetched again on each live event."""
    return render(
        request, "_conversation_rows.html", current, rows=await list_queue(session, current)
    )


async def _check(session: SessionDep, current: CurrentOperatorDep, conversation_id: int) -> None:
    if await get_conversation(session, current, conversation_id) is None:
        raise HTTPException(404, "Percakapan tidak ditemukan.")
    await session.commit()  # end the read transaction (keeping objects loaded) before writes


def _back(conversation_id: int, error: str = "") -> Response:
    url = f"/operator/conversations/{conversation_id}"
    return redirect(f"{url}?error={quote(error)}" if error else url)


@router.post("/conversations/{conversation_id}/takeover")
async def take_over(
    conversation_id: int,
    current: CurrentOperatorDep,
    session: SessionDep,
    console: ConsoleDep,
    form: CheckedFormDep,
) -> Response:
    """Pause the assistant; the citizen's messages now come to this operator."""
    await _check(session, current, conversation_id)
    try:
        await console.handoff.take_over(conversation_id, current.operator)
    except HandoffError as exc:
        return _back(conversation_id, str(exc))
    return _back(conversation_id)


@router.post("/conversations/{conversation_id}/reply")
async def reply(
    conversation_id: int,
    current: CurrentOperatorDep,
    session: SessionDep,
    console: ConsoleDep,
    form: CheckedFormDep,
) -> Response:
    """Send the operator's reply to the citizen on their own channel."""
    await _check(session, current, conversation_id)
    text = str(form.get("text") or "").strip()
    if not text:
        return _back(conversation_id, "Balasan masih kosong.")
    if len(text) > MAX_MESSAGE_CHARS:
        return _back(
            conversation_id, f"Balasan terlalu panjang (maksimal {MAX_MESSAGE_CHARS} karakter)."
        )
    try:
        await console.handoff.reply(conversation_id, current.operator, text)
    except HandoffError as exc:
        return _back(conversation_id, str(exc))
    return _back(conversation_id)


@router.post("/conversations/{conversation_id}/release")
async def release(
    conversation_id: int,
    current: CurrentOperatorDep,
    session: SessionDep,
    console: ConsoleDep,
    form: CheckedFormDep,
) -> Response:
    """Hand the conversation back to the assistant."""
    await _check(session, current, conversation_id)
    await console.handoff.release(conversation_id, current.operator)
    return _back(conversation_id)
