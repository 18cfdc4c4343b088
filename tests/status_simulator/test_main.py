from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_python_m_status_simulator_serves_the_contract() -> None:
    port = _free_port()
    env = {**os.environ, "STATUS_SIM_ERROR_RATE_429": "1.0", "STATUS_SIM_RETRY_AFTER_S": "9"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "status_simulator", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            for _ in range(100):
                try:
                    health = http.get("/healthz")
                    break
                except httpx.ConnectError:
                    time.sleep(0.1)
            else:
                raise AssertionError("simulator did not start")
            assert health.status_code == 200
            response = http.post(
                "/api/v1/applications/lookup",
                json={"number": "DUK-2026-000101", "verification": "3171"},
            )
            assert response.status_code == 429
            assert response.headers["Retry-After"] == "9"
    finally:
        proc.terminate()
        # uvicorn shuts down gracefully, then re-raises the signal it caught.
        assert proc.wait(timeout=10) in (0, -signal.SIGTERM)
