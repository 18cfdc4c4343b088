"""``POST /internal/notify``: the action server pushes a message to a citizen (loopback only).

Body: ``{"conversation_id": "web:abc", "messages": [{"text": ...}]}``. The message is
stored in the conversation's transcript and delivered through the :class:`DeliveryRouter`.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from bot import constants
from bot.delivery import UnknownChannelError
from bot.masking import mask_identifier

logger = logging.getLogger(__name__)

router = APIRouter()

# Headers a reverse proxy adds: a request carrying them came from outside.
_PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


class NotifyMessage(BaseModel):
    """One message to deliver."""

    model_config = ConfigDict(extra="ignore")

    text: StrictStr = Field(min_length=1, max_length=constants.MAX_MESSAGE_CHARS)
    buttons: list[dict[str, Any]] = Field(default_factory=list, max_length=10)


class NotifyRequest(BaseModel):
    """The request body."""

    conversation_id: StrictStr = Field(min_length=3, max_length=200)
    messages: list[NotifyMessage] = Field(min_length=1, max_length=10)


def is_loopback(request: Request) -> bool:
    """Whether the request comes straight from this machine (not through a proxy)."""
    if any(h in request.headers for h in _PROXY_HEADERS):
        return False
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@router.post("/internal/notify")
async def notify(request: Request) -> JSONResponse:
    """Deliver a notification to a citizen on their own channel."""
    if not is_loopback(request):
        return JSONResponse(
            {"error": {"code": "forbidden", "message": "Hanya dari localhost."}}, 403
        )
    try:
        body = NotifyRequest.model_validate_json(await request.body())
    except ValidationError:
        return JSONResponse(
            {"error": {"code": "invalid", "message": "Isi permintaan tidak valid."}}, 422
        )
    handoff = request.app.state.console.handoff
    messages = [m.model_dump() for m in body.messages]
    try:
        known = await handoff.notify(body.conversation_id, messages)
    except (UnknownChannelError, ValueError):
        logger.warning("Notification for %s not deliverable", mask_identifier(body.conversation_id))
        return JSONResponse(
            {"error": {"code": "unknown_channel", "message": "Kanal tidak dikenal."}}, 404
        )
    return JSONResponse({"delivered": len(messages), "known_conversation": known})
