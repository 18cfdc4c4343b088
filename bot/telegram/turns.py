"""One citizen update, processed exactly once: claim, store, answer, queue, send.

The steps, for every update that reaches a handler:

1. Claim the update id in the coordination backend (``SET NX`` with a lease), so that
   one replica processes it; a redelivered or replayed update finds the claim and stops.
2. Count the attempt in the inbox (the raw update was stored there on arrival).
3. Store the citizen's message (the conversation store's unique ``(conversation,
   external_id)`` with the update id as external id is the durable dedup) and answer it:
   through :class:`~bot.conversation.ConversationService` for text, with a local text for
   media. The answer and its outbox rows are written in one transaction.
4. Mark the update done, turn the claim into a long-lived "done" marker, and send the
   chat's due outbox rows.

A crash anywhere leaves the update ``received`` in the inbox; the recovery sweep replays
it and ``resume=True`` answers a message that was stored but never answered.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, Update

from bot.conversation import ConversationService
from bot.coordination import BaseCoordinationBackend
from bot.masking import mask_identifier
from bot.store import BaseConversationStore, SqlOutbox, SqlUpdateInbox
from bot.telegram import constants, texts
from bot.telegram.dispatcher import OutboxDispatcher
from bot.telegram.typing_indicator import typing_indicator

logger = logging.getLogger(__name__)


class TurnRunner:
    """Runs the exactly-once steps around one update for the handlers.

    Args:
        bot: The bot (for the typing indicator).
        conversations: The gateway's conversation service.
        store: The conversation store (configured to queue Telegram answers in the outbox).
        inbox: The Telegram update inbox.
        dispatcher: The outbox dispatcher.
        coordination: Claims and flood counters.
        flood_limit: Messages per chat per minute before the slow-down notice.
    """

    def __init__(
        self,
        bot: Bot,
        conversations: ConversationService,
        store: BaseConversationStore,
        inbox: SqlUpdateInbox,
        dispatcher: OutboxDispatcher,
        coordination: BaseCoordinationBackend,
        *,
        flood_limit: int = constants.DEFAULT_FLOOD_LIMIT,
    ) -> None:
        self._bot = bot
        self._conversations = conversations
        self._store = store
        self._inbox = inbox
        self._dispatcher = dispatcher
        self._coordination = coordination
        self._flood_limit = flood_limit

    @property
    def outbox(self) -> SqlOutbox:
        """The outbox replies are queued in."""
        return self._dispatcher.outbox

    @property
    def dispatcher(self) -> OutboxDispatcher:
        """The outbox dispatcher."""
        return self._dispatcher

    async def answer(
        self,
        update: Update,
        chat_id: str,
        *,
        text: str,
        local_replies: list[dict[str, Any]] | None = None,
    ) -> None:
        """Store and answer one citizen update, once.

        Args:
            update: The update.
            chat_id: The citizen's chat.
            text: What the citizen sent, as stored (and, without ``local_replies``, as sent
                to Rasa).
            local_replies: Replies that the channel gives itself (media, edits) instead
                of asking Rasa.
        """
        update_id = update.update_id
        claim = f"tg:update:{update_id}"
        if not await self._coordination.claim(claim, constants.UPDATE_LEASE_S):
            logger.info("Update %s is processed elsewhere or was already; skipped", update_id)
            return
        done = False
        try:
            attempt = await self._inbox.start_attempt(update_id)
            if attempt > constants.MAX_UPDATE_ATTEMPTS:
                logger.error("Update %s failed %d times; given up", update_id, attempt - 1)
                await self._inbox.mark_done(update_id, dead=True)
                done = True
                return
            first = attempt <= 1
            external_id = str(update_id)
            if first and await self._flooded(chat_id):
                replies = await self._flood_replies(chat_id)
                await self._record_local(chat_id, text, external_id, replies)
                done = True
            elif local_replies is not None:
                await self._record_local(chat_id, text, external_id, local_replies)
                done = True
            else:
                done = await self._ask_assistant(chat_id, text, external_id, first=first)
            if done:
                await self._inbox.mark_done(update_id)
        finally:
            if done:
                await self._coordination.put(claim, "done", constants.UPDATE_DONE_TTL_S)
            else:
                await self._coordination.delete(claim)
        await self._flush(chat_id)

    async def reply_once(self, update: Update, chat_id: str, replies: list[dict[str, Any]]) -> None:
        """Queue and send replies to an update that is not a citizen message (not stored).

        Used for group chats; idempotent per update.

        Args:
            update: The update.
            chat_id: Where to reply.
            replies: The replies.
        """
        await self.outbox.enqueue(chat_id, replies, dedup_prefix=f"{update.update_id}:reply")
        await self.finish(update)
        await self._flush(chat_id)

    async def finish(self, update: Update) -> None:
        """Mark an update handled without a turn (ignored or answered by the channel).

        Args:
            update: The update.
        """
        await self._inbox.mark_done(update.update_id)

    async def _flush(self, chat_id: str) -> None:
        """Send the chat's queued replies now; on failure the background loop sends them."""
        try:
            await self._dispatcher.flush(chat_id)
        except Exception:
            logger.warning("Sending to %s deferred", mask_identifier(chat_id), exc_info=True)

    async def _ask_assistant(
        self, chat_id: str, text: str, external_id: str, *, first: bool
    ) -> bool:
        """Run the turn through the gateway; return whether the message is now answered."""
        async with typing_indicator(self._bot, chat_id):
            replies = await self._conversations.handle_message(
                constants.CHANNEL, chat_id, text, external_id=external_id, resume=True
            )
        if not replies or await self.outbox.has_source(external_id):
            return True
        # Replies that were not stored as an answer: the "we are disrupted" notice. The
        # message stays unanswered and is replayed later; the notice is sent only once.
        if first:
            await self.outbox.enqueue(chat_id, replies, dedup_prefix=f"{external_id}:notice")
        logger.info("Message %s of %s not answered yet", external_id, mask_identifier(chat_id))
        return False

    async def _record_local(
        self, chat_id: str, text: str, external_id: str, replies: list[dict[str, Any]]
    ) -> None:
        """Store the message and the channel's own replies (queued in the same transaction)."""
        stored = await self._store.record_inbound(
            constants.CHANNEL, chat_id, text, external_id=external_id
        )
        if stored.duplicate and not stored.pending:
            return
        await self._store.record_answer(stored, replies)

    async def _flooded(self, chat_id: str) -> bool:
        """Count the message; tell whether the chat sent more than the limit this minute."""
        count = await self._coordination.hit(f"tg:flood:{chat_id}", constants.FLOOD_WINDOW_S)
        return count > self._flood_limit

    async def _flood_replies(self, chat_id: str) -> list[dict[str, Any]]:
        """The slow-down notice, once per window; nothing for later messages."""
        logger.info(
            "Chat %s is sending too fast; message stored, not answered", mask_identifier(chat_id)
        )
        if await self._coordination.claim(f"tg:flood-notice:{chat_id}", constants.FLOOD_WINDOW_S):
            return [{"text": texts.FLOOD_SLOW_DOWN, "buttons": []}]
        return []
