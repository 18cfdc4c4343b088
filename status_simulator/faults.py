"""Latency and error injection for the simulator's public API."""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from status_simulator.settings import SimulatorSettings

logger = logging.getLogger(__name__)


class FaultConfig(BaseModel):
    """The faults in force; every request to ``/api/v1`` goes through them."""

    model_config = ConfigDict(extra="forbid")

    latency_ms: int = Field(default=0, ge=0)
    jitter_ms: int = Field(default=0, ge=0)
    error_rate_500: float = Field(default=0.0, ge=0.0, le=1.0)
    error_rate_429: float = Field(default=0.0, ge=0.0, le=1.0)
    retry_after_s: int = Field(default=30, ge=0)
    slow_mode: bool = False
    slow_delay_s: float = Field(default=30.0, ge=0.0)

    @classmethod
    def from_settings(cls, settings: SimulatorSettings) -> FaultConfig:
        """Take the start values from the settings.

        Args:
            settings: The simulator settings.

        Returns:
            The fault configuration.
        """
        return cls.model_validate(settings.model_dump(include=set(cls.model_fields)))


class FaultUpdate(BaseModel):
    """Body of ``POST /_admin/faults``: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    latency_ms: int | None = Field(default=None, ge=0)
    jitter_ms: int | None = Field(default=None, ge=0)
    error_rate_500: float | None = Field(default=None, ge=0.0, le=1.0)
    error_rate_429: float | None = Field(default=None, ge=0.0, le=1.0)
    retry_after_s: int | None = Field(default=None, ge=0)
    slow_mode: bool | None = None
    slow_delay_s: float | None = Field(default=None, ge=0.0)
    reset: bool = Field(default=False, description="Go back to the start values first.")


class FaultOutcome(StrEnum):
    """What the injector decided for one request."""

    PASS = "pass"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"


@dataclass
class FaultInjector:
    """Holds the current faults and applies them to one request at a time."""

    defaults: FaultConfig
    rng: random.Random

    def __post_init__(self) -> None:
        self.current = self.defaults.model_copy()

    def update(self, change: FaultUpdate) -> FaultConfig:
        """Change the faults in force.

        Args:
            change: The fields to change; ``reset`` first restores the start values.

        Returns:
            The faults now in force.
        """
        base = self.defaults if change.reset else self.current
        fields = change.model_dump(exclude={"reset"}, exclude_none=True)
        self.current = base.model_copy(update=fields)
        logger.info("Faults changed: %s", self.current.model_dump_json())
        return self.current

    async def apply(self) -> FaultOutcome:
        """Wait the configured latency and decide whether this request fails.

        Returns:
            The outcome; the caller turns it into a response.
        """
        faults = self.current
        delay_s = (faults.latency_ms + self.rng.uniform(0, faults.jitter_ms)) / 1000
        if faults.slow_mode:
            delay_s += faults.slow_delay_s
        if delay_s > 0:
            await asyncio.sleep(delay_s)
        if faults.error_rate_429 and self.rng.random() < faults.error_rate_429:
            return FaultOutcome.RATE_LIMITED
        if faults.error_rate_500 and self.rng.random() < faults.error_rate_500:
            return FaultOutcome.SERVER_ERROR
        return FaultOutcome.PASS
