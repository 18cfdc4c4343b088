from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge_base import (
    KnowledgeBaseLoader,
    SqlKnowledgeBaseRepository,
    validate_directory,
    write_synthetic_knowledge_base,
)


def test_synthetic_knowledge_base_is_valid(tmp_path: Path) -> None:
    root = write_synthetic_knowledge_base(tmp_path / "kb", n_services=50, n_units=3)
    report = validate_directory(root)
    assert report.ok, report.format()
    assert len(report.services) == 50


async def test_thousand_services_load_and_resolve(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    # How fast is measured by `make bench` (kb_load_1000_s), not here: a timed assertion
    # failed once when the machine was shared (5.6 s against a 5 s bound).
    root = write_synthetic_knowledge_base(tmp_path / "kb", n_services=1000)
    result = await KnowledgeBaseLoader(session_factory, root).load()
    assert result.service_count == 1000
    repo = SqlKnowledgeBaseRepository(session_factory)
    match = await repo.resolve_service("izin usaha 700")
    assert match is not None and match.service_id == "layanan_700"
