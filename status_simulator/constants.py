"""Named defaults and environment-variable names of the status-service simulator."""

from __future__ import annotations

from pathlib import Path

ENV_PREFIX = "STATUS_SIM_"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8090

DEFAULT_SEED_FILE = Path(__file__).parent / "data" / "applications.yaml"

DEFAULT_LATENCY_MS = 0
DEFAULT_JITTER_MS = 0
DEFAULT_RETRY_AFTER_S = 30
# Longer than any sensible client timeout (the bot's client gives up after 5 s).
DEFAULT_SLOW_DELAY_S = 30.0

DEFAULT_CALLBACK_MAX_ATTEMPTS = 3
DEFAULT_CALLBACK_TIMEOUT_S = 5.0
DEFAULT_CALLBACK_BACKOFF_S = 0.5

API_PREFIX = "/api/v1"
ADMIN_PREFIX = "/_admin"
