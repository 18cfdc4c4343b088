"""Gateway settings, read from the environment once at start-up by :func:`get_settings`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import constants
from knowledge_base.database import async_database_url

_PLACEHOLDERS = {"changeme", "change-me", "secret", "password", "admin", "token"}


class GatewaySettings(BaseSettings):
    """Everything the gateway needs; every field has a default for ``make run``.

    Variable names are the contract of design.md (``DATABASE_URL``, ``RASA_URL`` ...), so
    they carry no prefix except where they are the gateway's own (``GATEWAY_*``).
    """

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    environment: Literal["development", "production"] = Field(
        default="development", validation_alias="TANYA_ENV"
    )
    gateway_host: str = constants.DEFAULT_GATEWAY_HOST
    gateway_port: int = constants.DEFAULT_GATEWAY_PORT
    database_url: str = constants.DEFAULT_DATABASE_URL
    redis_url: str | None = None
    rasa_url: str = constants.DEFAULT_RASA_URL
    actions_url: str = constants.DEFAULT_ACTIONS_URL
    status_api_url: str | None = None
    status_simulator_port: int = constants.DEFAULT_STATUS_API_PORT
    rasa_timeout_s: float = constants.DEFAULT_RASA_TIMEOUT_S
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    # Tuning of the Telegram channel; the defaults mirror bot/telegram/constants.py
    # (not imported here, so reading settings does not load python-telegram-bot).
    telegram_poll_timeout_s: int = Field(default=25, ge=0, le=50)
    telegram_recovery_after_s: float = Field(default=30.0, ge=0)
    telegram_sweep_interval_s: float = Field(default=30.0, gt=0)
    telegram_flood_limit: int = Field(default=20, ge=1)
    # Retention of Telegram delivery state (reasons in bot/telegram/retention.py). Lower
    # bounds: updates outlive Telegram's 24-hour redelivery, buttons live at least a week.
    telegram_update_retention_days: float = Field(default=3.0, ge=1)
    telegram_outbox_retention_days: float = Field(default=7.0, ge=1)
    telegram_callback_retention_days: float = Field(default=90.0, ge=7)
    telegram_retention_interval_s: float = Field(default=3600.0, gt=0)
    # Recovery sweep of stored, unanswered messages (bot/recovery.py; not Telegram's).
    gateway_recovery_after_s: float = Field(default=30.0, ge=0)
    gateway_recovery_failed_after_s: float = Field(default=5.0, ge=0)
    gateway_recovery_interval_s: float = Field(default=10.0, gt=0)
    operator_admin_password: SecretStr | None = None
    kb_dir: str = constants.DEFAULT_KB_DIR

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return async_database_url(value)

    @field_validator("rasa_url", "actions_url", "telegram_api_base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> GatewaySettings:
        if self.environment != "production":
            return self
        for name in ("telegram_webhook_secret", "operator_admin_password"):
            secret = getattr(self, name)
            if secret is not None and secret.get_secret_value().lower() in _PLACEHOLDERS:
                raise ValueError(f"{name.upper()} is a placeholder; set a real secret")
        if self.telegram_mode == "webhook" and not self.telegram_webhook_secret:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET is required in webhook mode")
        return self


def get_settings() -> GatewaySettings:
    """Build the settings from the environment (call once, at start-up).

    Returns:
        The validated settings.
    """
    return GatewaySettings()
