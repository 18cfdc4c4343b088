"""Client of the status service (the agency tracking system) used by the custom actions.

Build one ``HttpStatusClient`` per process with ``create_status_client(base_url)``
and one ``LookupRateLimiter`` with ``create_lookup_rate_limiter(redis_url)``.
"""

from actions.status_client.base import StatusClient
from actions.status_client.circuit_breaker import CircuitBreaker, CircuitState
from actions.status_client.errors import (
    ApplicationNotFound,
    StatusApiError,
    StatusApiRateLimited,
    StatusApiUnavailable,
    UnavailableReason,
)
from actions.status_client.formats import (
    is_valid_application_number,
    is_valid_verification,
    mask_application_number,
    normalize_application_number,
    normalize_verification,
)
from actions.status_client.http_client import HttpStatusClient, create_status_client
from actions.status_client.models import ApplicationStatus, StatusHistoryEntry
from actions.status_client.rate_limiter import (
    InMemoryRateLimitBackend,
    LookupRateLimiter,
    RateLimitBackend,
    RateLimitDecision,
    RedisRateLimitBackend,
    create_lookup_rate_limiter,
)

__all__ = [
    "ApplicationNotFound",
    "ApplicationStatus",
    "CircuitBreaker",
    "CircuitState",
    "HttpStatusClient",
    "InMemoryRateLimitBackend",
    "LookupRateLimiter",
    "RateLimitBackend",
    "RateLimitDecision",
    "RedisRateLimitBackend",
    "StatusApiError",
    "StatusApiRateLimited",
    "StatusApiUnavailable",
    "StatusClient",
    "StatusHistoryEntry",
    "UnavailableReason",
    "create_lookup_rate_limiter",
    "create_status_client",
    "is_valid_application_number",
    "is_valid_verification",
    "mask_application_number",
    "normalize_application_number",
    "normalize_verification",
]
