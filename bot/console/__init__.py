"""The operator console at ``/operator/``: watch, take over and understand conversations."""

from bot.console.deps import (
    AdminDep,
    CheckedFormDep,
    ConsoleDep,
    CurrentOperatorDep,
    SessionDep,
    get_console,
    get_current_operator,
    get_session,
)
from bot.console.mount import mount_console
from bot.console.services import ConsoleServices, open_console

__all__ = [
    "AdminDep",
    "CheckedFormDep",
    "ConsoleDep",
    "ConsoleServices",
    "CurrentOperatorDep",
    "SessionDep",
    "get_console",
    "get_current_operator",
    "get_session",
    "mount_console",
    "open_console",
]
