"""Errors of the status-service simulator.

Tree::

    SimulatorError
    ├── SeedDataError          the seed file is missing, not YAML or not valid
    └── TransitionError        an admin "advance" is not allowed from the current status
"""

from __future__ import annotations


class SimulatorError(Exception):
    """Root of the simulator's errors."""


class SeedDataError(SimulatorError):
    """The seed file cannot be read or does not match the schema."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class TransitionError(SimulatorError):
    """The requested status change is not allowed."""

    def __init__(self, message: str, *, current: str, requested: str | None) -> None:
        super().__init__(message)
        self.current = current
        self.requested = requested
