"""Concurrent updates across chats, strictly ordered within one chat."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """Processes updates of different chats concurrently, and one chat's in arrival order.

    PTB starts a task per update in the order they leave the update queue; each task
    takes its chat's lock before running, and asyncio locks wake waiters first in, first
    out, so a chat's updates run one after the other in that order.

    Args:
        max_concurrent_updates: Upper bound of updates in flight (all chats together).
    """

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run ``coroutine`` once the chat's earlier updates are done.

        Args:
            update: The update.
            coroutine: PTB's processing of it.
        """
        key = _chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key]
                del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _chat_key(update: object) -> str:
    """The chat (or user) an update belongs to; updates without one share a key."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return f"c{update.effective_chat.id}"
        if update.effective_user is not None:
            return f"u{update.effective_user.id}"
    return "-"
