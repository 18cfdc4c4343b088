"""Exceptions raised by the knowledge-base package.

Hierarchy::

    KnowledgeBaseError                   root; catch this in actions
    ├── KnowledgeBaseYamlError           a file is not valid YAML (file, line, column)
    ├── KnowledgeBaseValidationError     files break the schema (carries the full report)
    ├── KnowledgeBaseNotLoadedError      the database holds no loaded knowledge yet
    └── KnowledgeBaseLoadError           writing to the database failed (cause chained)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge_base.validator import ValidationReport


class KnowledgeBaseError(Exception):
    """Root of every error raised by :mod:`knowledge_base`."""


class KnowledgeBaseYamlError(KnowledgeBaseError):
    """A knowledge-base file could not be parsed as YAML.

    Attributes:
        path: The file that failed.
        line: 1-based line of the problem, if known.
        column: 1-based column of the problem, if known.
        problem: The parser's description of the problem.
    """

    def __init__(self, path: Path, line: int | None, column: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.problem = problem
        super().__init__(f"{path}:{line or 1}:{column or 1}: {problem}")


class KnowledgeBaseValidationError(KnowledgeBaseError):
    """The knowledge-base files contain errors; nothing was loaded.

    Attributes:
        report: The full validation report (every problem, with positions).
        failed_files: Relative paths of the files that have errors.
    """

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        self.failed_files = report.failed_files
        super().__init__(
            f"{len(report.errors)} error(s) in {len(self.failed_files)} file(s): "
            + ", ".join(self.failed_files)
        )


class KnowledgeBaseNotLoadedError(KnowledgeBaseError):
    """The database has no knowledge loaded yet (run ``python -m knowledge_base load``)."""


class KnowledgeBaseLoadError(KnowledgeBaseError):
    """Writing the knowledge into the database failed; the previous revision is kept.

    Attributes:
        database_url: The database URL with the password hidden.
    """

    def __init__(self, message: str, *, database_url: str | None = None) -> None:
        self.database_url = database_url
        super().__init__(message)
