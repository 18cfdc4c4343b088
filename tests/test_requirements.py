"""Both environments install from complete pinned files: every package, transitive too."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]+\])?==(?P<version>[^\s;#]+)$")
IGNORED = {"pip"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    result: dict[str, str] = {}
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}:{number}: not an exact pin: {line!r}"
        result[canonical(match["name"])] = match["version"]
    return result


@pytest.mark.parametrize("env", ["app", "rasa"])
def test_requirement_files_pin_every_line_exactly(env: str) -> None:
    assert pins(REPO_ROOT / "requirements" / f"{env}.txt")


def test_app_environment_is_exactly_the_pinned_set() -> None:
    expected = pins(REPO_ROOT / "requirements" / "app.txt")
    installed = {
        canonical(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if canonical(dist.metadata["Name"]) not in IGNORED
    }
    assert installed == expected


def test_rasa_environment_is_exactly_the_pinned_set() -> None:
    venv = Path(sys.prefix).parent / "rasa"
    python = venv / "bin" / "python"
    if not python.exists():
        pytest.fail(f"the Rasa environment is missing at {venv}; run `make setup`")
    frozen = subprocess.run(
        [str(python), "-m", "pip", "freeze", "--disable-pip-version-check", "--all"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    installed = {
        canonical(line.split("==")[0]): line.split("==")[1]
        for line in frozen.splitlines()
        if "==" in line and canonical(line.split("==")[0]) not in IGNORED
    }
    assert installed == pins(REPO_ROOT / "requirements" / "rasa.txt")
