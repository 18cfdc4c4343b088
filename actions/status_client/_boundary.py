"""Internal: translate httpx, deadline and parsing errors into ``StatusApiError``s.

This is the only place that knows about httpx exceptions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from actions.status_client.constants import MAX_RETRY_AFTER_S
from actions.status_client.errors import (
    ApplicationNotFound,
    StatusApiError,
    StatusApiRateLimited,
    StatusApiUnavailable,
    UnavailableReason,
)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Parse a ``Retry-After`` header: delay-seconds or an HTTP date; capped, never negative."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def is_transient(exc: BaseException) -> bool:
    """Tell whether another attempt may succeed: timeouts, connection errors, 5xx."""
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500
    return isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError)


def _error_for_response(response: httpx.Response) -> StatusApiError:
    """Map a non-2xx response to our error."""
    code = response.status_code
    if code in (403, 404):
        return ApplicationNotFound(status_code=code)
    if code == 429:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return StatusApiRateLimited("status service rate limit", retry_after=retry_after)
    if code >= 500:
        return StatusApiUnavailable(
            f"status service answered {code}",
            reason=UnavailableReason.SERVER_ERROR,
            status_code=code,
        )
    return StatusApiError(f"unexpected answer from the status service: {code}")


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """Turn httpx errors, the overall deadline and bad bodies into ``StatusApiError``s.

    Raises:
        StatusApiError: A subclass matching the failure, chained ``from`` the original.
    """
    try:
        yield
    except httpx.HTTPStatusError as exc:
        raise _error_for_response(exc.response) from exc
    except (httpx.TimeoutException, TimeoutError) as exc:
        raise StatusApiUnavailable(
            "status service timed out", reason=UnavailableReason.TIMEOUT
        ) from exc
    except httpx.TransportError as exc:
        raise StatusApiUnavailable(
            f"cannot reach the status service: {type(exc).__name__}",
            reason=UnavailableReason.CONNECTION,
        ) from exc
    except ValueError as exc:
        # json.JSONDecodeError and pydantic.ValidationError are both ValueErrors.
        raise StatusApiUnavailable(
            "status service sent an invalid body", reason=UnavailableReason.INVALID_RESPONSE
        ) from exc
