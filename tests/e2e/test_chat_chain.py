"""A citizen's question answered through the real chain: gateway → Rasa → actions → KB."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import httpx
import yaml

from tools.stack import REPO_ROOT, RunningStack


def kb_requirements(service_id: str) -> list[str]:
    """The requirement list exactly as the service unit wrote it in its YAML file."""
    path = next((REPO_ROOT / "knowledge_base" / "services").glob(f"*/{service_id}.yaml"))
    return list(yaml.safe_load(path.read_text())["persyaratan"])


def ask(stack: RunningStack, text: str, sender: str) -> list[dict]:
    response = httpx.post(
        f"{stack.base_url}/api/chat", json={"sender_id": sender, "text": text}, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def test_requirements_question_is_answered_from_the_knowledge_base(stack: RunningStack) -> None:
    messages = ask(stack, "apa syarat membuat KTP-el?", "e2e-ktp")
    answer = "\n".join(message["text"] for message in messages)
    requirements = kb_requirements("ktp_el")
    assert requirements
    for requirement in requirements:
        assert requirement in answer
    assert "Informasi per" in answer


def test_other_services_answer_their_own_requirements(stack: RunningStack) -> None:
    for text, service_id in [
        ("syarat bikin kartu keluarga apa aja", "kartu_keluarga"),
        ("mau ngurus akte kelahiran anak, syaratnya apa ya?", "akta_kelahiran"),
    ]:
        answer = "\n".join(m["text"] for m in ask(stack, text, f"e2e-{service_id}"))
        assert kb_requirements(service_id)[0] in answer, answer


def test_health_names_every_component(stack: RunningStack) -> None:
    response = httpx.get(f"{stack.base_url}/healthz", timeout=10)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {"rasa", "actions", "database"} <= set(body["components"])
    assert set(body["components"].values()) == {"ok"}


def test_bad_input_against_the_running_gateway(stack: RunningStack) -> None:
    response = httpx.post(
        f"{stack.base_url}/api/chat",
        content=b"{not json",
        headers={"content-type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"
    assert ask(stack, "halo", "e2e-after-bad-input")


def test_what_rasa_understood_is_stored_with_the_message(
    stack: RunningStack, e2e_database_url: str
) -> None:
    """Rasa's turns channel reports intent, service and action; the console keeps them."""
    text = "kak syarat bikin e-ktp apa aja"
    ask(stack, text, "e2e-understood")
    query = (
        "SELECT a.intent, a.service_id, a.action, a.fallback FROM turn_annotations a "
        "JOIN messages m ON m.id = a.message_id WHERE m.text = $1"
    )
    rows = asyncio.run(_poll(e2e_database_url, query, text))
    assert [tuple(row) for row in rows] == [
        ("ask_requirements", "ktp_el", "action_answer_requirements", False)
    ]


def test_an_answer_the_knowledge_base_lacks_is_stored_as_a_gap(
    stack: RunningStack, e2e_database_url: str
) -> None:
    """NPWP has no ``perwakilan``: the answer says so, and the console counts a gap."""
    text = "saya kerja di luar kota, npwp bisa diurus istri saya?"
    reply = ask(stack, text, "e2e-gap")
    assert "belum tercatat" in str(reply), reply
    query = (
        "SELECT a.intent, a.knowledge_gap, a.fallback FROM turn_annotations a "
        "JOIN messages m ON m.id = a.message_id WHERE m.text = $1"
    )
    rows = asyncio.run(_poll(e2e_database_url, query, text))
    assert [tuple(row) for row in rows] == [("ask_representation", True, False)]


async def _poll(database_url: str, query: str, *args: object) -> list[asyncpg.Record]:
    """Rows of ``query`` once there are any (the annotation is written after the turn)."""
    dsn = database_url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    try:
        deadline = time.monotonic() + 15
        while True:
            rows = await connection.fetch(query, *args)
            if rows or time.monotonic() > deadline:
                return list(rows)
            await asyncio.sleep(0.2)
    finally:
        await connection.close()
