"""A gateway replica for the crash test: ``python -m tests.bot.telegram.crash_replica DB API``.

Its fake Rasa never answers the message "macet", so the test can SIGKILL it mid-turn.
"""

from __future__ import annotations

import asyncio
import json
import sys

import httpx

from bot.conversation import ConversationService
from bot.rasa_client import RasaClient
from bot.store import SqlConversationStore, create_engine, create_schema, create_session_factory
from bot.telegram import TelegramChannel, TelegramConfig

TOKEN = "123456:TEST-token-SECRET"


async def _rasa(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    if body["message"] == "macet":
        print("STUCK", flush=True)
        await asyncio.sleep(3600)
    return httpx.Response(200, json=[{"text": body["message"]}])


async def main(database_url: str, api_base_url: str) -> None:
    engine = create_engine(database_url)
    await create_schema(engine)
    sessions = create_session_factory(engine)
    store = SqlConversationStore(sessions, outbox_channels=["telegram"])
    rasa = httpx.AsyncClient(transport=httpx.MockTransport(_rasa), base_url="http://rasa.test")
    config = TelegramConfig(token=TOKEN, api_base_url=api_base_url, poll_timeout_s=1)
    channel = TelegramChannel(
        config, conversations=ConversationService(store, RasaClient(rasa)), store=store,
        sessions=sessions,
    )  # fmt: skip
    await channel.start()
    await channel.ready.wait()
    print("READY", flush=True)
    await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
