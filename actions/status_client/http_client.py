"""``HttpStatusClient``: the status-service contract over HTTP, with retries and a breaker."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from actions.status_client import constants
from actions.status_client._boundary import is_transient, translate_errors
from actions.status_client.circuit_breaker import CircuitBreaker
from actions.status_client.errors import (
    StatusApiError,
    StatusApiRateLimited,
    StatusApiUnavailable,
    UnavailableReason,
)
from actions.status_client.formats import (
    mask_application_number,
    normalize_application_number,
    normalize_verification,
)
from actions.status_client.models import ApplicationStatus

logger = logging.getLogger(__name__)

T = TypeVar("T")


def _log_retry(state: RetryCallState) -> None:
    """Log a failed attempt before tenacity sleeps."""
    exc = state.outcome.exception() if state.outcome else None
    detail = (
        f"HTTP {exc.response.status_code}"
        if isinstance(exc, httpx.HTTPStatusError)
        else type(exc).__name__
    )
    sleep_s = state.next_action.sleep if state.next_action else 0.0
    logger.warning(
        "Status API attempt %d failed (%s); retrying in %.2f s",
        state.attempt_number,
        detail,
        sleep_s,
    )


class HttpStatusClient:
    """Talks to a status service over HTTP through an injected ``httpx.AsyncClient``.

    Transient failures (timeouts, connection errors, 5xx) are retried with
    exponential backoff and jitter, at most ``max_retries`` times, all within
    ``deadline_s``. A circuit breaker fails fast while the service is down, and a
    429's ``Retry-After`` is honoured: lookups fail fast until it has passed.
    """

    def __init__(
        self,
        http_client: httpx.AsyncClient,
        *,
        breaker: CircuitBreaker | None = None,
        max_retries: int = constants.DEFAULT_MAX_RETRIES,
        deadline_s: float = constants.DEFAULT_DEADLINE_S,
        backoff_initial_s: float = constants.DEFAULT_BACKOFF_INITIAL_S,
        backoff_max_s: float = constants.DEFAULT_BACKOFF_MAX_S,
        backoff_jitter_s: float = constants.DEFAULT_BACKOFF_JITTER_S,
        owns_client: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Wrap ``http_client``, whose ``base_url`` is the status service's root.

        Args:
            http_client: The shared client; its timeout applies to each attempt.
            breaker: The circuit breaker; default: 5 failures, 30 s cooldown.
            max_retries: Extra attempts after the first one.
            deadline_s: Upper bound for one call, retries and backoff included.
            backoff_initial_s: First backoff pause.
            backoff_max_s: Longest backoff pause.
            backoff_jitter_s: Random extra added to each pause.
            owns_client: Close ``http_client`` in ``aclose()``.
            clock: Monotonic clock, for the ``Retry-After`` window.
        """
        self._http = http_client
        self.breaker = breaker or CircuitBreaker()
        self._max_retries = max_retries
        self._deadline_s = deadline_s
        self._wait = wait_exponential_jitter(
            multiplier=backoff_initial_s, max=backoff_max_s, jitter=backoff_jitter_s
        )
        self._owns_client = owns_client
        self._clock = clock
        self._rate_limited_until = 0.0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client when this object owns it."""
        if self._owns_client:
            await self._http.aclose()

    async def lookup(self, number: str, verification: str) -> ApplicationStatus:
        """Return the status of one application.

        Args:
            number: The application number as typed; normalised when well-formed.
            verification: Last four NIK digits or date of birth (``YYYY-MM-DD`` or
                ``DD-MM-YYYY``); normalised when well-formed.

        Returns:
            The application's status.

        Raises:
            ApplicationNotFound: Unknown number or wrong verification (404 or 403).
            StatusApiRateLimited: 429, or still inside an earlier 429's ``Retry-After``.
            StatusApiUnavailable: Timeout, connection error, 5xx, invalid body or open circuit.
            StatusApiError: Any other unexpected answer.
        """
        canonical = normalize_application_number(number) or number.strip()
        payload = {
            "number": canonical,
            "verification": normalize_verification(verification) or verification.strip(),
        }
        status = await self._call(constants.LOOKUP_PATH, payload, canonical, parse=_parse_status)
        logger.info(
            "Status lookup for %s: %s", mask_application_number(canonical), status.status_code
        )
        return status

    async def subscribe(self, number: str, verification: str, callback_url: str) -> None:
        """Ask the service to POST status changes of an application to ``callback_url``.

        Args:
            number: The application number as typed.
            verification: The second factor.
            callback_url: Receives ``{"number","status","label","changed_at"}``.

        Raises:
            ApplicationNotFound: Unknown number or wrong verification.
            StatusApiRateLimited: The service asked us to slow down.
            StatusApiUnavailable: The service did not answer usably in time.
            StatusApiError: Any other unexpected answer.
        """
        canonical = normalize_application_number(number) or number.strip()
        payload = {
            "number": canonical,
            "verification": normalize_verification(verification) or verification.strip(),
            "callback_url": callback_url,
        }
        await self._call(constants.SUBSCRIPTIONS_PATH, payload, canonical, parse=_ignore_body)
        logger.info("Subscribed to changes of %s", mask_application_number(canonical))

    async def _call(
        self,
        path: str,
        payload: dict[str, Any],
        number: str,
        *,
        parse: Callable[[httpx.Response], T],
    ) -> T:
        """POST with rate-limit gate, circuit breaker, retries, deadline and error mapping."""
        masked = mask_application_number(number)
        wait_s = self._rate_limited_until - self._clock()
        if wait_s > 0:
            logger.info("Status API call for %s skipped: rate limited", masked)
            raise StatusApiRateLimited("status service rate limit", retry_after=wait_s)
        if not self.breaker.allow_request():
            logger.warning("Status API call for %s skipped: circuit open", masked)
            raise StatusApiUnavailable(
                "status service circuit is open", reason=UnavailableReason.CIRCUIT_OPEN
            )
        try:
            with translate_errors():
                async with asyncio.timeout(self._deadline_s):
                    response = await self._post_with_retries(path, payload)
                result = parse(response)
        except StatusApiUnavailable as exc:
            self.breaker.record_failure()
            logger.warning("Status API call for %s failed: %s", masked, exc.reason)
            raise
        except StatusApiRateLimited as exc:
            self.breaker.record_success()
            if exc.retry_after:
                self._rate_limited_until = self._clock() + exc.retry_after
            logger.warning("Status API call for %s rate limited (%s s)", masked, exc.retry_after)
            raise
        except StatusApiError as exc:
            # The service answered (404, 403, other 4xx): it is up.
            self.breaker.record_success()
            logger.info(
                "Status API call for %s: %s (HTTP %s)",
                masked,
                type(exc).__name__,
                getattr(exc, "_status_code", "?"),
            )
            raise
        except BaseException:
            self.breaker.release()
            raise
        self.breaker.record_success()
        return result

    async def _post_with_retries(self, path: str, payload: dict[str, Any]) -> httpx.Response:
        """POST ``payload``, retrying transient failures; raises the last httpx error."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._max_retries + 1)
            | stop_before_delay(self._deadline_s - constants.MIN_ATTEMPT_S),
            wait=self._wait,
            retry=retry_if_exception(is_transient),
            before_sleep=_log_retry,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                response = await self._http.post(path, json=payload)
                response.raise_for_status()
        return response


