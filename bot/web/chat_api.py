"""``POST /api/chat``: the web channel (contract in design.md)."""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from bot import constants
from bot.conversation import ConversationService
from bot.store import is_transient_database_error

logger = logging.getLogger(__name__)

router = APIRouter()


class ChatRequest(BaseModel):
    """A citizen's message on the web channel."""

    model_config = ConfigDict(extra="ignore")

    sender_id: StrictStr = Field(min_length=1, max_length=constants.MAX_SENDER_ID_CHARS)
    text: StrictStr = Field(max_length=constants.MAX_MESSAGE_CHARS)
    message_id: StrictStr | None = Field(default=None, max_length=128)


def get_conversations(request: Request) -> ConversationService:
    """Return the conversation service built in the composition root."""
    service: ConversationService = request.app.state.conversations
    return service


ConversationsDep = Annotated[ConversationService, Depends(get_conversations)]

_FIELD_MESSAGES = {
    "sender_id": "sender_id wajib diisi berupa teks (1-128 karakter).",
    "text": f"text wajib diisi berupa teks (paling banyak {constants.MAX_MESSAGE_CHARS} karakter).",
    "message_id": "message_id, jika ada, harus berupa teks (paling banyak 128 karakter).",
}


@router.post("/api/chat")
async def chat(request: Request, conversations: ConversationsDep) -> JSONResponse:
    """Validate the request, answer the message and return the replies."""
    raw = await _read_limited(request)
    if raw is None:
        return _error(413, "too_large", "Permintaan terlalu besar. Kirim pesan yang lebih pendek.")
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error(400, "invalid_json", "Isi permintaan harus JSON yang valid.")
    if not isinstance(body, dict):
        return _error(400, "invalid_json", "Isi permintaan harus objek JSON.")
    try:
        chat_request = ChatRequest.model_validate(body)
    except ValidationError as exc:
        return _validation_error(exc)
    text = _clean_text(chat_request.text)
    if not text:
        return _error(
            422, "empty_text", "Pesan masih kosong. Silakan tulis pertanyaan Anda.", "text"
        )
    try:
        replies = await conversations.handle_message(
            constants.WEB_CHANNEL,
            chat_request.sender_id,
            text,
            external_id=chat_request.message_id,
        )
    except Exception as exc:
        if not is_transient_database_error(exc):
            raise
        # The store retried for a while and gave up: the message may not be stored, so
        # the page must send it again (with the same message_id: never answered twice).
        logger.warning("Database unavailable for a web message (%s)", type(exc).__name__)
        return _error(
            503,
            "unavailable",
            "Mohon maaf, sistem kami sedang mengalami gangguan sehingga pesan Anda belum "
            "dapat kami terima. Silakan kirim ulang beberapa saat lagi.",
        )
    return JSONResponse({"messages": replies})


async def _read_limited(request: Request) -> bytes | None:
    """Read the body, or return ``None`` once it exceeds the limit (without reading it all)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > constants.MAX_REQUEST_BYTES:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > constants.MAX_REQUEST_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _clean_text(text: str) -> str:
    """Drop control characters (except newlines and tabs) and surrounding white space."""
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t").strip()


def _validation_error(exc: ValidationError) -> JSONResponse:
    """Explain the first invalid field, in Indonesian."""
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first.get("loc") else None
    if first.get("type") == "string_too_long" and field == "text":
        return _error(
            413,
            "text_too_long",
            f"Pesan terlalu panjang (paling banyak {constants.MAX_MESSAGE_CHARS} karakter).",
            field,
        )
    message = _FIELD_MESSAGES.get(field or "", "Isi permintaan tidak valid.")
    return _error(422, "invalid_field", message, field)


def _error(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    """Return the gateway's JSON error shape."""
    error: dict[str, Any] = {"code": code, "message": message}
    if field:
        error["field"] = field
    return JSONResponse({"error": error}, status_code=status)
