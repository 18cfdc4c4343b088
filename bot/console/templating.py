"""Jinja2 templates of the console (autoescaped) and their filters; internal helper module."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
_DISPLAY_ZONE = ZoneInfo("Asia/Jakarta")


def _local(value: datetime | None) -> str:
    if value is None:
        return "–"
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(_DISPLAY_ZONE).strftime("%d-%m-%Y %H:%M")


@lru_cache(maxsize=1)
def get_templates() -> Jinja2Templates:
    """Return the console's templates (built on first use; autoescape is on)."""
    templates = Jinja2Templates(directory=TEMPLATE_DIR)
    templates.env.autoescape = True
    templates.env.filters["local"] = _local
    return templates
