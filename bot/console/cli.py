"""``python -m bot.console users add|disable|enable|reset|list``: manage console accounts."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from sqlalchemy import select

from bot.console.accounts import (
    AccountError,
    create_operator,
    generate_password,
    reset_password,
    set_active,
)
from bot.console.models import Operator, OperatorRole
from bot.settings import get_settings
from bot.store import create_engine, create_schema, create_session_factory


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.console", description=__doc__)
    users = (
        parser.add_subparsers(dest="group", required=True)
        .add_parser("users")
        .add_subparsers(dest="command", required=True)
    )
    add = users.add_parser("add", help="add an operator")
    add.add_argument("username")
    add.add_argument("--role", choices=[r.value for r in OperatorRole], default="operator")
    add.add_argument("--unit", action="append", default=[], help="unit id (repeatable)")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    for name in ("disable", "enable"):
        users.add_parser(name, help=f"{name} an operator").add_argument("username")
    reset = users.add_parser("reset", help="set a new password and unlock")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    users.add_parser("list", help="list operators")
    return parser


def _password(from_stdin: bool) -> tuple[str, bool]:
    """Return the password and whether it was generated (then it is shown once)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n"), False
    if sys.stdin.isatty():
        typed = getpass.getpass("Password (empty: generate one): ")
        if typed:
            return typed, False
    return generate_password(), True


async def _run(args: argparse.Namespace) -> str:
    engine = create_engine(get_settings().database_url)
    try:
        await create_schema(engine)
        sessions = create_session_factory(engine)
        async with sessions.begin() as session:
            if args.command == "list":
                rows = (await session.scalars(select(Operator).order_by(Operator.username))).all()
                return "\n".join(
                    f"{o.username}\t{o.role.value}\t{','.join(o.units or []) or '-'}\t"
                    f"{'active' if o.active else 'disabled'}"
                    for o in rows
                )
            if args.command == "add":
                password, generated = _password(args.password_stdin)
                await create_operator(
                    session, args.username, password, role=OperatorRole(args.role),
                    units=args.unit, display_name=args.name,
                )  # fmt: skip
                return f"Added {args.username}" + (f"; password: {password}" if generated else "")
            if args.command in ("disable", "enable"):
                await set_active(session, args.username, args.command == "enable")
                return f"{args.username} {args.command}d"
            password, generated = _password(args.password_stdin)
            await reset_password(session, args.username, password)
            return f"Reset {args.username}" + (f"; password: {password}" if generated else "")
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).
    """
    args = _parser().parse_args(argv)
    try:
        output = asyncio.run(_run(args))
    except AccountError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    sys.stdout.write(output + "\n")
    return 0
