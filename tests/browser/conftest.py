"""Real-browser fixtures: the gateway served by uvicorn on loopback and Debian's chromium.

Rasa is a small fake HTTP server (also on loopback): the browser tests are about the web
chat and the console, not about understanding Indonesian.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from bot.app import build_application
from bot.rasa_client import TURNS_WEBHOOK
from bot.settings import GatewaySettings
from tests.bot.console.conftest import ADMIN_PASSWORD, handoff_rasa, tracker_for

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fake_rasa_app() -> FastAPI:
    """Rasa's ``turns`` channel and status endpoint, as the console tests fake them."""
    app = FastAPI()

    @app.post(TURNS_WEBHOOK)
    async def webhook(request: Request) -> JSONResponse:
        body = json.loads(await request.body())
        messages = json.loads(handoff_rasa(body).content)
        return JSONResponse({"messages": messages, "turn": tracker_for(body["message"])})

    @app.get("/status")
    async def status() -> JSONResponse:
        return JSONResponse({"model_file": "fake.tar.gz"})

    return app


@dataclass
class LiveGateway:
    """The running gateway."""

    url: str


@pytest.fixture
def live_gateway(tmp_path: Path) -> Iterator[LiveGateway]:
    """Serve the gateway and the fake Rasa on loopback ports, in a background thread."""
    rasa_port, gateway_port = _free_port(), _free_port()
    settings = GatewaySettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'browser.db'}",
        rasa_url=f"http://127.0.0.1:{rasa_port}",
        operator_admin_password=ADMIN_PASSWORD,
    )
    servers = [
        uvicorn.Server(uvicorn.Config(fake_rasa_app(), "127.0.0.1", rasa_port, log_config=None,
                                      access_log=False, lifespan="off")),
        uvicorn.Server(uvicorn.Config(build_application(settings), "127.0.0.1", gateway_port,
                                      log_config=None, access_log=False,
                                      timeout_graceful_shutdown=1)),
    ]  # fmt: skip

    async def serve() -> None:
        await asyncio.gather(*(s.serve() for s in servers))

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not all(s.started for s in servers):
        assert time.monotonic() < deadline, "gateway did not start"
        time.sleep(0.05)
    yield LiveGateway(f"http://127.0.0.1:{gateway_port}")
    for server in servers:
        server.should_exit = True
    thread.join(timeout=15)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    """Headless chromium through the system chromedriver (Selenium Manager never runs)."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900",
        f"--user-data-dir={tmp_path / 'chromium'}",
    ):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def screenshots() -> Path:
    """Where the tests save screenshots (artifacts/screenshots/, git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
