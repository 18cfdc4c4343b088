"""Command-line interface of the knowledge base (entry point, configures logging)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from knowledge_base.benchmark import run_benchmark
from knowledge_base.constants import (
    DEFAULT_DATABASE_URL,
    DEFAULT_KB_DIR,
    ENV_DATABASE_URL,
    ENV_KB_DIR,
)
from knowledge_base.database import async_database_url, create_kb_engine, create_session_factory
from knowledge_base.errors import KnowledgeBaseError, KnowledgeBaseValidationError
from knowledge_base.loader import KnowledgeBaseLoader
from knowledge_base.migrate import upgrade_database
from knowledge_base.nlu_export import write_nlu_file
from knowledge_base.queries import list_load_status
from knowledge_base.validator import validate_directory

__all__ = ["main"]


def _echo(text: str) -> None:
    """Write one line to stdout (the CLI's output, not logging)."""
    sys.stdout.write(text + "\n")


def _default_dir() -> Path:
    return Path(os.environ.get(ENV_KB_DIR) or DEFAULT_KB_DIR)


def _database_url(value: str | None) -> str:
    url = async_database_url(value or os.environ.get(ENV_DATABASE_URL) or DEFAULT_DATABASE_URL)
    if url.startswith("sqlite") and ":///" in url:
        Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    return url


def _validate(args: argparse.Namespace) -> int:
    report = validate_directory(args.dir)
    _echo(report.format())
    return 0 if report.ok else 1


def _export(args: argparse.Namespace) -> int:
    report = validate_directory(args.dir)
    if not report.ok:
        _echo(report.format())
        return 1
    count = write_nlu_file(report, args.out)
    _echo(f"{count} sinonim ditulis ke {args.out}")
    return 0


async def _load(args: argparse.Namespace) -> int:
    engine = create_kb_engine(_database_url(args.database_url))
    try:
        await upgrade_database(engine)
        loader = KnowledgeBaseLoader(create_session_factory(engine), args.dir)
        try:
            result = await loader.load(force=args.force)
        except KnowledgeBaseValidationError as exc:
            _echo(exc.report.format())
            _echo("Tidak dimuat: pengetahuan terakhir yang valid tetap dipakai.")
            return 1
        for warning in result.warnings:
            _echo(warning.format())
        state = "dimuat" if result.changed else "tidak berubah"
        _echo(
            f"Revisi {result.revision} {state}: {result.service_count} layanan, "
            f"{result.unit_count} unit ({result.duration_s:.2f} dtk)"
        )
        return 0
    except KnowledgeBaseError as exc:
        _echo(f"Gagal: {exc}")
        return 1
    finally:
        await engine.dispose()


async def _status(args: argparse.Namespace) -> int:
    engine = create_kb_engine(_database_url(args.database_url))
    try:
        await upgrade_database(engine)
        async with create_session_factory(engine)() as session, session.begin():
            attempts = await list_load_status(session=session, limit=args.limit)
    finally:
        await engine.dispose()
    for attempt in attempts:
        mark = "OK   " if attempt.ok else "GAGAL"
        _echo(
            f"{attempt.finished_at:%Y-%m-%d %H:%M:%S} {mark} revisi={attempt.revision} "
            f"{attempt.message}"
        )
        for line in attempt.errors:
            _echo(f"    {line}")
    return 0


async def _bench(args: argparse.Namespace) -> int:
    result = await run_benchmark(args.services, args.database_url)
    _echo(json.dumps(result))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge_base")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="validate the YAML files")
    validate.add_argument("dir", nargs="?", type=Path, default=None)
    validate.set_defaults(run=_validate)
    for name, func, text in (
        ("load", _load, "validate and load into the database"),
        ("status", _status, "show the latest load attempts"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--database-url", default=None)
        cmd.set_defaults(run=func)
    sub.choices["load"].add_argument("dir", nargs="?", type=Path, default=None)
    sub.choices["load"].add_argument("--force", action="store_true")
    sub.choices["status"].add_argument("--limit", type=int, default=10)
    export = sub.add_parser("export-nlu", help="write Rasa NLU synonyms and lookup table")
    export.add_argument("out", type=Path)
    export.add_argument("--dir", type=Path, default=None)
    export.set_defaults(run=_export)
    bench = sub.add_parser("bench", help="time validate+load and lookups (JSON on last line)")
    bench.add_argument("services", nargs="?", type=int, default=1000)
    bench.add_argument("--database-url", default=None)
    bench.set_defaults(run=_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit code: 0 on success (warnings allowed), 1 on errors.
    """
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if getattr(args, "dir", None) is None:
        args.dir = _default_dir()
    result = args.run(args)
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    return int(result)
