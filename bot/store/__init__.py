"""The conversation store: every conversation and message, stored before it is processed."""

from bot.store.base import BaseConversationStore, StoredMessage
from bot.store.callbacks import SqlCallbackPayloads
from bot.store.database import create_engine, create_schema, create_session_factory
from bot.store.inbox import PendingUpdate, SqlUpdateInbox
from bot.store.models import Conversation, ConversationStatus, Message, MessageDirection
from bot.store.outbox import OutboxEntry, SqlOutbox
from bot.store.retry import is_transient_database_error, retry_transient
from bot.store.sql import SqlConversationStore

__all__ = [
    "BaseConversationStore",
    "Conversation",
    "ConversationStatus",
    "Message",
    "MessageDirection",
    "OutboxEntry",
    "PendingUpdate",
    "SqlCallbackPayloads",
    "SqlConversationStore",
    "SqlOutbox",
    "SqlUpdateInbox",
    "StoredMessage",
    "create_engine",
    "create_schema",
    "create_session_factory",
    "is_transient_database_error",
    "retry_transient",
]
