"""The running channel purges expired delivery state, and an expired button is answered."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from bot.settings import GatewaySettings
from bot.store.models import CallbackPayload, InboundUpdate, OutboxMessage, utcnow
from bot.telegram import TelegramConfig, texts
from tests.bot.telegram.conftest import Harness
from tests.bot.telegram.helpers import rasa_reply
from tests.helpers.fake_telegram import updates

LONG_PAYLOAD = '/inform{"service":"akta_kelahiran","variant":"terlambat_lebih_dari_60_hari"}'
DAY_S = 86400.0


async def count(harness: Harness, model: type) -> int:
    async with harness.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def backdate(harness: Harness, days: float) -> None:
    past = utcnow() - timedelta(days=days)
    async with harness.sessions.begin() as session:
        await session.execute(update(InboundUpdate).values(received_at=past))
        await session.execute(update(OutboxMessage).values(created_at=past))
        await session.execute(update(CallbackPayload).values(last_used_at=past))


@pytest.mark.parametrize(
    "rasa_handler",
    [rasa_reply(text="Pilih:", buttons=[{"title": "Akta terlambat", "payload": LONG_PAYLOAD}])],
)
async def test_the_gateway_purges_old_state_and_an_expired_button_gets_a_polite_answer(
    harness: Harness,
) -> None:
    fake = harness.fake
    retention = {
        "update_retention_s": 3 * DAY_S,
        "outbox_retention_s": 7 * DAY_S,
        "callback_retention_s": 90 * DAY_S,
        "retention_interval_s": 0.2,
    }
    async with harness.channel(**retention):
        fake.push(updates.text_message(401, "akta"))
        await fake.wait_for(lambda: fake.sent(401))
        data = fake.sent(401)[0].reply_markup["inline_keyboard"][0][0]["callback_data"]  # type: ignore[index]
        assert data.startswith("~")
        await asyncio.sleep(1.0)  # purges ran: nothing is old enough yet
        assert (await count(harness, InboundUpdate), await count(harness, OutboxMessage)) == (1, 1)
        assert await count(harness, CallbackPayload) == 1
        # A reply Telegram keeps refusing with 5xx stays pending, however old it gets.
        harness.rasa_handler = rasa_reply(text="Halo!")
        fake.inject("sendMessage", 502, "Bad Gateway", chat_id=402, times=1000)
        fake.push(updates.text_message(402, "halo"))
        await fake.wait_for(lambda: fake.calls_of("sendMessage", 402))
        await backdate(harness, days=100)
        await asyncio.sleep(1.5)
        # Processed updates, the sent reply and the unused payload are gone.
        assert await count(harness, CallbackPayload) == 0
        assert await count(harness, InboundUpdate) == 0
        async with harness.sessions() as session:
            query = select(OutboxMessage.sender_id, OutboxMessage.state)
            kept = (await session.execute(query)).all()
        assert [(sender, str(state)) for sender, state in kept] == [("402", "pending")]
        fake.push(updates.callback_query(401, data))  # the button on the old message
        await fake.wait_for(lambda: fake.calls_of("answerCallbackQuery"))
        await asyncio.sleep(0.5)
    [answer] = fake.calls_of("answerCallbackQuery")
    assert answer.params["text"] == texts.BUTTON_EXPIRED
    assert "Mohon maaf" in texts.BUTTON_EXPIRED and len(texts.BUTTON_EXPIRED) <= 200
    assert len(fake.sent(401)) == 1  # nothing sent for it, and no crash
    assert [c["message"] for c in harness.rasa_calls] == ["akta", "halo"]


def test_retention_settings_reach_the_channel_and_have_safe_lower_bounds(sqlite_url: str) -> None:
    settings = GatewaySettings(
        database_url=sqlite_url,
        telegram_bot_token="123:abc",
        telegram_update_retention_days=2,
        telegram_outbox_retention_days=14,
        telegram_callback_retention_days=30,
        telegram_retention_interval_s=600,
    )
    config = TelegramConfig.from_settings(settings)
    assert config is not None
    assert (config.update_retention_s, config.outbox_retention_s) == (2 * DAY_S, 14 * DAY_S)
    assert (config.callback_retention_s, config.retention_interval_s) == (30 * DAY_S, 600)
    defaults = TelegramConfig.from_settings(
        GatewaySettings(database_url=sqlite_url, telegram_bot_token="123:abc")
    )
    assert defaults is not None and defaults.callback_retention_s == 90 * DAY_S
    for name, value in (
        ("telegram_update_retention_days", 0.5),  # shorter than Telegram's redelivery
        ("telegram_callback_retention_days", 1),
    ):
        with pytest.raises(ValueError, match=name):
            GatewaySettings(database_url=sqlite_url, **{name: value})
