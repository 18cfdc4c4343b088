"""Outbound flow control: one message per second per chat, 30 per second overall.

PTB's ``AIORateLimiter`` limits groups but not private chats, and only within one
process; this limiter keeps its schedules in the coordination backend (Redis when
several replicas run), so the limits hold for the whole deployment.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.coordination import BaseCoordinationBackend
from bot.masking import mask_identifier
from bot.telegram import constants

logger = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]

# Calls that are not messages to a citizen: never throttled.
_UNLIMITED = frozenset(
    {"getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "close", "logOut"}
)
# Calls bound to a chat that do not count against its per-chat message limit.
_NOT_A_MESSAGE = frozenset({"sendChatAction", "answerCallbackQuery"})


def retry_after_seconds(exc: RetryAfter) -> float:
    """Return a :class:`RetryAfter`'s wait in seconds.

    PTB 22 warns when ``retry_after`` is read as an int; remove the ``catch_warnings``
    once PTB returns a ``timedelta`` by default (its next major version).

    Args:
        exc: The error.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


class ChatRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """Throttles every Bot API call before it is made, and honours flood waits.

    Schedules are slots in the coordination backend: a global one (30 per second) and one
    per chat (1 per second in private chats, 1 per 3 seconds in groups). A 429 moves the
    chat's (or, without a chat, the global) schedule past ``retry_after``. Per call,
    ``rate_limit_args={"max_retries": n}`` retries a 429 ``n`` times here; by default the
    error is raised, so that the outbox reschedules the message.

    Args:
        backend: Where the schedules live.
        global_rate_per_s: Messages per second for the whole bot.
        private_interval_s: Seconds between two messages to one private chat.
        group_interval_s: Seconds between two messages to one group.
        safety_margin: Fraction by which every interval is stretched, so that network
            jitter never lands two sends inside one of Telegram's windows.
    """

    def __init__(
        self,
        backend: BaseCoordinationBackend,
        *,
        global_rate_per_s: float = constants.GLOBAL_RATE_PER_S,
        private_interval_s: float = constants.PRIVATE_CHAT_INTERVAL_S,
        group_interval_s: float = constants.GROUP_CHAT_INTERVAL_S,
        safety_margin: float = constants.SEND_SAFETY_MARGIN,
    ) -> None:
        self._backend = backend
        stretch = 1.0 + safety_margin
        self._global_interval = stretch / global_rate_per_s
        self._private_interval = private_interval_s * stretch
        self._group_interval = group_interval_s * stretch
        self._chat_locks: dict[str, tuple[asyncio.Lock, int]] = {}  # lock, callers

    async def initialize(self) -> None:
        """Nothing to set up: the backend is opened by the composition root."""

    async def shutdown(self) -> None:
        """Nothing to release: the backend is closed by the composition root."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> JSONResult:
        """Wait for the call's slots, make it, and handle a flood wait.

        See :meth:`telegram.ext.BaseRateLimiter.process_request`.
        """
        if endpoint in _UNLIMITED:
            return await callback(*args, **kwargs)
        chat_id = data.get("chat_id")
        max_retries = int((rate_limit_args or {}).get("max_retries", 0))
        if chat_id is None or endpoint in _NOT_A_MESSAGE:
            return await self._send(callback, args, kwargs, endpoint, chat_id, max_retries)
        # Messages to one chat leave one at a time, each counting its interval from when
        # the one before it left (concurrent reservations would bunch behind global waits).
        key = self._chat_key(chat_id)
        lock, users = self._chat_locks.get(key, (asyncio.Lock(), 0))
        self._chat_locks[key] = (lock, users + 1)
        try:
            async with lock:
                return await self._send(callback, args, kwargs, endpoint, chat_id, max_retries)
        finally:
            lock, users = self._chat_locks[key]
            if users == 1:
                del self._chat_locks[key]  # nobody else is sending to this chat
            else:
                self._chat_locks[key] = (lock, users - 1)

    async def _send(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        chat_id: object,
        max_retries: int,
    ) -> JSONResult:
        """Wait for the slots, make the call, and handle a flood wait."""
        attempt = 0
        while True:
            chat_interval = await self._wait_for_slots(endpoint, chat_id)
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as exc:
                delay = retry_after_seconds(exc)
                key = self._chat_key(chat_id) if chat_id is not None else "tg:slot:global"
                await self._backend.defer(key, delay)
                logger.warning(
                    "Flood wait of %.0f s on %s for chat %s",
                    delay,
                    endpoint,
                    mask_identifier(str(chat_id or "-")),
                )
                if attempt >= max_retries:
                    raise
                attempt += 1
                continue
            if chat_interval:
                # The chat's next slot counts from when this message left, not from when
                # its slot was reserved (a wait for the global slot may have come between).
                await self._backend.defer(self._chat_key(chat_id), chat_interval)
            return result

    async def _wait_for_slots(self, endpoint: str, chat_id: object) -> float:
        """Wait for the chat's slot, then the global one, so the call leaves right after it.

        The global slot is reserved last: reserved first, a wait for the chat's slot
        would let the call leave after its global slot had passed, bunching sends.

        Returns:
            The chat's interval when the call is a message to a chat, else 0.
        """
        interval = 0.0
        if chat_id is not None and endpoint not in _NOT_A_MESSAGE:
            interval = self._group_interval if _is_group(chat_id) else self._private_interval
            await self._wait(await self._backend.reserve(self._chat_key(chat_id), interval))
        await self._wait(await self._backend.reserve("tg:slot:global", self._global_interval))
        return interval

    @staticmethod
    def _chat_key(chat_id: object) -> str:
        return f"tg:slot:chat:{chat_id}"

    @staticmethod
    async def _wait(delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)


def _is_group(chat_id: object) -> bool:
    """Group and channel ids are negative; private chats have the user's positive id."""
    try:
        return int(str(chat_id)) < 0
    except ValueError:
        return True  # an @channelusername