def _parse_status(response: httpx.Response) -> ApplicationStatus:
    """Parse a lookup body (ValueErrors become INVALID_RESPONSE at the boundary)."""
    return ApplicationStatus.model_validate(response.json())


def _ignore_body(response: httpx.Response) -> None:
    """Accept any 2xx body."""


def create_status_client(
    base_url: str,
    *,
    timeout: httpx.Timeout = constants.DEFAULT_TIMEOUT,
    max_retries: int = constants.DEFAULT_MAX_RETRIES,
    deadline_s: float = constants.DEFAULT_DEADLINE_S,
    failure_threshold: int = constants.DEFAULT_FAILURE_THRESHOLD,
    reset_timeout_s: float = constants.DEFAULT_RESET_TIMEOUT_S,
    transport: httpx.AsyncBaseTransport | None = None,
) -> HttpStatusClient:
    """Create the client and the one shared ``httpx.AsyncClient`` it owns.

    Args:
        base_url: Root of the status service, e.g. ``http://127.0.0.1:8090``.
        timeout: Per-attempt timeouts; default: connect 2 s, total 5 s.
        max_retries: Extra attempts after the first one (default 2).
        deadline_s: Upper bound for one call, retries included (default 5.5 s).
        failure_threshold: Consecutive failures that open the circuit (default 5).
        reset_timeout_s: Cooldown before a half-open trial call (default 30 s).
        transport: Optional transport, e.g. ``httpx.MockTransport`` in tests.

    Returns:
        The client; close it with ``aclose()`` or ``async with``.
    """
    http_client = httpx.AsyncClient(
        base_url=base_url,
        timeout=timeout,
        transport=transport,
        headers={"User-Agent": constants.USER_AGENT, "Accept": "application/json"},
        follow_redirects=False,
    )
    breaker = CircuitBreaker(failure_threshold=failure_threshold, reset_timeout_s=reset_timeout_s)
    return HttpStatusClient(
        http_client,
        breaker=breaker,
        max_retries=max_retries,
        deadline_s=deadline_s,
        owns_client=True,
    )
