"""A small circuit breaker: fail fast while a dependency is down."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from enum import StrEnum

logger = logging.getLogger(__name__)


class CircuitState(StrEnum):
    """State of a circuit breaker."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Opens after consecutive failures; lets one trial call through after a cooldown.

    Not thread-safe; meant for one asyncio event loop, where the methods (all
    synchronous) cannot interleave.

    * closed: every call is allowed; ``failure_threshold`` consecutive failures open it.
    * open: calls are refused until ``reset_timeout_s`` has passed, then half-open.
    * half-open: one trial call is allowed at a time; success closes, failure reopens.
    """

    def __init__(
        self,
        *,
        failure_threshold: int = 5,
        reset_timeout_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        name: str = "status_api",
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if reset_timeout_s < 0:
            raise ValueError("reset_timeout_s must not be negative")
        self.failure_threshold = failure_threshold
        self.reset_timeout_s = reset_timeout_s
        self.name = name
        self._clock = clock
        self._state = CircuitState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trial_in_flight = False

    @property
    def state(self) -> CircuitState:
        """The current state; an open circuit whose cooldown has passed is half-open."""
        if (
            self._state is CircuitState.OPEN
            and self._clock() - self._opened_at >= self.reset_timeout_s
        ):
            self._state = CircuitState.HALF_OPEN
            logger.info("Circuit %s half-open", self.name)
        return self._state

    @property
    def consecutive_failures(self) -> int:
        """Failures since the last success."""
        return self._failures

    def retry_in_s(self) -> float:
        """Return the seconds until an open circuit lets a trial call through (0 otherwise)."""
        if self.state is not CircuitState.OPEN:
            return 0.0
        return max(self.reset_timeout_s - (self._clock() - self._opened_at), 0.0)

    def allow_request(self) -> bool:
        """Ask to make a call; every allowed call must end in one ``record_*`` or ``release``.

        Returns:
            True when the call may go ahead.
        """
        state = self.state
        if state is CircuitState.CLOSED:
            return True
        if state is CircuitState.HALF_OPEN and not self._trial_in_flight:
            self._trial_in_flight = True
            return True
        return False

    def record_success(self) -> None:
        """Report that the dependency answered; closes the circuit."""
        if self._state is not CircuitState.CLOSED:
            logger.info("Circuit %s closed", self.name)
        self._state = CircuitState.CLOSED
        self._failures = 0
        self._trial_in_flight = False

    def record_failure(self) -> None:
        """Report that the dependency failed; may open the circuit."""
        self._failures += 1
        self._trial_in_flight = False
        if self._state is CircuitState.HALF_OPEN or self._failures >= self.failure_threshold:
            if self._state is not CircuitState.OPEN:
                logger.warning(
                    "Circuit %s open after %d consecutive failures", self.name, self._failures
                )
            self._state = CircuitState.OPEN
            self._opened_at = self._clock()

    def release(self) -> None:
        """End an allowed call without a verdict (e.g. it was cancelled)."""
        self._trial_in_flight = False
