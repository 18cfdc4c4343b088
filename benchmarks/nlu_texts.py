"""Messages for the NLU latency benchmark: the held-out file's texts, each once.

Parse latency has to be measured on messages the model has not seen in this process:
the e5 featurizer keeps an embedding cache keyed by text, so a short script sent over
and over times a cache lookup instead of the encoder (that is how an earlier version
of ``make bench`` reported 12.7 ms p95 for a pipeline that parses in 50-100 ms).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

HELD_OUT = Path(__file__).resolve().parent.parent / "nlu" / "tests" / "test_nlu.yml"

# [text](entity), [text](entity:value) and [text]{"entity": ...} annotations.
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def plain_text(example: str) -> str:
    """The message a citizen typed: a Rasa example with its entity annotations removed."""
    return _ANNOTATION.sub(r"\1", example).strip()


def held_out_texts(path: Path = HELD_OUT) -> list[str]:
    """Every distinct message of a Rasa NLU file, in file order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    texts: dict[str, None] = {}
    for block in data.get("nlu") or []:
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                texts.setdefault(plain_text(line[2:]), None)
    return [text for text in texts if text]
