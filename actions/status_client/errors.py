"""Errors raised by the status-service client.

Tree::

    StatusApiError                 root; also unexpected answers (e.g. 400, 3xx)
    ├── StatusApiUnavailable       timeout, connection error, 5xx, invalid body,
    │                              circuit open (attribute ``reason``)
    ├── ApplicationNotFound        404 unknown number OR 403 verification failed:
    │                              one error, so callers cannot reveal which numbers exist
    └── StatusApiRateLimited       429 (attribute ``retry_after``, seconds or None)
"""

from __future__ import annotations

from enum import StrEnum


class UnavailableReason(StrEnum):
    """Why the status service could not answer."""

    CIRCUIT_OPEN = "circuit_open"
    CONNECTION = "connection"
    INVALID_RESPONSE = "invalid_response"
    SERVER_ERROR = "server_error"
    TIMEOUT = "timeout"


class StatusApiError(Exception):
    """Root of the status-service client's errors."""


class StatusApiUnavailable(StatusApiError):
    """The status service did not give a usable answer in time.

    Attributes:
        reason: What went wrong.
        status_code: The HTTP status for ``SERVER_ERROR``, else None.
    """

    def __init__(
        self, message: str, *, reason: UnavailableReason, status_code: int | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.status_code = status_code


class ApplicationNotFound(StatusApiError):
    """No application matches this number and verification factor.

    Raised for an unknown number (404) and for a failed verification (403) alike.
    The original code is kept in ``_status_code`` for logs only: never show it.
    """

    def __init__(self, message: str = "application not found", *, status_code: int) -> None:
        super().__init__(message)
        self._status_code = status_code


class StatusApiRateLimited(StatusApiError):
    """The status service asked us to slow down (429).

    Attributes:
        retry_after: Seconds to wait before the next lookup, or None when not given.
    """

    def __init__(self, message: str, *, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
