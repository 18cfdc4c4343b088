"""The conversation list (live) and a conversation's page (transcript, annotations)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.accounts import audit
from bot.console.deps import AdminDep, CheckedFormDep, ConsoleDep, CurrentOperatorDep, SessionDep
from bot.console.queries import (
    LOW_CONFIDENCE,
    STATUS_LABELS,
    ConversationFilters,
    get_conversation,
    list_conversations,
    list_queue,
    transcript,
)
from bot.console.routes._render import render
from bot.console.sessions import CurrentOperator
from bot.masking import mask_identifier
from bot.store.models import ConversationStatus

router = APIRouter(prefix="/operator")


@router.get("/")
async def conversation_list(
    request: Request, current: CurrentOperatorDep, session: SessionDep, console: ConsoleDep
) -> Response:
    """Show the live list of conversations with search and filters."""
    filters = ConversationFilters.from_params(request.query_params)
    rows = await list_conversations(session, current, filters)
    queue = await list_queue(session, current)
    units = [u for u in await console.units.list_units() if current.can_see_unit(u.id)]
    return render(
        request,
        "conversations.html",
        current,
        rows=rows,
        filters=filters,
        waiting=sum(1 for r in queue if r.status is ConversationStatus.WAITING),
        units=units,
        statuses=STATUS_LABELS,
        query=str(request.url.query),
    )


@router.get("/conversations/rows")
async def conversation_rows(
    request: Request, current: CurrentOperatorDep, session: SessionDep
) -> Response:
    """The list's table body, fetched again by the page on each live event."""
    filters = ConversationFilters.from_params(request.query_params)
    rows = await list_conversations(session, current, filters)
    return render(request, "_conversation_rows.html", current, rows=rows)


async def _page(
    request: Request,
    current: CurrentOperator,
    session: AsyncSession,
    conversation_id: int,
    *,
    reveal: bool = False,
    error: str = "",
) -> Response:
    found = await get_conversation(session, current, conversation_id)
    if found is None:
        # Another unit's conversation looks exactly like a missing one.
        raise HTTPException(404, "Percakapan tidak ditemukan.")
    conversation, detail = found
    lines = await transcript(session, conversation_id, reveal=reveal)
    return render(
        request,
        "conversation.html",
        current,
        conversation=conversation,
        detail=detail,
        sender=conversation.sender_id if reveal else mask_identifier(conversation.sender_id),
        lines=lines,
        reveal=reveal,
        error=error,
        status_label=STATUS_LABELS[conversation.status],
        low_confidence=LOW_CONFIDENCE,
        mine=detail is not None and detail.operator_id == current.operator.id,
    )


@router.get("/conversations/{conversation_id}")
async def conversation_page(
    request: Request, conversation_id: int, current: CurrentOperatorDep, session: SessionDep
) -> Response:
    """Show one conversation (masked)."""
    return await _page(
        request,
        current,
        session,
        conversation_id,
        error=request.query_params.get("error", "")[:200],
    )


@router.get("/conversations/{conversation_id}/transcript")
async def conversation_transcript(
    request: Request, conversation_id: int, current: CurrentOperatorDep, session: SessionDep
) -> Response:
    """The transcript only, fetched again by the page on each live event (masked)."""
    if await get_conversation(session, current, conversation_id) is None:
        raise HTTPException(404, "Percakapan tidak ditemukan.")
    lines = await transcript(session, conversation_id)
    return render(request, "_transcript.html", current, lines=lines, low_confidence=LOW_CONFIDENCE)


@router.post("/conversations/{conversation_id}/reveal")
async def reveal(
    request: Request,
    conversation_id: int,
    current: AdminDep,
    session: SessionDep,
    form: CheckedFormDep,
) -> Response:
    """Show the conversation unmasked (admins only; written to the audit log)."""
    if await get_conversation(session, current, conversation_id) is None:
        raise HTTPException(404, "Percakapan tidak ditemukan.")
    await audit(session, current.operator, "reveal", f"conversation:{conversation_id}")
    await session.commit()
    return await _page(request, current, session, conversation_id, reveal=True)
