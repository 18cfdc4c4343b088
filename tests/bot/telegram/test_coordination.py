"""The coordination backends (in-process and real Redis) and the chat rate limiter."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.coordination import (
    BaseCoordinationBackend,
    CoordinationUnavailable,
    InMemoryCoordinationBackend,
    RedisCoordinationBackend,
    create_coordination_backend,
)
from bot.telegram import ChatRateLimiter
from tests.conftest import REDIS_URL


@pytest.fixture(params=["memory", "redis"])
async def backend(
    request: pytest.FixtureRequest, unique_id: str
) -> AsyncIterator[BaseCoordinationBackend]:
    if request.param == "memory":
        found: BaseCoordinationBackend = InMemoryCoordinationBackend()
    else:
        found = RedisCoordinationBackend.from_url(REDIS_URL, prefix=f"test:{unique_id}:")
    yield found
    await found.aclose()


async def test_claim_is_exclusive_until_released_or_expired(
    backend: BaseCoordinationBackend,
) -> None:
    assert await backend.claim("k", 0.3)
    assert not await backend.claim("k", 0.3)
    await backend.delete("k")
    assert await backend.claim("k", 0.2)
    await asyncio.sleep(0.3)
    assert await backend.claim("k", 5)
    await backend.put("k", "done", 5)
    assert await backend.get("k") == "done"


async def test_hit_counts_within_a_window(backend: BaseCoordinationBackend) -> None:
    assert [await backend.hit("f", 0.3) for _ in range(3)] == [1, 2, 3]
    await asyncio.sleep(0.4)
    assert await backend.hit("f", 0.3) == 1


async def test_reserve_spaces_slots_and_defer_pushes_them(backend: BaseCoordinationBackend) -> None:
    waits = [await backend.reserve("s", 0.5) for _ in range(3)]
    assert waits[0] == 0
    assert waits[1] == pytest.approx(0.5, abs=0.05) and waits[2] == pytest.approx(1.0, abs=0.05)
    await backend.defer("t", 2.0)
    assert await backend.reserve("t", 0.5) == pytest.approx(2.0, abs=0.05)


async def test_factory_picks_the_backend_and_redis_errors_are_translated() -> None:
    assert isinstance(create_coordination_backend(None), InMemoryCoordinationBackend)
    broken = create_coordination_backend("redis://127.0.0.1:1/0")
    assert isinstance(broken, RedisCoordinationBackend)
    with pytest.raises(CoordinationUnavailable):
        await broken.ping()
    await broken.aclose()


async def test_rate_limiter_one_per_second_per_chat_and_honours_retry_after(
    backend: BaseCoordinationBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # as TelegramChannel does
    limiter = ChatRateLimiter(backend)
    sent: list[tuple[Any, float]] = []
    flood = {"left": 1}

    async def send(chat_id: int) -> bool:
        if chat_id == 3 and flood["left"]:
            flood["left"] -= 1
            raise RetryAfter(timedelta(seconds=1))
        sent.append((chat_id, time.monotonic()))
        return True

    async def call(chat_id: int, retries: int = 0) -> Any:
        return await limiter.process_request(
            send, (chat_id,), {}, "sendMessage", {"chat_id": chat_id}, {"max_retries": retries}
        )

    started = time.monotonic()
    await asyncio.gather(*(call(1) for _ in range(3)), call(2), call(3, retries=1))
    one = [t for chat, t in sent if chat == 1]
    # One second plus the safety margin (jitter must not put two sends in one window).
    assert all(b - a >= 1.04 for a, b in zip(one, one[1:], strict=False))
    two = [t for chat, t in sent if chat == 2]
    assert two[0] - started < 0.5  # another chat is not held up
    three = [t for chat, t in sent if chat == 3]
    assert three and three[0] - started >= 0.95  # retried after the flood wait
    with pytest.raises(RetryAfter):
        flood["left"] = 1
        await call(3)


async def test_rate_limiter_spaces_the_whole_bot_with_its_margin(
    backend: BaseCoordinationBackend,
) -> None:
    limiter = ChatRateLimiter(backend, global_rate_per_s=20, safety_margin=1.0)
    sent: list[float] = []

    async def send(chat_id: int) -> bool:
        sent.append(time.monotonic())
        return True

    await asyncio.gather(
        *(
            limiter.process_request(send, (chat,), {}, "sendMessage", {"chat_id": chat}, None)
            for chat in range(1, 9)
        )
    )
    gaps = [b - a for a, b in zip(sent, sent[1:], strict=False)]
    # 20 per second stretched by 100 %: 100 ms apart (50 ms without the margin), never
    # bunched; 20 ms of tolerance for the event loop and Redis round trips.
    assert len(sent) == 8 and min(gaps) >= 0.08
