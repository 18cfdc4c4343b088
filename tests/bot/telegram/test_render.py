import pytest

from bot.telegram.commands import command_text
from bot.telegram.render import (
    Button,
    MessagePart,
    button_label,
    escape,
    fallback_parts,
    parts_of,
    parts_to_payload,
    render_reply,
    split_text,
    telegram_length,
)


def test_escape_keeps_citizen_markup_literal() -> None:
    assert escape("<b>a</b> & b") == "&lt;b&gt;a&lt;/b&gt; &amp; b"


@pytest.mark.parametrize("limit", [10, 50, 4096])
def test_split_text_never_exceeds_the_limit_and_loses_nothing(limit: int) -> None:
    text = "\n\n".join(f"paragraf {i} " + "kata " * 7 for i in range(30))
    chunks = split_text(text, limit)
    assert all(len(chunk) <= limit for chunk in chunks)
    assert "".join(text.split()) == "".join("".join(chunks).split())


def test_split_prefers_paragraphs_then_words() -> None:
    assert split_text("aaa bbb\n\nccc", 8) == ["aaa bbb", "ccc"]
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_image_with_short_text_is_one_photo_with_caption_and_buttons() -> None:
    [part] = render_reply(
        {
            "text": "Denah kantor",
            "image": "https://e.id/a.png",
            "buttons": [{"title": "A", "payload": "/a"}],
        }
    )
    assert part.photo == "https://e.id/a.png" and part.text == "Denah kantor"
    assert part.buttons[0].payload == "/a"


def test_buttons_go_on_the_last_part_only() -> None:
    parts = render_reply({"text": "a " * 3000, "buttons": [{"title": "Ya", "payload": "/affirm"}]})
    assert len(parts) == 2 and not parts[0].buttons and parts[1].buttons


@pytest.mark.parametrize(
    ("command", "args", "expected"),
    [
        ("start", [], "halo"),
        ("start", ["kartu_keluarga"], '/ask_requirements{"service":"kartu_keluarga"}'),
        ("start", ["<script>"], "halo"),
        ("LAYANAN", [], "daftar layanan"),
        ("tidakada", [], None),
    ],
)
def test_command_text(command: str, args: list[str], expected: str | None) -> None:
    assert command_text(command, args) == expected


def test_lengths_are_counted_as_telegram_counts_them() -> None:
    emoji = "😀" * 3000  # 3,000 characters, 6,000 UTF-16 units
    chunks = split_text(emoji, 4096)
    assert len(chunks) == 2 and all(telegram_length(c) <= 4096 for c in chunks)
    assert "".join(chunks) == emoji


def test_fallbacks_halve_a_long_text_or_drop_the_parse_mode() -> None:
    buttons = (Button("Ya", "/affirm"),)
    part = MessagePart("satu dua\n\ntiga empat", buttons=buttons)
    halves = fallback_parts(part, "Bad Request: message is too long")
    assert halves is not None and [p.text for p in halves] == ["satu dua", "tiga empat"]
    assert [p.buttons for p in halves] == [(), buttons]
    [plain] = fallback_parts(part, "Bad Request: can't parse entities: x") or []
    assert plain.plain and plain.body == part.text and plain.parse_mode is None
    assert fallback_parts(plain, "Bad Request: can't parse entities: x") is None
    assert fallback_parts(part, "Bad Request: chat not found") is None


def test_rewritten_parts_survive_the_outbox_payload() -> None:
    parts = [
        MessagePart("", photo="https://e.id/a.png"),
        MessagePart("<b>", plain=True, buttons=(Button("A", "/a"),)),
    ]
    assert parts_of(parts_to_payload(parts)) == parts
    assert parts_of({"text": "halo"}) == [MessagePart("halo")]


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Persyaratan KTP-el", "Persyaratan KTP-el"),
        (
            "Perubahan Fasilitas Kesehatan Tingkat Pertama (Pindah Faskes BPJS)",
            "Perubahan Fasilitas Kesehatan Tingkat Pertama (Pindah Faskes…",
        ),
        ("x" * 100, "x" * 63 + "…"),
    ],
)
def test_button_label_is_shortened_between_words(title: str, label: str) -> None:
    assert button_label(title) == label
    assert len(button_label(title)) <= 64
