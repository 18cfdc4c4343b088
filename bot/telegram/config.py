"""The Telegram channel's configuration, taken from the gateway settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bot.telegram import constants
from bot.telegram.errors import TelegramConfigError

if TYPE_CHECKING:
    from bot.settings import GatewaySettings


@dataclass(frozen=True, slots=True)
class TelegramConfig:
    """What the channel needs to run.

    Attributes:
        token: The bot token (never logged).
        api_base_url: Bot API server root.
        mode: ``polling`` or ``webhook``.
        webhook_url: Public HTTPS URL Telegram posts to (webhook mode).
        webhook_secret: Value of the secret header Telegram sends (webhook mode).
        redis_url: Shared backend of dedup claims and rate limits, if any.
        poll_timeout_s: Long-polling timeout.
        recovery_after_s: Age after which an unfinished update is replayed.
        sweep_interval_s: How often unfinished updates are looked for.
        flood_limit: Messages per chat per minute before the slow-down notice.
        update_retention_s: Age after which a processed update leaves the inbox.
        outbox_retention_s: Age after which a sent or dropped reply leaves the outbox.
        callback_retention_s: Time since its last use after which a button payload is
            deleted (its button then gets the "expired" answer).
        retention_interval_s: How often the retention purge runs.
    """

    token: str
    api_base_url: str = constants.DEFAULT_API_BASE_URL
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    redis_url: str | None = None
    poll_timeout_s: int = constants.DEFAULT_POLL_TIMEOUT_S
    recovery_after_s: float = constants.DEFAULT_RECOVERY_AFTER_S
    sweep_interval_s: float = constants.DEFAULT_SWEEP_INTERVAL_S
    flood_limit: int = constants.DEFAULT_FLOOD_LIMIT
    update_retention_s: float = constants.DEFAULT_UPDATE_RETENTION_DAYS * constants.DAY_S
    outbox_retention_s: float = constants.DEFAULT_OUTBOX_RETENTION_DAYS * constants.DAY_S
    callback_retention_s: float = constants.DEFAULT_CALLBACK_RETENTION_DAYS * constants.DAY_S
    retention_interval_s: float = constants.DEFAULT_RETENTION_INTERVAL_S

    def __repr__(self) -> str:
        return f"TelegramConfig(mode={self.mode!r}, api_base_url={self.api_base_url!r})"

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> TelegramConfig | None:
        """Return the configuration, or ``None`` when no bot token is set (channel off).

        Args:
            settings: The gateway settings.

        Raises:
            TelegramConfigError: Webhook mode without a webhook URL or secret.
        """
        if (
            settings.telegram_bot_token is None
            or not settings.telegram_bot_token.get_secret_value()
        ):
            return None
        secret = settings.telegram_webhook_secret
        config = cls(
            token=settings.telegram_bot_token.get_secret_value(),
            api_base_url=settings.telegram_api_base_url,
            mode=settings.telegram_mode,
            webhook_url=settings.telegram_webhook_url,
            webhook_secret=secret.get_secret_value() if secret else None,
            redis_url=settings.redis_url,
            poll_timeout_s=settings.telegram_poll_timeout_s,
            recovery_after_s=settings.telegram_recovery_after_s,
            sweep_interval_s=settings.telegram_sweep_interval_s,
            flood_limit=settings.telegram_flood_limit,
            update_retention_s=settings.telegram_update_retention_days * constants.DAY_S,
            outbox_retention_s=settings.telegram_outbox_retention_days * constants.DAY_S,
            callback_retention_s=settings.telegram_callback_retention_days * constants.DAY_S,
            retention_interval_s=settings.telegram_retention_interval_s,
        )
        if config.mode == "webhook":
            if not config.webhook_url:
                raise TelegramConfigError(
                    "webhook mode needs a webhook URL", "TELEGRAM_WEBHOOK_URL"
                )
            if not config.webhook_secret:
                raise TelegramConfigError("webhook mode needs a secret", "TELEGRAM_WEBHOOK_SECRET")
        return config
