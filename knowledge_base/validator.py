"""Validation of the knowledge-base files: every problem, with file, line and column."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from knowledge_base.constants import SERVICES_DIRNAME, UNITS_DIRNAME, YAML_SUFFIXES
from knowledge_base.errors import KnowledgeBaseYamlError
from knowledge_base.messages import describe_error
from knowledge_base.rules import check_cross_file, check_service, check_unit
from knowledge_base.schemas import ServiceSpec, UnitSpec
from knowledge_base.yaml_source import PositionLocator, load_yaml_file

__all__ = [
    "Severity",
    "ValidationIssue",
    "ValidationReport",
    "resolve_kb_root",
    "validate_directory",
]

logger = logging.getLogger(__name__)
SpecT = TypeVar("SpecT", bound=BaseModel)
Loc = Sequence[str | int]


class Severity(StrEnum):
    """How bad a problem is; errors block loading, warnings do not."""

    ERROR = "kesalahan"
    WARNING = "peringatan"


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One problem in one file.

    Attributes:
        file: Path relative to the knowledge-base root (``services/x/y.yaml``).
        line: 1-based line.
        column: 1-based column.
        field: Field path such as ``varian[0].persyaratan`` ("" for the whole file).
        message: Indonesian description, for maintainers.
        severity: Error or warning.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """Return ``file:line:col: severity: field: message``."""
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {where}{self.message}"


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """A file that passed the schema (internal to validation and loading)."""

    path: Path
    relpath: str


@dataclass
class ValidationReport:
    """The result of validating a knowledge-base directory.

    Attributes:
        root: The knowledge-base root (holding ``services/`` and ``units/``).
        issues: Every problem, sorted by file and line.
        units: Valid units by id, with their file.
        services: Valid services by id, with their file.
    """

    root: Path
    issues: list[ValidationIssue] = field(default_factory=list)
    units: dict[str, tuple[UnitSpec, ParsedFile]] = field(default_factory=dict)
    services: dict[str, tuple[ServiceSpec, ParsedFile]] = field(default_factory=dict)
    file_count: int = 0

    @property
    def errors(self) -> list[ValidationIssue]:
        """Issues that block loading."""
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[ValidationIssue]:
        """Issues that do not block loading."""
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when there are no errors."""
        return not self.errors

    @property
    def failed_files(self) -> list[str]:
        """Relative paths of files with at least one error, sorted."""
        return sorted({i.file for i in self.errors})

    def format(self) -> str:
        """Return every issue on its own line, then a summary line in Indonesian."""
        lines = [issue.format() for issue in self.issues]
        lines.append(
            f"{self.file_count} berkas diperiksa: {len(self.units)} unit, "
            f"{len(self.services)} layanan, {len(self.errors)} kesalahan, "
            f"{len(self.warnings)} peringatan"
        )
        return "\n".join(lines)


def resolve_kb_root(path: Path) -> Path:
    """Return the knowledge-base root for ``path``.

    ``path`` may be the root itself (holding ``services/`` and ``units/``) or its
    ``services/`` folder (the ``KB_DIR`` default), whose sibling ``units/`` is used.
    """
    path = path.resolve()
    if not (path / SERVICES_DIRNAME).is_dir() and path.name == SERVICES_DIRNAME:
        return path.parent
    return path


class _Collector:
    """Gathers issues with field paths; positions are looked up once at the end."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pending: list[tuple[Path, tuple[str | int, ...], str, Severity]] = []
        self.fixed: list[ValidationIssue] = []

    def add(self, path: Path, loc: Loc, message: str, *, warning: bool = False) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        self.pending.append((path, tuple(loc), message, severity))

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def issues(self) -> list[ValidationIssue]:
        locator = PositionLocator()
        result = list(self.fixed)
        for path, loc, message, severity in self.pending:
            line, col = locator.locate(path, loc)
            result.append(
                ValidationIssue(self.rel(path), line, col, _dotted(loc), message, severity)
            )
        return sorted(result, key=lambda i: (i.file, i.line, i.column, i.message))


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


def _parse(collector: _Collector, path: Path, model: type[SpecT]) -> SpecT | None:
    try:
        data: Any = load_yaml_file(path)
    except KnowledgeBaseYamlError as exc:
        collector.fixed.append(
            ValidationIssue(collector.rel(path), exc.line or 1, exc.column or 1, "", exc.problem)
        )
        return None
    if not isinstance(data, dict):
        collector.add(path, [], "isi berkas harus berupa pemetaan 'kunci: nilai'")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc, message = describe_error(model, error)
            collector.add(path, loc, message)
        return None


def validate_directory(path: Path, *, today: date | None = None) -> ValidationReport:
    """Validate every unit and service file under a knowledge-base directory.

    Nothing stops at the first problem: the report lists every one.

    Args:
        path: The knowledge-base root, or its ``services/`` folder.
        today: The date expiry is checked against (default: today).

    Returns:
        The report; ``report.ok`` is False when any error was found.
    """
    root = resolve_kb_root(path)
    today = today or date.today()
    report = ValidationReport(root=root)
    collector = _Collector(root)
    for dirname in (UNITS_DIRNAME, SERVICES_DIRNAME):
        if not (root / dirname).is_dir():
            collector.fixed.append(
                ValidationIssue(dirname + "/", 1, 1, "", f"folder '{dirname}/' tidak ditemukan")
            )
    for unit_path in _yaml_files(root / UNITS_DIRNAME):
        report.file_count += 1
        unit = _parse(collector, unit_path, UnitSpec)
        if unit is None:
            continue
        check_unit(collector, unit_path, unit)
        if unit.id in report.units:
            other = report.units[unit.id][1].relpath
            collector.add(unit_path, ["id"], f"id unit '{unit.id}' sudah dipakai di {other}")
            continue
        report.units[unit.id] = (unit, ParsedFile(unit_path, collector.rel(unit_path)))
    for service_path in _yaml_files(root / SERVICES_DIRNAME):
        report.file_count += 1
        service = _parse(collector, service_path, ServiceSpec)
        if service is None:
            continue
        check_service(collector, service_path, root / SERVICES_DIRNAME, service, today)
        if service.id in report.services:
            other = report.services[service.id][1].relpath
            collector.add(
                service_path, ["id"], f"id layanan '{service.id}' sudah dipakai di {other}"
            )
            continue
        report.services[service.id] = (
            service,
            ParsedFile(service_path, collector.rel(service_path)),
        )
    check_cross_file(collector, report)
    report.issues = collector.issues()
    logger.debug("validated %s: %d issue(s)", root, len(report.issues))
    return report
