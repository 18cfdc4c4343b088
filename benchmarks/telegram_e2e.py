"""End to end through Telegram: citizens' updates in the fake Bot API, replies back out.

The gateway (``python -m bot.run`` with ``TELEGRAM_BOT_TOKEN`` and
``TELEGRAM_API_BASE_URL`` pointing at the fake server) polls the fake server with the real
python-telegram-bot client, runs each turn through Rasa, the action server and the
knowledge base, and sends the replies through its outbox and rate limiter. The fake
server enforces Telegram's sending limits and counts its 429s.

Each simulated citizen holds the web benchmark's script in a private chat of its own per
conversation, closed loop: it pushes a message as an update, waits until the whole answer
arrived (every outbox row of that update sent, so the next turn's replies never queue
behind this one's), then sends the next. Latency is from the update pushed to the first
reply received at the fake server. Replies to one chat go out at most once a second, so
an answer of *k* messages keeps its citizen busy for at least *k* − 1 s more: the
throughput is citizen messages answered per second under that pacing, not the gateway's
capacity. Run alone (starts its own stack): ``python -m benchmarks.telegram_e2e``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from benchmarks.load import LoadResult
from bot.store import create_engine, create_session_factory
from bot.store.models import OutboxMessage, OutboxState
from bot.telegram.constants import CHANNEL
from bot.texts import SERVICE_DISRUPTED
from tests.helpers.fake_telegram import FakeTelegramServer, updates

TOKEN = "424243:BENCH-e2e-token"
FIRST_CHAT = 9_200_001
TURN_TIMEOUT_S = 60.0
POLL_S = 0.05  # how often a citizen looks for replies (latency uses the server's clock)
STORE_CHECK_S = 0.25  # how often it asks the store whether the whole answer went out


def telegram_env(fake: FakeTelegramServer) -> dict[str, str]:
    """The gateway's environment for the Telegram channel against ``fake``.

    Args:
        fake: The running fake Bot API server.
    """
    return {
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "TELEGRAM_POLL_TIMEOUT_S": "2",
    }


class TelegramCitizens:
    """Drives closed-loop conversations through the fake Bot API and times the replies.

    Args:
        fake: The fake Bot API server the gateway polls.
        database_url: The gateway's store (to see when every reply of a turn went out).
        turn_timeout_s: A turn not answered completely by then is lost.
    """

    def __init__(
        self, fake: FakeTelegramServer, database_url: str, turn_timeout_s: float = TURN_TIMEOUT_S
    ) -> None:
        self._fake = fake
        self._engine = create_engine(database_url)
        self._sessions = create_session_factory(self._engine)
        self._timeout = turn_timeout_s
        self._next_chat = FIRST_CHAT
        self.complete_ms: list[float] = []

    async def aclose(self) -> None:
        """Release the database connections."""
        await self._engine.dispose()

    async def run(self, script: Sequence[str], citizens: int, rounds: int) -> LoadResult:
        """``citizens`` concurrent citizens, each holding ``rounds`` conversations of ``script``.

        Args:
            script: The messages of one conversation, in order.
            citizens: Concurrent citizens.
            rounds: Conversations per citizen (each in a new chat).

        Returns:
            Messages sent and answered, errors and first-reply latencies.
        """
        result = LoadResult()
        chats = [[self._chat() for _ in range(rounds)] for _ in range(citizens)]

        async def citizen(own: list[int]) -> None:
            for chat_id in own:
                for text in script:
                    await self._turn(chat_id, text, result)

        started = time.perf_counter()
        await asyncio.gather(*(citizen(own) for own in chats))
        result.elapsed_s = time.perf_counter() - started
        return result

    def _chat(self) -> int:
        self._next_chat += 1
        return self._next_chat

    async def _turn(self, chat_id: int, text: str, result: LoadResult) -> None:
        """Push one message and wait for its whole answer; count and time it."""
        result.sent += 1
        before = len(self._fake.sent(chat_id))
        pushed = time.monotonic()
        update_id = self._fake.push(updates.text_message(chat_id, text))
        deadline = pushed + self._timeout
        looked = 0.0  # when the store was last asked
        while True:
            # The store is asked once replies arrive, and then at most every STORE_CHECK_S:
            # a row is marked sent only after its message was delivered.
            now = time.monotonic()
            if len(self._fake.sent(chat_id)) > before and now - looked >= STORE_CHECK_S:
                looked = now
                if await self._answered(update_id):
                    break
            if time.monotonic() >= deadline:
                result.errors += 1  # not (completely) answered in time: lost
                return
            await asyncio.sleep(POLL_S)
        replies = self._fake.sent(chat_id)[before:]
        if replies[0].text == SERVICE_DISRUPTED:
            result.errors += 1  # the disruption notice is not an answer (as for the web)
            return
        result.answered += 1
        result.latencies_ms.append((replies[0].at - pushed) * 1000)
        self.complete_ms.append((replies[-1].at - pushed) * 1000)

    async def _answered(self, update_id: int) -> bool:
        """Whether the update's replies are queued and none of them is still pending."""
        query = select(
            func.count(), func.count().filter(OutboxMessage.state == OutboxState.PENDING)
        ).where(OutboxMessage.channel == CHANNEL, OutboxMessage.source_ref == str(update_id))
        with contextlib.suppress(Exception):  # a failed look is simply repeated later
            async with self._sessions() as session:
                queued, pending = (await session.execute(query)).one()
                return queued > 0 and pending == 0
        return False


