"""Run the whole assistant (``python -m bot.run``, as ``make run`` does) for tests and bench."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

REPO_ROOT = Path(__file__).resolve().parents[1]


def free_ports(count: int) -> list[int]:
    """``count`` distinct loopback ports free right now (several suites may run at once)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass
class RunningStack:
    """A ``bot.run`` process and where its gateway listens."""

    process: subprocess.Popen[bytes]
    base_url: str
    log_dir: Path
    output: Path
    ready_after_s: float

    def descendants(self) -> list[psutil.Process]:
        """Every process below the supervisor (Rasa, actions, gateway, simulator ...)."""
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def stop(self, sig: signal.Signals = signal.SIGINT, timeout: float = 60.0) -> int:
        """Signal the supervisor and wait for it to exit; return its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def kill(self) -> None:
        """Last resort: kill the supervisor and everything below it, and reap it."""
        for proc in [*self.descendants(), psutil.Process(self.process.pid)]:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
        # Reaping avoids a ResourceWarning ("subprocess is still running") at garbage collection.
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=15)

    def log(self) -> str:
        """The supervisor's output so far (for failure messages)."""
        return self.output.read_text(errors="replace")


def start_stack(
    work_dir: Path,
    *,
    gateway_port: int,
    rasa_port: int,
    actions_port: int,
    status_port: int,
    database_url: str,
    extra_env: dict[str, str] | None = None,
    timeout_s: float = 300.0,
) -> RunningStack:
    """Start ``python -m bot.run`` on the given loopback ports and wait until it is healthy.

    Raises:
        RuntimeError: The stack exited or was not healthy in time (with its output).
    """
    log_dir = work_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    output = work_dir / "run.out"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "STATUS_API", "REDIS_URL"))
    }
    env.update(
        GATEWAY_PORT=str(gateway_port),
        RASA_URL=f"http://127.0.0.1:{rasa_port}",
        ACTIONS_URL=f"http://127.0.0.1:{actions_port}",
        STATUS_SIMULATOR_PORT=str(status_port),
        DATABASE_URL=database_url,
        TANYA_LOG_DIR=str(log_dir),
        PYTHONUNBUFFERED="1",
        **(extra_env or {}),
    )
    started = time.monotonic()
    with output.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.run"],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base_url = f"http://127.0.0.1:{gateway_port}"
    stack = RunningStack(process, base_url, log_dir, output, 0.0)
    deadline = started + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"bot.run exited with {process.returncode}:\n{stack.log()}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                stack.ready_after_s = time.monotonic() - started
                return stack
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    stack.kill()
    raise RuntimeError(f"stack not healthy after {timeout_s:.0f} s:\n{stack.log()}")


def wait_for_output(stack: RunningStack, text: str, timeout_s: float = 60.0) -> bool:
    """Wait until the supervisor's output contains ``text``; ``False`` on timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if text in stack.log():
            return True
        time.sleep(0.25)
    return False
