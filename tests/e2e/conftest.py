"""End-to-end fixtures: the trained model and one running assistant for the session.

The stack is started with ``python -m bot.run`` (what ``make run`` runs) on test ports,
with the real Rasa server, action server, status simulator and gateway, and the
conversation store and knowledge base in a fresh Postgres database.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.supervisor.training import ensure_model
from tools.databases import scratch_database
from tools.stack import REPO_ROOT, RunningStack, free_ports, start_stack


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model for the current inputs (trained once if missing)."""
    return ensure_model(quiet=True)


@pytest.fixture(scope="session")
def e2e_database_url() -> Iterator[str]:
    """A database of this test session's own (several sessions may run side by side)."""
    with scratch_database("tanya_e2e") as url:
        yield url


@pytest.fixture(scope="session")
def kb_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the knowledge-base files that tests may edit (the stack serves this copy)."""
    root = tmp_path_factory.mktemp("kb")
    for part in ("services", "units"):
        shutil.copytree(REPO_ROOT / "knowledge_base" / part, root / part)
    return root


@pytest.fixture(scope="session")
def stack(
    trained_model: Path,
    e2e_database_url: str,
    kb_copy: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningStack]:
    """The whole assistant, running until the end of the session."""
    gateway, rasa, actions, status = free_ports(4)
    running = start_stack(
        tmp_path_factory.mktemp("stack"),
        gateway_port=gateway,
        rasa_port=rasa,
        actions_port=actions,
        status_port=status,
        database_url=e2e_database_url,
        extra_env={"KB_DIR": str(kb_copy / "services")},
    )
    yield running
    running.stop()
