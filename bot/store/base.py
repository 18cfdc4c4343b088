"""The seam between channels and storage: :class:`BaseConversationStore`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """An inbound message as stored, before it is processed.

    Attributes:
        message_id: The store's id of the message.
        conversation_id: The store's id of the conversation.
        channel: ``web``, ``telegram`` or ``terminal``.
        sender_id: The channel's id of the citizen.
        text: What the citizen wrote.
        duplicate: ``True`` when this external id was stored before (not processed again).
        external_id: The channel's id of the message, if it has one.
        pending: For a duplicate, ``True`` when the stored message was never answered (a
            crash or an outage interrupted it), so a channel may resume it.
        conversation_status: Who handled the conversation when the message was stored
            (``bot``, ``waiting``, ``operator``, ``closed``), if the store read it then.
    """

    message_id: int
    conversation_id: int
    channel: str
    sender_id: str
    text: str
    duplicate: bool = False
    external_id: str | None = None
    pending: bool = False
    conversation_status: str | None = None


class BaseConversationStore(ABC):
    """Where conversations and their messages are kept; every method is async."""

    @abstractmethod
    async def record_inbound(
        self, channel: str, sender_id: str, text: str, *, external_id: str | None = None
    ) -> StoredMessage:
        """Store a citizen's message before it is processed.

        Args:
            channel: The channel it came from.
            sender_id: The channel's id of the citizen.
            text: The message text.
            external_id: The channel's id of the message, for de-duplication.

        Returns:
            The stored message; ``duplicate`` is set when ``external_id`` was seen before.
        """

    @abstractmethod
    async def record_answer(self, message: StoredMessage, replies: list[dict[str, Any]]) -> None:
        """Store the replies to ``message`` and mark it answered, in one transaction.

        Args:
            message: The inbound message that was processed.
            replies: The replies as sent to the citizen (``text``, ``buttons`` ...).
        """

    @abstractmethod
    async def mark_failed(self, message: StoredMessage) -> None:
        """Mark ``message`` as not answered yet, so that it is retried later.

        Args:
            message: The inbound message whose processing failed.
        """

    @abstractmethod
    async def ping(self) -> None:
        """Run a trivial query; raise if the database does not answer."""
