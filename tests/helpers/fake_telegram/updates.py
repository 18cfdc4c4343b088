"""Builders of Bot API update payloads (the JSON Telegram sends) for tests."""

from __future__ import annotations

import time
from typing import Any

BOT_USER = {
    "id": 700000001,
    "is_bot": True,
    "first_name": "Tanya Layanan",
    "username": "tanya_test_bot",
}


def user(user_id: int, *, is_bot: bool = False) -> dict[str, Any]:
    """A Telegram user."""
    return {"id": user_id, "is_bot": is_bot, "first_name": f"Warga{user_id}", "language_code": "id"}


def private_chat(chat_id: int) -> dict[str, Any]:
    """A private chat with the citizen ``chat_id``."""
    return {"id": chat_id, "type": "private", "first_name": f"Warga{chat_id}"}


def group_chat(chat_id: int) -> dict[str, Any]:
    """A supergroup (negative id)."""
    return {"id": chat_id, "type": "supergroup", "title": "Grup RT 05"}


_message_ids = iter(range(1, 10**9))


def message(
    chat_id: int,
    text: str | None = None,
    *,
    chat: dict[str, Any] | None = None,
    sender: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A message object; ``fields`` adds ``voice``, ``photo``, ``entities`` ..."""
    body: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat or private_chat(chat_id),
        "from": sender or user(abs(chat_id)),
    }
    if text is not None:
        body["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    body.update(fields)
    return body


def text_message(chat_id: int, text: str) -> dict[str, Any]:
    """An update with a new private text message (or a command, when it starts with /)."""
    return {"message": message(chat_id, text)}


def edited_message(chat_id: int, text: str) -> dict[str, Any]:
    """An update with an edited private message."""
    body = message(chat_id, text)
    body["edit_date"] = int(time.time())
    return {"edited_message": body}


def callback_query(chat_id: int, data: str) -> dict[str, Any]:
    """An update with a pressed inline button under one of the bot's messages."""
    return {
        "callback_query": {
            "id": f"cq{next(_message_ids)}",
            "from": user(chat_id),
            "chat_instance": "ci-1",
            "data": data,
            "message": message(chat_id, "Pilih layanan:", sender=BOT_USER),
        }
    }


_FILE = {"file_id": "f1", "file_unique_id": "u1"}

MEDIA: dict[str, dict[str, Any]] = {
    "voice": {"voice": {**_FILE, "duration": 3}},
    "audio": {"audio": {**_FILE, "duration": 30}},
    "photo": {"photo": [{**_FILE, "width": 90, "height": 90}]},
    "document": {"document": {**_FILE, "file_name": "ktp.pdf"}},
    "sticker": {
        "sticker": {**_FILE, "type": "regular", "width": 512, "height": 512,
                    "is_animated": False, "is_video": False}
    },
    "location": {"location": {"latitude": -6.2, "longitude": 106.8}},
    "contact": {"contact": {"phone_number": "+6281234567890", "first_name": "Budi", "user_id": 5}},
}  # fmt: skip


def media_message(chat_id: int, kind: str) -> dict[str, Any]:
    """An update with a private non-text message of ``kind`` (see :data:`MEDIA`)."""
    return {"message": message(chat_id, **MEDIA[kind])}


def group_message(chat_id: int, text: str, sender_id: int = 4242) -> dict[str, Any]:
    """An update with a message in a group."""
    return {"message": message(chat_id, text, chat=group_chat(chat_id), sender=user(sender_id))}


def channel_post(chat_id: int, text: str) -> dict[str, Any]:
    """An update with a channel post."""
    body = message(chat_id, text, chat={"id": chat_id, "type": "channel", "title": "Info"})
    body.pop("from")
    return {"channel_post": body}


def bot_message(chat_id: int, text: str) -> dict[str, Any]:
    """An update with a private message whose sender is a bot."""
    return {"message": message(chat_id, text, sender=user(chat_id, is_bot=True))}


def my_chat_member(chat_id: int, status: str) -> dict[str, Any]:
    """An update saying the citizen changed the bot's status (``kicked`` = blocked)."""
    return {
        "my_chat_member": {
            "chat": private_chat(chat_id),
            "from": user(chat_id),
            "date": int(time.time()),
            "old_chat_member": {"user": BOT_USER, "status": "member"},
            "new_chat_member": {"user": BOT_USER, "status": status, "until_date": 0},
        }
    }
