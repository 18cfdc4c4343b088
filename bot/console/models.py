"""Tables of the operator console: operators, their sessions and the audit log.

They share the conversation store's metadata, so ``create_schema`` creates them too.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import StoreBase, utcnow


class OperatorRole(enum.StrEnum):
    """``admin`` sees every unit and manages operators; ``operator`` sees their units."""

    ADMIN = "admin"
    OPERATOR = "operator"


class Operator(StoreBase):
    """A console account."""

    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[OperatorRole] = mapped_column(
        Enum(OperatorRole, native_enum=False, length=16), default=OperatorRole.OPERATOR
    )
    units: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    @property
    def is_admin(self) -> bool:
        """Whether this operator is an admin."""
        return self.role is OperatorRole.ADMIN


class OperatorSession(StoreBase):
    """A logged-in browser: the cookie holds a random token, the table only its hash."""

    __tablename__ = "operator_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(StoreBase):
    """One operator action: who, what, on which object, when."""

    __tablename__ = "operator_audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    operator_id: Mapped[int | None] = mapped_column(default=None)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(128), default=None)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
