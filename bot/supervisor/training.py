"""Train the Rasa model only when its inputs changed (``make train``).

The model's name carries a fingerprint of everything that shapes it (config, domain,
training data including the synonyms generated from the knowledge base, the custom
components and the Rasa environment's pins), so "did the inputs change?" is "does a
model with this name exist?".
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.constants import REPO_ROOT
from bot.supervisor.paths import (
    APP_PYTHON,
    GENERATED_NLU_DIR,
    MODELS_DIR,
    NLU_DIR,
    RASA_BIN,
    rasa_env,
)

logger = logging.getLogger(__name__)

_INPUT_GLOBS = (
    "config.yml",
    "domain.yml",
    "data/**/*.yml",
    "tanya_nlu/**/*.py",
    "tanya_nlu/**/*.tsv",
)
# Modules of the package that only change how Rasa serves, never what it learns.
_RUNTIME_ONLY = frozenset(
    {"tanya_nlu/rasa_server.py", "tanya_nlu/rasa_fixes.py", "tanya_nlu/turn_channel.py"}
)


class TrainingError(RuntimeError):
    """Raised when ``rasa train`` fails."""


def export_kb_synonyms() -> Path:
    """Regenerate the NLU synonyms and lookup table of the ``service`` entity from the KB.

    Returns:
        The generated file.

    Raises:
        TrainingError: The knowledge base could not be exported.
    """
    GENERATED_NLU_DIR.mkdir(parents=True, exist_ok=True)
    target = GENERATED_NLU_DIR / "kb_services.yml"
    result = subprocess.run(
        [str(APP_PYTHON), "-m", "knowledge_base", "export-nlu", str(target)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise TrainingError(f"knowledge-base export failed:\n{result.stdout}{result.stderr}")
    return target


def model_fingerprint() -> str:
    """Return a short hash of every input of the model."""
    digest = hashlib.sha256()
    files = sorted(
        {
            path
            for pattern in _INPUT_GLOBS
            for path in NLU_DIR.glob(pattern)
            if path.is_file() and path.relative_to(NLU_DIR).as_posix() not in _RUNTIME_ONLY
        }
    )
    for path in [*files, REPO_ROOT / "requirements" / "rasa.txt"]:
        digest.update(str(path.relative_to(REPO_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def ensure_model(*, force: bool = False, quiet: bool = False) -> Path:
    """Return the model for the current inputs, training it first if it does not exist.

    Args:
        force: Train even when a model for these inputs exists.
        quiet: Capture Rasa's output instead of showing its progress.

    Returns:
        The path of the model archive.

    Raises:
        TrainingError: Training failed (its output is in the message when ``quiet``).
    """
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    # One training at a time per checkout: a second caller (another test session, a
    # second `make run`) waits and then finds the model the first one trained.
    with _exclusive(MODELS_DIR / ".training.lock"):
        export_kb_synonyms()
        name = f"tanya-{model_fingerprint()}"
        model = MODELS_DIR / f"{name}.tar.gz"
        if model.exists() and not force:
            logger.info("Model %s is up to date; not retraining", model.name)
            return model
        logger.info("Training the Rasa model %s (inputs changed) ...", name)
        started = time.monotonic()
        _train(name, model, quiet=quiet)
        logger.info("Trained %s in %.0f s", model.name, time.monotonic() - started)
        _prune_old_models(keep=model)
    return model


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _train(name: str, model: Path, *, quiet: bool) -> None:
    """Train into a scratch folder and move the archive into place in one step."""
    scratch = MODELS_DIR / f".training-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    command = [
        str(RASA_BIN), "train", "--config", "config.yml", "--domain", "domain.yml",
        "--data", "data", "--out", str(scratch), "--fixed-model-name", name,
    ]  # fmt: skip
    try:
        result = subprocess.run(
            command, cwd=NLU_DIR, env=rasa_env(), capture_output=quiet, text=True, check=False
        )
        trained = scratch / model.name
        if result.returncode != 0 or not trained.exists():
            output = f"\n{result.stdout}{result.stderr}" if quiet else ""
            raise TrainingError(f"rasa train failed with exit code {result.returncode}{output}")
        os.replace(trained, model)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _prune_old_models(keep: Path, retain: int = 3) -> None:
    """Keep the newest few models so that switching branches does not always retrain."""
    models = sorted(MODELS_DIR.glob("tanya-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    for old in [m for m in models if m != keep][: max(0, len(models) - retain)]:
        old.unlink(missing_ok=True)


def main() -> None:
    """CLI: ``python -m bot.supervisor.training [--force]``."""
    parser = argparse.ArgumentParser(description="Train the Rasa model if its inputs changed.")
    parser.add_argument("--force", action="store_true", help="train even if up to date")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="==> %(message)s")
    try:
        model = ensure_model(force=args.force)
    except TrainingError as exc:
        logger.error("%s", exc)
        sys.exit(1)
    logger.info("Model: %s", model.relative_to(REPO_ROOT))


if __name__ == "__main__":
    main()
