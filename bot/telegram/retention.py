"""Retention of the channel's delivery state: processed updates, sent replies, old buttons.

The inbox, the outbox and the button payloads are delivery machinery, not the record
of a conversation (that is the conversation store's messages, kept as they are), so
they are purged by age. Rows still waiting to be processed or sent are never purged.

Defaults, and why (:mod:`bot.telegram.constants`):

- processed updates, 3 days: Telegram redelivers an unconfirmed update for at most
  24 hours, so the inbox's unique update id must outlive that; and after a week without
  updates Telegram may restart update ids at random, so an id kept longer could shadow a
  new update.
- sent and dropped outbox rows, 7 days: long enough to look into a delivery problem;
  what was said is in the messages table anyway.
- button payloads, 90 days after the key was last put on a message: Telegram lets a
  citizen press a button on a message of any age, but a choice offered three months ago
  (a service variant, "see all") answers a conversation that is long over. A later press
  gets a polite "this button has expired" (:data:`bot.telegram.texts.BUTTON_EXPIRED`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.coordination import BaseCoordinationBackend
from bot.store import SqlCallbackPayloads, SqlOutbox, SqlUpdateInbox

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How long each kind of delivery state is kept.

    Attributes:
        updates: Age after which a processed update is deleted from the inbox.
        outbox: Age after which a sent or dropped reply is deleted from the outbox.
        callbacks: Time since its last use after which a button payload is deleted.
        interval_s: How often the purge runs (once per interval across all replicas).
    """

    updates: timedelta
    outbox: timedelta
    callbacks: timedelta
    interval_s: float


class RetentionPurger:
    """Purges expired delivery state; one replica per interval does the work.

    Args:
        policy: The retention periods.
        inbox: The update inbox.
        outbox: The outbox.
        callbacks: The button payloads.
        coordination: Where replicas agree on who purges this interval.
    """

    def __init__(
        self,
        policy: RetentionPolicy,
        *,
        inbox: SqlUpdateInbox,
        outbox: SqlOutbox,
        callbacks: SqlCallbackPayloads,
        coordination: BaseCoordinationBackend,
    ) -> None:
        self._policy = policy
        self._inbox = inbox
        self._outbox = outbox
        self._callbacks = callbacks
        self._coordination = coordination

    async def purge_if_due(self) -> dict[str, int] | None:
        """Purge unless another replica (or this one) did within the interval.

        Returns:
            Rows deleted per kind, or ``None`` when it was not this replica's turn.
        """
        if not await self._coordination.claim("tg:retention", self._policy.interval_s):
            return None
        return await self.purge()

    async def purge(self) -> dict[str, int]:
        """Delete every expired row now.

        Returns:
            Rows deleted per kind (``updates``, ``outbox``, ``callbacks``).
        """
        deleted = {
            "updates": await self._inbox.purge(self._policy.updates),
            "outbox": await self._outbox.purge(self._policy.outbox),
            "callbacks": await self._callbacks.purge(self._policy.callbacks),
        }
        if any(deleted.values()):
            logger.info(
                "Retention purged %d updates, %d outbox rows, %d button payloads",
                deleted["updates"],
                deleted["outbox"],
                deleted["callbacks"],
            )
        return deleted
