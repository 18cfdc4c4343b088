"""Drills: Redis, then PostgreSQL, restarted while citizens write on the web and on Telegram.

The shared servers of this machine are never touched: the module starts a private
``redis-server`` and a private PostgreSQL cluster (tests/helpers/private_servers.py), and
one whole assistant (``python -m bot.run``) on them, with Telegram through the fake Bot
API server. Both drills share that stack; each starts by checking it is healthy and
answering, and ends by checking that nothing was restarted by the supervisor.

What a citizen's client does is modelled honestly: the web page sends each message with
its own ``message_id`` and sends it again with the same id when the request fails (the
gateway stores it once and answers it once); Telegram redelivers an update until
``getUpdates`` moves past it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from redis import asyncio as aioredis

from tests.faults.conftest import Drill, new_sender, start_drill_stack, text_of, updates_until
from tests.helpers.fake_telegram import FakeTelegramServer, updates
from tests.helpers.private_servers import PrivatePostgres, PrivateRedis

QUESTION = "apa syarat membuat KTP-el?"
TOKEN = "424242:FAULT-drill-TOKEN-value"
DATABASE = "tanya_faults"
WEB_CITIZENS = 4
TELEGRAM_CHATS = 3
MIN_MESSAGES = 4  # per citizen; each goes on until the restart is over
MAX_MESSAGES = 40
GAP_S = 0.4  # between one web citizen's messages
# Telegram delivers at most one message a second to a chat and an answer is several: a chat
# that wrote faster would only wait longer for its answers, making the drill slower.
TELEGRAM_GAP_S = 1.0
ANSWERED_WITHIN_S = 120.0
CLIENT_GIVES_UP_S = 60.0  # the page retries a failed send this long


@pytest.fixture(scope="module")
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis().start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres().start()
    try:
        asyncio.run(_execute(server.dsn(), f'CREATE DATABASE "{DATABASE}"'))
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def fake_bot_api() -> Iterator[FakeTelegramServer]:
    with FakeTelegramServer(TOKEN) as server:
        yield server


@pytest.fixture(scope="module")
def backing_drill(
    trained_model: Path,
    private_redis: PrivateRedis,
    private_postgres: PrivatePostgres,
    fake_bot_api: FakeTelegramServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Drill]:
    """One assistant on the private Redis and Postgres, with Telegram on the fake Bot API."""
    stack, status = start_drill_stack(
        tmp_path_factory.mktemp("backing-stack"),
        private_postgres.sqlalchemy_url(DATABASE),
        {
            "REDIS_URL": private_redis.url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": fake_bot_api.base_url,
            "TELEGRAM_POLL_TIMEOUT_S": "1",
            "TELEGRAM_RECOVERY_AFTER_S": "5",
            "TELEGRAM_SWEEP_INTERVAL_S": "1",
        },
    )
    try:
        yield Drill(stack, private_postgres.dsn(DATABASE), f"http://127.0.0.1:{status}")
    finally:
        with contextlib.suppress(Exception):  # on a timeout stop() killed it
            stack.stop(timeout=60)


async def _execute(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


# --- the citizens ----------------------------------------------------------------------


async def _send_like_the_page(
    client: httpx.AsyncClient, sender: str, message_id: str
) -> list[dict[str, Any]]:
    """POST one message; on a failure send it again with the same id, as the page does."""
    deadline = time.monotonic() + CLIENT_GIVES_UP_S
    last: object = None
    while time.monotonic() < deadline:
        try:
            response = await client.post(
                "/api/chat", json={"sender_id": sender, "text": QUESTION, "message_id": message_id}
            )
            if response.status_code == 200:
                messages: list[dict[str, Any]] = response.json()["messages"]
                return messages
            last = (response.status_code, response.text[:300])
        except httpx.HTTPError as exc:
            last = repr(exc)
        await asyncio.sleep(0.5)
    raise AssertionError(f"{sender}/{message_id} not accepted in {CLIENT_GIVES_UP_S} s: {last}")


async def _web_citizen(
    client: httpx.AsyncClient, sender: str, restarted: asyncio.Event
) -> list[list[dict[str, Any]]]:
    replies = []
    while len(replies) < MIN_MESSAGES or (not restarted.is_set() and len(replies) < MAX_MESSAGES):
        replies.append(await _send_like_the_page(client, sender, f"{sender}-{len(replies)}"))
        await asyncio.sleep(GAP_S)
    return replies


async def _telegram_chat(
    server: FakeTelegramServer, chat_id: int, restarted: asyncio.Event
) -> list[int]:
    update_ids: list[int] = []
    while len(update_ids) < MIN_MESSAGES or (
        not restarted.is_set() and len(update_ids) < MAX_MESSAGES
    ):
        update_ids.append(server.push(updates.text_message(chat_id, QUESTION)))
        await asyncio.sleep(TELEGRAM_GAP_S)
    return update_ids


class Load:
    """Web citizens and Telegram chats asking until a restart is over, each message with an id.

    Each citizen sends at least ``MIN_MESSAGES`` and goes on until the restart is over, so
    the restart always falls in the middle of the load, however fast the machine is.
    """

    def __init__(self, prefix: str, first_chat: int) -> None:
        self.senders = [new_sender(f"{prefix}-web") for _ in range(WEB_CITIZENS)]
        self.chats = list(range(first_chat, first_chat + TELEGRAM_CHATS))
        self.web_replies: dict[str, list[list[dict[str, Any]]]] = {}
        self.update_ids: dict[int, list[int]] = {}

    async def run_around(
        self, client: httpx.AsyncClient, server: FakeTelegramServer, restart: Callable[[], None]
    ) -> None:
        """Put the load on, run ``restart`` (blocking) 1.5 s into it, and wait for the load."""
        restarted = asyncio.Event()
        load = asyncio.gather(
            asyncio.gather(*(_web_citizen(client, s, restarted) for s in self.senders)),
            asyncio.gather(*(_telegram_chat(server, c, restarted) for c in self.chats)),
        )
        try:
            await asyncio.sleep(1.5)
            await asyncio.to_thread(restart)
            await asyncio.sleep(1.0)  # and a little after it
        finally:
            restarted.set()
        web, telegram = await load
        self.web_replies = dict(zip(self.senders, web, strict=True))
        self.update_ids = dict(zip(self.chats, telegram, strict=True))


async def _baseline(drill: Drill, server: FakeTelegramServer, chat_id: int) -> tuple[str, str]:
    """Check the stack answers on both channels; return the web and Telegram answers."""
    async with httpx.AsyncClient(base_url=drill.base_url, timeout=30) as client:
        health = await client.get("/healthz")
        assert health.status_code == 200, health.text
        replies = await _send_like_the_page(client, new_sender("warm"), "warm-0")
    web_answer = replies[0]["text"]
    assert "KTP-el" in web_answer, replies
    server.push(updates.text_message(chat_id, QUESTION))
    await server.wait_for(lambda: server.texts(chat_id), timeout=60)
    telegram_answer = server.texts(chat_id)[0]
    assert "KTP-el" in telegram_answer, server.texts(chat_id)
    return web_answer, telegram_answer


async def _coordination_keys(server: PrivateRedis) -> list[str]:
    """The stack's keys in the private Redis (a new client: the server may have restarted)."""
    redis = aioredis.Redis.from_url(server.url, decode_responses=True)
    try:
        return list(await redis.keys("tanya:*"))
    finally:
        await redis.aclose()


