"""``GET /api/chat/updates``: messages pushed to a web citizen (operator replies, notices)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from bot import constants
from bot.web.outbound import WebOutboundChannel

router = APIRouter()

# The outbox id is a signed 64-bit integer; a larger cursor would overflow the query (500).
MAX_CURSOR = 2**63 - 1


@router.get("/api/chat/updates")
async def chat_updates(
    request: Request,
    sender_id: Annotated[str, Query(min_length=1, max_length=constants.MAX_SENDER_ID_CHARS)],
    after: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
) -> JSONResponse:
    """Return the messages queued for ``sender_id`` after cursor ``after``.

    The page polls this every few seconds and keeps the returned ``cursor``.
    """
    channel: WebOutboundChannel = request.app.state.web_outbound
    messages, cursor = await channel.fetch(sender_id, after)
    return JSONResponse(
        {"messages": messages, "cursor": cursor}, headers={"Cache-Control": "no-store"}
    )
