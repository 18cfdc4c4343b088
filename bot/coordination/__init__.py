"""Coordination between gateway replicas: dedup claims, flood counters and send slots."""

from bot.coordination.base import BaseCoordinationBackend
from bot.coordination.errors import CoordinationError, CoordinationUnavailable
from bot.coordination.factory import create_coordination_backend
from bot.coordination.memory import InMemoryCoordinationBackend
from bot.coordination.redis_backend import RedisCoordinationBackend

__all__ = [
    "BaseCoordinationBackend",
    "CoordinationError",
    "CoordinationUnavailable",
    "InMemoryCoordinationBackend",
    "RedisCoordinationBackend",
    "create_coordination_backend",
]
