"""The outbox dispatcher when the Bot API refuses a message with 400.

"message is too long" (Telegram counts UTF-16 units after parsing entities, so a text our
splitter thought short enough can still be refused) and "can't parse entities" must not
lose the reply: it is re-split or resent as plain text, reaches the citizen exactly once,
and a retry after a later failure resumes at the same piece.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.store.models import OutboxMessage, OutboxState
from bot.telegram.render import PARTS_KEY
from tests.bot.telegram.conftest import Harness
from tests.bot.telegram.helpers import pending_outbox, rasa_reply, stored_messages
from tests.helpers.fake_telegram import updates

PARAGRAPHS = [f"Paragraf {i}: " + ("persyaratan " * 60).strip() for i in range(4)]
ANSWER = "\n\n".join(PARAGRAPHS)  # about 2,900 characters: one message normally
BUTTONS = [{"title": "Lihat biaya", "payload": '/ask_cost{"service":"ktp_el"}'}]
TOO_LONG = "Bad Request: message is too long"
ENTITIES = 'Bad Request: can\'t parse entities: unsupported start tag "x" at byte offset 3'


async def outbox_rows(harness: Harness) -> list[OutboxMessage]:
    async with harness.sessions() as session:
        return list((await session.scalars(select(OutboxMessage))).all())


@pytest.mark.parametrize("rasa_handler", [rasa_reply(text=ANSWER, buttons=BUTTONS)])
async def test_a_message_refused_as_too_long_is_split_and_delivered_once(
    harness: Harness,
) -> None:
    fake = harness.fake
    fake.inject("sendMessage", 400, TOO_LONG, chat_id=301)
    async with harness.channel():
        fake.push(updates.text_message(301, "syarat KTP-el lengkap"))
        await fake.wait_for(lambda: len(fake.sent(301)) >= 2)
        await asyncio.sleep(1.5)  # a wrong retry or a duplicate would show up now
    sent = fake.sent(301)
    statuses = [c.status for c in fake.calls_of("sendMessage", 301)]
    assert statuses == [400] + [200] * len(sent)  # one refusal, then each piece once
    assert "\n\n".join(m.text for m in sent) == ANSWER  # nothing lost, nothing repeated
    assert all(len(m.text) <= len(ANSWER) // 2 for m in sent)
    assert [m.reply_markup is not None for m in sent] == [False] * (len(sent) - 1) + [True]
    [row] = await outbox_rows(harness)
    assert row.state is OutboxState.SENT and len(row.payload[PARTS_KEY]) == len(sent)
    assert (await stored_messages(harness.sessions, 301))[0][2] == "answered"


@pytest.mark.parametrize("rasa_handler", [rasa_reply(text=ANSWER)])
async def test_a_failure_after_the_split_resumes_at_the_next_piece(harness: Harness) -> None:
    fake = harness.fake
    fake.inject("sendMessage", 400, TOO_LONG, chat_id=302)
    # The first piece goes out, the second meets a flood wait, then a server error.
    fake.inject("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1,
                chat_id=302, skip=1)  # fmt: skip
    fake.inject("sendMessage", 502, "Bad Gateway", chat_id=302)
    async with harness.channel():
        fake.push(updates.text_message(302, "syarat"))
        await fake.wait_for(lambda: "\n\n".join(fake.texts(302)) == ANSWER, timeout=20)
        await asyncio.sleep(1.5)
    statuses = [c.status for c in fake.calls_of("sendMessage", 302)]
    assert statuses[:4] == [400, 200, 429, 502] and set(statuses[4:]) == {200}
    texts = fake.texts(302)
    assert len(texts) == len(set(texts)) >= 2  # no piece twice
    assert "\n\n".join(texts) == ANSWER
    assert await pending_outbox(harness.sessions) == 0


CITIZEN_MARKUP = "<b>tebal</b> & <i>miring"


@pytest.mark.parametrize("rasa_handler", [rasa_reply(text=CITIZEN_MARKUP)])
async def test_a_message_whose_entities_are_refused_is_resent_as_plain_text(
    harness: Harness,
) -> None:
    fake = harness.fake
    fake.inject("sendMessage", 400, ENTITIES, chat_id=303)
    async with harness.channel():
        fake.push(updates.text_message(303, "satu"))
        await fake.wait_for(lambda: fake.sent(303))
        fake.push(updates.text_message(303, "dua"))
        await fake.wait_for(lambda: len(fake.sent(303)) == 2)
        await asyncio.sleep(1.0)
    calls = fake.calls_of("sendMessage", 303)
    assert [c.status for c in calls] == [400, 200, 200]
    assert calls[0].params.get("parse_mode") == "HTML"
    assert "parse_mode" not in calls[1].params  # the fallback: plain text
    assert calls[1].params["text"] == CITIZEN_MARKUP
    assert calls[2].params.get("parse_mode") == "HTML"  # only that message fell back
    assert fake.texts(303) == [CITIZEN_MARKUP, CITIZEN_MARKUP]  # shown literally, once each


@pytest.mark.parametrize(
    "rasa_handler",
    [rasa_reply(text="Denah kantor 🏢 " * 60, image="https://e.id/denah.png", buttons=BUTTONS)],
)
async def test_a_caption_refused_as_too_long_becomes_a_photo_and_a_message(
    harness: Harness,
) -> None:
    fake = harness.fake
    fake.inject("sendPhoto", 400, "Bad Request: message caption is too long", chat_id=304)
    async with harness.channel():
        fake.push(updates.text_message(304, "denah"))
        await fake.wait_for(lambda: len(fake.sent(304)) == 2)
        await asyncio.sleep(1.0)
    photo, message = fake.sent(304)
    assert photo.method == "sendPhoto" and photo.text == "" and photo.reply_markup is None
    assert message.method == "sendMessage" and message.text == ("Denah kantor 🏢 " * 60).strip()
    assert message.reply_markup is not None
    assert [c.status for c in fake.calls_of("sendPhoto", 304)] == [400, 200]


async def test_a_400_without_a_fallback_drops_the_row_and_the_chat_goes_on(
    harness: Harness,
) -> None:
    fake = harness.fake
    fake.inject("sendMessage", 400, "Bad Request: chat not found", chat_id=305)
    async with harness.channel():
        fake.push(updates.text_message(305, "satu"))
        await fake.wait_for(lambda: fake.calls_of("sendMessage", 305))
        fake.push(updates.text_message(305, "dua"))
        await fake.wait_for(lambda: fake.sent(305))
        await asyncio.sleep(1.0)
    assert fake.texts(305) == ["dua"]
    states = sorted(str(row.state) for row in await outbox_rows(harness))
    assert states == ["dropped", "sent"]