async def run_telegram_e2e(
    fake: FakeTelegramServer,
    database_url: str,
    script: Sequence[str],
    *,
    citizens: int,
    rounds: int,
) -> dict[str, Any]:
    """Warm the Telegram path, then run the closed loop; return its figures.

    Args:
        fake: The fake Bot API server the running gateway polls.
        database_url: The gateway's store.
        script: The conversation.
        citizens: Concurrent citizens.
        rounds: Conversations per citizen.

    Returns:
        The :meth:`LoadResult.summary` figures plus ``complete_p50_ms``/``complete_p95_ms``
        (until the last reply of the turn) and the fake server's ``count_429``.
    """
    driver = TelegramCitizens(fake, database_url)
    try:
        # Warm-up: the channel connects in the background after /healthz; PTB's pool.
        await driver.run(script, citizens=min(4, citizens), rounds=1)
        driver.complete_ms.clear()
        before_429, before_sent = fake.rate_limited, len(fake.sent())
        result = await driver.run(script, citizens, rounds)
    finally:
        await driver.aclose()
    complete = LoadResult(latencies_ms=driver.complete_ms)
    return result.summary() | {
        "complete_p50_ms": round(complete.percentile(50), 1),
        "complete_p95_ms": round(complete.percentile(95), 1),
        "count_429": fake.rate_limited - before_429,
        "replies_per_message": round((len(fake.sent()) - before_sent) / max(1, result.sent), 2),
    }


def main() -> None:
    """Start a stack with the Telegram channel, run the closed loop, print one JSON line.

    Free ports and a database of its own, so it can run next to ``make bench``.
    """
    from benchmarks.__main__ import SCRIPT
    from bot.supervisor.training import ensure_model
    from tools.databases import scratch_database
    from tools.stack import free_ports, start_stack

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concurrency", type=int, default=50, help="simulated citizens")
    parser.add_argument("--rounds", type=int, default=2, help="conversations per citizen")
    args = parser.parse_args()

    async def run(database_url: str) -> dict[str, Any]:
        ensure_model(quiet=True)
        gateway, rasa, actions, status = free_ports(4)
        with FakeTelegramServer(TOKEN, enforce_limits=True) as fake:
            stack = await asyncio.to_thread(
                start_stack,
                Path(tempfile.mkdtemp(prefix="bench-telegram-")),
                gateway_port=gateway,
                rasa_port=rasa,
                actions_port=actions,
                status_port=status,
                database_url=database_url,
                extra_env=telegram_env(fake),
            )
            try:
                return await run_telegram_e2e(
                    fake, database_url, SCRIPT, citizens=args.concurrency, rounds=args.rounds
                )
            finally:
                await asyncio.to_thread(stack.stop)

    with scratch_database("tanya_bench_telegram") as database_url:
        print(json.dumps(asyncio.run(run(database_url))))


if __name__ == "__main__":
    main()
