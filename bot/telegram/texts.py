"""Citizen-facing texts of the Telegram channel (natural, polite Bahasa Indonesia).

Answers to questions come from Rasa and the knowledge base; these are only the sentences
the channel itself says: about messages it cannot read, group chats, floods and errors.
"""

from __future__ import annotations

from typing import Final

CAPABILITIES: Final = (
    "Saya bisa membantu menjelaskan persyaratan, prosedur, biaya, lama proses, lokasi dan "
    "jam layanan publik, serta mengecek status permohonan Anda. Silakan tulis pertanyaan "
    'Anda dalam bentuk teks, misalnya: "apa syarat membuat KTP-el?"'
)

MEDIA_NOT_SUPPORTED: Final = {
    "voice": "Mohon maaf, saya belum bisa mendengarkan pesan suara.",
    "audio": "Mohon maaf, saya belum bisa memutar berkas audio.",
    "photo": "Terima kasih atas fotonya. Mohon maaf, saya belum bisa membaca isi gambar.",
    "document": "Terima kasih atas dokumennya. Mohon maaf, saya belum bisa membaca berkas.",
    "sticker": "Terima kasih stikernya! 😊",
    "video": "Mohon maaf, saya belum bisa memutar video.",
    "location": (
        "Terima kasih, lokasi Anda tidak kami simpan. Untuk mencari kantor layanan "
        "terdekat, sebutkan nama layanan dan kota atau kecamatan Anda."
    ),
    "contact": (
        "Terima kasih. Demi menjaga data pribadi, kontak yang dibagikan tidak kami simpan. "
        "Jika perlu dihubungi petugas, ketik /operator."
    ),
    "other": "Mohon maaf, saya belum bisa membaca jenis pesan ini.",
}

EDITED_MESSAGE: Final = (
    "Saya melihat Anda mengubah pesan sebelumnya. Pesan yang diubah tidak saya proses "
    "ulang; silakan kirim pertanyaan Anda sebagai pesan baru."
)

GROUP_DECLINED: Final = (
    "Mohon maaf, demi menjaga kerahasiaan data pribadi, saya hanya melayani percakapan "
    "pribadi. Silakan kirim pesan langsung kepada saya."
)

FLOOD_SLOW_DOWN: Final = (
    "Mohon maaf, pesan Anda datang terlalu cepat. Pesan-pesan Anda tetap kami simpan; "
    "silakan tunggu sebentar lalu kirim satu pertanyaan setiap kali."
)

# Shown by answerCallbackQuery (at most 200 characters) for a button whose payload expired.
BUTTON_EXPIRED: Final = (
    "Mohon maaf, tombol ini sudah tidak berlaku. Silakan ketik pertanyaan Anda, "
    "atau kirim /layanan untuk melihat daftar layanan."
)

ERROR_FALLBACK: Final = (
    "Mohon maaf, terjadi kendala saat memproses pesan Anda. Pesan Anda tersimpan dan akan "
    "kami tindak lanjuti. Silakan coba lagi sebentar lagi."
)
