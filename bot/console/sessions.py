"""Login sessions: a random token in an HttpOnly cookie, its SHA-256 in the database."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.models import Operator, OperatorSession
from bot.store.models import utcnow

SESSION_COOKIE = "tl_console"
LOGIN_CSRF_COOKIE = "tl_login_csrf"
SESSION_LIFETIME = timedelta(hours=10)


@dataclass(frozen=True, slots=True)
class CurrentOperator:
    """The logged-in operator of a request.

    Attributes:
        operator: The account.
        csrf_token: The token every form of this session must carry.
        token_hash: The session's key, to end it at logout.
    """

    operator: Operator
    csrf_token: str
    token_hash: str

    def can_see_unit(self, unit_id: str | None) -> bool:
        """Whether this operator may see conversations of ``unit_id`` (admins: all)."""
        if self.operator.is_admin:
            return True
        return unit_id is not None and unit_id in (self.operator.units or [])

    @property
    def units(self) -> list[str] | None:
        """The units this operator is limited to, or ``None`` for all (admins)."""
        return None if self.operator.is_admin else list(self.operator.units or [])


def new_token() -> str:
    """Return a random URL-safe token (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Return the hex SHA-256 of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


async def start_session(session: AsyncSession, operator: Operator) -> str:
    """Create a session for ``operator``; the caller commits.

    Args:
        session: Open session.
        operator: The authenticated operator.

    Returns:
        The token to put in the cookie.
    """
    token = new_token()
    session.add(
        OperatorSession(
            token_hash=hash_token(token),
            operator_id=operator.id,
            csrf_token=new_token(),
            expires_at=utcnow() + SESSION_LIFETIME,
        )
    )
    return token


async def load_session(session: AsyncSession, token: str) -> CurrentOperator | None:
    """Return the operator of a valid, unexpired session of an active account.

    Args:
        session: Open session.
        token: The cookie's value.
    """
    token_hash = hash_token(token)
    row = await session.get(OperatorSession, token_hash)
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    if expires <= utcnow():
        return None
    operator = await session.scalar(select(Operator).where(Operator.id == row.operator_id))
    if operator is None or not operator.active:
        return None
    return CurrentOperator(operator, row.csrf_token, token_hash)


async def end_session(session: AsyncSession, token_hash: str) -> None:
    """Delete one session; the caller commits."""
    await session.execute(delete(OperatorSession).where(OperatorSession.token_hash == token_hash))


async def end_sessions_of(session: AsyncSession, operator_id: int) -> None:
    """Delete every session of an operator; the caller commits."""
    await session.execute(delete(OperatorSession).where(OperatorSession.operator_id == operator_id))
