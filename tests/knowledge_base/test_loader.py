from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge_base import (
    KnowledgeBaseLoader,
    KnowledgeBaseValidationError,
    SqlKnowledgeBaseRepository,
    get_revision,
    list_load_status,
)


async def test_load_then_broken_edit_keeps_last_good(
    session_factory: async_sessionmaker[AsyncSession], kb_copy: Path
) -> None:
    loader = KnowledgeBaseLoader(session_factory, kb_copy)
    first = await loader.load()
    assert first.changed and first.revision == 1 and first.service_count >= 30
    assert not (await loader.load()).changed  # unchanged files: nothing rewritten

    skck = kb_copy / "services/polres/skck.yaml"
    skck.write_text(skck.read_text().replace("jumlah: 30000", "jumlah: tiga puluh ribu"))
    (kb_copy / "services/polres/sim.yaml").write_text("id: sim\nnama: [rusak\n")
    with pytest.raises(KnowledgeBaseValidationError) as info:
        await loader.load()
    assert info.value.failed_files == ["services/polres/sim.yaml", "services/polres/skck.yaml"]

    repo = SqlKnowledgeBaseRepository(session_factory)
    service = await repo.get_service("skck")
    assert service is not None and service.fee.amount == 30000
    assert await repo.get_service("sim") is not None
    async with session_factory() as session, session.begin():
        assert await get_revision(session=session) == 1
        statuses = await list_load_status(session=session)
    assert [s.ok for s in statuses] == [False, True]  # unchanged reload is not recorded
    assert statuses[0].failed_files == info.value.failed_files
    assert any("skck.yaml" in e and "biaya.jumlah" in e for e in statuses[0].errors)


async def test_reload_bumps_revision_and_replaces_rows(
    session_factory: async_sessionmaker[AsyncSession], kb_copy: Path
) -> None:
    loader = KnowledgeBaseLoader(session_factory, kb_copy)
    await loader.load()
    (kb_copy / "services/kecamatan/sktm.yaml").unlink()
    result = await loader.load()
    assert result.revision == 2
    repo = SqlKnowledgeBaseRepository(session_factory)
    assert await repo.get_service("sktm") is None
    assert "sktm" not in {s.id for s in await repo.list_services(unit_id="kecamatan")}
