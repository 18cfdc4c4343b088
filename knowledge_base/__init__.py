"""Knowledge base of Tanya Layanan: service standards as YAML, validated, loaded into SQL.

Typical composition root (action server)::

    engine = create_kb_engine(database_url)
    await upgrade_database(engine)
    factory = create_session_factory(engine)
    watcher = KnowledgeBaseWatcher(KnowledgeBaseLoader(factory, kb_dir))
    await watcher.start()
    repository = SqlKnowledgeBaseRepository(factory)
"""

from knowledge_base.benchmark import run_benchmark, write_synthetic_knowledge_base
from knowledge_base.database import async_database_url, create_kb_engine, create_session_factory
from knowledge_base.errors import (
    KnowledgeBaseError,
    KnowledgeBaseLoadError,
    KnowledgeBaseNotLoadedError,
    KnowledgeBaseValidationError,
    KnowledgeBaseYamlError,
)
from knowledge_base.loader import KnowledgeBaseLoader, LoadResult
from knowledge_base.matching import AliasIndex, normalize
from knowledge_base.migrate import upgrade_database
from knowledge_base.nlu_export import build_nlu_data, write_nlu_file
from knowledge_base.public import (
    ComplaintChannelPublic,
    ContactPersonPublic,
    ContactsPublic,
    FacilitiesPublic,
    FeeItemPublic,
    FeePublic,
    LoadStatusPublic,
    LocationPublic,
    OnlineServicePublic,
    OpeningHoursPublic,
    RepresentationPublic,
    ServiceMatch,
    ServicePublic,
    ServiceStandardPublic,
    ServiceSummary,
    TimeFramePublic,
    UnitPublic,
    VariantPublic,
)
from knowledge_base.queries import get_revision, list_load_status
from knowledge_base.repository import KnowledgeBaseRepository, SqlKnowledgeBaseRepository
from knowledge_base.unit_matching import find_unit, unit_in_text
from knowledge_base.validator import (
    Severity,
    ValidationIssue,
    ValidationReport,
    resolve_kb_root,
    validate_directory,
)
from knowledge_base.watcher import KnowledgeBaseWatcher

__all__ = [
    "AliasIndex",
    "ComplaintChannelPublic",
    "ContactPersonPublic",
    "ContactsPublic",
    "FacilitiesPublic",
    "FeeItemPublic",
    "FeePublic",
    "KnowledgeBaseError",
    "KnowledgeBaseLoadError",
    "KnowledgeBaseLoader",
    "KnowledgeBaseNotLoadedError",
    "KnowledgeBaseRepository",
    "KnowledgeBaseValidationError",
    "KnowledgeBaseWatcher",
    "KnowledgeBaseYamlError",
    "LoadResult",
    "LoadStatusPublic",
    "LocationPublic",
    "OnlineServicePublic",
    "OpeningHoursPublic",
    "RepresentationPublic",
    "ServiceMatch",
    "ServicePublic",
    "ServiceStandardPublic",
    "ServiceSummary",
    "Severity",
    "SqlKnowledgeBaseRepository",
    "TimeFramePublic",
    "UnitPublic",
    "ValidationIssue",
    "ValidationReport",
    "VariantPublic",
    "async_database_url",
    "build_nlu_data",
    "create_kb_engine",
    "create_session_factory",
    "find_unit",
    "get_revision",
    "list_load_status",
    "normalize",
    "resolve_kb_root",
    "run_benchmark",
    "unit_in_text",
    "upgrade_database",
    "validate_directory",
    "write_nlu_file",
    "write_synthetic_knowledge_base",
]
