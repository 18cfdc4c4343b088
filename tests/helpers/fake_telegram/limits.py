"""Telegram's sending limits, enforced by the fake Bot API server when asked to.

Internal helper of :mod:`tests.helpers.fake_telegram.server` (opt-in:
``FakeTelegramServer(enforce_limits=True)``). Telegram answers 429 "Too Many Requests:
retry after N" to a bot that sends more than one message per second to a private chat,
more than 20 per minute to a group, or more than about 30 per second overall
(https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
Here the limits are exact sliding windows over the arrival times of *accepted* messages:
a message is refused when accepting it would put 2 messages to one private chat, 21 to
one group, or 31 overall within any window of one second (a minute for groups). Refused
calls do not count against the limits.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass, field

# Calls that deliver a message to a chat (edits have limits of their own, not modelled).
LIMITED_METHODS = frozenset({"sendMessage", "sendPhoto"})


@dataclass
class TelegramLimits:
    """Sliding-window counters of accepted messages, per chat and overall.

    Args:
        private_per_window: Messages to one private chat per ``window_s``.
        global_per_window: Messages overall per ``window_s``.
        window_s: The window of the private and global limits.
        group_per_window: Messages to one group per ``group_window_s``.
        group_window_s: The window of the group limit.

    Attributes:
        rejected: Messages refused so far.
        rejected_by: Refusals by the limit exceeded (one over both counts in both).
    """

    private_per_window: int = 1
    global_per_window: int = 30
    window_s: float = 1.0
    group_per_window: int = 20
    group_window_s: float = 60.0
    rejected: int = 0
    rejected_by: Counter[str] = field(default_factory=Counter)  # global, chat, group
    _global: deque[float] = field(default_factory=deque)
    _chats: dict[str, deque[float]] = field(default_factory=dict)

    def check(self, chat_id: str, now: float) -> int | None:
        """Return ``retry_after`` (whole seconds, at least 1) if a message now is refused.

        Args:
            chat_id: The target chat (negative ids are groups).
            now: The arrival time (``time.monotonic()``).
        """
        group = chat_id.startswith("-")
        chat_limit = self.group_per_window if group else self.private_per_window
        chat_window = self.group_window_s if group else self.window_s
        waits = {
            "global": _wait(self._global, self.global_per_window, self.window_s, now),
            "group" if group else "chat": _wait(
                self._chats.get(chat_id, deque()), chat_limit, chat_window, now
            ),
        }
        wait = max(waits.values())
        if wait <= 0:
            return None
        self.rejected += 1
        self.rejected_by.update(kind for kind, value in waits.items() if value > 0)
        return max(1, math.ceil(wait))

    def accept(self, chat_id: str, now: float) -> None:
        """Count a message delivered at ``now``.

        Args:
            chat_id: The target chat.
            now: The arrival time.
        """
        self._global.append(now)
        self._chats.setdefault(chat_id, deque()).append(now)


def _wait(times: deque[float], limit: int, window_s: float, now: float) -> float:
    """Seconds until one more message fits in the window ending at ``now`` (0 if it does)."""
    while times and times[0] <= now - window_s:
        times.popleft()
    if len(times) < limit:
        return 0.0
    # The oldest of the last ``limit`` messages must leave the window first.
    return times[-limit] + window_s - now
