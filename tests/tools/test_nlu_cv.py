"""Cross-validation folds: every example once, balanced per intent, repeatable."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tools import nlu_cv

DATA = {
    "nlu": [
        {"intent": "greet", "examples": "".join(f"- halo {i}\n" for i in range(10))},
        # Duplicates are separate examples, as Rasa reads them.
        {"intent": "thanks", "examples": "- makasih\n- makasih\n- terima kasih\n"},
        {"intent": "rare", "examples": "- satu-satunya\n"},
        {"synonym": "ktp_el", "examples": "- e-ktp\n"},
    ]
}


def test_folds_hold_every_example_once_and_are_balanced() -> None:
    parts = nlu_cv.split_folds(DATA, 3, seed=13)
    dealt = Counter(
        (intent, example) for part in parts for intent, ex in part.items() for example in ex
    )
    assert dealt == Counter(
        {("greet", f"halo {i}"): 1 for i in range(10)}
        | {("thanks", "makasih"): 2, ("thanks", "terima kasih"): 1, ("rare", "satu-satunya"): 1}
    )
    assert sorted(len(part.get("greet", [])) for part in parts) == [3, 3, 4]
    assert all(len(part.get("thanks", [])) == 1 for part in parts)


def test_folds_repeat_with_the_seed_and_change_with_another() -> None:
    assert nlu_cv.split_folds(DATA, 3, seed=13) == nlu_cv.split_folds(DATA, 3, seed=13)
    assert nlu_cv.split_folds(DATA, 3, seed=13) != nlu_cv.split_folds(DATA, 3, seed=14)


def test_repeats_use_new_seeds_and_predictions_are_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data.yml"
    data.write_text(json.dumps(DATA), encoding="utf-8")  # JSON is YAML
    config = tmp_path / "cfg.yml"
    config.write_text("pipeline: []\n", encoding="utf-8")
    calls: list[tuple[str, str, Path | None]] = []

    def fake_run(train: Path, test: Path, cfg: Path, *, predictions: Path | None = None) -> dict:
        calls.append((train.read_text(), test.read_text(), predictions))
        assert predictions is not None
        predictions.write_text("{}\n", encoding="utf-8")
        return {"intent_accuracy": 0.5, "intent_macro_f1": 0.5, "entity_micro_f1": 0.0}

    monkeypatch.setattr(nlu_cv, "run", fake_run)
    out = tmp_path / "pred"
    summary = nlu_cv.cross_validate(data, [config], 2, 13, repeats=2, predictions=out)

    assert len(calls) == 4
    assert sorted(p.name for p in out.iterdir()) == [
        "cfg-s13-f0.jsonl", "cfg-s13-f1.jsonl", "cfg-s14-f0.jsonl", "cfg-s14-f1.jsonl",
    ]  # fmt: skip
    # A fold's test examples are not in its training file (except a duplicated example).
    for train, test, _ in calls:
        tested = {line for line in test.splitlines() if line.startswith("    - ")}
        trained = {line for line in train.splitlines() if line.startswith("    - ")}
        assert not (tested & trained) or tested & trained <= {"    - makasih"}
    assert summary["cfg"]["intent_accuracy"]["folds"] == [0.5] * 4
