"""Long polling that confirms an update to Telegram only after it is stored.

PTB's :class:`~telegram.ext.Updater` confirms a batch (by asking for the next offset)
as soon as it has queued it in memory, so a crash before processing loses it. Here the
offset moves past a batch only once every update of it is in the inbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError

from bot.telegram import constants
from bot.telegram.inbox import UpdateIntake

logger = logging.getLogger(__name__)


class DurablePoller:
    """Calls ``getUpdates`` in a loop and hands each update to the intake.

    Args:
        bot: The bot.
        intake: Stores and queues updates.
        timeout_s: Long-polling timeout.
    """

    def __init__(
        self, bot: Bot, intake: UpdateIntake, timeout_s: int = constants.DEFAULT_POLL_TIMEOUT_S
    ) -> None:
        self._bot = bot
        self._intake = intake
        self._timeout = timeout_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start polling in a background task."""
        self._task = asyncio.create_task(self._run(), name="telegram-poller")

    async def stop(self) -> None:
        """Stop polling; the last batch is not confirmed unless it was stored."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        offset: int | None = None
        failures = 0
        while True:
            try:
                updates = await self._bot.get_updates(
                    offset=offset,
                    timeout=self._timeout,
                    read_timeout=self._timeout + 10,
                    allowed_updates=Update.ALL_TYPES,
                )
                for update in updates:
                    await self._intake.accept(update)
            except asyncio.CancelledError:
                raise
            except Conflict:
                # A webhook is set or another process polls with this token.
                logger.warning("Telegram refused polling (conflict); retrying in 5 s")
                await asyncio.sleep(5)
                continue
            except InvalidToken:
                logger.error("Telegram rejected the bot token; retrying in 60 s")
                await asyncio.sleep(60)
                continue
            except (NetworkError, TelegramError, OSError) as exc:
                failures += 1
                delay = min(2.0**failures, 30.0)
                logger.warning("Polling failed (%s); retrying in %.0f s", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                continue
            except Exception:
                # Storing failed (database down): the batch is not confirmed and comes again.
                failures += 1
                logger.exception("Could not store Telegram updates; retrying")
                await asyncio.sleep(min(2.0**failures, 30.0))
                continue
            failures = 0
            if updates:
                offset = updates[-1].update_id + 1
