import asyncio
import time
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge_base import KnowledgeBaseLoader, KnowledgeBaseWatcher, SqlKnowledgeBaseRepository


async def _wait_for_fee(repo: SqlKnowledgeBaseRepository, amount: int, limit_s: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < limit_s:
        service = await repo.get_service("skck")
        if service is not None and service.fee.amount == amount:
            return time.monotonic() - start
        await asyncio.sleep(0.05)
    raise AssertionError(f"fee {amount} not visible within {limit_s}s")


async def test_saved_change_is_answered_within_two_seconds(
    session_factory: async_sessionmaker[AsyncSession], kb_copy: Path
) -> None:
    repo = SqlKnowledgeBaseRepository(session_factory)
    watcher = KnowledgeBaseWatcher(KnowledgeBaseLoader(session_factory, kb_copy))
    async with watcher:
        assert watcher.running
        await _wait_for_fee(repo, 30000, 0.5)
        skck = kb_copy / "services/polres/skck.yaml"
        skck.write_text(skck.read_text().replace("jumlah: 30000", "jumlah: 35000"))
        assert await _wait_for_fee(repo, 35000, 2.0) < 2.0

        skck.write_text(skck.read_text().replace("persyaratan:", "persyartan:", 1))
        for _ in range(40):  # up to 2 s
            if watcher.last_error is not None:
                break
            await asyncio.sleep(0.05)
        assert watcher.last_error is not None
        service = await repo.get_service("skck")
        assert service is not None and service.fee.amount == 35000
    assert not watcher.running