def _gateway_log(drill: Drill) -> str:
    return (drill.stack.log_dir / "gateway.log").read_text(errors="replace")


def _supervised(drill: Drill) -> dict[int, str]:
    return {proc.pid: " ".join(proc.cmdline()[1:3]) for proc in drill.stack.descendants()}


async def _assert_each_answered_once(
    drill: Drill,
    load: Load,
    server: FakeTelegramServer,
    web_answer: str,
    telegram_answer: str,
) -> None:
    """Every message of the load is stored answered, and its answer arrived exactly once."""
    async with httpx.AsyncClient(base_url=drill.base_url, timeout=30) as client:

        def count(messages: list[dict[str, Any]]) -> int:
            return sum(m.get("text") == web_answer for m in messages)

        async def delivered(sender: str) -> tuple[int, list[dict[str, Any]]]:
            direct = [m for replies in load.web_replies[sender] for m in replies]
            sent = len(load.web_replies[sender])
            pushed = await updates_until(
                client,
                sender,
                lambda got, d=direct, n=sent: count(d) + count(got) >= n,
                timeout_s=ANSWERED_WITHIN_S,
            )
            return count(direct) + count(pushed), direct + pushed

        await asyncio.gather(*(delivered(s) for s in load.senders))
        await server.wait_for(
            lambda: all(
                server.texts(c).count(telegram_answer) >= len(load.update_ids[c])
                for c in load.chats
            ),
            timeout=ANSWERED_WITHIN_S,
        )
        await asyncio.sleep(4)  # several more sweeps: nothing may be answered twice

        for sender in load.senders:
            sent = len(load.web_replies[sender])
            got, messages = await delivered(sender)
            assert got == sent, (sender, sent, got, text_of(messages))
            states = [row["state"] for row in await drill.inbound(sender)]
            assert states == ["answered"] * sent, (sender, states)
        for chat_id in load.chats:
            sent = len(load.update_ids[chat_id])
            texts = server.texts(chat_id)
            assert texts.count(telegram_answer) == sent, (chat_id, sent, texts)
            rows = await drill.query(
                "SELECT lower(m.state) AS state FROM messages m JOIN conversations c "
                "ON c.id = m.conversation_id WHERE c.channel = 'telegram' AND c.sender_id = $1 "
                "AND lower(m.direction) IN ('in', 'inbound') ORDER BY m.id",
                str(chat_id),
            )
            assert [r["state"] for r in rows] == ["answered"] * sent, (chat_id, rows)


