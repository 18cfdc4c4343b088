"""In-process live feed: the stand-in when ``REDIS_URL`` is not set (one gateway process)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.live.base import BaseLiveFeed, LiveEvent

logger = logging.getLogger(__name__)

# A console that stops reading loses old events rather than growing memory without bound.
_QUEUE_SIZE = 256


class InProcessLiveFeed(BaseLiveFeed):
    """Fans events out to subscribers of this process through bounded queues."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[LiveEvent]] = set()

    async def publish(self, event: LiveEvent) -> None:
        """See :meth:`BaseLiveFeed.publish`."""
        for queue in list(self._queues):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                logger.warning("Live feed subscriber is too slow; event dropped")

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[AsyncIterator[LiveEvent]]:  # type: ignore[override]
        """See :meth:`BaseLiveFeed.subscribe`."""
        queue: asyncio.Queue[LiveEvent] = asyncio.Queue(maxsize=_QUEUE_SIZE)
        self._queues.add(queue)

        async def events() -> AsyncIterator[LiveEvent]:
            while True:
                yield await queue.get()

        try:
            yield events()
        finally:
            self._queues.discard(queue)
