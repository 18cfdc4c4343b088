"""A citizen on Telegram, through the real chain: fake Bot API → gateway → Rasa → actions → KB.

The real python-telegram-bot client in the gateway (``python -m bot.run``) polls the fake
Bot API server on loopback; nothing is mocked behind it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.helpers.fake_telegram import FakeTelegramServer, updates
from tests.helpers.stack import RunningStack, free_ports, start_stack
from tools.databases import scratch_database

REPO = Path(__file__).resolve().parents[2]
TOKEN = "987654:E2E-telegram-TOKEN-value"


@pytest.fixture(scope="module")
def fake_bot_api() -> Iterator[FakeTelegramServer]:
    with FakeTelegramServer(TOKEN) as server:
        yield server


@pytest.fixture(scope="module")
def telegram_stack(
    trained_model: Path, fake_bot_api: FakeTelegramServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningStack]:
    with scratch_database("tanya_e2e_telegram") as database_url:
        running = _start(tmp_path_factory, fake_bot_api, database_url)
        yield running
        running.stop()


def _start(
    tmp_path_factory: pytest.TempPathFactory,
    fake_bot_api: FakeTelegramServer,
    database_url: str,
) -> RunningStack:
    gateway, rasa, actions, status = free_ports(4)
    return start_stack(
        tmp_path_factory.mktemp("telegram-stack"),
        gateway_port=gateway,
        rasa_port=rasa,
        actions_port=actions,
        status_port=status,
        database_url=database_url,
        extra_env={
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": fake_bot_api.base_url,
            "TELEGRAM_POLL_TIMEOUT_S": "2",
        },
    )


def kb_requirements(service_id: str) -> list[str]:
    """The requirement list exactly as the service unit wrote it in its YAML file."""
    path = next((REPO / "knowledge_base" / "services").glob(f"*/{service_id}.yaml"))
    return list(yaml.safe_load(path.read_text())["persyaratan"])


def test_a_telegram_question_is_answered_from_the_knowledge_base(
    telegram_stack: RunningStack, fake_bot_api: FakeTelegramServer
) -> None:
    fake_bot_api.push(updates.text_message(5001, "apa syarat membuat KTP-el?"))
    fake_bot_api.wait_for_sync(lambda: fake_bot_api.sent(5001), timeout=60)
    answer = "\n".join(fake_bot_api.texts(5001))
    for requirement in kb_requirements("ktp_el"):
        assert requirement in answer
    assert fake_bot_api.calls_of("sendChatAction", 5001)


def test_a_command_and_a_duplicate_are_answered_once_and_the_token_is_not_logged(
    telegram_stack: RunningStack, fake_bot_api: FakeTelegramServer
) -> None:
    update_id = fake_bot_api.push(updates.text_message(5002, "/layanan"))
    fake_bot_api.wait_for_sync(lambda: fake_bot_api.sent(5002), timeout=60)
    first = _settled(fake_bot_api, 5002)
    fake_bot_api.push(updates.text_message(5002, "/layanan"), update_id=update_id)
    fake_bot_api.push(updates.media_message(5002, "voice"))
    fake_bot_api.wait_for_sync(
        lambda: any("pesan suara" in t for t in fake_bot_api.texts(5002)), timeout=60
    )
    texts = _settled(fake_bot_api, 5002)
    assert texts[: len(first)] == first and len(texts) == len(first) + 1
    assert "pesan suara" in texts[-1]
    logs = telegram_stack.log() + "".join(
        path.read_text(errors="replace") for path in telegram_stack.log_dir.glob("*")
    )
    assert TOKEN not in logs and TOKEN.split(":")[1] not in logs


def _settled(fake: FakeTelegramServer, chat_id: int, quiet_s: float = 3.0) -> list[str]:
    """The chat's texts once nothing new arrived for ``quiet_s`` (replies go 1 per second)."""
    seen = -1
    while len(fake.sent(chat_id)) != seen:
        seen = len(fake.sent(chat_id))
        time.sleep(quiet_s)
    return fake.texts(chat_id)
