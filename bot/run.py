"""``make run``: validate the knowledge base, train if needed, start and supervise everything.

Processes, in start order: the status-service simulator (unless ``STATUS_API_URL`` is
set), the action server, Rasa, the gateway. Ctrl-C or SIGTERM stops them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bot import constants
from bot.settings import GatewaySettings, get_settings
from bot.supervisor.paths import APP_PYTHON, LOG_DIR, NLU_DIR, RASA_PYTHON, rasa_env
from bot.supervisor.processes import ManagedProcess, ProcessFailed, ProcessSupervisor
from bot.supervisor.training import TrainingError, ensure_model

logger = logging.getLogger("tanya.run")

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class StackPorts:
    """The loopback ports of the processes (tests use others than ``make run``)."""

    rasa: int = constants.DEFAULT_RASA_PORT
    actions: int = constants.DEFAULT_ACTIONS_PORT
    status: int = constants.DEFAULT_STATUS_API_PORT

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> StackPorts:
        """Take the ports from ``RASA_URL``, ``ACTIONS_URL`` and ``STATUS_SIMULATOR_PORT``."""
        return cls(
            rasa=urlparse(settings.rasa_url).port or constants.DEFAULT_RASA_PORT,
            actions=urlparse(settings.actions_url).port or constants.DEFAULT_ACTIONS_PORT,
            status=settings.status_simulator_port,
        )


def build_processes(
    settings: GatewaySettings,
    model: str,
    ports: StackPorts | None = None,
    log_dir: Path = LOG_DIR,
) -> list[ManagedProcess]:
    """Return the processes of the assistant, in start order.

    Args:
        settings: The gateway settings (its host, port and database).
        model: Path of the Rasa model to serve.
        ports: Ports of Rasa, the action server and the simulator.
        log_dir: Where each process's log goes.

    Returns:
        The processes to supervise.
    """
    ports = ports or StackPorts.from_settings(settings)
    env = dict(os.environ)
    env["DATABASE_URL"] = settings.database_url
    env.setdefault("DATABASE_URL", settings.database_url)
    processes: list[ManagedProcess] = []
    if not settings.status_api_url:
        status_url = f"http://{LOOPBACK}:{ports.status}"
        env["STATUS_API_URL"] = status_url
        processes.append(
            ManagedProcess(
                name="status-simulator",
                argv=[
                    str(APP_PYTHON),
                    "-m",
                    "status_simulator",
                    "--host",
                    LOOPBACK,
                    "--port",
                    str(ports.status),
                ],  # fmt: skip
                health_url=f"{status_url}/healthz",
                cwd=constants.REPO_ROOT,
                env=env,
                log_file=log_dir / "status-simulator.log",
                ready_timeout_s=30,
            )
        )
    env["ACTIONS_URL"] = f"http://{LOOPBACK}:{ports.actions}"
    processes.append(
        ManagedProcess(
            name="actions",
            argv=[
                str(APP_PYTHON),
                "-m",
                "actions",
                "--host",
                LOOPBACK,
                "--port",
                str(ports.actions),
            ],
            health_url=f"http://{LOOPBACK}:{ports.actions}/health",
            cwd=constants.REPO_ROOT,
            env=env,
            log_file=log_dir / "actions.log",
            ready_timeout_s=60,
        )
    )
    renv = rasa_env() | {"ACTION_ENDPOINT_URL": f"http://{LOOPBACK}:{ports.actions}/webhook"}
    processes.append(
        ManagedProcess(
            name="rasa",
            # `rasa run` with the project's runtime fixes (nlu/tanya_nlu/rasa_fixes.py).
            argv=[
                str(RASA_PYTHON),
                "-m",
                "tanya_nlu.rasa_server",
                "run",
                "--enable-api",
                "--interface",
                LOOPBACK,
                "--port",
                str(ports.rasa),
                "--model",
                model,
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
            ],  # fmt: skip
            health_url=f"http://{LOOPBACK}:{ports.rasa}/status",
            cwd=NLU_DIR,
            env=renv,
            log_file=log_dir / "rasa.log",
            ready_timeout_s=240,
        )
    )
    processes.append(
        ManagedProcess(
            name="gateway",
            argv=[str(APP_PYTHON), "-m", "bot"],
            health_url=f"http://{settings.gateway_host}:{settings.gateway_port}/healthz",
            cwd=constants.REPO_ROOT,
            env=env
            | {
                "RASA_URL": f"http://{LOOPBACK}:{ports.rasa}",
                "GATEWAY_HOST": settings.gateway_host,
                "GATEWAY_PORT": str(settings.gateway_port),
            },
            log_file=log_dir / "gateway.log",
            # Healthy only once Rasa (the slowest part) has loaded its model.
            ready_timeout_s=240,
        )
    )
    return processes


def _ports_in_use(processes: list[ManagedProcess]) -> list[str]:
    """Return 'name (host:port)' for every process whose port is already taken."""
    busy = []
    for managed in processes:
        url = urlparse(managed.health_url)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((url.hostname or "127.0.0.1", url.port or 80)) == 0:
                busy.append(f"{managed.name} ({url.hostname}:{url.port})")
    return busy


def _validate_knowledge_base() -> None:
    """Show the validator's report; continue on problems (the last good load keeps serving)."""
    logger.info("Validating the knowledge base ...")
    result = subprocess.run(
        [str(APP_PYTHON), "-m", "knowledge_base", "validate"],
        cwd=constants.REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        logger.warning(
            "The knowledge base has problems; the last good version is used:\n%s", output
        )
    elif output:
        logger.info("%s", output.splitlines()[-1])


async def _serve(settings: GatewaySettings, model: str, parent_pid: int) -> int:
    """Start everything, print the URLs, supervise until a signal; return the exit code."""
    processes = build_processes(settings, model)
    busy = _ports_in_use(processes)
    if busy:
        logger.error("Port already in use: %s. Is another copy running?", ", ".join(busy))
        return 1
    supervisor = ProcessSupervisor(processes, parent_pid=parent_pid)
    if supervisor.parent_gone():
        logger.warning("Parent process exited during set-up; not starting")
        return 1
    parent_watch = asyncio.create_task(supervisor.watch_parent())
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, supervisor.request_stop)
    code = 0
    try:
        starting = asyncio.create_task(supervisor.start_all())
        stop_wait = asyncio.create_task(supervisor.stop_requested())
        done, _ = await asyncio.wait({starting, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
        if starting in done:
            stop_wait.cancel()
            starting.result()
            base = f"http://{settings.gateway_host}:{settings.gateway_port}"
            print(
                "\nTanya Layanan is running:\n"
                f"  web chat        {base}/\n"
                f"  chat API        {base}/api/chat\n"
                f"  health          {base}/healthz\n"
                f"  Rasa            {settings.rasa_url}\n"
                f"  logs            {LOG_DIR}\n"
                "Talk to it in the terminal with `make chat`. Press Ctrl-C to stop.\n",
                flush=True,
            )
            await supervisor.watch()
        else:
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError, ProcessFailed):
                await starting
    except ProcessFailed as exc:
        logger.error("%s", exc)
        code = 1
    finally:
        parent_watch.cancel()
        logger.info("Stopping all processes ...")
        await supervisor.stop_all()
        logger.info("Stopped.")
    return code


def main() -> None:
    """Entry point of ``make run``."""
    parent_pid = os.getppid()  # before the slow steps: training may outlive a killed parent
    logging.basicConfig(level=logging.INFO, format="==> %(message)s")
    # Health polling would log every request at INFO; Telegram URLs would carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = get_settings()
    _validate_knowledge_base()
    try:
        model = ensure_model()
    except TrainingError as exc:
        logger.error("%s", exc)
        sys.exit(1)
    sys.exit(asyncio.run(_serve(settings, str(model), parent_pid)))


if __name__ == "__main__":
    main()
