"""Named defaults of the status-service client and the lookup rate limiter."""

from __future__ import annotations

import httpx

ENV_STATUS_API_URL = "STATUS_API_URL"
ENV_REDIS_URL = "REDIS_URL"

LOOKUP_PATH = "/api/v1/applications/lookup"
SUBSCRIPTIONS_PATH = "/api/v1/subscriptions"

DEFAULT_CONNECT_TIMEOUT_S = 2.0
DEFAULT_TOTAL_TIMEOUT_S = 5.0
DEFAULT_TIMEOUT = httpx.Timeout(DEFAULT_TOTAL_TIMEOUT_S, connect=DEFAULT_CONNECT_TIMEOUT_S)
# Whole lookup, retries included: a citizen gets an answer within 6 s.
DEFAULT_DEADLINE_S = 5.5
DEFAULT_MAX_RETRIES = 2
DEFAULT_BACKOFF_INITIAL_S = 0.2
DEFAULT_BACKOFF_MAX_S = 1.0
DEFAULT_BACKOFF_JITTER_S = 0.2
# Don't start an attempt with less time than this left before the deadline.
MIN_ATTEMPT_S = 0.5
# Upper bound for a server's Retry-After, so a bad header can't silence lookups for days.
MAX_RETRY_AFTER_S = 600.0

DEFAULT_FAILURE_THRESHOLD = 5
DEFAULT_RESET_TIMEOUT_S = 30.0

DEFAULT_LOOKUP_LIMIT = 5
DEFAULT_LOOKUP_WINDOW_S = 600.0
DEFAULT_RATE_LIMIT_KEY_PREFIX = "tanya:ratelimit:status_lookup:"

USER_AGENT = "tanya-layanan-status-client"
