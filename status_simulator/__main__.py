"""Command line: ``python -m status_simulator [--host HOST] [--port PORT]``."""

from __future__ import annotations

import argparse
import logging

from status_simulator.app import create_app
from status_simulator.server import serve
from status_simulator.settings import get_settings


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments, build the app from ``STATUS_SIM_*`` settings and serve it.

    Args:
        argv: Arguments without the program name; default: ``sys.argv[1:]``.
    """
    settings = get_settings()
    parser = argparse.ArgumentParser(
        prog="python -m status_simulator",
        description="Tanya Layanan status-service simulator (demo applications).",
    )
    parser.add_argument("--host", default=settings.host, help="default: %(default)s")
    parser.add_argument("--port", type=int, default=settings.port, help="default: %(default)s")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = settings.model_copy(update={"host": args.host, "port": args.port})
    serve(create_app(settings), host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
