import httpx
import pytest

from tests.bot.conftest import chat


async def test_message_is_answered_with_rasa_replies(gateway: httpx.AsyncClient) -> None:
    response = await gateway.post("/api/chat", json=chat("apa syarat membuat KTP-el?"))
    assert response.status_code == 200
    assert response.json() == {"messages": [{"text": "apa syarat membuat KTP-el?", "buttons": []}]}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"this is not json", 400, "invalid_json"),
        (b"[1, 2, 3]", 400, "invalid_json"),
        (b'{"sender_id": "a"}', 422, "invalid_field"),
        (b'{"text": "halo"}', 422, "invalid_field"),
        (b'{"sender_id": 5, "text": "halo"}', 422, "invalid_field"),
        (b'{"sender_id": "a", "text": ["halo"]}', 422, "invalid_field"),
        (b'{"sender_id": "a", "text": ""}', 422, "empty_text"),
        (b'{"sender_id": "a", "text": "   \\u0000 "}', 422, "empty_text"),
        (b'{"sender_id": "", "text": "halo"}', 422, "invalid_field"),
        (b'{"sender_id": "a", "text": "' + b"x" * 5000 + b'"}', 413, "text_too_long"),
        (b'{"sender_id": "a", "text": "' + b"x" * 100_000 + b'"}', 413, "too_large"),
    ],
)
async def test_bad_input_gets_a_clear_4xx(
    gateway: httpx.AsyncClient, body: bytes, status: int, code: str
) -> None:
    response = await gateway.post(
        "/api/chat", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    # The gateway keeps serving after bad input.
    ok = await gateway.post("/api/chat", json=chat("halo"))
    assert ok.status_code == 200


async def test_oversized_body_without_content_length_is_refused(
    gateway: httpx.AsyncClient,
) -> None:
    async def stream():  # type: ignore[no-untyped-def]
        for _ in range(200):
            yield b"x" * 1024

    response = await gateway.post("/api/chat", content=stream())
    assert response.status_code == 413


async def test_same_message_id_is_processed_once(gateway: httpx.AsyncClient) -> None:
    body = chat("halo") | {"message_id": "m-1"}
    first = await gateway.post("/api/chat", json=body)
    second = await gateway.post("/api/chat", json=body)
    assert first.json()["messages"]
    assert second.json() == {"messages": []}


def failing_rasa(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503, text="down")


def rasa_without_actions(request: httpx.Request) -> httpx.Response:
    """Rasa answering a turn whose custom action it could not reach (nothing to say)."""
    body = {"messages": [], "turn": None, "unreachable_actions": ["action_answer_requirements"]}
    return httpx.Response(200, json=body)


@pytest.mark.parametrize("rasa_handler", [failing_rasa, rasa_without_actions])
async def test_rasa_down_gets_a_polite_notice(gateway: httpx.AsyncClient) -> None:
    response = await gateway.post("/api/chat", json=chat("halo"))
    assert response.status_code == 200
    text = response.json()["messages"][0]["text"]
    assert "gangguan" in text and "tersimpan" in text


async def test_web_page_is_served(gateway: httpx.AsyncClient) -> None:
    response = await gateway.get("/")
    assert response.status_code == 200
    assert "Tanya Layanan" in response.text
    assert (await gateway.get("/static/chat.js")).status_code == 200
