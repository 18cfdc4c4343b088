"""Named defaults and environment-variable names of the action server."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_ACTIONS_HOST = "127.0.0.1"
DEFAULT_ACTIONS_PORT = 5055
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{REPO_ROOT / 'var' / 'tanya.db'}"
DEFAULT_KB_DIR = "knowledge_base/services"

# A requirements list longer than this is summarised, with a button to see all of it.
LONG_LIST_ITEMS = 8
