"""Action-server settings, read from the environment once at start-up by :func:`get_settings`."""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from actions import constants
from knowledge_base.database import async_database_url


class ActionSettings(BaseSettings):
    """What the action server needs; names follow design.md (``DATABASE_URL`` ...)."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    actions_host: str = constants.DEFAULT_ACTIONS_HOST
    actions_port: int = constants.DEFAULT_ACTIONS_PORT
    #: Where the status service reaches this server for callbacks (``ACTIONS_URL``).
    actions_url: str | None = None
    database_url: str = constants.DEFAULT_DATABASE_URL
    redis_url: str | None = None
    status_api_url: str | None = None
    #: The gateway's root for ``POST /internal/notify``; default from GATEWAY_HOST/PORT.
    gateway_url: str | None = None
    gateway_host: str = constants.DEFAULT_GATEWAY_HOST
    gateway_port: int = constants.DEFAULT_GATEWAY_PORT
    kb_dir: str = constants.DEFAULT_KB_DIR
    kb_watch: bool = True

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return async_database_url(value)

    @property
    def kb_root(self) -> Path:
        """The knowledge-base root (the folder holding ``services/`` and ``units/``)."""
        path = Path(self.kb_dir)
        if not path.is_absolute():
            path = constants.REPO_ROOT / path
        return path.parent if path.name == "services" else path

    @property
    def gateway_base_url(self) -> str:
        """The gateway's root URL (``GATEWAY_URL``, else built from host and port)."""
        if self.gateway_url:
            return self.gateway_url.rstrip("/")
        host = "127.0.0.1" if self.gateway_host in ("0.0.0.0", "") else self.gateway_host
        return f"http://{host}:{self.gateway_port}"

    @property
    def callback_base_url(self) -> str:
        """This server's root URL as other loopback processes reach it."""
        if self.actions_url:
            return self.actions_url.rstrip("/")
        return f"http://{self.actions_host}:{self.actions_port}"


def get_settings() -> ActionSettings:
    """Build the settings from the environment (call once, at start-up).

    Returns:
        The validated settings.
    """
    return ActionSettings()
