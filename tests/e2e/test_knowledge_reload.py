"""A service unit edits its file while the assistant runs: live in seconds, bad edits kept out."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from tools.stack import RunningStack


def ask(stack: RunningStack, text: str, sender: str) -> str:
    response = httpx.post(
        f"{stack.base_url}/api/chat", json={"sender_id": sender, "text": text}, timeout=30
    )
    assert response.status_code == 200, response.text
    return "\n".join(message["text"] for message in response.json()["messages"])


def test_cost_change_is_answered_within_seconds_and_broken_edit_keeps_last_good(
    stack: RunningStack, kb_copy: Path
) -> None:
    skck = kb_copy / "services" / "polres" / "skck.yaml"
    original = skck.read_text()
    assert "jumlah: 30000" in original
    assert "Rp30.000" in ask(stack, "berapa biaya bikin skck?", "reload-1")

    skck.write_text(original.replace("jumlah: 30000", "jumlah: 35000"))
    time.sleep(2)
    assert "Rp35.000" in ask(stack, "berapa biaya bikin skck?", "reload-2")

    skck.write_text(original.replace("jumlah: 30000", "jumlah: 35000") + "\npersyaratan: [\n")
    time.sleep(2)
    answer = ask(stack, "berapa biaya bikin skck?", "reload-3")
    assert "Rp35.000" in answer  # the last good knowledge keeps answering
    log = (stack.log_dir / "actions.log").read_text(errors="replace")
    assert "skck.yaml" in log  # the broken file is named in the action server's log
    skck.write_text(original)
