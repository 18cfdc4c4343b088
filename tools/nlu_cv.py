"""Stratified k-fold cross-validation of NLU configs on one Rasa YAML file.

Usage::

    .venv/app/bin/python -m tools.nlu_cv DATA.yml CONFIG.yml [CONFIG.yml ...] [--folds 5]

Every config is trained and evaluated on the same folds (each intent's examples are
dealt round-robin after a seeded shuffle), through the same path as ``make nlu-eval``
(``tools.nlu_eval.run``), so the figures are comparable with it. Prints one line per fold
and config, then one JSON object: per config, the mean and standard deviation of each
metric over the folds.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
from pathlib import Path

import yaml

from tools.nlu_eval import run

METRICS = ("intent_accuracy", "intent_macro_f1", "entity_micro_f1", "parse_ms_p95")


def _examples(block: dict) -> list[str]:
    return [line[2:] for line in str(block["examples"]).splitlines() if line.startswith("- ")]


def split_folds(data: dict, folds: int, seed: int) -> list[dict[str, list[str]]]:
    """Deal each intent's examples over ``folds`` folds.

    Args:
        data: The parsed Rasa YAML (only ``nlu`` intent blocks are used).
        folds: The number of folds.
        seed: Shuffle seed.

    Returns:
        Per fold, intent -> example lines (Rasa markdown, entities kept).
    """
    rng = random.Random(seed)
    parts: list[dict[str, list[str]]] = [{} for _ in range(folds)]
    offset = 0
    for block in data.get("nlu") or []:
        if "intent" not in block:
            continue
        examples = _examples(block)
        rng.shuffle(examples)
        for i, example in enumerate(examples):
            # Offset per intent so that rare intents do not all land in fold 0.
            parts[(i + offset) % folds].setdefault(block["intent"], []).append(example)
        offset += len(examples)
    return parts


def write_rasa_yaml(path: Path, intents: dict[str, list[str]]) -> None:
    """Write intent -> examples as a Rasa 3.1 NLU file."""
    lines = ['version: "3.1"', "nlu:"]
    for intent, examples in sorted(intents.items()):
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {example}" for example in examples)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _all_but(parts: list[dict[str, list[str]]], k: int) -> dict[str, list[str]]:
    """Intent -> examples of every fold except fold ``k`` (the training set)."""
    train: dict[str, list[str]] = {}
    for j, part in enumerate(parts):
        if j != k:
            for intent, examples in part.items():
                train.setdefault(intent, []).extend(examples)
    return train


def cross_validate(
    data_path: Path,
    configs: list[Path],
    folds: int,
    seed: int,
    *,
    repeats: int = 1,
    predictions: Path | None = None,
) -> dict:
    """Train and evaluate every config on every fold.

    Args:
        data_path: The Rasa YAML file.
        configs: The Rasa configs to compare.
        folds: The number of folds.
        seed: Shuffle seed of the first repetition.
        repeats: Repetitions with new folds (seeds ``seed``, ``seed + 1``, ...).
        predictions: A folder for each fold's per-message predictions, one file per
            config, seed and fold (``<config>-s<seed>-f<fold>.jsonl``), for offline
            analysis such as blending or threshold sweeps.

    Returns:
        Per config name: per-metric mean, std and the fold values.
    """
    data = yaml.safe_load(data_path.read_text(encoding="utf-8"))
    results: dict[str, dict[str, list[float]]] = {c.stem: {m: [] for m in METRICS} for c in configs}
    if predictions is not None:
        predictions.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nlu-cv-") as tmp:
        for seed_k in range(seed, seed + repeats):
            parts = split_folds(data, folds, seed_k)
            for k in range(folds):
                train_path, test_path = Path(tmp) / f"train{k}.yml", Path(tmp) / f"test{k}.yml"
                write_rasa_yaml(train_path, _all_but(parts, k))
                write_rasa_yaml(test_path, parts[k])
                for config in configs:
                    saved = (
                        predictions / f"{config.stem}-s{seed_k}-f{k}.jsonl" if predictions else None
                    )
                    metrics = run(train_path, test_path, config, predictions=saved)
                    for m in METRICS:
                        results[config.stem][m].append(float(metrics.get(m) or 0.0))  # type: ignore[arg-type]
                    print(
                        f"seed {seed_k} fold {k} {config.stem}: "
                        + " ".join(f"{m}={metrics.get(m)}" for m in METRICS)
                        + f" train_s={metrics.get('train_seconds')}",
                        flush=True,
                    )
    summary: dict[str, dict[str, object]] = {}
    for name, per_metric in results.items():
        summary[name] = {
            m: {
                "mean": round(statistics.fmean(v), 4),
                "std": round(statistics.stdev(v), 4) if len(v) > 1 else 0.0,
                "folds": v,
            }
            for m, v in per_metric.items()
        }
    return summary


def main() -> None:
    """CLI entry point; the last line is one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", help="Rasa YAML NLU file")
    parser.add_argument("configs", nargs="+", help="Rasa configs to compare")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--repeats", type=int, default=1, help="repetitions with new folds")
    parser.add_argument("--predictions", default=None, help="folder for per-fold predictions")
    args = parser.parse_args()
    summary = cross_validate(
        Path(args.data).resolve(),
        [Path(c).resolve() for c in args.configs],
        args.folds,
        args.seed,
        repeats=args.repeats,
        predictions=Path(args.predictions).resolve() if args.predictions else None,
    )
    print(
        json.dumps(
            {"folds": args.folds, "seed": args.seed, "repeats": args.repeats, "results": summary}
        )
    )


if __name__ == "__main__":
    main()
