"""Entry point of the action server: ``python -m actions [--host H] [--port P]``."""

from __future__ import annotations

import argparse
import logging
import os

from actions.server import build_action_server
from actions.settings import get_settings


def main() -> None:
    """Parse arguments, configure logging and serve until stopped."""
    parser = argparse.ArgumentParser(description="Tanya Layanan action server")
    parser.add_argument("--host", default=None, help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (default 5055)")
    args = parser.parse_args()
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = get_settings()
    app = build_action_server(settings)
    app.run(
        host=args.host or settings.actions_host,
        port=args.port or settings.actions_port,
        single_process=True,
        access_log=False,
        motd=False,
    )


if __name__ == "__main__":
    main()
