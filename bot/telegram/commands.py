"""Bot commands and the text each one sends to Rasa (Rasa knows no Telegram commands)."""

from __future__ import annotations

import json
import re
from typing import Final

# Command → what a citizen would have typed. /bantuan and /start get a greeting so that
# Rasa introduces itself; /selesai is the assistant's own end-of-conversation command.
COMMAND_TEXTS: Final = {
    "start": "halo",
    "bantuan": "halo, apa saja yang bisa dibantu?",
    "layanan": "daftar layanan",
    "status": "cek status permohonan",
    "operator": "saya ingin bicara dengan petugas",
    "selesai": "/selesai",
}

# Descriptions for setMyCommands (shown in Telegram's command menu).
COMMAND_DESCRIPTIONS: Final = {
    "start": "Mulai percakapan",
    "bantuan": "Apa yang bisa dibantu",
    "layanan": "Daftar layanan",
    "status": "Cek status permohonan",
    "operator": "Bicara dengan petugas",
    "selesai": "Akhiri percakapan",
}

# Deep links (t.me/<bot>?start=<payload>) carry a service id such as ``ktp_el``.
_SERVICE_ID = re.compile(r"^[a-z0-9_]{2,64}$")


def command_text(command: str, args: list[str]) -> str | None:
    """Return the text for Rasa of a command, or ``None`` for an unknown command.

    Args:
        command: The command without ``/`` and ``@botname``, e.g. ``layanan``.
        args: The words after the command; for ``/start`` the deep-link payload.

    Returns:
        The text to send to Rasa. A ``/start`` deep link with a service id asks for that
        service's requirements through Rasa's intent syntax, bypassing NLU.
    """
    command = command.lower()
    if command == "start" and args and _SERVICE_ID.match(args[0].lower()):
        service = args[0].lower()
        return "/ask_requirements" + json.dumps({"service": service}, separators=(",", ":"))
    return COMMAND_TEXTS.get(command)
