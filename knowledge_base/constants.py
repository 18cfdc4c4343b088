"""Named defaults and environment-variable names of the knowledge-base package."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent

ENV_DATABASE_URL = "DATABASE_URL"
ENV_KB_DIR = "KB_DIR"

DEFAULT_KB_DIR = PACKAGE_DIR
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{REPO_ROOT / 'var' / 'tanya.db'}"

SERVICES_DIRNAME = "services"
UNITS_DIRNAME = "units"
YAML_SUFFIXES = (".yaml", ".yml")

#: Minimum rapidfuzz score (0-100) for :meth:`resolve_service` to accept a mention.
DEFAULT_RESOLVE_THRESHOLD = 80.0
#: Minimum score for a service to be offered by :meth:`search_services`.
DEFAULT_SEARCH_THRESHOLD = 65.0
#: Minimum score for a "did you mean" suggestion for an unknown field name.
FIELD_SUGGESTION_CUTOFF = 70.0
#: Quiet period before the watcher reloads after a burst of file changes.
DEFAULT_WATCH_DEBOUNCE_MS = 200

#: Alembic version table of this package, distinct from other packages' migrations.
ALEMBIC_VERSION_TABLE = "kb_alembic_version"
