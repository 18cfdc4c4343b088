"""Citizen-facing sentences of the human handoff (Bahasa Indonesia)."""

from __future__ import annotations

from typing import Final

OPERATOR_JOINED: Final = (
    "Petugas {name} telah bergabung dalam percakapan. Silakan sampaikan pertanyaan Anda; "
    "pesan Anda sekarang dibaca langsung oleh petugas."
)
OPERATOR_LEFT: Final = (
    "Petugas telah mengakhiri percakapan. Anda kembali dilayani asisten virtual Tanya Layanan. "
    "Terima kasih."
)
WAITING_IN_HOURS: Final = (
    "Permintaan Anda sudah kami teruskan ke petugas. Mohon tunggu sebentar, petugas akan "
    "segera membalas di sini."
)
WAITING_OUT_OF_HOURS: Final = (
    "Saat ini di luar jam layanan {unit}. Pesan Anda tersimpan dan petugas akan membalas {when}."
)
WAITING_NO_HOURS: Final = (
    "Permintaan Anda sudah kami teruskan ke petugas. Petugas akan membalas pada jam layanan."
)
DAY_NAMES: Final = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
