"""Turn the gateway's replies into Telegram messages: escaped HTML, split, with keyboards.

Every text is escaped with :func:`html.escape`: a citizen's ``<b>`` or ``&`` (echoed by
the assistant) and knowledge-base text are shown literally and can never break parsing.
Lengths are counted as Telegram counts them, in UTF-16 code units (an emoji counts two).

When Telegram still refuses a part (400 "message is too long" or "can't parse
entities"), :func:`fallback_parts` gives what to send instead: smaller pieces, or the
same text without a parse mode. The outbox stores the rewritten parts
(:func:`parts_to_payload`), so a retry continues from the same pieces and never repeats
one that was delivered.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field, replace
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
    plain: bool = False

    @property
    def html(self) -> str:
        """The text escaped for ``parse_mode=HTML``."""
        return escape(self.text)

    @property
    def body(self) -> str:
        """The text as sent: escaped HTML, or as it is for a plain part."""
        return self.text if self.plain else self.html

    @property
    def parse_mode(self) -> str | None:
        """``HTML``, or ``None`` for a plain part."""
        return None if self.plain else "HTML"


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
        if telegram_length(text) <= constants.MAX_CAPTION_CHARS:
            return [MessagePart(text, photo=image, buttons=buttons)]
        parts.append(MessagePart("", photo=image))
    chunks = split_text(text, limit)
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        parts.append(MessagePart(chunk, buttons=buttons if last else ()))
    if buttons and not chunks:
        parts.append(MessagePart("Silakan pilih:", buttons=buttons))
    return parts


def button_label(title: str, limit: int = constants.MAX_BUTTON_LABEL_CHARS) -> str:
    """Return a button title that fits ``limit`` characters, shortened between words.

    Args:
        title: The button's title, e.g. a long service name.
        limit: The longest label.

    Example:
        >>> button_label("Pengujian Berkala Kendaraan Bermotor (Uji KIR)", 30)
        'Pengujian Berkala Kendaraan…'
    """
    if len(title) <= limit:
        return title
    shortened = textwrap.shorten(title, width=limit, placeholder="…")
    if shortened == "…":  # not even the first word fits
        return title[: limit - 1] + "…"
    return shortened


def telegram_length(text: str) -> int:
    """Return the length of ``text`` as Telegram counts it (UTF-16 code units).

    Args:
        text: Plain text.
    """
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = constants.MAX_MESSAGE_CHARS) -> list[str]:
    """Split ``text`` into chunks of at most ``limit`` characters (UTF-16 code units).

    Splits at paragraph boundaries first, then at line breaks, then between words, and only
    cuts a word that alone exceeds the limit.

    Args:
        text: The text.
        limit: Maximum length of a chunk, at least 2 (one emoji).

    Returns:
        The chunks, without empty ones.
    """
    text = text.strip()
    if not text:
        return []
    if telegram_length(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        pieces = text.split(separator)
        if len(pieces) > 1:
            return _pack(pieces, separator, limit)
    return _cut(text, limit)


def _cut(text: str, limit: int) -> list[str]:
    """Cut a text without separators into chunks of at most ``limit`` UTF-16 units."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if current and size + width > limit:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    if current:
        chunks.append("".join(current))
    return chunks


def _pack(pieces: list[str], separator: str, limit: int) -> list[str]:
    """Join pieces greedily up to ``limit``; split any piece that is itself too long."""
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{separator}{piece}" if current else piece
        if telegram_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        if telegram_length(piece) <= limit:
            current = piece
        else:
            *full, current = split_text(piece, limit)
            chunks.extend(full)
    if current.strip():
        chunks.append(current)
    return [chunk.strip() for chunk in chunks if chunk.strip()]


# --- Fallbacks when Telegram refuses a part, and their persisted form ------------------

PARTS_KEY = "parts"


def fallback_parts(part: MessagePart, reason: str) -> list[MessagePart] | None:
    """Return what to send instead of ``part`` after Telegram refused it with a 400.

    Args:
        part: The refused part.
        reason: Telegram's description (``Bad Request: message is too long`` ...).

    Returns:
        The replacement parts (buttons stay on the last one), or ``None`` when the error
        is not one a different form of the same message can avoid.
    """
    reason = reason.lower()
    if "parse entities" in reason and not part.plain:
        # Cannot happen with escaped text; if it does, plain text still gets through.
        return [replace(part, plain=True)]
    if "too long" not in reason:
        return None
    if part.photo:
        if not part.text:
            return None
        # The caption is too long: the photo alone, then the text as messages.
        text_parts = [
            MessagePart(chunk, plain=part.plain)
            for chunk in split_text(part.text, constants.MAX_MESSAGE_CHARS)
        ]
        return [MessagePart("", photo=part.photo), *_with_buttons(text_parts, part.buttons)]
    size = telegram_length(part.text)
    if size < 2:
        return None
    pieces = split_text(part.text, max(size // 2, 2))
    return _with_buttons([MessagePart(piece, plain=part.plain) for piece in pieces], part.buttons)


def _with_buttons(parts: list[MessagePart], buttons: tuple[Button, ...]) -> list[MessagePart]:
    """Put ``buttons`` on the last of ``parts``."""
    if parts and buttons:
        parts[-1] = replace(parts[-1], buttons=buttons)
    return parts


def parts_to_payload(parts: list[MessagePart]) -> dict[str, Any]:
    """Store rendered parts in an outbox payload (after a fallback rewrote them).

    Args:
        parts: Every part of the reply, the ones already sent included.

    Returns:
        A JSON payload that :func:`parts_of` turns back into the same parts.
    """
    return {
        PARTS_KEY: [
            {
                "text": part.text,
                "photo": part.photo,
                "plain": part.plain,
                "buttons": [{"title": b.title, "payload": b.payload} for b in part.buttons],
            }
            for part in parts
        ]
    }


def parts_of(payload: dict[str, Any]) -> list[MessagePart]:
    """Return the Telegram messages of an outbox payload, in order.

    Args:
        payload: A reply (see :func:`render_reply`) or stored parts (:func:`parts_to_payload`).
    """
    stored = payload.get(PARTS_KEY)
    if not isinstance(stored, list):
        return render_reply(payload)
    return [
        MessagePart(
            str(item.get("text") or ""),
            photo=item.get("photo") or None,
            plain=bool(item.get("plain")),
            buttons=tuple(
                Button(str(b.get("title", "")), str(b.get("payload", "")))
                for b in item.get("buttons") or []
            ),
        )
        for item in stored
        if isinstance(item, dict)
    ]
