"""Internal helper: retry a store write while the database restarts or a connection drops.

A Postgres restart closes every pooled connection (``pool_pre_ping`` replaces them on the
next checkout) and refuses new ones for a few seconds. A citizen's message must not be
lost to that window, so store writes are retried for a bounded time on errors that mean
"the connection is gone or the server is not accepting yet", never on errors of the
statement itself (an integrity violation is an answer, not an outage).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from tenacity import (
    RetryCallState,
    retry,
    retry_if_exception,
    stop_after_delay,
    wait_exponential_jitter,
)

logger = logging.getLogger(__name__)

# Long enough for a database restart; short enough that the citizen's request (and the
# page's 30 s timeout) does not hang on a database that is really gone.
DEFAULT_RETRY_FOR_S = 20.0
# SQLSTATE classes 08 (connection exception) and 57 (operator intervention: shutdown,
# "the database system is starting up").
_TRANSIENT_SQLSTATE_CLASSES = frozenset({"08", "57"})

P = ParamSpec("P")
T = TypeVar("T")


def is_transient_database_error(exc: BaseException) -> bool:
    """Tell whether ``exc`` means the database connection failed rather than the statement.

    Args:
        exc: The exception a store operation raised.

    Returns:
        ``True`` for a dropped or refused connection and server shutdown or start-up.
    """
    if isinstance(exc, OSError | TimeoutError):
        return True  # refused or reset while (re)connecting
    if isinstance(exc, DBAPIError) and (
        exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError)
    ):
        # SQLite reports a missing table or column as an OperationalError too: permanent.
        return not str(exc.orig).startswith(("no such table", "no such column"))
    # Wrapped by SQLAlchemy (``orig``), or raw: asyncpg's errors while connecting (such as
    # CannotConnectNowError, "the database system is shutting down") are not wrapped.
    orig = getattr(exc, "orig", None)
    for error in (exc, orig, getattr(orig, "__cause__", None)):
        sqlstate = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
        if isinstance(sqlstate, str) and sqlstate[:2] in _TRANSIENT_SQLSTATE_CLASSES:
            return True
    return False


def _log_retry(state: RetryCallState) -> None:
    """One warning per retry, with the error type only (its text may hold message text)."""
    error = state.outcome.exception() if state.outcome is not None else None
    logger.warning(
        "Database unavailable in %s (%s); retry %d",
        getattr(state.fn, "__qualname__", "store"),
        type(error).__name__,
        state.attempt_number,
    )


def retry_transient(
    retry_for_s: float = DEFAULT_RETRY_FOR_S,
) -> Callable[[Callable[P, Coroutine[Any, Any, T]]], Callable[P, Coroutine[Any, Any, T]]]:
    """Decorate an async store method so that it is retried on transient database errors.

    The whole method is retried, so it must run its own transaction(s) and be safe to
    run again after a failed attempt.

    Args:
        retry_for_s: Give up (re-raising the last error) after this many seconds.

    Returns:
        The decorator.
    """
    return retry(  # type: ignore[no-any-return]
        retry=retry_if_exception(is_transient_database_error),
        stop=stop_after_delay(retry_for_s),
        wait=wait_exponential_jitter(multiplier=0.2, max=2.0, jitter=0.2),
        before_sleep=_log_retry,
        reraise=True,
    )
