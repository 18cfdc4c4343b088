"""Run a check inside the Rasa environment (Python 3.10), where rasa and nlu/ import.

The app environment's pytest cannot import rasa; tests that need it run a script with
the Rasa environment's Python, which prints one JSON line as its last line of output.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

from bot.supervisor.paths import NLU_DIR, RASA_PYTHON, rasa_env


def run_in_rasa(script: str, *args: str, timeout_s: float = 300) -> Any:
    """Run ``script`` (with ``args`` as ``sys.argv[1:]``) with the Rasa environment's Python.

    Returns:
        The script's last line of output, parsed as JSON.
    """
    completed = subprocess.run(
        [str(RASA_PYTHON), "-c", script, *args],
        cwd=NLU_DIR,
        env=rasa_env(),
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])
