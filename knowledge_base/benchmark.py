"""Synthetic knowledge base and timing of validate+load and lookups.

Run ``python -m knowledge_base bench [N]``; the last output line is one JSON object.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from knowledge_base.database import create_kb_engine, create_session_factory
from knowledge_base.loader import KnowledgeBaseLoader
from knowledge_base.migrate import upgrade_database
from knowledge_base.repository import SqlKnowledgeBaseRepository

__all__ = ["run_benchmark", "write_synthetic_knowledge_base"]

_UNIT = """\
id: {uid}
nama: Unit Sintetis {n}
lokasi:
  alamat: Jl. Contoh No. {n}, Kabupaten Sukamaju
  koordinat: {{lintang: -7.{n:03d}, bujur: 110.{n:03d}}}
zona_waktu: WIB
jam_layanan:
  senin: "08:00-15:00"
  selasa: "08:00-15:00"
  rabu: "08:00-15:00"
  kamis: "08:00-15:00"
  jumat: ["08:00-11:30", "13:00-15:00"]
kontak:
  telepon: "(0000) {n:04d}"
  situs: https://unit{n}.contoh.go.id
fasilitas:
  umum: [ruang tunggu, toilet]
  kelompok_rentan: [jalur landai (ram), antrean prioritas]
catatan_demo: Data sintetis untuk uji kinerja.
"""

_SERVICE = """\
id: {sid}
nama: Layanan Sintetis {n} {word}
alias: [layanan {word} {n}, izin {word} {n}, surat {word} {n}]
unit: {uid}
kategori: kategori_{cat}
ringkasan: Layanan sintetis nomor {n} untuk uji kinerja.
persyaratan:
  - Fotokopi KTP-el
  - Fotokopi Kartu Keluarga
  - Formulir permohonan nomor {n}
prosedur:
  - Pemohon mengambil nomor antrean
  - Petugas memeriksa berkas
  - Produk diserahkan kepada pemohon
jangka_waktu: {{teks: "{days} hari kerja", nilai: {days}, satuan: hari_kerja}}
biaya:
  jumlah: {fee}
  keterangan: Tarif sintetis
  dasar_hukum: Peraturan Daerah Kabupaten Sukamaju (contoh)
produk: Dokumen sintetis {n}
pengaduan:
  saluran:
    - {{nama: SP4N-LAPOR!, kontak: "https://www.lapor.go.id"}}
dasar_hukum: [UU 25/2009 tentang Pelayanan Publik]
varian:
  - id: baru
    nama: Permohonan baru
    alias: [baru {n}]
    persyaratan: [Formulir permohonan baru]
  - id: perpanjangan
    nama: Perpanjangan
    alias: [perpanjang {n}]
    persyaratan: [Dokumen lama]
standar_pelayanan: {{nomor_sk: "SK/{n}/2024", tanggal_berlaku: 2024-01-02}}
ditinjau_pada: 2025-01-02
berlaku_sampai: 2099-12-31
"""

_WORDS = ("usaha", "reklame", "kesehatan", "pendidikan", "sosial", "pertanian", "perikanan")


def write_synthetic_knowledge_base(dest: Path, n_services: int = 1000, n_units: int = 10) -> Path:
    """Write a valid knowledge base with ``n_services`` services under ``dest``.

    Args:
        dest: Target root (``services/`` and ``units/`` are created).
        n_services: How many services.
        n_units: How many units they are spread over.

    Returns:
        ``dest``.
    """
    (dest / "units").mkdir(parents=True, exist_ok=True)
    for u in range(n_units):
        (dest / "units" / f"unit_{u}.yaml").write_text(
            _UNIT.format(uid=f"unit_{u}", n=u), encoding="utf-8"
        )
        (dest / "services" / f"unit_{u}").mkdir(parents=True, exist_ok=True)
    for n in range(n_services):
        uid = f"unit_{n % n_units}"
        text = _SERVICE.format(
            sid=f"layanan_{n}",
            n=n,
            uid=uid,
            word=_WORDS[n % len(_WORDS)],
            cat=n % 12,
            days=1 + n % 14,
            fee=1000 * (n % 50) + 5000,
        )
        (dest / "services" / uid / f"layanan_{n}.yaml").write_text(text, encoding="utf-8")
    return dest


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3),
    }


async def run_benchmark(n_services: int = 1000, database_url: str | None = None) -> dict[str, Any]:
    """Generate ``n_services`` services, validate+load them and time lookups.

    Args:
        n_services: How many synthetic services.
        database_url: Target database (default: a temporary SQLite file).

    Returns:
        Timings in seconds/milliseconds, JSON-serialisable.
    """
    with tempfile.TemporaryDirectory() as tmp:
        root = write_synthetic_knowledge_base(Path(tmp) / "kb", n_services)
        engine = create_kb_engine(database_url or f"sqlite+aiosqlite:///{tmp}/bench.db")
        try:
            await upgrade_database(engine)
            factory = create_session_factory(engine)
            loader = KnowledgeBaseLoader(factory, root)
            start = time.perf_counter()
            result = await loader.load(force=True)
            load_s = time.perf_counter() - start
            repo = SqlKnowledgeBaseRepository(factory)
            await repo.resolve_service("warm up")
            resolve, typo, get, search = [], [], [], []
            for n in range(0, n_services, max(1, n_services // 200)):
                word = _WORDS[n % len(_WORDS)]
                t0 = time.perf_counter()
                match = await repo.resolve_service(f"izin {word} {n}")
                t1 = time.perf_counter()
                await repo.get_service(match.service_id if match else f"layanan_{n}")
                t2 = time.perf_counter()
                await repo.search_services(f"berapa biaya surat {word} {n} di kabupaten")
                t3 = time.perf_counter()
                await repo.resolve_service(f"izn {word[:-1]} {n}")
                typo.append(time.perf_counter() - t3)
                resolve.append(t1 - t0)
                get.append(t2 - t1)
                search.append(t3 - t2)
        finally:
            await engine.dispose()
    return {
        "services": result.service_count,
        "validate_and_load_s": round(load_s, 3),
        "resolve_service": _ms(resolve),
        "resolve_service_typo": _ms(typo),
        "get_service": _ms(get),
        "search_services": _ms(search),
    }
