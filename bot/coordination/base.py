"""The seam shared by every gateway replica: :class:`BaseCoordinationBackend`.

Dedup claims, flood counters and send-slot scheduling need one shared view when several
gateway replicas run; Redis provides it. With one process the in-memory backend does
the same job without a server.
"""

from __future__ import annotations

from abc import ABC, abstractmethod


class BaseCoordinationBackend(ABC):
    """Short-lived shared state; every key is namespaced by the backend's prefix."""

    @abstractmethod
    async def claim(self, key: str, ttl_s: float) -> bool:
        """Set ``key`` only if it does not exist (``SET NX``), expiring after ``ttl_s``.

        Args:
            key: The key to claim.
            ttl_s: Seconds until the claim lapses on its own.

        Returns:
            ``True`` when this caller now holds the key, ``False`` when it was held.
        """

    @abstractmethod
    async def put(self, key: str, value: str, ttl_s: float) -> None:
        """Set ``key`` to ``value`` unconditionally, expiring after ``ttl_s``.

        Args:
            key: The key.
            value: The value.
            ttl_s: Seconds until it expires.
        """

    @abstractmethod
    async def get(self, key: str) -> str | None:
        """Return the value of ``key``, or ``None`` when it is absent or expired.

        Args:
            key: The key.
        """

    @abstractmethod
    async def delete(self, key: str) -> None:
        """Remove ``key`` (releasing a claim).

        Args:
            key: The key.
        """

    @abstractmethod
    async def hit(self, key: str, window_s: float) -> int:
        """Count one event in a fixed window that starts with the first event.

        Args:
            key: The counter.
            window_s: Length of the window in seconds.

        Returns:
            The number of events in the current window, this one included.
        """

    @abstractmethod
    async def reserve(self, key: str, interval_s: float) -> float:
        """Reserve the next send slot of ``key``; slots are at least ``interval_s`` apart.

        Args:
            key: The schedule (one per chat, one for the whole bot).
            interval_s: Minimum spacing of two slots.

        Returns:
            Seconds to wait before using the reserved slot (``0`` when it is now).
        """

    @abstractmethod
    async def defer(self, key: str, delay_s: float) -> None:
        """Move the next free slot of ``key`` to at least ``delay_s`` from now (flood control).

        Args:
            key: The schedule.
            delay_s: Seconds during which no slot is handed out.
        """

    @abstractmethod
    async def ping(self) -> None:
        """Raise :class:`~bot.coordination.CoordinationUnavailable` when the backend is down."""

    @abstractmethod
    async def aclose(self) -> None:
        """Release connections."""
