from sqlalchemy import select

from bot.console import texts
from bot.console.models import AuditEntry
from bot.store.models import Conversation, ConversationStatus
from tests.bot.console.conftest import ConsoleApp, csrf_of


async def _updates(app: ConsoleApp, sender: str, after: int = 0) -> dict[str, object]:
    response = await app.client.get(
        "/api/chat/updates", params={"sender_id": sender, "after": after}
    )
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


async def test_handoff_request_puts_the_conversation_in_the_queue(admin: ConsoleApp) -> None:
    replies = await admin.chat("saya mau bicara dengan petugas", sender_id="w1")
    # The assistant's words only: the bare custom payload is not shown, and the console
    # does not repeat who answers and when.
    assert [r["text"] for r in replies] == ["Baik, saya hubungkan dengan petugas."]
    queue = await admin.client.get("/operator/queue")
    assert "Menunggu petugas" in queue.text and "#1" in queue.text


async def test_a_handoff_without_words_gets_the_consoles_notice(admin: ConsoleApp) -> None:
    replies = await admin.chat("sambungkan ke operator", sender_id="w2")
    assert [r["text"] for r in replies] == [texts.WAITING_IN_HOURS]
    queue = await admin.client.get("/operator/queue")
    assert "Menunggu petugas" in queue.text


async def test_take_over_reply_and_hand_back(admin: ConsoleApp) -> None:
    await admin.chat("halo", sender_id="w1")
    page = await admin.client.get("/operator/conversations/1")
    token = csrf_of(page.text)

    taken = await admin.client.post(
        "/operator/conversations/1/takeover", data={"csrf_token": token}
    )
    assert taken.status_code == 303
    joined = await _updates(admin, "w1")
    assert "bergabung" in joined["messages"][0]["text"]  # type: ignore[index]

    # While an operator handles it, the citizen's message goes to the operator, not Rasa.
    assert await admin.chat("tolong dibantu", sender_id="w1") == []
    page = await admin.client.get("/operator/conversations/1")
    assert "tolong dibantu" in page.text and "Kirim balasan" in page.text

    sent = await admin.client.post(
        "/operator/conversations/1/reply", data={"csrf_token": token, "text": "Baik, saya bantu."}
    )
    assert sent.status_code == 303
    update = await _updates(admin, "w1", int(joined["cursor"]))  # type: ignore[arg-type]
    assert update["messages"] == [{"text": "Baik, saya bantu.", "buttons": [], "from": "operator"}]

    back = await admin.client.post("/operator/conversations/1/release", data={"csrf_token": token})
    assert back.status_code == 303
    left = await _updates(admin, "w1", int(update["cursor"]))  # type: ignore[arg-type]
    assert "asisten virtual" in left["messages"][0]["text"]  # type: ignore[index]
    # The assistant answers again.
    assert (await admin.chat("halo lagi", sender_id="w1"))[0]["text"] == "halo lagi"
    async with admin.console.sessions() as session:
        status = await session.scalar(select(Conversation.status))
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert status is ConversationStatus.BOT
    assert {"takeover", "reply", "release"} <= set(actions)


async def test_reply_needs_a_takeover_first(admin: ConsoleApp) -> None:
    await admin.chat("halo", sender_id="w1")
    page = await admin.client.get("/operator/conversations/1")
    sent = await admin.client.post(
        "/operator/conversations/1/reply", data={"csrf_token": csrf_of(page.text), "text": "hai"}
    )
    assert "Ambil+alih" in sent.headers["location"] or "Ambil%20alih" in sent.headers["location"]
    assert (await _updates(admin, "w1"))["messages"] == []
