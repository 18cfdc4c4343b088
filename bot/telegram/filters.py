"""Message filters of the channel (internal helper): who counts as a citizen."""

from __future__ import annotations

from telegram import Message
from telegram.ext import filters


class _FromBot(filters.MessageFilter):
    """Messages sent by a bot (including our own echoes in groups)."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        return bool(message.from_user and message.from_user.is_bot) or message.via_bot is not None


FROM_BOT = _FromBot(name="FROM_BOT")

# A citizen writing to the assistant in a private chat.
CITIZEN = filters.ChatType.PRIVATE & ~FROM_BOT
NEW_MESSAGE = filters.UpdateType.MESSAGE & CITIZEN
EDITED_MESSAGE = filters.UpdateType.EDITED_MESSAGE & CITIZEN
GROUP_MESSAGE = filters.ChatType.GROUPS & filters.UpdateType.MESSAGES & ~FROM_BOT
