"""Redis implementation of the coordination backend, shared by every gateway replica.

Slot scheduling runs as Lua scripts on Redis's own clock, so replicas on hosts whose
clocks drift still space their sends correctly.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis import asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.coordination.base import BaseCoordinationBackend
from bot.coordination.errors import CoordinationUnavailable

# KEYS[1] = schedule, ARGV[1] = interval in microseconds. Returns the wait in microseconds.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nxt)
local after = slot + tonumber(ARGV[1])
local ttl = math.ceil((after - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', ttl)
return string.format('%.0f', slot - now)
"""

# KEYS[1] = schedule, ARGV[1] = delay in microseconds.
_DEFER = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local until_ = math.max(nxt, now + tonumber(ARGV[1]))
local ttl = math.ceil((until_ - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', until_), 'PX', ttl)
return 1
"""

# KEYS[1] = counter, ARGV[1] = window in milliseconds.
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class RedisCoordinationBackend(BaseCoordinationBackend):
    """Coordination through one Redis server.

    Args:
        client: A ``redis.asyncio`` client (``decode_responses=True``).
        prefix: Namespace of every key, e.g. ``tanya:``.
    """

    def __init__(self, client: aioredis.Redis, prefix: str = "tanya:") -> None:
        self._redis = client
        self._prefix = prefix
        self._reserve = client.register_script(_RESERVE)
        self._defer = client.register_script(_DEFER)
        self._hit = client.register_script(_HIT)

    @classmethod
    def from_url(cls, url: str, prefix: str = "tanya:") -> RedisCoordinationBackend:
        """Build a backend on a new client for ``url`` (no connection is made yet).

        Args:
            url: A ``redis://`` URL.
            prefix: Namespace of every key.

        Returns:
            The backend; close it with :meth:`aclose`.
        """
        client = aioredis.Redis.from_url(
            url, decode_responses=True, socket_timeout=5, socket_connect_timeout=2
        )
        return cls(client, prefix)

    async def claim(self, key: str, ttl_s: float) -> bool:
        """See :meth:`BaseCoordinationBackend.claim`."""
        async with _translate_errors():
            return bool(await self._redis.set(self._key(key), "1", nx=True, px=_ms(ttl_s)))

    async def put(self, key: str, value: str, ttl_s: float) -> None:
        """See :meth:`BaseCoordinationBackend.put`."""
        async with _translate_errors():
            await self._redis.set(self._key(key), value, px=_ms(ttl_s))

    async def get(self, key: str) -> str | None:
        """See :meth:`BaseCoordinationBackend.get`."""
        async with _translate_errors():
            value = await self._redis.get(self._key(key))
        return None if value is None else str(value)

    async def delete(self, key: str) -> None:
        """See :meth:`BaseCoordinationBackend.delete`."""
        async with _translate_errors():
            await self._redis.delete(self._key(key))

    async def hit(self, key: str, window_s: float) -> int:
        """See :meth:`BaseCoordinationBackend.hit`."""
        async with _translate_errors():
            return int(await self._hit(keys=[self._key(key)], args=[_ms(window_s)]))

    async def reserve(self, key: str, interval_s: float) -> float:
        """See :meth:`BaseCoordinationBackend.reserve`."""
        async with _translate_errors():
            wait_us = await self._reserve(keys=[self._key(key)], args=[_us(interval_s)])
        return int(wait_us) / 1_000_000

    async def defer(self, key: str, delay_s: float) -> None:
        """See :meth:`BaseCoordinationBackend.defer`."""
        async with _translate_errors():
            await self._defer(keys=[self._key(key)], args=[_us(delay_s)])

    async def ping(self) -> None:
        """See :meth:`BaseCoordinationBackend.ping`."""
        async with _translate_errors():
            await self._redis.ping()

    async def aclose(self) -> None:
        """See :meth:`BaseCoordinationBackend.aclose`."""
        await self._redis.aclose()

    def _key(self, key: str) -> str:
        return self._prefix + key


def _ms(seconds: float) -> int:
    """Seconds as whole milliseconds, at least 1 (Redis rejects a zero expiry)."""
    return max(1, math.ceil(seconds * 1000))


def _us(seconds: float) -> int:
    """Seconds as whole microseconds."""
    return max(0, math.ceil(seconds * 1_000_000))


@asynccontextmanager
async def _translate_errors() -> AsyncIterator[None]:
    """Turn redis-py errors into :class:`CoordinationUnavailable`."""
    try:
        yield
    except RedisTimeoutError as exc:
        raise CoordinationUnavailable("timeout") from exc
    except RedisConnectionError as exc:
        raise CoordinationUnavailable("connect") from exc
    except RedisError as exc:
        raise CoordinationUnavailable(type(exc).__name__) from exc
