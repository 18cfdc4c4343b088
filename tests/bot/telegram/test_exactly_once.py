"""Exactly once: duplicates, a crash and a restart, a 429 storm, several replicas."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from collections import defaultdict

import httpx
import pytest

from bot.coordination import BaseCoordinationBackend, RedisCoordinationBackend
from tests.bot.telegram.conftest import Harness
from tests.bot.telegram.helpers import pending_outbox, stored_messages, unanswered
from tests.conftest import REDIS_URL, REPO_ROOT
from tests.helpers.fake_telegram import updates


@pytest.fixture(params=["memory", "redis"])
def coordination(request: pytest.FixtureRequest, unique_id: str) -> BaseCoordinationBackend:
    """Both backends: the in-process stand-in and the real Redis."""
    if request.param == "redis":
        return RedisCoordinationBackend.from_url(REDIS_URL, prefix=f"test:{unique_id}:")
    from bot.coordination import InMemoryCoordinationBackend

    return InMemoryCoordinationBackend()


async def test_a_duplicate_update_is_answered_once(harness: Harness) -> None:
    fake = harness.fake
    async with harness.channel():
        update_id = fake.push(updates.text_message(201, "syarat KK?"))
        await fake.wait_for(lambda: fake.sent(201))
        fake.push(updates.text_message(201, "syarat KK?"), update_id=update_id)  # redelivery
        fake.push(updates.text_message(201, "terima kasih"))
        await fake.wait_for(lambda: len(fake.sent(201)) == 2)
        await asyncio.sleep(1.5)
    assert fake.texts(201) == ["syarat KK?", "terima kasih"]
    assert [c["message"] for c in harness.rasa_calls] == ["syarat KK?", "terima kasih"]
    assert len(await stored_messages(harness.sessions, 201)) == 4


@pytest.mark.parametrize("database", ["sqlite", "postgres"], indirect=True)
async def test_two_replicas_share_the_work_and_answer_each_update_once(
    harness: Harness,
) -> None:
    fake = harness.fake
    chats = [210 + i for i in range(12)]
    async with harness.channel(), harness.channel():
        for chat in chats:
            fake.push(updates.text_message(chat, f"halo {chat}"))
        await fake.wait_for(lambda: all(fake.sent(chat) for chat in chats), timeout=20)
        await asyncio.sleep(1.5)  # both sweeps ran
    for chat in chats:
        assert fake.texts(chat) == [f"halo {chat}"]
    assert sorted(c["message"] for c in harness.rasa_calls) == [f"halo {c}" for c in chats]
    assert await pending_outbox(harness.sessions) == 0
    assert await unanswered(harness.sessions) == 0


async def test_a_crash_mid_turn_loses_nothing_and_repeats_nothing(
    harness: Harness, sqlite_url: str
) -> None:
    fake = harness.fake
    # A real process, so that SIGKILL interrupts it exactly as a crash would.
    replica = subprocess.Popen(  # noqa: ASYNC220
        [sys.executable, "-m", "tests.bot.telegram.crash_replica", sqlite_url, fake.base_url],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert replica.stdout is not None
        assert replica.stdout.readline().strip() == "READY"
        fake.push(updates.text_message(220, "satu"))
        await fake.wait_for(lambda: fake.texts(220) == ["satu"], timeout=15)
        fake.push(updates.text_message(220, "macet"))
        line = await asyncio.to_thread(replica.stdout.readline)
        assert line.strip() == "STUCK"
    finally:
        replica.send_signal(signal.SIGKILL)
        replica.wait(10)
        if replica.stdout is not None:
            replica.stdout.close()
    stored = await stored_messages(harness.sessions, 220)
    assert stored[-1] == ("in", "macet", "received")  # stored before it was processed
    async with harness.channel():
        await fake.wait_for(lambda: len(fake.texts(220)) == 2, timeout=15)
        await asyncio.sleep(1.5)
    assert fake.texts(220) == ["satu", "macet"]
    assert [c["message"] for c in harness.rasa_calls] == ["macet"]
    assert await unanswered(harness.sessions) == 0


async def test_a_send_that_fails_is_retried_from_the_outbox(harness: Harness) -> None:
    fake = harness.fake
    fake.inject("sendMessage", 502, "Bad Gateway", times=1)
    fake.inject("sendMessage", 500, "Internal Server Error", times=1)
    async with harness.channel():
        fake.push(updates.text_message(230, "halo"))
        await fake.wait_for(lambda: fake.sent(230), timeout=15)
    assert fake.texts(230) == ["halo"]
    assert [c.status for c in fake.calls_of("sendMessage", 230)] == [502, 500, 200]
    assert await pending_outbox(harness.sessions) == 0


async def test_a_429_storm_delivers_every_reply_at_most_one_per_second_per_chat(
    harness: Harness,
) -> None:
    fake = harness.fake
    chats = [241, 242, 243]
    fake.inject("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=5)
    async with harness.channel():
        for i in range(3):
            for chat in chats:
                fake.push(updates.text_message(chat, f"pesan {i}"))
        await fake.wait_for(lambda: all(len(fake.sent(chat)) == 3 for chat in chats), timeout=30)
        await asyncio.sleep(0.5)
    by_chat: dict[str, list[float]] = defaultdict(list)
    statuses = [c.status for c in fake.calls_of("sendMessage")]
    assert statuses.count(429) == 5 and statuses.count(200) == 9
    for call in fake.calls_of("sendMessage"):
        by_chat[call.chat_id or ""].append(call.at)
    for chat in chats:
        assert fake.texts(chat) == ["pesan 0", "pesan 1", "pesan 2"]
        times = by_chat[str(chat)]
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= 0.9, gaps  # every attempt, the refused ones included
    everything = sorted(c.at for c in fake.calls if c.method == "sendMessage")
    for index, start in enumerate(everything):
        assert sum(1 for t in everything[index:] if t - start < 1.0) <= 30


async def test_a_burst_is_queued_not_dropped(harness: Harness) -> None:
    async def many(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return httpx.Response(200, json=[{"text": f"{body['message']} #{n}"} for n in range(3)])

    harness.rasa_handler = many  # type: ignore[assignment]
    fake = harness.fake
    started = time.monotonic()
    async with harness.channel():
        fake.push(updates.text_message(250, "a"))
        await fake.wait_for(lambda: len(fake.sent(250)) == 3, timeout=10)
    assert fake.texts(250) == ["a #0", "a #1", "a #2"]
    assert time.monotonic() - started >= 2.0  # three messages to one chat take two seconds
