from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge_base import (
    KnowledgeBaseLoader,
    KnowledgeBaseNotLoadedError,
    KnowledgeBaseRepository,
    SqlKnowledgeBaseRepository,
)

from .conftest import KB_ROOT


@pytest.fixture
async def repo(session_factory: async_sessionmaker[AsyncSession]) -> SqlKnowledgeBaseRepository:
    await KnowledgeBaseLoader(session_factory, KB_ROOT).load()
    return SqlKnowledgeBaseRepository(session_factory)


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("e-ktp", "ktp_el"),
        ("E-KTP", "ktp_el"),
        ("ektp", "ktp_el"),
        ("ktp elektronik", "ktp_el"),
        ("ktp", "ktp_el"),
        ("akte lahir", "akta_kelahiran"),
        ("akta lahir", "akta_kelahiran"),
        ("surat kelakuan baik", "skck"),
        ("pasport", "paspor"),
        ("paspot", "paspor"),
        ("imb", "pbg"),
        ("izin usaha", "nib"),
        ("kartu identitas anak", "kia"),
        ("ktp digital", "ikd"),
        ("kk", "kartu_keluarga"),
        ("bikin paspor", "paspor"),
        ("surat keterangan tidak mampu", "sktm"),
    ],
)
async def test_resolve(repo: SqlKnowledgeBaseRepository, mention: str, expected: str) -> None:
    match = await repo.resolve_service(mention)
    assert match is not None and match.service_id == expected
    assert match.score >= 80


async def test_resolve_variant_and_rejects_noise(repo: SqlKnowledgeBaseRepository) -> None:
    match = await repo.resolve_service("ktp saya hilang")
    assert match is not None and (match.service_id, match.variant_id) == ("ktp_el", "hilang")
    assert await repo.resolve_service("cuaca hari ini cerah") is None
    # "hari" is a day, not "haji": four-letter words are not matched fuzzily.
    found = await repo.search_services("hari sabtu buka gak")
    assert not any("Haji" in m.name for m in found), found


async def test_search_offers_best_three(repo: SqlKnowledgeBaseRepository) -> None:
    found = await repo.search_services("berapa biaya bikin pasport baru ya")
    assert found[0].service_id == "paspor" and found[0].variant_id == "baru"
    assert len(found) <= 3
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    both = {m.service_id for m in await repo.search_services("daftar bpjs", limit=5)}
    assert "bpjs_kesehatan" in both


async def test_public_service_resolves_unit_data(repo: SqlKnowledgeBaseRepository) -> None:
    assert isinstance(repo, KnowledgeBaseRepository)
    ktp = await repo.get_service("ktp_el")
    assert ktp is not None
    assert ktp.fee.is_free and "79A" in (ktp.fee.legal_basis or "")
    assert ktp.location.address.startswith("Mal Pelayanan Publik")
    assert ktp.opening_hours.time_zone == "WIB" and ktp.opening_hours.days["minggu"] == []
    assert ktp.get_variant("hilang") is not None
    assert ktp.standard is not None and ktp.reviewed_at.year == 2026
    assert any("isyarat" in f for f in ktp.facilities.vulnerable_groups)
    kir = await repo.get_service("uji_kir")
    assert kir is not None and kir.opening_hours.days["senin"] == ["07:30-14:00"]
    unit = await repo.get_unit("polres")
    assert unit is not None and unit.location.latitude is not None
    assert len(await repo.list_units()) >= 8
    assert {s.id for s in await repo.list_services(category="kepolisian")} == {
        "skck",
        "sim",
        "laporan_kehilangan",
    }


async def test_caller_owned_session(
    repo: SqlKnowledgeBaseRepository, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session, session.begin():
        service = await repo.get_service("nib", session=session)
        match = await repo.resolve_service("izin usaha", session=session)
    assert service is not None and match is not None and match.service_id == service.id


async def test_not_loaded(session_factory: async_sessionmaker[AsyncSession]) -> None:
    repo = SqlKnowledgeBaseRepository(session_factory)
    with pytest.raises(KnowledgeBaseNotLoadedError):
        await repo.resolve_service("ktp")
    assert await repo.get_service("ktp_el") is None


async def test_alias_index_follows_reload(
    session_factory: async_sessionmaker[AsyncSession], kb_copy: Path
) -> None:
    loader = KnowledgeBaseLoader(session_factory, kb_copy)
    await loader.load()
    repo = SqlKnowledgeBaseRepository(session_factory)
    assert await repo.resolve_service("surat sakti") is None
    sktm = kb_copy / "services/kecamatan/sktm.yaml"
    sktm.write_text(sktm.read_text().replace("alias: [SKTM,", "alias: [surat sakti, SKTM,"))
    await loader.load()
    match = await repo.resolve_service("surat sakti")
    assert match is not None and match.service_id == "sktm"
