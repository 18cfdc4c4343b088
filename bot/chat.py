"""``make chat``: talk to the running assistant in the terminal, through the gateway."""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from typing import Any

import httpx

from bot.settings import get_settings


def render(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Print the replies; return their buttons, numbered from 1 in the printout."""
    buttons: list[dict[str, str]] = []
    for reply in replies:
        print(f"\nTanya Layanan: {reply.get('text', '')}")
        for button in reply.get("buttons") or []:
            buttons.append(button)
            print(f"  [{len(buttons)}] {button['title']}")
    print()
    return buttons


async def converse(base_url: str, sender_id: str) -> None:
    """Read lines from stdin and send them until EOF or ``/keluar``."""
    print(
        "Tanya Layanan (terminal). Ketik pertanyaan Anda; "
        "angka memilih tombol; /keluar untuk selesai.\n"
    )
    buttons: list[dict[str, str]] = []
    loop = asyncio.get_running_loop()
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        while True:
            line = await loop.run_in_executor(None, _prompt)
            if line is None or line.strip() in {"/keluar", "/quit"}:
                return
            text = line.strip()
            if not text:
                continue
            if text.isdigit() and 1 <= int(text) <= len(buttons):
                text = buttons[int(text) - 1]["payload"]
            try:
                response = await http.post("/api/chat", json={"sender_id": sender_id, "text": text})
            except httpx.HTTPError:
                print(f"Tidak bisa terhubung ke {base_url}. Sudahkah `make run` berjalan?\n")
                continue
            body = response.json()
            if response.status_code != 200:
                print(f"(galat) {body.get('error', {}).get('message', response.text)}\n")
                continue
            buttons = render(body.get("messages", []))


def _prompt() -> str | None:
    """Read one line; ``None`` at end of input."""
    try:
        return input("Anda: ")
    except EOFError:
        return None


def main() -> None:
    """Entry point of ``make chat``."""
    settings = get_settings()
    parser = argparse.ArgumentParser(description="Chat with Tanya Layanan in the terminal.")
    parser.add_argument(
        "--url", default=f"http://{settings.gateway_host}:{settings.gateway_port}", help="gateway"
    )
    args = parser.parse_args()
    try:
        asyncio.run(converse(args.url, f"terminal-{uuid.uuid4().hex[:8]}"))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
