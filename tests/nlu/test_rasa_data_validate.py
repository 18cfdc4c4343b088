"""``rasa data validate`` is clean on the project's data, and catches a new conflict."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.supervisor.paths import NLU_DIR, RASA_BIN, rasa_env
from bot.supervisor.training import export_kb_synonyms

# Warnings that mean the data is wrong (unused utterances are fine: actions utter them).
BAD_WARNINGS = (
    "inconsistent entity synonyms",
    "is not in the domain",
    "not defined in the domain",
    "is not part of the domain",
    "Story structure conflict after",
    "Issue found",
)


def validate(nlu_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RASA_BIN), "data", "validate", *extra, "--config", "config.yml",
         "--domain", "domain.yml", "--data", "data"],  # fmt: skip
        cwd=nlu_dir, env=rasa_env(), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def project_validation() -> subprocess.CompletedProcess[str]:
    export_kb_synonyms()
    return validate(NLU_DIR)


def test_project_data_validates_cleanly(
    project_validation: subprocess.CompletedProcess[str],
) -> None:
    output = project_validation.stdout + project_validation.stderr
    assert project_validation.returncode == 0, output[-3000:]
    assert "No story structure conflicts found" in output
    problems = [line for line in output.splitlines() if any(w in line for w in BAD_WARNINGS)]
    assert not problems, "\n".join(problems)


def test_a_new_story_conflict_fails_validation(tmp_path: Path) -> None:
    copy = tmp_path / "nlu"
    shutil.copytree(NLU_DIR, copy, ignore=shutil.ignore_patterns("results", "__pycache__"))
    (copy / "data" / "zz_conflict.yml").write_text(
        'version: "3.1"\n'
        "stories:\n"
        "  - story: thanks then goodbye\n"
        "    steps:\n"
        "      - intent: thanks\n"
        "      - action: utter_goodbye\n"
        "  - story: thanks then greet\n"
        "    steps:\n"
        "      - intent: thanks\n"
        "      - action: utter_greet\n"
    )
    # Story conflicts are warnings; `make test` treats them as failures.
    assert validate(NLU_DIR, "stories", "--fail-on-warnings").returncode == 0
    result = validate(copy, "stories", "--fail-on-warnings")
    assert result.returncode != 0
    assert "conflict" in (result.stdout + result.stderr).lower()
