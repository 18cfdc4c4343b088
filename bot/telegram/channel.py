"""The Telegram channel's lifecycle: start PTB next to the gateway, poll or take webhooks.

PTB runs in its manual mode (``initialize``/``start`` without ``run_polling``), so its
``post_init``/``post_shutdown`` hooks are not called; everything is opened and closed here.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import BotCommand, Update
from telegram.error import TelegramError

from bot.conversation import ConversationService
from bot.coordination import BaseCoordinationBackend, create_coordination_backend
from bot.store import (
    BaseConversationStore,
    SqlCallbackPayloads,
    SqlOutbox,
    SqlUpdateInbox,
)
from bot.telegram import constants
from bot.telegram.application import build_ptb_application
from bot.telegram.commands import COMMAND_DESCRIPTIONS
from bot.telegram.config import TelegramConfig
from bot.telegram.dispatcher import OutboxDispatcher
from bot.telegram.handlers import SERVICES_KEY, TelegramServices
from bot.telegram.inbox import UpdateIntake
from bot.telegram.outbound import TelegramOutboundChannel
from bot.telegram.poller import DurablePoller
from bot.telegram.retention import RetentionPolicy, RetentionPurger
from bot.telegram.turns import TurnRunner

logger = logging.getLogger(__name__)


class TelegramChannel:
    """The running Telegram channel.

    Args:
        config: The channel's configuration.
        conversations: The gateway's conversation service.
        store: The conversation store; it must queue ``telegram`` answers in the outbox
            (``SqlConversationStore(..., outbox_channels=["telegram"])``).
        sessions: Session factory of the store's database (inbox, outbox).
        coordination: Dedup and rate-limit backend; by default one is built from
            ``config.redis_url`` and closed with the channel.
    """

    def __init__(
        self,
        config: TelegramConfig,
        *,
        conversations: ConversationService,
        store: BaseConversationStore,
        sessions: async_sessionmaker[AsyncSession],
        coordination: BaseCoordinationBackend | None = None,
    ) -> None:
        # Opt in to PTB 22's timedelta durations (RetryAfter.retry_after ...): without it
        # PTB warns on every flood wait. Remove when PTB 23 makes timedelta the default.
        os.environ.setdefault("PTB_TIMEDELTA", "true")
        self._config = config
        self._owns_coordination = coordination is None
        self._coordination = coordination or create_coordination_backend(
            config.redis_url, prefix="tanya:"
        )
        self.application = build_ptb_application(
            config.token, config.api_base_url, self._coordination
        )
        bot = self.application.bot
        callbacks = SqlCallbackPayloads(sessions)
        outbox = SqlOutbox(sessions, constants.CHANNEL)
        inbox = SqlUpdateInbox(sessions, constants.CHANNEL)
        self.dispatcher = OutboxDispatcher(bot, outbox, callbacks)
        self.retention = RetentionPurger(
            RetentionPolicy(
                updates=timedelta(seconds=config.update_retention_s),
                outbox=timedelta(seconds=config.outbox_retention_s),
                callbacks=timedelta(seconds=config.callback_retention_s),
                interval_s=config.retention_interval_s,
            ),
            inbox=inbox,
            outbox=outbox,
            callbacks=callbacks,
            coordination=self._coordination,
        )
        self.turns = TurnRunner(
            bot,
            conversations,
            store,
            inbox,
            self.dispatcher,
            self._coordination,
            flood_limit=config.flood_limit,
        )
        self.application.bot_data[SERVICES_KEY] = TelegramServices(self.turns, callbacks)
        self.intake = UpdateIntake(bot, inbox, self.application.update_queue)
        self.outbound = TelegramOutboundChannel(self.dispatcher)
        self._poller = (
            DurablePoller(bot, self.intake, config.poll_timeout_s)
            if config.mode == "polling"
            else None
        )
        self._task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()

    @property
    def accepts_webhooks(self) -> bool:
        """Whether ``POST /telegram/webhook`` is served (webhook mode)."""
        return self._config.mode == "webhook"

    def secret_matches(self, value: str | None) -> bool:
        """Compare a webhook request's secret header with ours, in constant time.

        Args:
            value: The header's value, or ``None`` when it is missing.
        """
        expected = self._config.webhook_secret
        if not expected or value is None:
            return False
        return hmac.compare_digest(value.encode(), expected.encode())

    async def receive(self, payload: dict[str, Any]) -> None:
        """Take a webhook update: store it, then queue it.

        Args:
            payload: The update's JSON.

        Raises:
            ValueError: The payload is not an update.
        """
        await self.intake.receive(payload)

    async def start(self) -> None:
        """Start in the background; the gateway serves while Telegram is unreachable."""
        self._task = asyncio.create_task(self._run(), name="telegram-channel")

    async def aclose(self) -> None:
        """Stop receiving, finish updates in flight, stop sending, release everything."""
        if self._poller is not None:
            await self._poller.stop()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.application.running:
            await self.application.stop()
        await self.dispatcher.stop()
        with contextlib.suppress(TelegramError, OSError):
            await self.application.shutdown()
        if self._owns_coordination:
            await self._coordination.aclose()
        logger.info("Telegram channel stopped")

    async def sweep(self) -> int:
        """Replay updates stored but unfinished for longer than ``recovery_after_s``.

        Returns:
            How many were queued again.
        """
        replayed = await self.intake.replay(self._config.recovery_after_s)
        self.dispatcher.kick()
        return replayed

    async def _run(self) -> None:
        """Connect (with retries), start receiving, then sweep for unfinished updates."""
        await self._connect()
        bot = self.application.bot
        await self.application.start()
        self.dispatcher.start()
        if self._poller is not None:
            await bot.delete_webhook()
            self._poller.start()
        else:
            await bot.set_webhook(
                self._config.webhook_url or "",
                secret_token=self._config.webhook_secret,
                allowed_updates=Update.ALL_TYPES,
            )
        with contextlib.suppress(TelegramError):
            await bot.set_my_commands(
                [BotCommand(name, text) for name, text in COMMAND_DESCRIPTIONS.items()]
            )
        self.ready.set()
        logger.info("Telegram channel running in %s mode", self._config.mode)
        while True:
            try:
                await self.sweep()
            except Exception:
                logger.exception("Telegram recovery sweep failed")
            try:
                await self.retention.purge_if_due()
            except Exception:
                logger.exception("Telegram retention purge failed")
            await asyncio.sleep(self._config.sweep_interval_s)

    async def _connect(self) -> None:
        """Initialize PTB (it calls ``getMe``), retrying while the Bot API is unreachable."""
        delay = 1.0
        while True:
            try:
                await self.application.initialize()
                return
            except (TelegramError, OSError) as exc:
                logger.warning(
                    "Telegram Bot API not reachable (%s); retrying in %.0f s",
                    type(exc).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
