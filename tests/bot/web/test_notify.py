import httpx

from tests.bot.console.conftest import ConsoleApp


async def test_notify_reaches_the_web_citizen_and_the_transcript(admin: ConsoleApp) -> None:
    await admin.chat("halo", sender_id="w9")
    body = {"conversation_id": "web:w9", "messages": [{"text": "Permohonan Anda selesai."}]}
    response = await admin.client.post("/internal/notify", json=body)
    assert response.status_code == 200
    assert response.json() == {"delivered": 1, "known_conversation": True}
    updates = await admin.client.get("/api/chat/updates", params={"sender_id": "w9"})
    assert updates.json()["messages"][0]["text"] == "Permohonan Anda selesai."
    page = await admin.client.get("/operator/conversations/1")
    assert "Permohonan Anda selesai." in page.text


async def test_notify_refuses_proxied_and_bad_requests(admin: ConsoleApp) -> None:
    body = {"conversation_id": "web:w9", "messages": [{"text": "x"}]}
    proxied = await admin.client.post(
        "/internal/notify", json=body, headers={"X-Forwarded-For": "1.2.3.4"}
    )
    assert proxied.status_code == 403
    transport = httpx.ASGITransport(app=admin.app, client=("203.0.113.5", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as outside:
        assert (await outside.post("/internal/notify", json=body)).status_code == 403
    bad = await admin.client.post("/internal/notify", json={"conversation_id": "web:w9"})
    assert bad.status_code == 422
    unknown = await admin.client.post(
        "/internal/notify", json={"conversation_id": "fax:1", "messages": [{"text": "x"}]}
    )
    assert unknown.status_code == 404


async def test_updates_validate_input(admin: ConsoleApp) -> None:
    assert (await admin.client.get("/api/chat/updates")).status_code == 422
    empty = await admin.client.get("/api/chat/updates", params={"sender_id": "nobody"})
    assert empty.json() == {"messages": [], "cursor": 0}
