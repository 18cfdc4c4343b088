"""A citizen's question answered through the real chain: gateway → Rasa → actions → KB."""

from __future__ import annotations

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
