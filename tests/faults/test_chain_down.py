"""Drills: Rasa or the action server killed while citizens write on the web channel.

Every citizen gets the Indonesian disruption notice at once, and once the supervisor has
restarted the dead part, every stored message is answered: the web page receives the
real answer through ``GET /api/chat/updates`` (the gateway's recovery sweep).
"""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.faults.conftest import Drill, ask, new_sender, text_of, updates_until

QUESTION = "apa syarat membuat KTP-el?"
CITIZENS = 6
NOTICE_WITHIN_S = 5.0
ANSWERED_WITHIN_S = 150.0


async def _drill(drill: Drill, victim: str) -> None:
    async with httpx.AsyncClient(base_url=drill.base_url, timeout=30) as client:
        code, healthy, _ = await ask(client, new_sender("warm"), QUESTION)
        assert code == 200, healthy
        expected = healthy[0]["text"]
        assert "KTP-el" in expected

        process = drill.rasa() if victim == "rasa" else drill.actions()
        process.kill()
        process.wait(timeout=10)

        # Two waves: right after the kill, and while the supervisor is restarting it.
        senders = [new_sender(f"{victim}-down") for _ in range(CITIZENS)]
        first = await asyncio.gather(*(ask(client, s, QUESTION) for s in senders[:3]))
        await asyncio.sleep(1.0)
        second = await asyncio.gather(*(ask(client, s, QUESTION) for s in senders[3:]))
        noticed = []
        for index, (sender, (code, messages, elapsed)) in enumerate(
            zip(senders, first + second, strict=True)
        ):
            reply = text_of(messages)
            assert code == 200, (sender, messages)
            assert elapsed < NOTICE_WITHIN_S, f"{sender}: reply after {elapsed:.1f} s"
            if index >= 3 and expected in reply:
                continue  # the second wave may find the part restarted already: answered
            assert "gangguan" in reply and "tersimpan" in reply, reply
            noticed.append(sender)
        assert senders[:3] == noticed[:3], "the first wave, right after the kill, got no notice"

        # Nothing lost: every message is stored and waits for an answer.
        for sender in senders:
            states = [row["state"] for row in await drill.inbound(sender)]
            assert states in (["failed"], ["answered"]), (sender, states)

        started = time.monotonic()
        seen = await asyncio.gather(
            *(
                updates_until(
                    client, s, lambda got: expected in text_of(got), timeout_s=ANSWERED_WITHIN_S
                )
                for s in noticed
            )
        )
        waited = time.monotonic() - started
        for sender, messages in zip(noticed, seen, strict=True):
            assert expected in text_of(messages), (
                f"{sender} got no answer in {waited:.0f} s: {messages}\n{drill.stack.log()}"
            )
            states = [row["state"] for row in await drill.inbound(sender)]
            assert states == ["answered"], (sender, states)
        assert f"{victim} is back" in drill.stack.log()

        # And the chain works normally again.
        code, after, _ = await ask(client, new_sender("after"), QUESTION)
        assert code == 200 and after[0]["text"] == expected


async def test_rasa_killed_every_message_answered_after_restart(drill: Drill) -> None:
    await _drill(drill, "rasa")


async def test_action_server_killed_every_message_answered_after_restart(drill: Drill) -> None:
    await _drill(drill, "actions")
