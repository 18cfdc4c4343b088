"""Choose the coordination backend from the settings: Redis when configured, else in-process."""

from __future__ import annotations

from bot.coordination.base import BaseCoordinationBackend
from bot.coordination.memory import InMemoryCoordinationBackend
from bot.coordination.redis_backend import RedisCoordinationBackend


def create_coordination_backend(
    redis_url: str | None, prefix: str = "tanya:"
) -> BaseCoordinationBackend:
    """Return the Redis backend for ``redis_url``, or the in-process stand-in without one.

    Args:
        redis_url: ``REDIS_URL``, or ``None`` for a single process without Redis.
        prefix: Namespace of every Redis key.

    Returns:
        The backend; the caller closes it with ``aclose()``.
    """
    if redis_url:
        return RedisCoordinationBackend.from_url(redis_url, prefix)
    return InMemoryCoordinationBackend()
