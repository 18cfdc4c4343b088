"""The recovery sweep in-process (no stack): failed and interrupted messages, answered once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx

from bot.conversation import ConversationService
from bot.delivery import BaseOutboundChannel, DeliveryRouter
from bot.rasa_client import RasaClient
from bot.recovery import MessageRecoverySweep
from bot.store import SqlConversationStore, create_engine, create_schema, create_session_factory
from bot.texts import SERVICE_DISRUPTED


class Recorder(BaseOutboundChannel):
    name = "web"

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[dict[str, Any]]]] = []

    async def deliver(self, sender_id: str, messages: list[dict[str, Any]]) -> None:
        self.sent.append((sender_id, messages))


async def test_sweep_answers_failed_and_interrupted_messages_once(tmp_path: Path) -> None:
    rasa_up = False
    calls: list[str] = []

    def rasa(request: httpx.Request) -> httpx.Response:
        if not rasa_up:
            raise httpx.ConnectError("down", request=request)
        body = json.loads(request.content)
        calls.append(body["message"])
        return httpx.Response(200, json=[{"text": f"jawaban: {body['message']}"}])

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'sweep.db'}")
    await create_schema(engine)
    sessions = create_session_factory(engine)
    store = SqlConversationStore(sessions)
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(rasa), base_url="http://rasa.test"
    ) as http:
        service = ConversationService(store, RasaClient(http))
        recorder = Recorder()
        delivery = DeliveryRouter()
        delivery.register(recorder)
        sweep = MessageRecoverySweep(
            sessions, service, delivery, recovery_after_s=0, failed_after_s=0, interval_s=60
        )
        # Rasa down: the notice, the message stays stored as failed.
        assert await service.handle_message("web", "a", "halo") == [{"text": SERVICE_DISRUPTED}]
        # A crash mid-turn leaves a message "received".
        await store.record_inbound("web", "b", "apa kabar")
        # A Telegram message is left to the Telegram channel's own sweep.
        await store.record_inbound("telegram", "c", "tg")

        assert await sweep.sweep() == 0  # still down: nothing answered, nothing sent
        assert recorder.sent == []

        rasa_up = True
        results = await asyncio.gather(sweep.sweep(), sweep.sweep())
        assert sum(results) == 2
        assert sorted(recorder.sent) == [
            ("a", [{"text": "jawaban: halo", "buttons": []}]),
            ("b", [{"text": "jawaban: apa kabar", "buttons": []}]),
        ]
        assert sorted(calls) == ["apa kabar", "halo"]  # each asked once
        assert await sweep.sweep() == 0
    await engine.dispose()
