"""Operator accounts: passwords (argon2), login with lockout, the first admin, the audit log."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.console.models import AuditEntry, Operator, OperatorRole
from bot.store.models import utcnow

logger = logging.getLogger(__name__)

ADMIN_USERNAME = "admin"
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_CHARS = 10

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("tanya-layanan-dummy-password")


class AccountError(ValueError):
    """An account operation was refused; the message is for the person at the console."""


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``.

    Args:
        password: The clear-text password.

    Returns:
        The encoded hash.
    """
    return _hasher.hash(password)


def generate_password() -> str:
    """Return a new random password (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


async def audit(
    session: AsyncSession,
    actor: Operator | str,
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry to the caller's transaction.

    Args:
        session: Open session; the caller commits.
        actor: The operator, or a name such as ``cli`` or ``system``.
        action: What was done (``login``, ``takeover``, ``reveal`` ...).
        target: The object (``conversation:12``, ``operator:budi``).
        detail: Extra fields; never personal data.
    """
    if isinstance(actor, Operator):
        entry = AuditEntry(operator_id=actor.id, actor=actor.username, action=action)
    else:
        entry = AuditEntry(actor=actor, action=action)
    entry.target = target
    entry.detail = detail
    session.add(entry)


async def authenticate(
    session: AsyncSession, username: str, password: str, *, now: datetime | None = None
) -> Operator | None:
    """Check a login; count failures and lock the account after too many.

    Args:
        session: Open session; the caller commits (failures are counted too).
        username: The user name typed.
        password: The password typed.
        now: The current time (tests).

    Returns:
        The operator, or ``None`` when the login is refused (unknown, wrong password,
        disabled or locked: the caller does not learn which).
    """
    now = now or utcnow()
    operator = await session.scalar(select(Operator).where(Operator.username == username))
    if operator is None:
        _verify(_DUMMY_HASH, password)
        await audit(session, "anonymous", "login_failed", f"operator:{username[:64]}")
        return None
    locked = operator.locked_until is not None and _aware(operator.locked_until) > now
    if not operator.active or locked:
        _verify(_DUMMY_HASH, password)
        await audit(session, operator, "login_refused", detail={"locked": locked})
        return None
    if not _verify(operator.password_hash, password):
        operator.failed_logins += 1
        if operator.failed_logins >= MAX_FAILED_LOGINS:
            operator.locked_until = now + LOCKOUT
            operator.failed_logins = 0
            logger.warning("Operator account %s locked after failed logins", operator.id)
            await audit(session, operator, "locked")
        await audit(session, operator, "login_failed")
        return None
    if _hasher.check_needs_rehash(operator.password_hash):
        operator.password_hash = hash_password(password)
    operator.failed_logins = 0
    operator.locked_until = None
    operator.last_login_at = now
    await audit(session, operator, "login")
    return operator


async def create_operator(
    session: AsyncSession,
    username: str,
    password: str,
    *,
    role: OperatorRole = OperatorRole.OPERATOR,
    units: list[str] | None = None,
    display_name: str = "",
    actor: Operator | str = "cli",
) -> Operator:
    """Add an operator.

    Args:
        session: Open session; the caller commits.
        username: Unique user name (letters, digits, ``._-``).
        password: At least :data:`MIN_PASSWORD_CHARS` characters.
        role: ``admin`` or ``operator``.
        units: Unit ids an operator handles (ignored for admins).
        display_name: Name shown in the console.
        actor: Who adds it, for the audit log.

    Returns:
        The new operator (flushed, so it has an id).

    Raises:
        AccountError: Bad user name, short password, operator without unit, or name taken.
    """
    username = username.strip()
    if not username or len(username) > 64 or not all(c.isalnum() or c in "._-" for c in username):
        raise AccountError("Nama pengguna hanya boleh huruf, angka, titik, garis bawah, atau -.")
    _check_password(password)
    units = sorted({u.strip() for u in units or [] if u.strip()})
    if role is OperatorRole.OPERATOR and not units:
        raise AccountError("Operator harus memiliki minimal satu unit layanan.")
    if await session.scalar(select(Operator.id).where(Operator.username == username)):
        raise AccountError(f"Nama pengguna {username} sudah dipakai.")
    operator = Operator(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role=role,
        units=units if role is OperatorRole.OPERATOR else [],
    )
    session.add(operator)
    await session.flush()
    await audit(
        session, actor, "operator_add", f"operator:{username}", {"role": role.value, "units": units}
    )
    return operator


async def set_active(
    session: AsyncSession, username: str, active: bool, *, actor: Operator | str = "cli"
) -> Operator:
    """Enable or disable an operator (a disabled one cannot log in; sessions end).

    Raises:
        AccountError: Unknown user name.
    """
    from bot.console.sessions import end_sessions_of  # local: sessions imports this module

    operator = await _get(session, username)
    operator.active = active
    if not active:
        await end_sessions_of(session, operator.id)
    await audit(
        session, actor, "operator_enable" if active else "operator_disable", f"operator:{username}"
    )
    return operator


async def reset_password(
    session: AsyncSession, username: str, password: str, *, actor: Operator | str = "cli"
) -> Operator:
    """Set a new password, unlock the account and end its sessions.

    Raises:
        AccountError: Unknown user name or short password.
    """
    from bot.console.sessions import end_sessions_of

    _check_password(password)
    operator = await _get(session, username)
    operator.password_hash = hash_password(password)
    operator.failed_logins = 0
    operator.locked_until = None
    await end_sessions_of(session, operator.id)
    await audit(session, actor, "operator_reset", f"operator:{username}")
    return operator


async def ensure_first_admin(
    sessions: async_sessionmaker[AsyncSession], password: str | None
) -> str | None:
    """Create the ``admin`` account if it does not exist yet.

    Args:
        sessions: Session factory.
        password: ``OPERATOR_ADMIN_PASSWORD``, or ``None`` to generate one.

    Returns:
        The generated password when one was generated now (show it once), else ``None``.
    """
    async with sessions() as session:
        if await session.scalar(select(Operator.id).where(Operator.username == ADMIN_USERNAME)):
            return None
    generated = None if password else generate_password()
    try:
        async with sessions.begin() as session:
            await create_operator(
                session,
                ADMIN_USERNAME,
                password or generated or "",
                role=OperatorRole.ADMIN,
                display_name="Administrator",
                actor="system",
            )
    except IntegrityError:
        return None  # another replica created it at the same moment
    return generated


async def _get(session: AsyncSession, username: str) -> Operator:
    """Return the operator or raise :class:`AccountError`."""
    operator = await session.scalar(select(Operator).where(Operator.username == username))
    if operator is None:
        raise AccountError(f"Operator {username} tidak ditemukan.")
    return operator


def _check_password(password: str) -> None:
    """Refuse passwords shorter than the minimum."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"Kata sandi minimal {MIN_PASSWORD_CHARS} karakter.")


def _verify(password_hash: str, password: str) -> bool:
    """Return whether ``password`` matches ``password_hash``."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _aware(value: datetime) -> datetime:
    """SQLite returns naive datetimes; they are UTC."""
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)
