import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge_base import create_kb_engine, create_session_factory, upgrade_database

KB_ROOT = Path(__file__).resolve().parents[2] / "knowledge_base"
PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's knowledge base."""
    root = tmp_path / "kb"
    shutil.copytree(KB_ROOT / "units", root / "units")
    shutil.copytree(KB_ROOT / "services", root / "services")
    return root


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
async def session_factory(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Migrated database: a temp SQLite file, or a unique Postgres schema dropped afterwards."""
    if request.param == "sqlite":
        engine = create_kb_engine(f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}")
        schema = None
    else:
        schema = f"kb_test_{uuid.uuid4().hex[:12]}"
        admin = create_kb_engine(PG_URL)
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await admin.dispose()
        engine = create_kb_engine(PG_URL, connect_args={"server_settings": {"search_path": schema}})
    try:
        await upgrade_database(engine)
        yield create_session_factory(engine)
    finally:
        await engine.dispose()
        if schema is not None:
            admin = create_kb_engine(PG_URL)
            async with admin.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            await admin.dispose()
