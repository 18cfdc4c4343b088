"""Named defaults and environment-variable names of the gateway (one place for both)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = REPO_ROOT / "var"

DEFAULT_GATEWAY_HOST = "127.0.0.1"
DEFAULT_GATEWAY_PORT = 8080
DEFAULT_RASA_PORT = 5005
DEFAULT_ACTIONS_PORT = 5055
DEFAULT_RASA_URL = f"http://127.0.0.1:{DEFAULT_RASA_PORT}"
DEFAULT_ACTIONS_URL = f"http://127.0.0.1:{DEFAULT_ACTIONS_PORT}"
DEFAULT_STATUS_API_HOST = "127.0.0.1"
DEFAULT_STATUS_API_PORT = 8090
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{VAR_DIR / 'tanya.db'}"
DEFAULT_KB_DIR = "knowledge_base/services"

# Rasa answers a turn in well under a second; this bounds a stuck turn, not a slow model.
DEFAULT_RASA_TIMEOUT_S = 10.0
DEFAULT_HEALTH_TIMEOUT_S = 2.0

# Web chat input limits: a message longer than this is refused with 413.
MAX_MESSAGE_CHARS = 4096
MAX_SENDER_ID_CHARS = 128
MAX_REQUEST_BYTES = 64 * 1024

WEB_CHANNEL = "web"
TERMINAL_CHANNEL = "terminal"
