"""``GET /operator/events``: server-sent events of the live feed, filtered by unit."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from bot.console.deps import ConsoleDep, CurrentOperatorDep

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/operator")

# A comment line this often keeps proxies from closing an idle stream.
HEARTBEAT_S = 15.0


@router.get("/events")
async def events(
    request: Request, current: CurrentOperatorDep, console: ConsoleDep
) -> StreamingResponse:
    """Stream ``conversation`` events of the units this operator may see."""

    async def stream() -> AsyncIterator[str]:
        yield "retry: 3000\n\n"
        async with console.live.subscribe() as feed:
            iterator = aiter(feed)
            pending: asyncio.Task[dict[str, object]] | None = None
            try:
                while not await request.is_disconnected():
                    if pending is None:
                        pending = asyncio.ensure_future(anext(iterator))
                    done, _ = await asyncio.wait({pending}, timeout=HEARTBEAT_S)
                    if not done:
                        yield ": ping\n\n"
                        continue
                    event = pending.result()
                    pending = None
                    unit = event.get("unit_id")
                    if current.can_see_unit(unit if isinstance(unit, str) else None):
                        yield f"event: conversation\ndata: {json.dumps(event)}\n\n"
            finally:
                if pending is not None:
                    pending.cancel()

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
