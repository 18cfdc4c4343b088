"""Per-sender limit on status lookups (default 5 per 10 minutes), in Redis or in-process.

Both backends keep a sliding log of the allowed lookups per sender: Redis in a
sorted set per sender (one atomic Lua script, so several action-server replicas
share the limit), in-process in a deque (one process only; used without REDIS_URL).
Refused attempts are not logged, so a sender is never locked out for longer than
the window.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from actions.status_client import constants

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateLimitDecision:
    """Outcome of one lookup attempt.

    Attributes:
        allowed: Whether the lookup may go ahead.
        remaining: Lookups still allowed in the current window (after this one).
        retry_after_s: When refused, seconds until the next lookup is allowed; else 0.
    """

    allowed: bool
    remaining: int
    retry_after_s: float = 0.0


class RateLimitBackend(Protocol):
    """Storage of the sliding logs."""

    async def hit(self, key: str, *, limit: int, window_s: float, now: float) -> RateLimitDecision:
        """Record an attempt at time ``now`` if fewer than ``limit`` lie within ``window_s``."""
        ...

    async def reset(self, key: str) -> None:
        """Forget the log of ``key``."""
        ...

    async def aclose(self) -> None:
        """Release the backend's resources."""
        ...


class InMemoryRateLimitBackend:
    """Sliding logs in this process's memory."""

    def __init__(self) -> None:
        self._logs: dict[str, deque[float]] = {}

    async def hit(self, key: str, *, limit: int, window_s: float, now: float) -> RateLimitDecision:
        """Record an attempt if allowed; see ``RateLimitBackend.hit``."""
        log = self._logs.setdefault(key, deque())
        while log and log[0] <= now - window_s:
            log.popleft()
        if len(log) < limit:
            log.append(now)
            return RateLimitDecision(allowed=True, remaining=limit - len(log))
        if not log:  # limit == 0
            return RateLimitDecision(allowed=False, remaining=0, retry_after_s=window_s)
        return RateLimitDecision(
            allowed=False, remaining=0, retry_after_s=max(log[0] + window_s - now, 0.0)
        )

    async def reset(self, key: str) -> None:
        """Forget the log of ``key``."""
        self._logs.pop(key, None)

    async def aclose(self) -> None:
        """Drop every log."""
        self._logs.clear()


# KEYS[1]=log key; ARGV: now, window_s, limit, member. Returns {allowed, remaining, retry}.
_SLIDING_LOG_LUA = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, math.ceil(window * 1000))
  return {1, limit - count - 1, '0'}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
if oldest[2] == nil then
  return {0, 0, tostring(window)}
end
return {0, 0, tostring(tonumber(oldest[2]) + window - now)}
"""


class RedisRateLimitBackend:
    """Sliding logs in Redis sorted sets, updated atomically by a Lua script."""

    def __init__(self, client: aioredis.Redis, *, owns_client: bool = False) -> None:
        """Use ``client``; close it in ``aclose()`` only when ``owns_client``."""
        self._redis = client
        self._owns_client = owns_client
        self._script = client.register_script(_SLIDING_LOG_LUA)

    async def hit(self, key: str, *, limit: int, window_s: float, now: float) -> RateLimitDecision:
        """Record an attempt if allowed; see ``RateLimitBackend.hit``."""
        member = f"{now:.6f}:{uuid.uuid4().hex}"
        allowed, remaining, retry = await self._script(
            keys=[key], args=[repr(now), repr(window_s), limit, member]
        )
        return RateLimitDecision(
            allowed=bool(allowed), remaining=int(remaining), retry_after_s=max(float(retry), 0.0)
        )

    async def reset(self, key: str) -> None:
        """Delete the log of ``key``."""
        await self._redis.delete(key)

    async def aclose(self) -> None:
        """Close the Redis client when owned."""
        if self._owns_client:
            await self._redis.aclose()


class LookupRateLimiter:
    """Allows each sender at most ``limit`` status lookups per ``window_s`` seconds.

    When the backend fails (e.g. Redis is down) the lookup is allowed and a warning
    logged: the status service has its own protection (429), and a citizen should
    not lose the feature because of a cache.
    """

    def __init__(
        self,
        backend: RateLimitBackend,
        *,
        limit: int = constants.DEFAULT_LOOKUP_LIMIT,
        window_s: float = constants.DEFAULT_LOOKUP_WINDOW_S,
        key_prefix: str = constants.DEFAULT_RATE_LIMIT_KEY_PREFIX,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Create a limiter.

        Args:
            backend: Where the logs live.
            limit: Lookups allowed per window.
            window_s: Length of the sliding window.
            key_prefix: Prefix of the per-sender key.
            clock: Wall clock in seconds (shared by replicas through Redis).
        """
        if limit < 0 or window_s <= 0:
            raise ValueError("limit must be >= 0 and window_s > 0")
        self.backend = backend
        self.limit = limit
        self.window_s = window_s
        self.key_prefix = key_prefix
        self._clock = clock

    def key_for(self, sender_id: str) -> str:
        """Return the storage key of ``sender_id``.

        Args:
            sender_id: The conversation's sender id.

        Returns:
            ``key_prefix + sender_id``.
        """
        return f"{self.key_prefix}{sender_id}"

    async def acquire(self, sender_id: str) -> RateLimitDecision:
        """Count one lookup by ``sender_id`` if the limit allows it.

        Args:
            sender_id: The conversation's sender id.

        Returns:
            The decision; when ``allowed`` is False, don't look up.
        """
        try:
            decision = await self.backend.hit(
                self.key_for(sender_id), limit=self.limit, window_s=self.window_s, now=self._clock()
            )
        except RedisError:
            logger.warning("Lookup rate limiter unavailable; allowing sender %s", sender_id)
            return RateLimitDecision(allowed=True, remaining=self.limit)
        if not decision.allowed:
            logger.info(
                "Lookup rate limit hit by sender %s; retry in %.0f s",
                sender_id,
                decision.retry_after_s,
            )
        return decision

    async def reset(self, sender_id: str) -> None:
        """Forget the lookups of ``sender_id``.

        Args:
            sender_id: The conversation's sender id.
        """
        await self.backend.reset(self.key_for(sender_id))

    async def aclose(self) -> None:
        """Release the backend's resources."""
        await self.backend.aclose()


def create_lookup_rate_limiter(
    redis_url: str | None = None,
    *,
    limit: int = constants.DEFAULT_LOOKUP_LIMIT,
    window_s: float = constants.DEFAULT_LOOKUP_WINDOW_S,
    key_prefix: str = constants.DEFAULT_RATE_LIMIT_KEY_PREFIX,
) -> LookupRateLimiter:
    """Create a limiter on Redis when ``redis_url`` is set, else in-process.

    No connection is opened here; the first ``acquire`` connects.

    Args:
        redis_url: e.g. ``redis://127.0.0.1:6379/0``; None for the in-process backend.
        limit: Lookups allowed per window (default 5).
        window_s: Window length (default 600 s).
        key_prefix: Prefix of the per-sender Redis key.

    Returns:
        The limiter; close it with ``aclose()``.
    """
    backend: RateLimitBackend
    if redis_url:
        client = aioredis.Redis.from_url(redis_url, socket_timeout=1.0, socket_connect_timeout=1.0)
        backend = RedisRateLimitBackend(client, owns_client=True)
    else:
        backend = InMemoryRateLimitBackend()
    return LookupRateLimiter(backend, limit=limit, window_s=window_s, key_prefix=key_prefix)
