"""Settings of the status-service simulator, read from ``STATUS_SIM_*`` variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from status_simulator import constants


class SimulatorSettings(BaseSettings):
    """Configuration of one simulator instance.

    Every field can be set from the environment with the ``STATUS_SIM_`` prefix,
    e.g. ``STATUS_SIM_ERROR_RATE_500=0.2``. The fault fields are only the start
    values: ``POST /_admin/faults`` changes them at runtime.
    """

    model_config = SettingsConfigDict(env_prefix=constants.ENV_PREFIX, extra="ignore")

    host: str = constants.DEFAULT_HOST
    port: int = Field(default=constants.DEFAULT_PORT, ge=0, le=65535)
    seed_file: Path = constants.DEFAULT_SEED_FILE
    random_seed: int | None = None

    latency_ms: int = Field(default=constants.DEFAULT_LATENCY_MS, ge=0)
    jitter_ms: int = Field(default=constants.DEFAULT_JITTER_MS, ge=0)
    error_rate_500: float = Field(default=0.0, ge=0.0, le=1.0)
    error_rate_429: float = Field(default=0.0, ge=0.0, le=1.0)
    retry_after_s: int = Field(default=constants.DEFAULT_RETRY_AFTER_S, ge=0)
    slow_mode: bool = False
    slow_delay_s: float = Field(default=constants.DEFAULT_SLOW_DELAY_S, ge=0.0)

    callback_max_attempts: int = Field(default=constants.DEFAULT_CALLBACK_MAX_ATTEMPTS, ge=1)
    callback_timeout_s: float = Field(default=constants.DEFAULT_CALLBACK_TIMEOUT_S, gt=0.0)
    callback_backoff_s: float = Field(default=constants.DEFAULT_CALLBACK_BACKOFF_S, ge=0.0)


def get_settings() -> SimulatorSettings:
    """Build the settings from the environment.

    Returns:
        The settings; call once at startup and pass the value down.
    """
    return SimulatorSettings()
