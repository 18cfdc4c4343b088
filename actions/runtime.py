"""The services actions depend on, built once per process by the action server.

rasa-sdk instantiates actions with no arguments, so each action takes an optional
:class:`Runtime` and otherwise asks :func:`get_runtime` for the process's one, at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge_base import KnowledgeBaseRepository


@dataclass(frozen=True, slots=True)
class Runtime:
    """Dependencies of the actions.

    Attributes:
        knowledge_base: Read access to the knowledge base.
    """

    knowledge_base: KnowledgeBaseRepository


class RuntimeNotReady(RuntimeError):
    """Raised when an action runs before the action server built its runtime."""


_current: Runtime | None = None


def set_runtime(runtime: Runtime | None) -> None:
    """Install (or with ``None`` remove) the process's runtime.

    Args:
        runtime: The runtime built by the action server's start-up.
    """
    global _current
    _current = runtime


def get_runtime() -> Runtime:
    """Return the process's runtime.

    Returns:
        The runtime installed by :func:`set_runtime`.

    Raises:
        RuntimeNotReady: The action server has not finished starting.
    """
    if _current is None:
        raise RuntimeNotReady("the action server runtime is not initialised")
    return _current
