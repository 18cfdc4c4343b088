"""Turn the gateway's replies into Telegram messages: escaped HTML, split, with keyboards.

Every text is escaped with :func:`html.escape`: a citizen's ``<b>`` or ``&`` (echoed by
the assistant) and knowledge-base text are shown literally and can never break parsing.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from bot.telegram import constants


@dataclass(frozen=True, slots=True)
class Button:
    """An inline-keyboard button: what it shows and the payload it sends back.

    Attributes:
        title: The label.
        payload: What pressing it sends to the assistant (not yet shortened).
    """

    title: str
    payload: str


@dataclass(frozen=True, slots=True)
class MessagePart:
    """One Telegram message of a reply.

    Attributes:
        text: The plain text (caption for a photo); escaped only when sent.
        photo: URL of an image to send with ``sendPhoto``, if any.
        buttons: Buttons under this part (only the last part of a reply has them).
    """

    text: str
    photo: str | None = None
    buttons: tuple[Button, ...] = field(default_factory=tuple)

    @property
    def html(self) -> str:
        """The text escaped for ``parse_mode=HTML``."""
        return escape(self.text)


def escape(text: str) -> str:
    """Escape ``text`` for Telegram's HTML parse mode.

    Args:
        text: Plain text.

    Returns:
        The text with ``&``, ``<`` and ``>`` escaped.
    """
    return html.escape(text, quote=False)


def render_reply(
    reply: dict[str, Any], limit: int = constants.MAX_MESSAGE_CHARS
) -> list[MessagePart]:
    """Split one reply into the Telegram messages that carry it, in order.

    Args:
        reply: A reply (``text``, ``buttons`` with ``title``/``payload``, ``image``).
        limit: Maximum characters of one message.

    Returns:
        The parts; empty when the reply has neither text nor image.
    """
    text = str(reply.get("text") or "").strip()
    image = reply.get("image")
    buttons = tuple(
        Button(str(b.get("title", "")) or str(b.get("payload", "")), str(b.get("payload", "")))
        for b in reply.get("buttons") or []
        if isinstance(b, dict) and b.get("payload")
    )
    parts: list[MessagePart] = []
    if isinstance(image, str) and image:
        if len(text) <= constants.MAX_CAPTION_CHARS:
            return [MessagePart(text, photo=image, buttons=buttons)]
        parts.append(MessagePart("", photo=image))
    chunks = split_text(text, limit)
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        parts.append(MessagePart(chunk, buttons=buttons if last else ()))
    if buttons and not chunks:
        parts.append(MessagePart("Silakan pilih:", buttons=buttons))
    return parts


def split_text(text: str, limit: int = constants.MAX_MESSAGE_CHARS) -> list[str]:
    """Split ``text`` into chunks of at most ``limit`` characters.

    Splits at paragraph boundaries first, then at line breaks, then between words, and only
    cuts a word that alone exceeds the limit.

    Args:
        text: The text.
        limit: Maximum characters of a chunk.

    Returns:
        The chunks, without empty ones.
    """
    text = text.strip()
    if not text:
        return []
    if len(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        pieces = text.split(separator)
        if len(pieces) > 1:
            return _pack(pieces, separator, limit)
    return [text[i : i + limit] for i in range(0, len(text), limit)]


def _pack(pieces: list[str], separator: str, limit: int) -> list[str]:
    """Join pieces greedily up to ``limit``; split any piece that is itself too long."""
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{separator}{piece}" if current else piece
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        if len(piece) <= limit:
            current = piece
        else:
            *full, current = split_text(piece, limit)
            chunks.extend(full)
    if current.strip():
        chunks.append(current)
    return [chunk.strip() for chunk in chunks if chunk.strip()]
