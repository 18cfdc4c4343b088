"""The Telegram outbound channel: operator replies and notifications, via the outbox."""

from __future__ import annotations

from typing import Any

from bot.delivery import BaseOutboundChannel
from bot.telegram import constants
from bot.telegram.dispatcher import OutboxDispatcher


class TelegramOutboundChannel(BaseOutboundChannel):
    """Queues messages for a Telegram citizen; the dispatcher sends them.

    They share the outbox and the rate limiter with the assistant's own replies, so the
    per-chat order and the limits hold, and a failed send is retried.

    Args:
        dispatcher: The outbox dispatcher.
    """

    name = constants.CHANNEL

    def __init__(self, dispatcher: OutboxDispatcher) -> None:
        self._dispatcher = dispatcher

    async def deliver(self, sender_id: str, messages: list[dict[str, Any]]) -> None:
        """See :meth:`bot.delivery.BaseOutboundChannel.deliver`.

        Messages to a citizen who blocked the assistant are dropped by the dispatcher.
        """
        await self._dispatcher.outbox.enqueue(sender_id, messages)
        self._dispatcher.kick()
