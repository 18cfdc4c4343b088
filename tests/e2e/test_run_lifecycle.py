"""``make run`` behaviour: a restart with nothing changed is quick, and stopping leaves nothing."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import psutil

from tools.stack import RunningStack, free_ports, start_stack, wait_for_output


def test_second_run_does_not_retrain_and_sigterm_leaves_no_process(
    trained_model: Path, tmp_path: Path
) -> None:
    # The model for these inputs exists (trained_model), so this run must not retrain.
    gateway, rasa, actions, status = free_ports(4)
    stack = start_stack(
        tmp_path,
        gateway_port=gateway,
        rasa_port=rasa,
        actions_port=actions,
        status_port=status,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
    )
    try:
        # How fast it is ready is measured by `make bench` (stack_ready_s), not asserted here.
        assert "up to date; not retraining" in stack.log()
        reply = httpx.post(
            f"{stack.base_url}/api/chat",
            json={"sender_id": "lifecycle", "text": "apa syarat membuat KTP-el?"},
            timeout=30,
        )
        assert reply.status_code == 200
        children = stack.descendants()
        names = " ".join(" ".join(child.cmdline()) for child in children)
        for part in ("status_simulator", "actions", "rasa", "bot"):
            assert part in names
    except BaseException:
        stack.kill()
        raise
    assert stack.stop(signal.SIGTERM) == 0
    gone, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, [p.cmdline() for p in alive]


def test_a_part_that_dies_is_named_and_restarted(stack: RunningStack) -> None:
    simulator = next(
        child for child in stack.descendants() if "status_simulator" in " ".join(child.cmdline())
    )
    simulator.kill()
    assert wait_for_output(stack, "status-simulator is back"), stack.log()
    assert "status-simulator stopped unexpectedly" in stack.log()
    response = httpx.get(f"{stack.base_url}/healthz", timeout=10)
    assert response.status_code == 200
