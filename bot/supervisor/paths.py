"""Paths of the repository's parts and environments (internal to the supervisor)."""

from __future__ import annotations

import os
from pathlib import Path

from bot.constants import REPO_ROOT, VAR_DIR

NLU_DIR = REPO_ROOT / "nlu"
MODELS_DIR = REPO_ROOT / "models"
LOG_DIR = Path(os.environ.get("TANYA_LOG_DIR", VAR_DIR / "log"))
GENERATED_NLU_DIR = NLU_DIR / "data" / "generated"
VENV_DIR = Path(os.environ.get("VENV", REPO_ROOT / ".venv"))
if not VENV_DIR.is_absolute():
    VENV_DIR = REPO_ROOT / VENV_DIR
APP_PYTHON = VENV_DIR / "app" / "bin" / "python"
RASA_BIN = VENV_DIR / "rasa" / "bin" / "rasa"
RASA_PYTHON = VENV_DIR / "rasa" / "bin" / "python"


def rasa_env() -> dict[str, str]:
    """Environment for Rasa commands: its components importable, no telemetry."""
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(NLU_DIR),
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONWARNINGS="ignore",
    )
    env.pop("RASA_PRO_LICENSE", None)
    return env
