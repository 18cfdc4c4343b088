"""``POST /telegram/webhook``: Telegram pushes updates here in webhook mode.

Only requests carrying the configured ``X-Telegram-Bot-Api-Secret-Token`` are accepted;
anything else gets 403. An update is stored before the 200 goes back, so Telegram
redelivers whatever the gateway could not store.
"""

from __future__ import annotations

import json
import logging

from fastapi import APIRouter, Request, Response

from bot.telegram import constants

logger = logging.getLogger(__name__)

router = APIRouter()

_MAX_BODY_BYTES = 1024 * 1024


@router.post(constants.WEBHOOK_PATH, include_in_schema=False)
async def telegram_webhook(request: Request) -> Response:
    """Check the secret, store the update, queue it; 200 once it is stored."""
    channel = getattr(request.app.state, "telegram", None)
    if channel is None or not channel.accepts_webhooks:
        return Response(status_code=404)
    if not channel.secret_matches(request.headers.get(constants.SECRET_HEADER)):
        logger.warning("Webhook call with a wrong or missing secret refused")
        return Response(status_code=403)
    body = await request.body()
    if len(body) > _MAX_BODY_BYTES:
        return Response(status_code=413)
    try:
        payload = json.loads(body)
        if not isinstance(payload, dict):
            raise ValueError("not an object")
        await channel.receive(payload)
    except ValueError:
        logger.warning("Webhook call with a body that is not an update refused")
        return Response(status_code=400)
    return Response(status_code=200)
