"""In-process stand-in for Redis when ``REDIS_URL`` is unset (one gateway process only)."""

from __future__ import annotations

import time

from bot.coordination.base import BaseCoordinationBackend


class InMemoryCoordinationBackend(BaseCoordinationBackend):
    """Keeps keys in a dict with monotonic-clock expiry; safe within one event loop.

    Every method completes without awaiting, so each one is atomic on the event loop.
    """

    def __init__(self) -> None:
        self._values: dict[str, tuple[str, float]] = {}
        self._slots: dict[str, float] = {}

    async def claim(self, key: str, ttl_s: float) -> bool:
        """See :meth:`BaseCoordinationBackend.claim`."""
        if self._live(key) is not None:
            return False
        self._values[key] = ("1", time.monotonic() + ttl_s)
        self._prune(time.monotonic())
        return True

    async def put(self, key: str, value: str, ttl_s: float) -> None:
        """See :meth:`BaseCoordinationBackend.put`."""
        self._values[key] = (value, time.monotonic() + ttl_s)

    async def get(self, key: str) -> str | None:
        """See :meth:`BaseCoordinationBackend.get`."""
        return self._live(key)

    async def delete(self, key: str) -> None:
        """See :meth:`BaseCoordinationBackend.delete`."""
        self._values.pop(key, None)

    async def hit(self, key: str, window_s: float) -> int:
        """See :meth:`BaseCoordinationBackend.hit`."""
        now = time.monotonic()
        current = self._values.get(key)
        if current is None or current[1] <= now:
            self._values[key] = ("1", now + window_s)
            return 1
        count = int(current[0]) + 1
        self._values[key] = (str(count), current[1])
        return count

    async def reserve(self, key: str, interval_s: float) -> float:
        """See :meth:`BaseCoordinationBackend.reserve`."""
        now = time.monotonic()
        slot = max(now, self._slots.get(key, 0.0))
        self._slots[key] = slot + interval_s
        self._prune(now)
        return slot - now

    async def defer(self, key: str, delay_s: float) -> None:
        """See :meth:`BaseCoordinationBackend.defer`."""
        until = time.monotonic() + delay_s
        self._slots[key] = max(self._slots.get(key, 0.0), until)

    async def ping(self) -> None:
        """See :meth:`BaseCoordinationBackend.ping`."""

    async def aclose(self) -> None:
        """See :meth:`BaseCoordinationBackend.aclose`."""
        self._values.clear()
        self._slots.clear()

    def _live(self, key: str) -> str | None:
        """Return the value of ``key`` unless it expired (dropping it then)."""
        current = self._values.get(key)
        if current is None:
            return None
        if current[1] <= time.monotonic():
            del self._values[key]
            return None
        return current[0]

    def _prune(self, now: float) -> None:
        """Forget expired keys and long-past schedules, so the dicts stay small."""
        if len(self._slots) >= 10_000:
            for key in [k for k, slot in self._slots.items() if slot < now - 60]:
                del self._slots[key]
        if len(self._values) >= 100_000:
            for key in [k for k, (_, expiry) in self._values.items() if expiry <= now]:
                del self._values[key]
