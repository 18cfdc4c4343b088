"""Citizen-facing texts that the gateway itself says (when Rasa cannot answer).

Everything the assistant says in a normal turn lives in nlu/domain.yml or the knowledge
base; these are the few sentences the gateway needs when the chain behind it fails.
"""

from __future__ import annotations

from typing import Final

SERVICE_DISRUPTED: Final = (
    "Mohon maaf, sedang ada gangguan di sistem kami. Pesan Anda tersimpan dan akan kami "
    "jawab begitu layanan pulih."
)
EMPTY_REPLY: Final = (
    "Maaf, saya belum bisa menjawab pertanyaan itu. Coba tanyakan dengan kalimat lain, "
    'atau ketik "layanan" untuk melihat daftar layanan.'
)
