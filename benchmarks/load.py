"""Load generators and latency statistics for the benchmarks."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

# One turn: send ``text`` for ``citizen`` and return True when a reply came back.
SendTurn = Callable[[str, str], Awaitable[bool]]


@dataclass
class LoadResult:
    """What one load run measured."""

    sent: int = 0
    answered: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def lost(self) -> int:
        """Messages sent but never answered (errors included)."""
        return self.sent - self.answered

    @property
    def msg_per_s(self) -> float:
        """Answered messages per second."""
        return self.answered / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, q: float) -> float:
        """Latency percentile in ms (nearest rank)."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))
        return ordered[rank]

    def summary(self) -> dict[str, float | int]:
        """The figures of this run, rounded for reports."""
        return {
            "msg_s": round(self.msg_per_s, 1),
            "p50_ms": round(self.percentile(50), 1),
            "p95_ms": round(self.percentile(95), 1),
            "p99_ms": round(self.percentile(99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else 0,
            "sent": self.sent,
            "answered": self.answered,
            "lost": self.lost,
            "errors": self.errors,
        }


async def _timed_turn(send: SendTurn, citizen: str, text: str, result: LoadResult) -> None:
    """Send one turn and record its outcome."""
    result.sent += 1
    started = time.perf_counter()
    try:
        ok = await send(citizen, text)
    except Exception:  # noqa: BLE001 - every failure is counted, none may stop the run
        result.errors += 1
        return
    if ok:
        result.answered += 1
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
    else:
        result.errors += 1


async def closed_loop(
    send: SendTurn, script: Sequence[str], citizens: int, rounds: int, prefix: str
) -> LoadResult:
    """``citizens`` concurrent conversations, each sending ``script`` ``rounds`` times in order.

    Measures throughput: each citizen waits for the reply before its next message.
    """
    result = LoadResult()

    async def citizen(number: int) -> None:
        for round_number in range(rounds):
            sender = f"{prefix}-{number}-{round_number}"
            for text in script:
                await _timed_turn(send, sender, text, result)

    started = time.perf_counter()
    await asyncio.gather(*(citizen(n) for n in range(citizens)))
    result.elapsed_s = time.perf_counter() - started
    return result


async def open_loop(
    send: SendTurn, script: Sequence[str], rate_per_s: float, duration_s: float, prefix: str
) -> LoadResult:
    """Offer ``rate_per_s`` messages per second for ``duration_s``, whatever the replies do.

    Each arrival starts a new short conversation turn; latency is measured per message,
    so queueing shows up as latency once the offered rate exceeds capacity.
    """
    result = LoadResult()
    tasks: list[asyncio.Task[None]] = []
    interval = 1.0 / rate_per_s
    total = int(rate_per_s * duration_s)
    started = time.perf_counter()
    for number in range(total):
        target = started + number * interval
        delay = target - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        text = script[number % len(script)]
        sender = f"{prefix}-{number // len(script)}"
        tasks.append(asyncio.create_task(_timed_turn(send, sender, text, result)))
    await asyncio.gather(*tasks)
    result.elapsed_s = time.perf_counter() - started
    return result
