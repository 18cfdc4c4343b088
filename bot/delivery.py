"""Outbound seam: deliver messages to a citizen on their own channel, outside a turn.

A turn's replies go back in the channel's own response (the web API's JSON, Telegram's
send calls). Messages that start elsewhere (an operator's reply, a status-change
notification, the notice that a person joined) go through :class:`DeliveryRouter`, which
hands them to the channel the conversation lives on.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any

from bot.masking import mask_identifier

logger = logging.getLogger(__name__)


class BaseOutboundChannel(ABC):
    """A channel that can send to a citizen at any time."""

    name: str

    @abstractmethod
    async def deliver(self, sender_id: str, messages: list[dict[str, Any]]) -> None:
        """Send ``messages`` (``text``, ``buttons`` ...) to the citizen ``sender_id``.

        Args:
            sender_id: The channel's id of the citizen.
            messages: The messages, in the shape of ``POST /api/chat`` replies.
        """


class UnknownChannelError(LookupError):
    """No outbound channel is registered under this name."""


class DeliveryRouter:
    """Routes outbound messages to the registered channel by name."""

    def __init__(self) -> None:
        self._channels: dict[str, BaseOutboundChannel] = {}

    def register(self, channel: BaseOutboundChannel) -> None:
        """Register ``channel`` under its ``name`` (replacing any earlier one).

        Args:
            channel: The channel.
        """
        self._channels[channel.name] = channel

    async def deliver(self, channel: str, sender_id: str, messages: list[dict[str, Any]]) -> None:
        """Deliver ``messages`` to ``sender_id`` on ``channel``.

        Args:
            channel: The channel name (``web``, ``telegram`` ...).
            sender_id: The channel's id of the citizen.
            messages: The messages.

        Raises:
            UnknownChannelError: No channel of that name is registered.
        """
        target = self._channels.get(channel)
        if target is None:
            raise UnknownChannelError(channel)
        await target.deliver(sender_id, messages)
        logger.info("Delivered %d messages to %s", len(messages), mask_identifier(sender_id))
