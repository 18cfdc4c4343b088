"""``make nlu-eval``: train on TRAIN with CONFIG, evaluate on TEST, end with one JSON line.

Runs in the app environment and drives the Rasa environment through its CLI and
``tools/rasa_eval.py``, so it works on any Rasa-format data.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.supervisor.paths import NLU_DIR, RASA_BIN, VENV_DIR, rasa_env
from bot.supervisor.training import export_kb_synonyms

REPO_ROOT = Path(__file__).resolve().parent.parent
RASA_PYTHON = VENV_DIR / "rasa" / "bin" / "python"

# Keys of the final JSON line, in order (the contract of `make nlu-eval`).
REPORTED = (
    "intent_accuracy", "intent_macro_f1", "entity_micro_f1", "service_accuracy",
    "train_seconds", "parse_ms_p50", "parse_ms_p95", "n_test",
)  # fmt: skip


def _absolute(path: str) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else (Path.cwd() / candidate).resolve()


def missing_inputs(train: Path | None, test: Path, config: Path) -> list[str]:
    """The inputs that do not exist, named as on the command line.

    ``rasa train`` does not fail on a missing ``--config``: it trains with the config it
    finds in its working directory (the served one), so a mistyped ``CONFIG=`` would
    silently measure the served pipeline under another name.
    """
    given = (("TRAIN", train), ("TEST", test), ("CONFIG", config))
    return [f"{name}={path}" for name, path in given if path is not None and not path.exists()]


def run(
    train: Path | None,
    test: Path,
    config: Path,
    *,
    predictions: Path | None = None,
    keep_model: Path | None = None,
) -> dict[str, object]:
    """Train, evaluate and return the metrics.

    Args:
        train: Training data (file or folder); ``None`` for the project's data.
        test: Test data in Rasa YAML.
        config: The Rasa config with the NLU pipeline.
        predictions: Where to write one JSON line per test message (for offline
            threshold sweeps with ``tools/nlu_thresholds.py``).
        keep_model: Where to copy the trained model (``.tar.gz``).

    Returns:
        The metrics, including ``most_confused``.

    Raises:
        FileNotFoundError: TRAIN, TEST or CONFIG does not exist (checked before training).
    """
    missing = missing_inputs(train, test, config)
    if missing:
        raise FileNotFoundError(f"not found: {', '.join(missing)}")
    if train is None:
        export_kb_synonyms()
        train = NLU_DIR / "data"
    with tempfile.TemporaryDirectory(prefix="nlu-eval-") as out:
        started = time.monotonic()
        subprocess.run(
            [str(RASA_BIN), "train", "nlu", "--config", str(config), "--nlu", str(train),
             "--out", out, "--fixed-model-name", "eval"],  # fmt: skip
            cwd=NLU_DIR, env=rasa_env(), check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        train_seconds = time.monotonic() - started
        model = Path(out) / "eval.tar.gz"
        if keep_model is not None:
            keep_model.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(model, keep_model)
        evaluated = subprocess.run(
            [str(RASA_PYTHON), str(REPO_ROOT / "tools" / "rasa_eval.py"), str(model),
             str(test), *([str(predictions)] if predictions else [])],  # fmt: skip
            cwd=NLU_DIR, env=rasa_env(), check=True, capture_output=True, text=True,
        )  # fmt: skip
    metrics: dict[str, object] = json.loads(evaluated.stdout.strip().splitlines()[-1])
    metrics["train_seconds"] = round(train_seconds, 1)
    return metrics


def main() -> None:
    """CLI of ``make nlu-eval``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", default=None, help="training data (default: project data)")
    parser.add_argument("--test", required=True, help="test data (Rasa YAML)")
    parser.add_argument("--config", default=str(NLU_DIR / "config.yml"), help="Rasa config")
    parser.add_argument("--predictions", default=None, help="write per-message JSON lines")
    parser.add_argument("--keep-model", default=None, help="copy the trained model here")
    args = parser.parse_args()
    try:
        metrics = run(
            _absolute(args.train) if args.train else None,
            _absolute(args.test),
            _absolute(args.config),
            predictions=_absolute(args.predictions) if args.predictions else None,
            keep_model=_absolute(args.keep_model) if args.keep_model else None,
        )
    except FileNotFoundError as exc:
        print(f"nlu-eval: {exc}", file=sys.stderr)
        sys.exit(2)
    except subprocess.CalledProcessError as exc:
        print(f"nlu-eval failed: {exc}", file=sys.stderr)
        if exc.stderr:
            print(exc.stderr[-3000:], file=sys.stderr)
        sys.exit(1)
    print("Most confused intent pairs (gold -> predicted: count):")
    confused = metrics.get("most_confused")
    for pair in confused if isinstance(confused, list) else []:
        print(f"  {pair['gold']} -> {pair['predicted']}: {pair['count']}")
    print(json.dumps({key: metrics[key] for key in REPORTED if key in metrics}))


if __name__ == "__main__":
    main()
