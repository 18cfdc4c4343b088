"""Every ``service`` annotation names a knowledge-base service id.

``[ktp](service)`` makes "ktp" a service id for ``ServiceEntityResolver``, which learns
its ids from the annotated values: the alias scan then answers "ktp" instead of
``ktp_el`` wherever the word appears (session 12: "[balik nama](service)" left
"balik nama" unresolved in every message naming it). A name that is not the id is
written ``[ktp]{"entity": "service", "value": "ktp_el"}``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.supervisor.paths import NLU_DIR
from knowledge_base import validate_directory
from tests.nlu.test_held_out_files import intent_examples

KB_ROOT = NLU_DIR.parent / "knowledge_base"
_SHORT = re.compile(r"\[([^\]]+)\]\((\w+)\)")
_LONG = re.compile(r"\[([^\]]+)\](\{[^}]*\})")
FILES = sorted((NLU_DIR / "data" / "nlu").glob("*.yml")) + sorted(
    (NLU_DIR / "tests").glob("test_nlu*.yml")
)


def service_values(example: str) -> list[str]:
    """The values of the ``service`` entities annotated in one example."""
    values = [text for text, entity in _SHORT.findall(example) if entity == "service"]
    for _, spec in _LONG.findall(example):
        data = json.loads(spec)
        if data.get("entity") == "service":
            values.append(str(data.get("value")))
    return values


def test_service_values_are_read_from_both_forms() -> None:
    example = (
        '[paspor](service) atau [e-ktp]{"entity": "service", "value": "ktp_el"} [baru](variant)'
    )
    assert service_values(example) == ["paspor", "ktp_el"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_service_annotation_is_a_knowledge_base_id(path: Path) -> None:
    ids = set(validate_directory(KB_ROOT).services)
    wrong = [
        f"{value!r} in {example!r}"
        for _, example in intent_examples(path)
        for value in service_values(example)
        if value not in ids
    ]
    assert not wrong, "annotate with the service id, not the name:\n" + "\n".join(wrong)
