"""Private Redis and PostgreSQL servers that a test owns, starts, restarts and stops.

The machine's shared servers (Redis on 6379, Postgres on 5432) are used by other suites
running at the same time, so a drill that restarts a backing service starts its own:
``redis-server`` without persistence, and a throwaway PostgreSQL cluster (``initdb`` in a
temporary folder, trust authentication, loopback TCP only) on free ports. As root the
cluster runs as the ``postgres`` user, because ``initdb`` refuses root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tools.stack import free_ports


def _wait_port(port: int, up: bool, timeout_s: float) -> None:
    """Wait until 127.0.0.1:``port`` accepts (``up``) or refuses connections."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            accepting = sock.connect_ex(("127.0.0.1", port)) == 0
        if accepting == up:
            return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} still {'closed' if up else 'open'} after {timeout_s} s")


class PrivateRedis:
    """A ``redis-server`` on a free loopback port, without persistence (a restart empties it)."""

    def __init__(self) -> None:
        self.port = free_ports(1)[0]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._dir = Path(tempfile.mkdtemp(prefix="tanya-redis-"))
        self._process: subprocess.Popen[bytes] | None = None
        self.restarts = 0

    def start(self) -> PrivateRedis:
        """Start the server and wait until it accepts connections."""
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        argv = [
            binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self._dir), "--daemonize", "no",
            "--logfile", str(self._dir / "redis.log"),
        ]  # fmt: skip
        self._process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_port(self.port, up=True, timeout_s=10)
        return self

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and wait until the port is closed."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        self._process = None
        _wait_port(self.port, up=False, timeout_s=10)

    def restart(self, down_s: float = 0.0) -> None:
        """Stop the server, stay down ``down_s`` seconds, start it again (empty)."""
        self.stop()
        time.sleep(down_s)
        self.start()
        self.restarts += 1

    def close(self) -> None:
        """Stop the server and remove its folder."""
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on a free loopback port with trust authentication.

    Raises:
        RuntimeError: No PostgreSQL server binaries are installed.
    """

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        self._bin = Path(found[-1]).parent
        self.port = free_ports(1)[0]
        self._dir = Path(tempfile.mkdtemp(prefix="tanya-pg-"))
        self._data = self._dir / "data"
        self._as_root = os.geteuid() == 0
        if self._as_root:  # initdb refuses root: the cluster belongs to ``postgres``
            user = pwd.getpwnam("postgres")
            os.chown(self._dir, user.pw_uid, user.pw_gid)
        self.restarts = 0

    def dsn(self, database: str = "postgres") -> str:
        """An asyncpg/libpq DSN for ``database``."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def sqlalchemy_url(self, database: str) -> str:
        """The async SQLAlchemy URL for ``database`` (what ``DATABASE_URL`` takes)."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *argv: str, timeout_s: float = 120.0) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_root else []
        result = subprocess.run(
            [*prefix, *argv],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
            cwd=self._dir,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            output = f"{result.stdout}{result.stderr}"
            raise RuntimeError(f"{argv[0]} failed ({result.returncode}):\n{output}")

    def start(self) -> PrivatePostgres:
        """Create the cluster on first use, start it and wait until it accepts connections."""
        if not (self._data / "PG_VERSION").exists():
            self._run(
                str(self._bin / "initdb"), "-D", str(self._data), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-sync",
            )  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self._bin / "pg_ctl"), "-D", str(self._data), "-l", str(self._dir / "pg.log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip
        _wait_port(self.port, up=True, timeout_s=30)
        return self

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``: clients are disconnected, like a restart in production)."""
        if (self._data / "postmaster.pid").exists():
            self._run(str(self._bin / "pg_ctl"), "-D", str(self._data), "-m", mode, "-w", "stop")
        _wait_port(self.port, up=False, timeout_s=30)

    def restart(self, down_s: float = 0.0) -> None:
        """Stop the server, stay down ``down_s`` seconds, start it again (data kept)."""
        self.stop()
        time.sleep(down_s)
        self.start()
        self.restarts += 1

    def log(self) -> str:
        """The server's log (for failure messages)."""
        with contextlib.suppress(OSError):
            return (self._dir / "pg.log").read_text(errors="replace")
        return ""

    def close(self) -> None:
        """Stop the server (immediately) and remove the cluster."""
        with contextlib.suppress(Exception):
            self.stop(mode="immediate")
        shutil.rmtree(self._dir, ignore_errors=True)
