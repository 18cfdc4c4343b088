"""Entry point of the gateway process: ``python -m bot``."""

from __future__ import annotations

import logging

import uvicorn

from bot.app import build_application
from bot.logging_setup import configure_logging
from bot.settings import get_settings


def main() -> None:
    """Configure logging, build the application and serve it until stopped."""
    configure_logging()
    settings = get_settings()
    app = build_application(settings)
    uvicorn.run(
        app,
        host=settings.gateway_host,
        port=settings.gateway_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,
    )


if __name__ == "__main__":
    logging.captureWarnings(True)
    main()
