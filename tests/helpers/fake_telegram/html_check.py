"""What Telegram's HTML parse mode accepts, and the text a citizen sees (internal helper)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}  # fmt: skip
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class ParseEntitiesError(ValueError):
    """The text is not valid Telegram HTML (Telegram: "can't parse entities")."""


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise ParseEntitiesError(f'Unsupported start tag "{tag}"')
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            raise ParseEntitiesError(f'Unmatched end tag "{tag}"')
        self.open.pop()


def rendered_text(text: str) -> str:
    """Return what a Telegram client shows for ``text`` sent with ``parse_mode=HTML``.

    Raises:
        ParseEntitiesError: Telegram would refuse the text.
    """
    for index, char in enumerate(text):
        if char == "&" and not _ENTITY.match(text, index):
            raise ParseEntitiesError(f"Character '&' is reserved at byte offset {index}")
    bare = re.sub(r"<[^<>]*>", "", text)
    if "<" in bare or ">" in bare:
        raise ParseEntitiesError("Unexpected '<' or '>'")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.open:
        raise ParseEntitiesError(
            f'Can\'t find end tag corresponding to start tag "{checker.open[-1]}"'
        )
    return html.unescape(bare)
