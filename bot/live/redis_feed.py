"""Redis pub/sub live feed, shared by every gateway replica."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.live.base import BaseLiveFeed, LiveEvent
from bot.live.memory import InProcessLiveFeed

logger = logging.getLogger(__name__)

DEFAULT_CHANNEL = "tanya:live"


class RedisLiveFeed(BaseLiveFeed):
    """Publishes to one Redis channel; each subscriber holds its own pub/sub connection.

    Args:
        redis: The client (owned by this feed: closed by :meth:`aclose`).
        channel: The pub/sub channel name.
    """

    def __init__(self, redis: Redis, channel: str = DEFAULT_CHANNEL) -> None:
        self._redis = redis
        self._channel = channel

    async def publish(self, event: LiveEvent) -> None:
        """See :meth:`BaseLiveFeed.publish`.

        Best effort: while Redis is unreachable the event is dropped with a warning (an
        open console page catches up with the next event or a reload); the turn that
        announced it is not affected.
        """
        try:
            await self._redis.publish(self._channel, json.dumps(event))
        except RedisError as exc:
            logger.warning("Live event dropped: Redis unavailable (%s)", type(exc).__name__)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[AsyncIterator[LiveEvent]]:  # type: ignore[override]
        """See :meth:`BaseLiveFeed.subscribe`."""
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(self._channel)

        async def events() -> AsyncIterator[LiveEvent]:
            async for message in pubsub.listen():
                if message.get("type") != "message":
                    continue
                try:
                    yield json.loads(message["data"])
                except (TypeError, ValueError):
                    logger.warning("Ignored a malformed live event")

        try:
            yield events()
        finally:
            await pubsub.unsubscribe(self._channel)
            await pubsub.aclose()

    async def aclose(self) -> None:
        """Close the Redis client."""
        await self._redis.aclose()


def create_live_feed(redis_url: str | None) -> BaseLiveFeed:
    """Return the Redis feed when ``redis_url`` is set, else the in-process stand-in.

    Args:
        redis_url: ``REDIS_URL`` or ``None``.

    Returns:
        The feed; close it with :meth:`BaseLiveFeed.aclose`.
    """
    if not redis_url:
        return InProcessLiveFeed()
    return RedisLiveFeed(Redis.from_url(redis_url, decode_responses=True))
