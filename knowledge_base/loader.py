"""Atomic loading of the validated knowledge base into SQL.

A load validates every file first; with any error nothing is written, so the
last good knowledge stays. Otherwise all rows are replaced in one transaction
that also bumps the revision. Every attempt leaves a load-status row.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge_base.constants import YAML_SUFFIXES
from knowledge_base.convert import service_to_public, unit_to_public
from knowledge_base.errors import KnowledgeBaseLoadError, KnowledgeBaseValidationError
from knowledge_base.models import (
    AliasRow,
    KbStateRow,
    LoadStatusRow,
    ServiceRow,
    UnitRow,
    VariantRow,
)
from knowledge_base.validator import (
    ValidationIssue,
    ValidationReport,
    resolve_kb_root,
    validate_directory,
)

__all__ = ["KnowledgeBaseLoader", "LoadResult"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The outcome of a successful load.

    Attributes:
        revision: The revision now in the database.
        changed: False when the files were unchanged and nothing was rewritten.
        service_count: Services in the database.
        unit_count: Units in the database.
        warnings: Validation warnings (they do not block loading).
        duration_s: Wall time of validation and loading.
    """

    revision: int
    changed: bool
    service_count: int
    unit_count: int
    warnings: list[ValidationIssue] = field(default_factory=list)
    duration_s: float = 0.0


def _content_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _validate_and_hash(root: Path, today: date | None) -> tuple[ValidationReport, str]:
    content_hash = _content_hash(root)
    return validate_directory(root, today=today), content_hash


def _rows(report: ValidationReport) -> dict[type[Any], list[dict[str, Any]]]:
    units = {uid: unit_to_public(spec) for uid, (spec, _) in report.units.items()}
    rows: dict[type[Any], list[dict[str, Any]]] = {
        UnitRow: [
            {
                "id": uid,
                "name": unit.name,
                "time_zone": unit.opening_hours.time_zone,
                "source_file": report.units[uid][1].relpath,
                "payload": unit.model_dump(mode="json"),
            }
            for uid, unit in units.items()
        ],
        ServiceRow: [],
        VariantRow: [],
        AliasRow: [],
    }
    for sid, (spec, parsed) in report.services.items():
        public = service_to_public(spec, units[spec.unit], parsed.relpath)
        rows[ServiceRow].append(
            {
                "id": sid,
                "unit_id": spec.unit,
                "category": spec.kategori,
                "name": spec.nama,
                "summary": spec.ringkasan,
                "fee_amount": spec.biaya.jumlah,
                "sk_number": public.standard.sk_number if public.standard else None,
                "sk_effective_date": public.standard.effective_date if public.standard else None,
                "reviewed_at": spec.ditinjau_pada,
                "valid_until": spec.berlaku_sampai,
                "source_file": parsed.relpath,
                "payload": public.model_dump(mode="json"),
            }
        )
        aliases = rows[AliasRow]
        aliases.append({"service_id": sid, "variant_id": None, "text": spec.nama, "kind": "name"})
        aliases.extend(
            {"service_id": sid, "variant_id": None, "text": a, "kind": "alias"} for a in spec.alias
        )
        for position, variant in enumerate(spec.varian):
            rows[VariantRow].append(
                {"service_id": sid, "id": variant.id, "name": variant.nama, "position": position}
            )
            aliases.extend(
                {"service_id": sid, "variant_id": variant.id, "text": text, "kind": "variant"}
                for text in [variant.nama, *variant.alias]
            )
    return rows


class KnowledgeBaseLoader:
    """Validates the files and loads them into SQL, atomically.

    Args:
        session_factory: Factory of async sessions bound to the knowledge-base database.
        kb_dir: The knowledge-base root or its ``services/`` folder.
        today: Fixed date for expiry checks (tests); default today.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        kb_dir: Path,
        *,
        today: date | None = None,
    ) -> None:
        self._session_factory = session_factory
        self.kb_root = resolve_kb_root(kb_dir)
        self._today = today
        self._lock = asyncio.Lock()

    async def load(self, *, force: bool = False) -> LoadResult:
        """Validate and load the knowledge base.

        Args:
            force: Rewrite even when the files did not change since the last load.

        Returns:
            The result; ``changed`` is False when nothing needed rewriting.

        Raises:
            KnowledgeBaseValidationError: A file has errors; the database is untouched
                apart from a failed load-status row.
            KnowledgeBaseLoadError: The database write failed; it was rolled back.
        """
        async with self._lock:
            return await self._load(force=force)

    async def _load(self, *, force: bool) -> LoadResult:
        started = datetime.now(UTC)
        clock = time.perf_counter()
        report, content_hash = await asyncio.to_thread(
            _validate_and_hash, self.kb_root, self._today
        )
        warnings = [w.format() for w in report.warnings]
        if not report.ok:
            await self._record(
                started,
                ok=False,
                revision=None,
                failed_files=report.failed_files,
                errors=[e.format() for e in report.errors],
                warnings=warnings,
                message="validasi gagal; pengetahuan terakhir yang valid tetap dipakai",
            )
            logger.warning(
                "knowledge base not loaded: %d error(s) in %s",
                len(report.errors),
                ", ".join(report.failed_files),
            )
            raise KnowledgeBaseValidationError(report)
        counts = {"service_count": len(report.services), "unit_count": len(report.units)}
        try:
            async with self._session_factory() as session, session.begin():
                state = await session.get(KbStateRow, 1, with_for_update=True)
                if state is not None and state.content_hash == content_hash and not force:
                    return LoadResult(state.revision, False, **counts, warnings=report.warnings)
                for model in (AliasRow, VariantRow, ServiceRow, UnitRow):
                    await session.execute(delete(model))
                for model, rows in _rows(report).items():
                    if rows:
                        await session.execute(insert(model), rows)
                revision = (state.revision if state else 0) + 1
                now = datetime.now(UTC)
                if state is None:
                    session.add(
                        KbStateRow(
                            id=1,
                            revision=revision,
                            content_hash=content_hash,
                            loaded_at=now,
                            **counts,
                        )
                    )
                else:
                    state.revision, state.content_hash, state.loaded_at = (
                        revision,
                        content_hash,
                        now,
                    )
                    state.service_count = counts["service_count"]
                    state.unit_count = counts["unit_count"]
                session.add(
                    LoadStatusRow(
                        started_at=started,
                        finished_at=now,
                        ok=True,
                        revision=revision,
                        failed_files=[],
                        errors=[],
                        warnings=warnings,
                        message="berhasil dimuat",
                        **counts,
                    )
                )
        except SQLAlchemyError as exc:
            logger.exception("knowledge-base load failed; previous revision kept")
            await self._record(
                started,
                ok=False,
                revision=None,
                failed_files=[],
                errors=[str(exc)],
                warnings=warnings,
                message="gagal menulis ke basis data",
            )
            raise KnowledgeBaseLoadError(f"database write failed: {exc}") from exc
        duration = time.perf_counter() - clock
        logger.info(
            "knowledge base revision %d loaded: %d services, %d units in %.2fs",
            revision,
            counts["service_count"],
            counts["unit_count"],
            duration,
        )
        return LoadResult(revision, True, **counts, warnings=report.warnings, duration_s=duration)

    async def _record(self, started: datetime, **values: Any) -> None:
        try:
            async with self._session_factory() as session, session.begin():
                session.add(
                    LoadStatusRow(
                        started_at=started,
                        finished_at=datetime.now(UTC),
                        service_count=0,
                        unit_count=0,
                        **values,
                    )
                )
        except SQLAlchemyError:
            logger.exception("could not record the load status")
