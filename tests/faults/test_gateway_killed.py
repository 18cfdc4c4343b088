"""Drill: the gateway is SIGKILLed mid-turn; its pending messages are answered exactly once.

Rasa is paused (SIGSTOP) so that several citizens' messages are stored and in flight,
then the gateway is killed and Rasa resumed. The supervisor restarts the gateway; the
pages retry their messages with the same ``message_id`` (a duplicate, not a second turn)
and the recovery sweep answers each stored message once, through the web outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid

import httpx

from tests.faults.conftest import Drill, ask, new_sender, text_of, updates_until

QUESTION = "apa syarat membuat KTP-el?"
CITIZENS = 5
ANSWERED_WITHIN_S = 90.0


async def _count_received(drill: Drill, senders: list[str]) -> int:
    rows = [await drill.inbound(sender) for sender in senders]
    return sum(1 for found in rows for row in found if row["state"] == "received")


async def test_gateway_killed_pending_messages_answered_exactly_once(drill: Drill) -> None:
    async with httpx.AsyncClient(base_url=drill.base_url, timeout=30) as client:
        code, healthy, _ = await ask(client, new_sender("warm"), QUESTION)
        assert code == 200
        expected = healthy[0]["text"]

        senders = [new_sender("gw-kill") for _ in range(CITIZENS)]
        ids = {sender: uuid.uuid4().hex for sender in senders}
        rasa = drill.rasa()
        gateway = drill.gateway()
        rasa.suspend()
        try:
            in_flight = [
                asyncio.create_task(ask(client, s, QUESTION, message_id=ids[s])) for s in senders
            ]
            deadline = time.monotonic() + 10
            while await _count_received(drill, senders) < CITIZENS:
                assert time.monotonic() < deadline, "messages were not stored in time"
                await asyncio.sleep(0.2)
            gateway.kill()
            gateway.wait(timeout=10)
        finally:
            rasa.resume()
        for task in in_flight:  # the connections died with the gateway
            with contextlib.suppress(httpx.HTTPError):
                await task

        drill.wait_restarted("gateway", timeout_s=120)
        # The pages retry with the same message id: stored already, not processed again.
        retries = await asyncio.gather(*(ask(client, s, QUESTION, ids[s]) for s in senders))
        for code, messages, _ in retries:
            assert code == 200 and messages == [], messages

        seen = await asyncio.gather(
            *(
                updates_until(
                    client, s, lambda got: expected in text_of(got), timeout_s=ANSWERED_WITHIN_S
                )
                for s in senders
            )
        )
        for sender, messages in zip(senders, seen, strict=True):
            assert expected in text_of(messages), (sender, messages, drill.stack.log())

        await asyncio.sleep(4)  # several more sweeps: nothing may be answered twice
        for sender in senders:
            inbound = await drill.inbound(sender)
            assert [row["state"] for row in inbound] == ["answered"], (sender, inbound)
            response = await client.get("/api/chat/updates", params={"sender_id": sender})
            delivered = response.json()["messages"]
            stored = await drill.outbound_count(sender)
            assert len(delivered) == stored, (sender, delivered, stored)
            assert sum(m["text"] == expected for m in delivered) == 1, (sender, delivered)
