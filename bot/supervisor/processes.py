"""Start, watch, restart and stop the assistant's processes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import httpx

logger = logging.getLogger(__name__)

# A part that dies more often than this within the window stops the whole assistant.
MAX_RESTARTS = 3
RESTART_WINDOW_S = 300.0
STOP_GRACE_S = 10.0


class ProcessFailed(RuntimeError):
    """A managed process did not become ready, or died too often.

    Attributes:
        name: The process's name.
        log_file: Where its output is.
    """

    def __init__(self, name: str, reason: str, log_file: Path) -> None:
        super().__init__(f"{name}: {reason} (log: {log_file})")
        self.name = name
        self.log_file = log_file


@dataclass
class ManagedProcess:
    """One child process and how to tell that it is ready.

    Attributes:
        name: Short name shown to the user (``rasa``, ``actions`` ...).
        argv: The command.
        health_url: Polled until it answers 200.
        cwd: Working directory.
        env: Full environment of the child.
        ready_timeout_s: How long start-up may take.
        log_file: Where stdout and stderr go.
    """

    name: str
    argv: list[str]
    health_url: str
    cwd: Path
    env: dict[str, str]
    log_file: Path
    ready_timeout_s: float = 120.0
    process: asyncio.subprocess.Process | None = field(default=None, repr=False)
    restarts: deque[float] = field(default_factory=deque, repr=False)

    async def start(self) -> None:
        """Start the process in its own process group, its output appended to the log."""
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                *self.argv,
                cwd=self.cwd,
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        logger.debug("Started %s (pid %s)", self.name, self.process.pid)

    async def wait_ready(self, http: httpx.AsyncClient) -> None:
        """Poll the health URL until it answers 200.

        Raises:
            ProcessFailed: The process exited or did not become ready in time.
        """
        deadline = time.monotonic() + self.ready_timeout_s
        while time.monotonic() < deadline:
            if self.process is None or self.process.returncode is not None:
                code = None if self.process is None else self.process.returncode
                raise ProcessFailed(
                    self.name, f"exited during start-up (code {code})", self.log_file
                )
            with contextlib.suppress(httpx.HTTPError):
                response = await http.get(self.health_url, timeout=2.0)
                if response.status_code == 200:
                    return
            await asyncio.sleep(0.5)
        raise ProcessFailed(
            self.name, f"not ready after {self.ready_timeout_s:.0f} s", self.log_file
        )

    async def stop(self) -> None:
        """SIGTERM the process group; SIGKILL it if it has not exited after the grace period."""
        process = self.process
        if process is None or process.returncode is not None:
            return
        _signal_group(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), timeout=STOP_GRACE_S)
        except TimeoutError:
            logger.warning("%s did not stop in %.0f s; killing it", self.name, STOP_GRACE_S)
            _signal_group(process.pid, signal.SIGKILL)
            await process.wait()
        # Children that the process left behind in its group go too.
        _signal_group(process.pid, signal.SIGKILL)

    def allow_restart(self) -> bool:
        """Record a restart; ``False`` when the process restarted too often recently."""
        now = time.monotonic()
        while self.restarts and now - self.restarts[0] > RESTART_WINDOW_S:
            self.restarts.popleft()
        self.restarts.append(now)
        return len(self.restarts) <= MAX_RESTARTS

    def tail(self, lines: int = 15) -> str:
        """Return the last lines of the log, to show why a process failed."""
        try:
            content = self.log_file.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(content[-lines:])


class ProcessSupervisor:
    """Runs processes in order, restarts one that dies, and stops all of them at the end.

    Args:
        processes: In the order they are started (and stopped in reverse).
    """

    def __init__(self, processes: list[ManagedProcess], *, parent_pid: int | None = None) -> None:
        self._processes = processes
        self._stopping = asyncio.Event()
        # Who started us (make, a test). Taken as early as the caller can (``parent_pid``):
        # a parent that died during training or start-up must still stop us.
        self._parent_pid = os.getppid() if parent_pid is None else parent_pid

    def parent_gone(self) -> bool:
        """``True`` once whoever started the supervisor has exited (we were re-parented)."""
        return os.getppid() != self._parent_pid

    async def watch_parent(self) -> None:
        """Request a stop once the parent is gone; runs until cancelled."""
        while not self._stopping.is_set():
            if self.parent_gone():
                logger.warning("Parent process exited; stopping")
                self.request_stop()
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=1.0)

    async def start_all(self) -> None:
        """Start every process at once and wait until each one is ready.

        Rasa needs the longest (loading the model), and nothing needs another process to
        be up in order to start, so starting them together makes start-up as long as the
        slowest part instead of the sum of all parts. A part whose readiness depends on
        others (the gateway's health names Rasa and the actions) simply becomes ready last.

        Raises:
            ProcessFailed: A process did not become ready.
        """
        async with httpx.AsyncClient() as http:
            for managed in self._processes:
                logger.info("Starting %s ...", managed.name)
                await managed.start()
            results = await asyncio.gather(
                *(self._wait_ready(managed, http) for managed in self._processes),
                return_exceptions=True,
            )
        for result in results:
            if isinstance(result, BaseException):
                raise result

    @staticmethod
    async def _wait_ready(managed: ManagedProcess, http: httpx.AsyncClient) -> None:
        """Wait for one process and say when it is ready."""
        await managed.wait_ready(http)
        logger.info("%s is ready", managed.name)

    async def stop_requested(self) -> None:
        """Return once a stop has been requested."""
        await self._stopping.wait()

    def request_stop(self) -> None:
        """Ask :meth:`watch` to return (called from the signal handlers)."""
        self._stopping.set()

    async def watch(self) -> None:
        """Restart processes that exit, until a stop is requested.

        Raises:
            ProcessFailed: A process died more often than allowed.
        """
        async with httpx.AsyncClient() as http:
            while not self._stopping.is_set():
                if self.parent_gone():
                    # Whoever started us (make) is gone, e.g. it got SIGTERM: stop too.
                    logger.warning("Parent process exited; stopping")
                    self.request_stop()
                    break
                for managed in self._processes:
                    process = managed.process
                    if process is None or process.returncode is None or self._stopping.is_set():
                        continue
                    logger.error(
                        "%s stopped unexpectedly (exit code %s). Last lines of %s:\n%s",
                        managed.name,
                        process.returncode,
                        managed.log_file,
                        managed.tail(),
                    )
                    if not managed.allow_restart():
                        raise ProcessFailed(managed.name, "died too often", managed.log_file)
                    logger.warning("Restarting %s ...", managed.name)
                    await managed.start()
                    await managed.wait_ready(http)
                    logger.info("%s is back", managed.name)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), timeout=1.0)

    async def stop_all(self) -> None:
        """Stop every process, the last started first."""
        for managed in reversed(self._processes):
            await managed.stop()


def _signal_group(pid: int, sig: signal.Signals) -> None:
    """Send ``sig`` to the process group led by ``pid``; ignore a group already gone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM if the supervisor dies, even by SIGKILL (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
