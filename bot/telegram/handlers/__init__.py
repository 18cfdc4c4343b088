"""The update handlers, one per file (like PTB's ``telegram/ext/_handlers``)."""

from bot.telegram.handlers._context import SERVICES_KEY, TelegramServices
from bot.telegram.handlers.callback_query import handle_callback_query
from bot.telegram.handlers.chat_member import handle_my_chat_member
from bot.telegram.handlers.command import handle_command
from bot.telegram.handlers.edited_message import handle_edited_message
from bot.telegram.handlers.error import handle_error
from bot.telegram.handlers.group import handle_group_message
from bot.telegram.handlers.ignored import handle_ignored
from bot.telegram.handlers.media import handle_media
from bot.telegram.handlers.text import handle_text

__all__ = [
    "SERVICES_KEY",
    "TelegramServices",
    "handle_callback_query",
    "handle_command",
    "handle_edited_message",
    "handle_error",
    "handle_group_message",
    "handle_ignored",
    "handle_media",
    "handle_my_chat_member",
    "handle_text",
]
