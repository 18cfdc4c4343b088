"""The fake Bot API server's opt-in mode that enforces Telegram's sending limits.

The Telegram benchmarks rely on it: a 429 there means the real limiter let a message
out too early. The real python-telegram-bot client is driven without a rate limiter, so
nothing on the client side spaces the calls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from telegram import Bot
from telegram.error import RetryAfter

from bot.telegram.ratelimiter import retry_after_seconds
from tests.helpers.fake_telegram import FakeTelegramServer
from tests.helpers.fake_telegram.limits import TelegramLimits

TOKEN = "123456:TEST-token-SECRET"


@pytest.fixture
def limited_server() -> Iterator[FakeTelegramServer]:
    # Telegram's counts in a 10-second window, so that a slow, shared machine cannot let
    # the first message leave the window before the last one arrives.
    limits = TelegramLimits(window_s=10.0)
    with FakeTelegramServer(TOKEN, enforce_limits=limits) as server:
        yield server


def test_a_second_message_to_one_chat_within_a_second_is_refused() -> None:
    limits = TelegramLimits()
    assert limits.check("42", 10.0) is None
    limits.accept("42", 10.0)
    assert limits.check("42", 10.5) == 1
    assert limits.check("43", 10.5) is None  # another chat is not affected
    assert limits.check("42", 11.0) is None  # the window is one second
    assert limits.rejected == 1


def test_the_31st_message_within_a_second_overall_is_refused() -> None:
    limits = TelegramLimits()
    for chat in range(30):
        now = 5.0 + chat * 0.03
        assert limits.check(str(chat), now) is None
        limits.accept(str(chat), now)
    assert limits.check("99", 5.95) == 1
    assert limits.check("99", 6.0) is None  # the first one left the window
    assert limits.rejected == 1


def test_a_group_gets_20_messages_a_minute() -> None:
    limits = TelegramLimits()
    for number in range(20):
        assert limits.check("-100", number * 1.5) is None
        limits.accept("-100", number * 1.5)
    assert limits.check("-100", 40.0) == 20  # the first leaves the window at 60 s


async def test_the_server_answers_429_with_retry_after_and_counts_it(
    limited_server: FakeTelegramServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # as TelegramChannel does
    async with Bot(TOKEN, base_url=f"{limited_server.base_url}/bot") as bot:
        await bot.send_message(7001, "satu")
        with pytest.raises(RetryAfter) as refused:
            await bot.send_message(7001, "dua")
        assert retry_after_seconds(refused.value) >= 1
        # 29 more chats fill the global window; the 31st message overall is refused.
        await asyncio.gather(*(bot.send_message(7100 + n, "halo") for n in range(29)))
        with pytest.raises(RetryAfter):
            await bot.send_message(7200, "tiga puluh satu")
    assert limited_server.rate_limited == 2
    assert [c.status for c in limited_server.calls_of("sendMessage", 7001)] == [200, 429]
    assert len(limited_server.sent()) == 30


async def test_the_server_enforces_telegrams_figures_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    with FakeTelegramServer(TOKEN, enforce_limits=True) as server:
        async with Bot(TOKEN, base_url=f"{server.base_url}/bot") as bot:
            await bot.send_message(7001, "satu")
            with pytest.raises(RetryAfter):  # loopback: well within the second
                await bot.send_message(7001, "dua")
        assert server.rate_limited == 1


async def test_limits_are_off_by_default() -> None:
    with FakeTelegramServer(TOKEN) as server:
        async with Bot(TOKEN, base_url=f"{server.base_url}/bot") as bot:
            for text in ("satu", "dua", "tiga"):
                await bot.send_message(7001, text)
        assert server.rate_limited == 0 and len(server.sent(7001)) == 3
