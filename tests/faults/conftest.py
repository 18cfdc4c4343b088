"""Fixtures of the fault drills: whole assistants on free loopback ports.

A stack is ``python -m bot.run`` (what ``make run`` runs), started through
:func:`tools.stack.start_stack` with a fresh Postgres database of its own. Drills break one
part on purpose and check what citizens see and what the conversation store holds. The
drills that kill or slow a supervised part share one stack (``drill``, package scope);
the Redis and Postgres drills share another, on private servers (test_backing_services).
The recovery sweeps (``bot/recovery.py`` and Telegram's) run every second in the drills.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil
import pytest

from bot.supervisor.training import ensure_model
from tools.stack import RunningStack, free_ports, start_stack, wait_for_output

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"

# The sweep looks every second; a failed message is retried after 1 s, an interrupted
# turn after 5 s (longer than any turn takes while Rasa is healthy).
DRILL_ENV = {
    "GATEWAY_RECOVERY_INTERVAL_S": "1",
    "GATEWAY_RECOVERY_FAILED_AFTER_S": "1",
    "GATEWAY_RECOVERY_AFTER_S": "5",
}


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model for the current NLU inputs (trained once if missing)."""
    return ensure_model(quiet=True)


class Drill:
    """A running stack plus helpers to break it and to look inside its database."""

    def __init__(self, stack: RunningStack, dsn: str, status_url: str) -> None:
        self.stack = stack
        self.dsn = dsn
        self.status_url = status_url

    @property
    def base_url(self) -> str:
        return self.stack.base_url

    def child(self, match: Callable[[list[str]], bool]) -> psutil.Process:
        """The supervised process whose command line matches (Rasa, actions, gateway ...)."""
        for proc in self.stack.descendants():
            try:
                if match(proc.cmdline()):
                    return proc
            except psutil.Error:
                continue
        raise AssertionError(f"process not found among {self.stack.descendants()}")

    def rasa(self) -> psutil.Process:
        return self.child(
            lambda argv: (
                argv[1:3] == ["-m", "tanya_nlu.rasa_server"]
                or (any(a.endswith("/rasa") for a in argv) and "run" in argv)
            )
        )

    def actions(self) -> psutil.Process:
        return self.child(lambda argv: argv[1:3] == ["-m", "actions"])

    def gateway(self) -> psutil.Process:
        return self.child(lambda argv: argv[1:3] == ["-m", "bot"])

    def wait_restarted(self, name: str, count: int = 1, timeout_s: float = 180.0) -> None:
        """Wait until the supervisor reported ``name`` back ``count`` times."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.stack.log().count(f"{name} is back") >= count:
                return
            if self.stack.process.poll() is not None:
                break
            time.sleep(0.25)
        raise AssertionError(f"{name} not restarted in {timeout_s:.0f} s:\n{self.stack.log()}")

    async def query(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        connection = await asyncpg.connect(self.dsn)
        try:
            return await connection.fetch(sql, *args)
        finally:
            await connection.close()

    async def inbound(self, sender_id: str) -> list[asyncpg.Record]:
        """The citizen's stored messages with their state (lower case), oldest first."""
        return await self.query(
            "SELECT m.id, m.text, lower(m.state) AS state, m.external_id FROM messages m "
            "JOIN conversations c ON c.id = m.conversation_id "
            "WHERE c.channel = 'web' AND c.sender_id = $1 "
            "AND lower(m.direction) IN ('in', 'inbound') ORDER BY m.id",
            sender_id,
        )

    async def outbound_count(self, sender_id: str) -> int:
        rows = await self.query(
            "SELECT count(*) AS n FROM messages m JOIN conversations c "
            "ON c.id = m.conversation_id WHERE c.channel = 'web' AND c.sender_id = $1 "
            "AND lower(m.direction) IN ('out', 'outbound')",
            sender_id,
        )
        return int(rows[0]["n"])


def start_drill_stack(
    work_dir: Path, database_url: str, extra_env: dict[str, str] | None = None
) -> tuple[RunningStack, int]:
    """Start a whole assistant for drills; return it and its status simulator's port.

    Healthy is not enough: the supervisor restarts dead parts only once it has finished
    starting them all and printed the URLs, so this waits for that line too.
    """
    gateway, rasa, actions, status = free_ports(4)
    stack = start_stack(
        work_dir,
        gateway_port=gateway,
        rasa_port=rasa,
        actions_port=actions,
        status_port=status,
        database_url=database_url,
        extra_env={**DRILL_ENV, **(extra_env or {})},
        timeout_s=240,
    )
    if not wait_for_output(stack, "Tanya Layanan is running", timeout_s=60):
        stack.kill()
        raise RuntimeError(f"supervisor not watching:\n{stack.log()}")
    return stack, status


@pytest.fixture(scope="package")
def drill(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Drill]:
    """One whole assistant shared by the drills that break a supervised part.

    Shared rather than one per drill because starting a stack (mostly loading the Rasa
    model) is most of a drill's time. That is honest because no drill leaves the stack
    broken: each one ends by checking that the part it broke is back and answering, and
    each works with citizens (senders) of its own. The supervisor gives up on a part only
    after more than three restarts of that same part in five minutes; each drill restarts
    a different part once.
    """
    name = f"tanya_fault_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        stack, status = start_drill_stack(
            tmp_path_factory.mktemp("drill-stack"),
            f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}",
        )
        try:
            yield Drill(stack, f"postgresql://postgres@127.0.0.1:5432/{name}",
                        f"http://127.0.0.1:{status}")  # fmt: skip
        finally:
            with contextlib.suppress(Exception):  # on a timeout stop() killed it
                stack.stop(timeout=60)
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def new_sender(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def ask(
    client: httpx.AsyncClient, sender: str, text: str, message_id: str | None = None
) -> tuple[int, list[dict[str, Any]], float]:
    """POST /api/chat; return the status code, the messages and the seconds it took."""
    body: dict[str, Any] = {"sender_id": sender, "text": text}
    if message_id:
        body["message_id"] = message_id
    started = time.monotonic()
    response = await client.post("/api/chat", json=body)
    elapsed = time.monotonic() - started
    messages = response.json().get("messages", []) if response.status_code == 200 else []
    return response.status_code, messages, elapsed


async def updates_until(
    client: httpx.AsyncClient,
    sender: str,
    done: Callable[[list[dict[str, Any]]], bool],
    timeout_s: float,
) -> list[dict[str, Any]]:
    """Poll GET /api/chat/updates like the page does until ``done`` holds for all messages."""
    seen: list[dict[str, Any]] = []
    cursor = 0
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            response = await client.get(
                "/api/chat/updates", params={"sender_id": sender, "after": cursor}
            )
            if response.status_code == 200:
                body = response.json()
                seen.extend(body["messages"])
                cursor = body["cursor"]
                if done(seen):
                    return seen
        except httpx.HTTPError:
            pass  # the gateway may be restarting
        await asyncio.sleep(0.5)
    return seen


def text_of(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(m.get("text", "")) for m in messages)
