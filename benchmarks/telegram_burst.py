"""The Telegram outbound limiter under a burst: 500 replies to 50 chats, nothing else.

The replies take the project's real outbound path: :class:`TelegramOutboundChannel`
queues them in the persisted outbox (a real store: a temporary SQLite file, or the
database given), :class:`OutboxDispatcher` drains it through python-telegram-bot's
``Bot`` built by :func:`build_ptb_application`, whose :class:`ChatRateLimiter` keeps its
slots in the coordination backend (in-process, or Redis under a private key prefix when
a URL is given), as the gateway does. They go to the fake Bot API server on loopback,
which enforces Telegram's limits (1 message per second to a private chat, 30 per second
overall) and answers 429 with ``retry_after`` beyond them.

A correct limiter needs 500 / 30 ≈ 17 s and gets no 429; each chat's ten replies arrive
once, in order. Run alone: ``python -m benchmarks.telegram_burst [--redis-url URL]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.coordination import create_coordination_backend
from bot.store import (
    SqlCallbackPayloads,
    SqlOutbox,
    create_engine,
    create_schema,
    create_session_factory,
)
from bot.store.models import OutboxMessage, OutboxState
from bot.telegram import TelegramOutboundChannel
from bot.telegram.application import build_ptb_application
from bot.telegram.constants import CHANNEL
from bot.telegram.dispatcher import OutboxDispatcher
from tests.helpers.fake_telegram import FakeTelegramServer
from tests.helpers.fake_telegram.limits import LIMITED_METHODS

TOKEN = "424242:BENCH-burst-token"
FIRST_CHAT = 9_100_001
WINDOW_S = 1.0


def max_in_window(times: Iterable[float], window_s: float = WINDOW_S) -> int:
    """The most events in any half-open window ``[t, t + window_s)``.

    Args:
        times: Event times in seconds, in any order.
        window_s: The window's length.
    """
    ordered = sorted(times)
    best = start = 0
    for end, at in enumerate(ordered):
        while at - ordered[start] >= window_s:
            start += 1
        best = max(best, end - start + 1)
    return best


def delivery_figures(fake: FakeTelegramServer, t0: float) -> dict[str, Any]:
    """Rates the fake server saw, per chat and overall, and the 429s it gave.

    ``max_chat_per_s`` and ``max_global_per_s`` count every message the limiter let out
    (refused ones included): above 1 and 30 the limiter sent too early. The ``_accepted``
    twins count only delivered messages, which the server keeps within the limits.

    Args:
        fake: The fake Bot API server.
        t0: When the load started (``time.monotonic()``).
    """
    attempts = [c for c in fake.calls if c.method in LIMITED_METHODS and c.at >= t0]
    accepted = [c for c in attempts if c.status == 200]
    refused = [c for c in attempts if c.status == 429]
    figures: dict[str, Any] = {}
    for suffix, calls in (("", attempts), ("_accepted", accepted)):
        per_chat: defaultdict[str, list[float]] = defaultdict(list)
        for call in calls:
            per_chat[str(call.chat_id)].append(call.at)
        gaps = [b - a for t in per_chat.values() for a, b in zip(t, t[1:], strict=False)]
        figures[f"max_chat_per_s{suffix}"] = max(map(max_in_window, per_chat.values()), default=0)
        figures[f"max_global_per_s{suffix}"] = max_in_window(c.at for c in calls)
        figures[f"min_chat_gap_ms{suffix}"] = round(min(gaps) * 1000, 1) if gaps else None
    return figures | {
        "count_429": fake.rate_limited,
        "count_429_by_limit": fake.rate_limited_by,
        "first_429_s": round(refused[0].at - t0, 2) if refused else None,
    }


async def run_burst(
    *,
    chats: int = 50,
    per_chat: int = 10,
    redis_url: str | None = None,
    database_url: str | None = None,
    timeout_s: float = 120.0,
) -> dict[str, Any]:
    """Queue ``chats`` × ``per_chat`` replies at once and measure their delivery.

    Args:
        chats: Private chats.
        per_chat: Replies queued for each.
        redis_url: Redis for the limiter's slots (``None``: the in-process backend).
        database_url: The store (``None``: a temporary SQLite file).
        timeout_s: Give up waiting for deliveries after this long.

    Returns:
        ``total_s``, ``msg_s``, ``max_chat_per_s``, ``max_global_per_s``, ``count_429``,
        ``sent``, ``delivered``, ``lost``, ``duplicates``, ``out_of_order`` and more.
    """
    # As TelegramChannel does: PTB 22 warns on every flood wait without it.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    workdir = Path(tempfile.mkdtemp(prefix="bench-telegram-burst-"))
    engine = create_engine(database_url or f"sqlite+aiosqlite:///{workdir / 'store.db'}")
    await create_schema(engine)
    sessions = create_session_factory(engine)
    # A private key prefix: the machine's Redis is shared with running gateways and tests.
    coordination = create_coordination_backend(redis_url, prefix=f"tanya-bench-{uuid.uuid4()}:")
    fake = FakeTelegramServer(TOKEN, enforce_limits=True).start()
    application = build_ptb_application(TOKEN, fake.base_url, coordination)
    outbox = SqlOutbox(sessions, CHANNEL)
    dispatcher = OutboxDispatcher(application.bot, outbox, SqlCallbackPayloads(sessions))
    outbound = TelegramOutboundChannel(dispatcher)
    expected = {
        (str(FIRST_CHAT + chat), f"Balasan {number + 1} dari {per_chat} untuk warga {chat}")
        for chat in range(chats)
        for number in range(per_chat)
    }
    try:
        await application.initialize()
        dispatcher.start()
        t0 = time.monotonic()
        await asyncio.gather(
            *(
                outbound.deliver(
                    str(FIRST_CHAT + chat),
                    [
                        {"text": f"Balasan {n + 1} dari {per_chat} untuk warga {chat}"}
                        for n in range(per_chat)
                    ],
                )
                for chat in range(chats)
            )
        )
        queued_s = time.monotonic() - t0
        with contextlib.suppress(AssertionError):  # timed out: the missing ones are lost
            await fake.wait_for(lambda: len(fake.sent()) >= len(expected), timeout=timeout_s)
        await asyncio.sleep(1.5)  # a duplicate or a late retry would show up now
        pending = await _unsent_rows(sessions)
    finally:
        await dispatcher.stop()
        await application.shutdown()
        await coordination.aclose()
        fake.stop()
        await engine.dispose()
    delivered = [(m.chat_id, m.text) for m in fake.sent() if m.at >= t0]
    counts = Counter(delivered)
    last = max((m.at for m in fake.sent()), default=t0)
    total_s = last - t0
    unique = len(set(delivered) & expected)
    return {
        "chats": chats,
        "per_chat": per_chat,
        "backend": "redis" if redis_url else "memory",
        "store": "sqlite" if database_url is None else database_url.split(":", 1)[0],
        "total_s": round(total_s, 2),
        "queued_s": round(queued_s, 2),
        "msg_s": round(unique / total_s, 1) if total_s else 0.0,
        "sent": len(expected),
        "delivered": unique,
        "lost": len(expected) - unique,
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "out_of_order": _out_of_order(fake, t0),
        "outbox_unsent": pending,
        **delivery_figures(fake, t0),
    }


async def _unsent_rows(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Outbox rows not sent (pending or dropped) when the run ended."""
    async with sessions() as session:
        query = select(func.count()).where(OutboxMessage.state != OutboxState.SENT)
        return int(await session.scalar(query) or 0)


def _out_of_order(fake: FakeTelegramServer, t0: float) -> int:
    """Chats whose replies did not arrive in the order they were queued."""
    numbers: defaultdict[str, list[int]] = defaultdict(list)
    for message in fake.sent():
        if message.at >= t0:
            numbers[message.chat_id].append(int(message.text.split()[1]))
    return sum(1 for seen in numbers.values() if seen != sorted(seen))


def main() -> None:
    """Run the burst alone and print its figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--per-chat", type=int, default=10)
    parser.add_argument("--redis-url", default=None, help="limiter slots in Redis (shared)")
    parser.add_argument("--database-url", default=None, help="store (default: SQLite temp file)")
    args = parser.parse_args()
    figures = asyncio.run(
        run_burst(
            chats=args.chats,
            per_chat=args.per_chat,
            redis_url=args.redis_url,
            database_url=args.database_url,
        )
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
