"""The services actions depend on, built once per process by the action server.

rasa-sdk instantiates actions with no arguments, so each action takes an optional
:class:`Runtime` and otherwise asks :func:`get_runtime` for the process's one, at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from actions.feedback import FeedbackStore
    from actions.notifications import GatewayNotifier
    from actions.status_client import LookupRateLimiter, StatusClient
    from knowledge_base import KnowledgeBaseRepository


def utc_now() -> datetime:
    """Return the current time, time-zone aware (UTC)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Runtime:
    """Dependencies of the actions.

    Attributes:
        knowledge_base: Read access to the knowledge base.
        status_client: The status-service client; None when no status service is set.
        rate_limiter: Per-sender limit on status lookups; None for no limit.
        feedback: Complaints, satisfaction ratings and status subscriptions.
        notifier: Delivers messages to citizens through the gateway.
        clock: Returns "now" (aware); tests inject a fixed time.
        callback_base_url: Root URL of this server for status-change callbacks.
    """

    knowledge_base: KnowledgeBaseRepository
    status_client: StatusClient | None = None
    rate_limiter: LookupRateLimiter | None = None
    feedback: FeedbackStore | None = None
    notifier: GatewayNotifier | None = None
    clock: Callable[[], datetime] = field(default=utc_now)
    callback_base_url: str | None = None


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


class BaseRuntimeUser:
    """Mixin for actions: an optional injected runtime, else the process's one."""

    def __init__(self, runtime: Runtime | None = None) -> None:
        self._runtime = runtime

    @property
    def runtime(self) -> Runtime:
        """The injected runtime, else the action server's."""
        return self._runtime or get_runtime()
