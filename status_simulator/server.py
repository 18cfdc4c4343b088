"""Run a simulator app with uvicorn: in the foreground (CLI) or inside a running loop."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator

import uvicorn
from fastapi import FastAPI


class _EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves the host process's signal handlers alone."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@contextlib.asynccontextmanager
async def run_in_background(
    app: FastAPI, *, host: str = "127.0.0.1", port: int = 0, graceful_timeout_s: int = 1
) -> AsyncIterator[str]:
    """Serve ``app`` on a loopback socket from a task of the current event loop.

    Meant for tests and benchmarks that need a real HTTP server in-process.

    Args:
        app: The ASGI app, e.g. from ``create_app``.
        host: Address to bind.
        port: Port to bind; 0 picks a free one.
        graceful_timeout_s: On exit, requests still running after this long (e.g. in
            slow mode) are cancelled.

    Yields:
        The base URL, e.g. ``http://127.0.0.1:41234``.

    Raises:
        RuntimeError: The server did not start within 10 seconds.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_host, bound_port = sock.getsockname()[:2]
    config = uvicorn.Config(
        app,
        lifespan="on",
        log_level="warning",
        access_log=False,
        ws="none",
        loop="asyncio",
        timeout_graceful_shutdown=graceful_timeout_s,
    )
    server = _EmbeddedServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(10):
            while not server.started:
                if task.done():
                    task.result()
                    raise RuntimeError("simulator server stopped during startup")
                await asyncio.sleep(0.01)
        yield f"http://{bound_host}:{bound_port}"
    finally:
        server.should_exit = True
        try:
            await asyncio.wait_for(task, timeout=graceful_timeout_s + 5)
        finally:
            sock.close()


def serve(app: FastAPI, *, host: str, port: int) -> None:
    """Serve ``app`` in the foreground until interrupted (Ctrl-C or SIGTERM).

    Args:
        app: The ASGI app.
        host: Address to bind.
        port: Port to bind.
    """
    uvicorn.run(app, host=host, port=port, ws="none", log_level="info")
