from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import redis.asyncio as aioredis

from actions.status_client import (
    InMemoryRateLimitBackend,
    LookupRateLimiter,
    RateLimitBackend,
    RedisRateLimitBackend,
    create_lookup_rate_limiter,
)

from .conftest import REDIS_URL


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.integration)])
async def make_limiter(
    request: pytest.FixtureRequest, clock: FakeClock
) -> AsyncIterator[Callable[..., LookupRateLimiter]]:
    """Limiters sharing one backend (like replicas); Redis ones under a unique prefix."""
    prefix = f"test:rate_limiter:{uuid.uuid4().hex}:"
    redis_client: aioredis.Redis | None = None
    backend: RateLimitBackend
    if request.param == "redis":
        redis_client = aioredis.Redis.from_url(REDIS_URL)
        backend = RedisRateLimitBackend(redis_client)
    else:
        backend = InMemoryRateLimitBackend()

    def factory(**kwargs: Any) -> LookupRateLimiter:
        return LookupRateLimiter(backend, key_prefix=prefix, clock=clock, **kwargs)

    yield factory
    if redis_client is not None:
        keys = [key async for key in redis_client.scan_iter(match=f"{prefix}*")]
        if keys:
            await redis_client.delete(*keys)
        await redis_client.aclose()


async def test_five_lookups_per_ten_minutes(
    make_limiter: Callable[..., LookupRateLimiter], clock: FakeClock
) -> None:
    limiter = make_limiter()
    assert (limiter.limit, limiter.window_s) == (5, 600.0)

    decisions = []
    for _ in range(5):
        decisions.append(await limiter.acquire("sender-1"))
        clock.now += 10
    assert all(d.allowed for d in decisions)
    assert [d.remaining for d in decisions] == [4, 3, 2, 1, 0]

    refused = await limiter.acquire("sender-1")
    assert not refused.allowed
    assert refused.remaining == 0
    assert refused.retry_after_s == pytest.approx(550.0)


async def test_window_slides(
    make_limiter: Callable[..., LookupRateLimiter], clock: FakeClock
) -> None:
    limiter = make_limiter(limit=2, window_s=60)
    assert (await limiter.acquire("s")).allowed
    clock.now += 30
    assert (await limiter.acquire("s")).allowed
    clock.now += 29
    assert not (await limiter.acquire("s")).allowed
    clock.now += 1  # the first lookup leaves the window
    assert (await limiter.acquire("s")).allowed
    assert not (await limiter.acquire("s")).allowed


async def test_refused_attempts_do_not_extend_the_lockout(
    make_limiter: Callable[..., LookupRateLimiter], clock: FakeClock
) -> None:
    limiter = make_limiter(limit=1, window_s=60)
    assert (await limiter.acquire("s")).allowed
    for _ in range(5):
        clock.now += 10
        assert not (await limiter.acquire("s")).allowed
    clock.now += 10
    assert (await limiter.acquire("s")).allowed


async def test_senders_are_independent_and_reset_works(
    make_limiter: Callable[..., LookupRateLimiter],
) -> None:
    limiter = make_limiter(limit=1)
    assert (await limiter.acquire("a")).allowed
    assert (await limiter.acquire("b")).allowed
    assert not (await limiter.acquire("a")).allowed
    await limiter.reset("a")
    assert (await limiter.acquire("a")).allowed


async def test_replicas_share_the_limit(make_limiter: Callable[..., LookupRateLimiter]) -> None:
    first, second = make_limiter(limit=3), make_limiter(limit=3)
    results = await asyncio.gather(*(lim.acquire("s") for lim in (first, second) * 3))
    assert sum(d.allowed for d in results) == 3


@pytest.mark.integration
async def test_redis_key_expires_with_the_window(
    redis_client: aioredis.Redis, redis_prefix: str
) -> None:
    limiter = LookupRateLimiter(
        RedisRateLimitBackend(redis_client), key_prefix=redis_prefix, window_s=30
    )
    await limiter.acquire("s")
    ttl_ms = await redis_client.pttl(limiter.key_for("s"))
    assert 0 < ttl_ms <= 30_000


@pytest.mark.integration
async def test_create_uses_redis_when_url_given(redis_prefix: str) -> None:
    limiter = create_lookup_rate_limiter(REDIS_URL, limit=1, key_prefix=redis_prefix)
    try:
        assert isinstance(limiter.backend, RedisRateLimitBackend)
        assert (await limiter.acquire("s")).allowed
        assert not (await limiter.acquire("s")).allowed
    finally:
        await limiter.aclose()


async def test_create_without_url_is_in_process() -> None:
    limiter = create_lookup_rate_limiter(None)
    assert isinstance(limiter.backend, InMemoryRateLimitBackend)
    assert (limiter.limit, limiter.window_s) == (5, 600.0)
    await limiter.aclose()


async def test_redis_down_fails_open(caplog: pytest.LogCaptureFixture) -> None:
    limiter = create_lookup_rate_limiter("redis://127.0.0.1:1/0", limit=1)
    try:
        assert (await limiter.acquire("s")).allowed
        assert (await limiter.acquire("s")).allowed
    finally:
        await limiter.aclose()
    assert "rate limiter unavailable" in caplog.text


def test_rejects_bad_config() -> None:
    with pytest.raises(ValueError):
        LookupRateLimiter(InMemoryRateLimitBackend(), window_s=0)