def _assert_nothing_restarted(drill: Drill, before: dict[int, str], log_before: str) -> None:
    assert drill.stack.process.poll() is None, drill.stack.log()
    after = _supervised(drill)
    assert set(before) <= set(after), f"supervised processes died: {before} -> {after}"
    assert drill.stack.log().count(" is back") == log_before.count(" is back"), drill.stack.log()


# --- the drills ------------------------------------------------------------------------


async def test_redis_restarted_mid_load_no_crash_no_duplicate(
    backing_drill: Drill, private_redis: PrivateRedis, fake_bot_api: FakeTelegramServer
) -> None:
    drill, server = backing_drill, fake_bot_api
    web_answer, telegram_answer = await _baseline(drill, server, chat_id=7100)
    before, log_before = _supervised(drill), drill.stack.log()
    assert await _coordination_keys(private_redis), "the stack does not use the private Redis"

    load = Load("redis", first_chat=7101)
    async with httpx.AsyncClient(base_url=drill.base_url, timeout=30) as client:
        # Down for 2 s, then back empty (no persistence): every claim and schedule is gone.
        await load.run_around(client, server, lambda: private_redis.restart(2.0))
    await _assert_each_answered_once(drill, load, server, web_answer, telegram_answer)
    _assert_nothing_restarted(drill, before, log_before)
    # The outage was hit under load (and handled), not slept through.
    assert "CoordinationUnavailable" in _gateway_log(drill), "the gateway never saw Redis down"

    # The per-chat send limit (one message a second, its schedule kept in Redis) held
    # throughout: slots are a second apart, so n messages span at least n - 1 seconds
    # (less a little for a send that left late, behind a busy event loop). A limiter that
    # failed open while Redis was away would have sent the backlog in a burst.
    for chat_id in load.chats:
        times = [message.at for message in server.sent(chat_id)]
        assert times[-1] - times[0] >= len(times) - 1 - 0.5, (chat_id, times)
    # ... coordination carries on against the new, empty Redis ...
    assert await _coordination_keys(private_redis), "nothing written to Redis since its restart"
    # ... and dedup degrades safely: the claims Redis lost are backed by the store, so a
    # redelivered Telegram update and a re-sent web message are not answered again.
    chat_id = load.chats[0]
    sent = len(server.sent(chat_id))
    server.push(updates.text_message(chat_id, QUESTION), update_id=load.update_ids[chat_id][0])
    async with httpx.AsyncClient(base_url=drill.base_url, timeout=30) as client:
        again = await _send_like_the_page(client, load.senders[0], f"{load.senders[0]}-0")
    assert again == [], again
    await asyncio.sleep(4)
    assert len(server.sent(chat_id)) == sent, server.texts(chat_id)


async def test_postgres_restarted_mid_load_writes_retried_nothing_lost(
    backing_drill: Drill, private_postgres: PrivatePostgres, fake_bot_api: FakeTelegramServer
) -> None:
    drill, server = backing_drill, fake_bot_api
    web_answer, telegram_answer = await _baseline(drill, server, chat_id=7200)
    before, log_before = _supervised(drill), drill.stack.log()

    load = Load("pg", first_chat=7201)
    async with httpx.AsyncClient(base_url=drill.base_url, timeout=30) as client:
        # A fast shutdown (every connection closed), 3 s down, then the same data back.
        await load.run_around(client, server, lambda: private_postgres.restart(3.0))
    await _assert_each_answered_once(drill, load, server, web_answer, telegram_answer)
    _assert_nothing_restarted(drill, before, log_before)
    assert private_postgres.restarts == 1
    # Writes met the restart and were retried (bot/store/retry.py), not merely avoided.
    assert "Database unavailable" in _gateway_log(drill), "no store write was retried"
