"""The seam of the live feed: :class:`BaseLiveFeed`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any

LiveEvent = dict[str, Any]
"""An event: ``{"type": "conversation", "conversation_id": 1, "unit_id": "...", ...}``.

Events carry ids and status only, never message text: subscribers fetch what they may see.
"""


class BaseLiveFeed(ABC):
    """Publish/subscribe of :data:`LiveEvent` values; every method is async."""

    @abstractmethod
    async def publish(self, event: LiveEvent) -> None:
        """Send ``event`` to every current subscriber (of every replica).

        Args:
            event: A JSON-serialisable event.
        """

    @abstractmethod
    def subscribe(self) -> AbstractAsyncContextManager[AsyncIterator[LiveEvent]]:
        """Return a context manager yielding an iterator of the events published from now on."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook, most feeds hold nothing
        """Release connections (nothing by default)."""
