"""Builds the PTB application: the bot, its rate limiter, the handlers and their order."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
)
from telegram.ext import filters as ptb_filters

from bot.coordination import BaseCoordinationBackend
from bot.telegram import filters
from bot.telegram.commands import COMMAND_TEXTS
from bot.telegram.handlers import (
    handle_callback_query,
    handle_command,
    handle_edited_message,
    handle_error,
    handle_group_message,
    handle_ignored,
    handle_media,
    handle_my_chat_member,
    handle_text,
)
from bot.telegram.ratelimiter import ChatRateLimiter
from bot.telegram.update_processor import ChatOrderedUpdateProcessor


def build_ptb_application(
    token: str, api_base_url: str, coordination: BaseCoordinationBackend
) -> Application:  # type: ignore[type-arg]
    """Build the application without an updater (the channel polls or takes webhooks itself).

    Args:
        token: The bot token from BotFather.
        api_base_url: Bot API server root; calls go to ``{root}/bot{token}/{method}``.
        coordination: Where the rate limiter keeps its schedules.

    Returns:
        The application, not initialized.
    """
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_base_url}/bot")
        .base_file_url(f"{api_base_url}/file/bot")
        .updater(None)
        .rate_limiter(ChatRateLimiter(coordination))
        .concurrent_updates(ChatOrderedUpdateProcessor())
        .connection_pool_size(64)
        .get_updates_connection_pool_size(2)
        .build()
    )
    register_handlers(application)
    return application


def register_handlers(application: Application) -> None:  # type: ignore[type-arg]
    """Register every handler, most specific first, and the one error handler.

    Args:
        application: The application.
    """
    application.add_handlers(
        [
            ChatMemberHandler(handle_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
            CallbackQueryHandler(handle_callback_query),
            MessageHandler(filters.GROUP_MESSAGE, handle_group_message),
            CommandHandler(list(COMMAND_TEXTS), handle_command, filters=filters.NEW_MESSAGE),
            MessageHandler(filters.NEW_MESSAGE & ptb_filters.COMMAND, handle_command),
            MessageHandler(filters.NEW_MESSAGE & ptb_filters.TEXT, handle_text),
            MessageHandler(filters.EDITED_MESSAGE, handle_edited_message),
            MessageHandler(filters.NEW_MESSAGE, handle_media),
            TypeHandler(Update, handle_ignored),
        ]
    )
    application.add_error_handler(handle_error)
