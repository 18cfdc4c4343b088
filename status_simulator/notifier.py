"""Status-change callbacks: subscriptions and their delivery with retries."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

import httpx

from status_simulator.schemas import StatusChangeNotification

logger = logging.getLogger(__name__)

_RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


def mask_number(number: str) -> str:
    """Mask an application number for logs, keeping its prefix and last two digits.

    Args:
        number: e.g. ``DUK-2026-000101``.

    Returns:
        e.g. ``DUK-2026-****01``.
    """
    head, _, tail = number.rpartition("-")
    if not head:
        return "*" * max(len(number) - 2, 0) + number[-2:]
    return f"{head}-{'*' * max(len(tail) - 2, 0)}{tail[-2:]}"


class SubscriptionNotifier:
    """Keeps the callback URLs per application and POSTs status changes to them."""

    def __init__(
        self,
        *,
        max_attempts: int,
        timeout_s: float,
        backoff_s: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._max_attempts = max_attempts
        self._timeout_s = timeout_s
        self._backoff_s = backoff_s
        self._transport = transport
        self._subscriptions: dict[str, set[str]] = {}
        self._tasks: set[asyncio.Task[bool]] = set()
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        """Open the HTTP client used for deliveries."""
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self._timeout_s, transport=self._transport, follow_redirects=False
            )

    async def aclose(self) -> None:
        """Cancel deliveries still in flight and close the HTTP client."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def subscribe(self, number: str, callback_url: str) -> None:
        """Register ``callback_url`` for changes of application ``number``.

        Args:
            number: The canonical application number.
            callback_url: Where to POST the notification; registering twice is a no-op.
        """
        self._subscriptions.setdefault(number, set()).add(callback_url)
        logger.info(
            "Subscription for %s to host %s", mask_number(number), urlsplit(callback_url).netloc
        )

    def subscribers(self, number: str) -> list[str]:
        """Return the callback URLs registered for ``number``.

        Args:
            number: The canonical application number.

        Returns:
            The URLs, sorted.
        """
        return sorted(self._subscriptions.get(number, ()))

    def notify(self, notification: StatusChangeNotification) -> list[asyncio.Task[bool]]:
        """Start delivering ``notification`` to every subscriber, in the background.

        Args:
            notification: The status change.

        Returns:
            One task per subscriber; each resolves to True when delivered.

        Raises:
            RuntimeError: ``start()`` has not been called.
        """
        if self._client is None:
            raise RuntimeError("SubscriptionNotifier.start() was not called")
        tasks = []
        for url in self.subscribers(notification.number):
            task = asyncio.create_task(self._deliver(self._client, url, notification))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            tasks.append(task)
        return tasks

    async def _deliver(
        self, client: httpx.AsyncClient, url: str, notification: StatusChangeNotification
    ) -> bool:
        """POST one notification, retrying transient failures with a doubling pause."""
        body = notification.model_dump(mode="json")
        masked, host = mask_number(notification.number), urlsplit(url).netloc
        for attempt in range(1, self._max_attempts + 1):
            try:
                response = await client.post(url, json=body)
            except httpx.HTTPError as exc:
                logger.warning(
                    "Callback for %s to %s failed (attempt %d): %s",
                    masked,
                    host,
                    attempt,
                    type(exc).__name__,
                )
            else:
                if response.is_success:
                    logger.info("Callback for %s delivered to %s", masked, host)
                    return True
                logger.warning(
                    "Callback for %s to %s answered %d (attempt %d)",
                    masked,
                    host,
                    response.status_code,
                    attempt,
                )
                if response.status_code not in _RETRYABLE_STATUS:
                    return False
            if attempt < self._max_attempts:
                await asyncio.sleep(self._backoff_s * 2 ** (attempt - 1))
        logger.warning("Callback for %s to %s given up", masked, host)
        return False
