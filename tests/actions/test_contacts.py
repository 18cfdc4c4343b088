"""Contact lines: the channels asked for first, and which asked ones are missing."""

from __future__ import annotations

import pytest

from actions._contacts import asked_channels, contact_lines, unpublished
from knowledge_base import ContactsPublic

CONTACTS = ContactsPublic(phone="(0299) 555-0101", whatsapp="0812-0000-0101", email="a@b.go.id")


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("nomor telepon dukcapil berapa", ["Telepon"]),
        ("no tlp samsat", ["Telepon"]),
        ("nomor wa nya berapa min", ["WhatsApp"]),
        ("kalau emailnya?", ["E-mail"]),
        ("minta wa dan e-mail nya", ["WhatsApp", "E-mail"]),
        ("ig dukcapil apa", ["Instagram"]),
        ("website resminya apa", ["Situs web"]),
        ("kontak samsat berapa", []),
        ("warga sukamaju", []),  # "wa" only as a word
    ],
)
def test_asked_channels(text: str, labels: list[str]) -> None:
    assert [channel.label for channel in asked_channels(text)] == labels


def test_lines_skip_what_a_unit_did_not_publish_and_lead_with_what_was_asked() -> None:
    assert contact_lines(CONTACTS) == [
        "Telepon: (0299) 555-0101",
        "WhatsApp: 0812-0000-0101",
        "E-mail: a@b.go.id",
    ]
    asked = asked_channels("emailnya apa")
    assert contact_lines(CONTACTS, first=asked)[0] == "E-mail: a@b.go.id"
    assert contact_lines(ContactsPublic()) == []


def test_unpublished_names_the_asked_channels_that_are_missing() -> None:
    assert unpublished(CONTACTS, asked_channels("ig sama wa nya apa")) == ["Instagram"]
    assert unpublished(CONTACTS, asked_channels("nomor wa")) == []
