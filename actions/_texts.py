"""Internal: render domain.yml responses outside a Rasa turn (status-change notifications).

Citizen-facing texts live in nlu/domain.yml. Actions utter them by name and Rasa renders
them; a notification pushed by the action server has no Rasa turn, so it renders the
same responses itself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from actions.constants import DOMAIN_FILE


@lru_cache(maxsize=4)
def _responses(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return dict(data.get("responses") or {})


def render_response(name: str, domain_file: Path = DOMAIN_FILE, **values: Any) -> str:
    """Return the first text variant of response ``name`` with ``values`` filled in.

    Args:
        name: The response, e.g. ``utter_status_changed``.
        domain_file: The domain to read.
        **values: The template variables.

    Returns:
        The text.

    Raises:
        KeyError: The response does not exist or has no text.
    """
    variants = _responses(domain_file)[name]
    text = str(variants[0]["text"])
    return text.format(**{key: str(value) for key, value in values.items()})
