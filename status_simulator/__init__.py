"""Status-service simulator: the agency tracking system's contract with demo data.

``POST /api/v1/applications/lookup``, ``POST /api/v1/subscriptions``, ``GET /healthz``
and the loopback-only ``/_admin`` routes. See README.md for the demo numbers.
"""

from status_simulator.app import create_app
from status_simulator.errors import SeedDataError, SimulatorError, TransitionError
from status_simulator.faults import FaultConfig, FaultUpdate
from status_simulator.server import run_in_background, serve
from status_simulator.settings import SimulatorSettings, get_settings
from status_simulator.statuses import StatusCode

__all__ = [
    "FaultConfig",
    "FaultUpdate",
    "SeedDataError",
    "SimulatorError",
    "SimulatorSettings",
    "StatusCode",
    "TransitionError",
    "create_app",
    "get_settings",
    "run_in_background",
    "serve",
]
