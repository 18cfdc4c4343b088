"""The channel wired into the real gateway (build_application): webhook and polling."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from bot.app import build_application
from bot.logging_setup import configure_logging
from bot.settings import GatewaySettings
from bot.telegram import TelegramConfigError
from tests.bot.telegram.conftest import TOKEN, WEBHOOK_SECRET, bound_socket, serve_on
from tests.helpers.fake_telegram import FakeTelegramServer, updates


def gateway_settings(fake: FakeTelegramServer, sqlite_url: str, **extra: object) -> GatewaySettings:
    return GatewaySettings(
        database_url=sqlite_url,
        rasa_url=fake.base_url,  # the fake server also plays an echoing Rasa
        actions_url=fake.base_url,
        telegram_bot_token=TOKEN,
        telegram_api_base_url=fake.base_url,
        telegram_poll_timeout_s=1,
        **extra,  # type: ignore[arg-type]
    )


async def test_webhook_mode_accepts_only_the_right_secret(
    fake_telegram: FakeTelegramServer, sqlite_url: str
) -> None:
    sock = bound_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/telegram/webhook"
    app: FastAPI = build_application(
        gateway_settings(
            fake_telegram,
            sqlite_url,
            telegram_mode="webhook",
            telegram_webhook_url=url,
            telegram_webhook_secret=WEBHOOK_SECRET,
        )
    )
    async with serve_on(app, sock):
        await fake_telegram.wait_for(lambda: fake_telegram.webhook[0] == url)
        assert fake_telegram.webhook == (url, WEBHOOK_SECRET)
        # Right secret: Telegram (the fake) pushes with it; the citizen is answered.
        fake_telegram.push(updates.text_message(301, "syarat paspor?"))
        await fake_telegram.wait_for(lambda: fake_telegram.texts(301) == ["syarat paspor?"])
        assert fake_telegram.webhook_deliveries[0][1] == 200
        body = updates.text_message(302, "halo") | {"update_id": 99}
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                url, json=body, headers={"X-Telegram-Bot-Api-Secret-Token": "tebakan"}
            )
            missing = await client.post(url, json=body)
            bad = await client.post(
                url, content=b"[1]", headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
            )
        assert (wrong.status_code, missing.status_code, bad.status_code) == (403, 403, 400)
    assert fake_telegram.sent(302) == []
    assert not fake_telegram.calls_of("getUpdates")


async def test_polling_gateway_answers_delivers_and_never_logs_the_token(
    fake_telegram: FakeTelegramServer,
    sqlite_url: str,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in (
        "httpx",
        "httpcore",
        "telegram.Bot",
        "telegram.ext.ExtBot",
        "telegram.ext.Application",
        "aiosqlite",
    ):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.getLogger(name).level)
    configure_logging("DEBUG")
    caplog.set_level(logging.DEBUG)
    app = build_application(gateway_settings(fake_telegram, sqlite_url))
    sock = bound_socket()
    async with serve_on(app, sock) as base_url:
        fake_telegram.push(updates.text_message(303, "NIK saya 3171234567890001"))
        await fake_telegram.wait_for(lambda: fake_telegram.sent(303))
        # Operator replies and notifications reach Telegram citizens through the router.
        await app.state.delivery.deliver("telegram", "303", [{"text": "Halo, saya petugas."}])
        await fake_telegram.wait_for(lambda: len(fake_telegram.sent(303)) == 2)
        async with httpx.AsyncClient() as client:
            assert (await client.post(f"{base_url}/telegram/webhook")).status_code == 404
    assert fake_telegram.texts(303)[1] == "Halo, saya petugas."
    assert fake_telegram.calls_of("getUpdates") and fake_telegram.calls_of("deleteWebhook")
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text
    assert "3171234567890001" not in caplog.text


def test_webhook_mode_without_a_secret_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    settings = GatewaySettings(
        database_url=sqlite_url,
        telegram_bot_token=TOKEN,
        telegram_mode="webhook",
        telegram_webhook_url="https://bot.example.go.id/telegram/webhook",
    )
    with pytest.raises(TelegramConfigError) as caught:
        build_application(settings)
    assert caught.value.field == "TELEGRAM_WEBHOOK_SECRET"


def test_without_a_token_the_channel_is_off(sqlite_url: str) -> None:
    app = build_application(GatewaySettings(database_url=sqlite_url))
    assert not any(getattr(r, "path", "") == "/telegram/webhook" for r in app.routes)
