"""Drains the Telegram outbox: every reply is sent once, in order, or retried until it is.

Rows are sent oldest first per chat. A 429 reschedules the row after ``retry_after``;
a 5xx or a network error after an exponential backoff; a citizen who blocked the bot
gets nothing more. Handlers call :meth:`OutboxDispatcher.flush` to send a turn's replies
right away; a background loop picks up whatever is due later (retries, other replicas'
leftovers, rows queued before a crash).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.coordination import CoordinationError
from bot.masking import mask_identifier
from bot.store import OutboxEntry, SqlCallbackPayloads, SqlOutbox
from bot.telegram import constants
from bot.telegram.ratelimiter import retry_after_seconds
from bot.telegram.render import (
    Button,
    MessagePart,
    button_label,
    fallback_parts,
    parts_of,
    parts_to_payload,
)

logger = logging.getLogger(__name__)

CALLBACK_KEY_PREFIX = "~"
# Fallbacks per row before it is given up on: each halves a text or drops the parse mode,
# so a 4,096-character part needs at most a dozen.
MAX_REWRITES = 16


class OutboxDispatcher:
    """Sends the outbox's rows through the bot (and so through its rate limiter).

    Args:
        bot: The PTB bot; its rate limiter spaces the calls.
        outbox: The Telegram outbox.
        callbacks: Where long button payloads are kept.
        poll_interval_s: How often the background loop looks for due rows.
    """

    def __init__(
        self,
        bot: Bot,
        outbox: SqlOutbox,
        callbacks: SqlCallbackPayloads,
        *,
        poll_interval_s: float = constants.OUTBOX_POLL_INTERVAL_S,
    ) -> None:
        self._bot = bot
        self._outbox = outbox
        self._callbacks = callbacks
        self._poll_interval = poll_interval_s
        self._chat_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._wakeup = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None
        self._drains: set[asyncio.Task[None]] = set()

    @property
    def outbox(self) -> SqlOutbox:
        """The outbox this dispatcher drains."""
        return self._outbox

    def start(self) -> None:
        """Start the background loop (call inside the running event loop)."""
        self._loop_task = asyncio.create_task(self._run(), name="telegram-outbox")

    async def stop(self) -> None:
        """Stop the loop and wait briefly for sends in flight; unsent rows stay queued."""
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
        if self._drains:
            _, pending = await asyncio.wait(self._drains, timeout=5)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    def kick(self) -> None:
        """Wake the background loop (new rows were queued)."""
        self._wakeup.set()

    async def flush(self, sender_id: str) -> None:
        """Send the chat's due rows now, in order; failures stay queued for the loop.

        Args:
            sender_id: The chat id.
        """
        async with self._chat_locks[sender_id]:
            while await self._send_head(sender_id):
                pass

    async def _run(self) -> None:
        """Find chats with due rows and drain each in its own task."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=self._poll_interval)
            self._wakeup.clear()
            try:
                recipients = await self._outbox.due_recipients()
            except Exception:
                logger.exception("Could not read the Telegram outbox")
                continue
            for sender_id in recipients:
                if self._chat_locks[sender_id].locked():
                    continue
                task = asyncio.create_task(self.flush(sender_id))
                self._drains.add(task)
                task.add_done_callback(self._drain_done)

    def _drain_done(self, task: asyncio.Task[None]) -> None:
        self._drains.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("Outbox drain failed", exc_info=task.exception())

    async def _send_head(self, sender_id: str) -> bool:
        """Send the chat's oldest row if it is due; return whether to look for the next."""
        entry = await self._outbox.claim_head(sender_id, constants.OUTBOX_LEASE_S)
        if entry is None:
            return False
        chat = mask_identifier(sender_id)
        if await self._outbox.is_blocked(sender_id):
            dropped = await self._outbox.drop_recipient(sender_id, "blocked")
            logger.info("Chat %s blocked the bot; %d queued messages dropped", chat, dropped)
            return False
        try:
            await self._send_entry(entry)
        except RetryAfter as exc:
            delay = retry_after_seconds(exc)
            await self._outbox.reschedule(entry.id, delay, f"retry_after {delay:.0f}")
            logger.warning("Outbox row %s for %s waits %.0f s (flood)", entry.id, chat, delay)
            return False
        except Forbidden as exc:
            await self._outbox.set_blocked(sender_id, True)
            await self._outbox.drop_recipient(sender_id, "forbidden")
            logger.info("Chat %s cannot be reached (%s); marked blocked", chat, exc.message)
            return False
        except BadRequest as exc:
            await self._outbox.drop(entry.id, f"bad_request: {exc.message}"[:200])
            logger.warning("Outbox row %s for %s refused: %s", entry.id, chat, exc.message)
            return True
        except (NetworkError, TelegramError, CoordinationError, OSError) as exc:
            delay = min(2.0 ** (entry.attempts + 1), constants.OUTBOX_MAX_BACKOFF_S)
            await self._outbox.reschedule(entry.id, delay, type(exc).__name__)
            logger.warning(
                "Outbox row %s for %s failed (%s); retry in %.0f s",
                entry.id,
                chat,
                type(exc).__name__,
                delay,
            )
            return False
        await self._outbox.mark_sent(entry.id)
        logger.debug("Outbox row %s sent to %s", entry.id, chat)
        return True

    async def _send_entry(self, entry: OutboxEntry) -> None:
        """Send the parts of a row not sent yet, recording progress after each.

        A part refused with 400 "message is too long" or "can't parse entities" is
        replaced by its fallback (smaller pieces, or plain text), and the rewritten parts
        are stored before anything else is sent, so a retry after a later failure resumes
        at the same piece: nothing is lost and nothing repeated.
        """
        parts = parts_of(entry.payload)
        index = entry.parts_sent
        rewrites = 0
        while index < len(parts):
            try:
                await self._send_part(entry.sender_id, parts[index])
            except BadRequest as exc:
                replacement = fallback_parts(parts[index], exc.message)
                if replacement is None or rewrites >= MAX_REWRITES:
                    raise
                rewrites += 1
                parts = [*parts[:index], *replacement, *parts[index + 1 :]]
                await self._outbox.replace_payload(entry.id, parts_to_payload(parts))
                logger.warning(
                    "Outbox row %s part %d refused (%s); sending it as %d %s part(s)",
                    entry.id,
                    index,
                    exc.message,
                    len(replacement),
                    "plain" if replacement[0].plain else "smaller",
                )
                continue
            index += 1
            if index < len(parts):
                await self._outbox.record_progress(entry.id, index)

    async def _send_part(self, chat_id: str, part: MessagePart) -> None:
        """Send one message (a photo when the part has one)."""
        markup = await self._keyboard(part.buttons)
        if part.photo:
            await self._bot.send_photo(
                chat_id,
                photo=part.photo,
                caption=part.body or None,
                parse_mode=part.parse_mode,
                reply_markup=markup,
            )
            return
        await self._bot.send_message(
            chat_id, part.body, parse_mode=part.parse_mode, reply_markup=markup
        )

    async def _keyboard(self, buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
        """One button per row; payloads over 64 bytes travel as a short stored key."""
        if not buttons:
            return None
        rows = []
        for button in buttons:
            data = button.payload
            if len(data.encode()) > constants.MAX_CALLBACK_DATA_BYTES or data.startswith(
                CALLBACK_KEY_PREFIX
            ):
                data = CALLBACK_KEY_PREFIX + await self._callbacks.key_for(data)
            rows.append([InlineKeyboardButton(button_label(button.title), callback_data=data)])
        return InlineKeyboardMarkup(rows)


async def resolve_callback_data(data: str, callbacks: SqlCallbackPayloads) -> str | None:
    """Return the payload a button carried, looking up shortened ones.

    Args:
        data: The ``callback_data`` Telegram sent back.
        callbacks: Where long payloads are kept.

    Returns:
        The payload, or ``None`` when a shortened payload is unknown.
    """
    if data.startswith(CALLBACK_KEY_PREFIX):
        return await callbacks.payload_for(data[len(CALLBACK_KEY_PREFIX) :])
    return data
