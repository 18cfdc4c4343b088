"""SQLAlchemy 2 table models (DB rows) of the knowledge base.

Each service row keeps its resolved public payload as JSON, so one query answers
``get_service``; the key fields are columns too, for filtering and reports.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AliasRow",
    "Base",
    "KbStateRow",
    "LoadStatusRow",
    "ServiceRow",
    "UnitRow",
    "VariantRow",
]


class Base(DeclarativeBase):
    """Declarative base of the knowledge-base tables (all prefixed ``kb_``)."""


class UnitRow(Base):
    """A service unit."""

    __tablename__ = "kb_units"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    time_zone: Mapped[str] = mapped_column(String(4))
    source_file: Mapped[str] = mapped_column(String(500))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class ServiceRow(Base):
    """A service, with its resolved public payload."""

    __tablename__ = "kb_services"
    __table_args__ = (Index("ix_kb_services_unit_category", "unit_id", "category"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("kb_units.id"))
    category: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    fee_amount: Mapped[int | None] = mapped_column(Integer)
    sk_number: Mapped[str | None] = mapped_column(String(200))
    sk_effective_date: Mapped[date | None] = mapped_column(Date)
    reviewed_at: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    source_file: Mapped[str] = mapped_column(String(500))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class VariantRow(Base):
    """A variant of a service."""

    __tablename__ = "kb_variants"

    service_id: Mapped[str] = mapped_column(
        ForeignKey("kb_services.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)


class AliasRow(Base):
    """A searchable term (name or alias) of a service or of one of its variants."""

    __tablename__ = "kb_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[str] = mapped_column(
        ForeignKey("kb_services.id", ondelete="CASCADE"), index=True
    )
    variant_id: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))


class KbStateRow(Base):
    """The single row naming the loaded revision; the loader bumps it on every load."""

    __tablename__ = "kb_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    service_count: Mapped[int] = mapped_column(Integer)
    unit_count: Mapped[int] = mapped_column(Integer)


class LoadStatusRow(Base):
    """One load attempt (successful or not), for operators."""

    __tablename__ = "kb_load_status"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ok: Mapped[bool]
    revision: Mapped[int | None] = mapped_column(Integer)
    service_count: Mapped[int] = mapped_column(Integer, default=0)
    unit_count: Mapped[int] = mapped_column(Integer, default=0)
    failed_files: Mapped[list[str]] = mapped_column(JSON)
    errors: Mapped[list[str]] = mapped_column(JSON)
    warnings: Mapped[list[str]] = mapped_column(JSON)
    message: Mapped[str] = mapped_column(Text)
