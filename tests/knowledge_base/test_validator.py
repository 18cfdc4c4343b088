from datetime import date
from pathlib import Path

from knowledge_base import Severity, validate_directory
from knowledge_base.cli import main
from knowledge_base.convert import service_to_public, unit_to_public

from .conftest import KB_ROOT

REQUIRED_IDS = {
    "ktp_el",
    "kartu_keluarga",
    "akta_kelahiran",
    "akta_kematian",
    "kia",
    "pindah_domisili",
    "ikd",
    "skck",
    "paspor",
    "sim",
    "nib",
    "pbg",
    "bpjs_kesehatan",
    "bpjs_ketenagakerjaan",
    "npwp",
    "pencatatan_nikah",
    "sktm",
    "surat_keterangan_domisili",
}


def test_repository_files_pass() -> None:
    report = validate_directory(KB_ROOT)
    assert report.errors == [], report.format()
    assert len(report.services) >= 30
    assert len(report.units) >= 8
    assert set(report.services) >= REQUIRED_IDS
    for service, _ in report.services.values():
        assert service.persyaratan and service.prosedur and service.produk
        assert service.pengaduan.saluran and service.jangka_waktu.teks


def test_services_folder_is_accepted_as_kb_dir() -> None:
    report = validate_directory(KB_ROOT / "services")
    assert report.ok and len(report.units) >= 8


def test_national_fees() -> None:
    services = {sid: s for sid, (s, _) in validate_directory(KB_ROOT).services.items()}
    assert services["skck"].biaya.jumlah == 30000
    items = {r.nama: r.jumlah for r in services["paspor"].biaya.rincian}
    assert items["Paspor elektronik 48 halaman"] == 650000
    assert items["Paspor non-elektronik 48 halaman"] == 350000
    sim = {r.nama: r.jumlah for r in services["sim"].biaya.rincian}
    assert (sim["SIM A baru"], sim["SIM C baru"]) == (120000, 100000)
    assert (sim["SIM A perpanjangan"], sim["SIM C perpanjangan"]) == (80000, 75000)
    for sid in ("ktp_el", "kartu_keluarga", "akta_kelahiran", "kia", "ikd"):
        assert services[sid].biaya.jumlah == 0
        assert "79A" in (services[sid].biaya.dasar_hukum or "")


def _break(root: Path) -> None:
    ktp = root / "services/disdukcapil/ktp_el.yaml"
    ktp.write_text(ktp.read_text().replace("persyaratan:", "persyartan:", 1))
    kia = root / "services/disdukcapil/kia.yaml"
    kia.write_text(
        "\n".join(line for line in kia.read_text().splitlines() if not line.startswith("produk:"))
    )
    sim = root / "services/polres/sim.yaml"
    lines = sim.read_text().splitlines()
    lines[4] = "kategori: [kepolisian"  # unclosed flow sequence on line 5
    sim.write_text("\n".join(lines))


def test_broken_copy_reports_every_file_and_line(kb_copy: Path, capsys) -> None:
    _break(kb_copy)
    assert main(["validate", str(kb_copy)]) == 1
    out = capsys.readouterr().out
    ktp_line = next(
        i
        for i, line in enumerate(
            (kb_copy / "services/disdukcapil/ktp_el.yaml").read_text().splitlines(), 1
        )
        if line.startswith("persyartan:")
    )
    assert (
        f"services/disdukcapil/ktp_el.yaml:{ktp_line}:1: kesalahan: persyartan: "
        "kolom tidak dikenal 'persyartan'; mungkin maksud Anda 'persyaratan'?" in out
    )
    assert "services/disdukcapil/ktp_el.yaml:1:1: kesalahan: persyaratan: kolom wajib" in out
    assert "services/disdukcapil/kia.yaml:1:1: kesalahan: produk: kolom wajib belum diisi" in out
    assert "services/polres/sim.yaml:6:" in out or "services/polres/sim.yaml:5:" in out
    assert "YAML tidak valid" in out


def test_cross_file_problems(kb_copy: Path) -> None:
    skck = kb_copy / "services/polres/skck.yaml"
    skck.write_text(
        skck.read_text()
        .replace("surat kelakuan baik,", "surat kelakuan baik, ktp,")
        .replace("unit: polres", "unit: polisi")
    )
    extra = kb_copy / "services/polres/skck_copy.yaml"
    extra.write_text(skck.read_text())
    report = validate_directory(kb_copy)
    messages = [(i.file, i.field, i.message) for i in report.errors]
    assert any(
        f == "services/polres/skck.yaml" and "unit 'polisi' tidak dikenal" in m
        for f, _, m in messages
    )
    assert any("'ktp' sudah dipakai layanan 'ktp_el'" in m for _, _, m in messages)
    assert any("sudah dipakai di services/polres/skck.yaml" in m for _, _, m in messages)
    dup = next(i for i in report.errors if "'ktp' sudah dipakai" in i.message)
    assert dup.line == 3 and dup.field.startswith("alias[")


def test_a_unit_alias_shared_by_two_units_is_a_warning(kb_copy: Path) -> None:
    samsat = kb_copy / "units/samsat.yaml"
    samsat.write_text(samsat.read_text().replace("alias: [samsat]", "alias: [samsat, polres]"))
    report = validate_directory(kb_copy)
    [issue] = [i for i in report.warnings if "juga menunjuk unit" in i.message]
    assert issue.file == "units/samsat.yaml" and issue.field == "alias[1]"
    assert "'polres' juga menunjuk unit 'polres'" in issue.message
    assert not report.errors


def test_dates_links_and_expiry(kb_copy: Path) -> None:
    nib = kb_copy / "services/dpmptsp/nib.yaml"
    nib.write_text(
        nib.read_text()
        .replace('tautan: "https://oss.go.id"', 'tautan: "http://oss.go.id"')
        .replace("ditinjau_pada: 2026-10-01", "ditinjau_pada: 2026-13-01")
    )
    report = validate_directory(kb_copy)
    fields = {i.field: i.message for i in report.errors if i.file.endswith("nib.yaml")}
    assert "https://" in fields["layanan_daring.tautan"]
    assert "tanggal tidak valid" in fields["ditinjau_pada"]
    later = validate_directory(KB_ROOT, today=date(2028, 1, 1))
    assert later.ok
    expired = [i for i in later.warnings if i.field == "berlaku_sampai"]
    assert len(expired) == len(later.services)
    assert all(i.severity is Severity.WARNING for i in expired)
    assert main(["validate", str(KB_ROOT)]) == 0


def test_duplicate_key_is_reported_with_line(kb_copy: Path) -> None:
    kia = kb_copy / "services/disdukcapil/kia.yaml"
    kia.write_text(kia.read_text() + "produk: KIA lagi\n")
    report = validate_directory(kb_copy)
    issue = next(i for i in report.errors if i.file == "services/disdukcapil/kia.yaml")
    assert "kunci 'produk' ditulis dua kali" in issue.message
    assert issue.line == len(kia.read_text().splitlines())


def _with_representation(path: Path, block: str) -> None:
    """Replace the file's ``perwakilan`` block (if any) with ``block``."""
    kept, skipping = [], False
    for line in path.read_text().splitlines():
        if line.startswith("perwakilan:"):
            skipping = True
            continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        kept.append(line)
    path.write_text("\n".join(kept) + "\n" + block)


def test_representation_rules_are_checked_in_indonesian(kb_copy: Path) -> None:
    sim = kb_copy / "services/polres/sim.yaml"
    _with_representation(
        sim,
        "perwakilan:\n  boleh: tidak\n  keterangan: Ujian wajib diikuti sendiri.\n"
        "  persyaratan: [Surat kuasa]\n",
    )
    paspor = kb_copy / "services/imigrasi/paspor.yaml"
    _with_representation(paspor, "perwakilan:\n  boleh: mungkin\n  keterangan: Tergantung.\n")
    report = validate_directory(kb_copy)
    issues = {i.file: (i.field, i.message) for i in report.errors}
    field, message = issues["services/polres/sim.yaml"]
    assert field == "perwakilan"
    assert "persyaratan wakil diisi, padahal 'boleh: tidak'" in message
    field, message = issues["services/imigrasi/paspor.yaml"]
    assert field == "perwakilan.boleh"
    assert message == "nilai tidak dikenal; pilihan: 'ya', 'tidak' atau 'sebagian'"


def test_a_representative_without_what_to_bring_is_a_warning(kb_copy: Path) -> None:
    _with_representation(
        kb_copy / "services/polres/skck.yaml",
        "perwakilan:\n  boleh: ya\n  keterangan: Boleh diwakilkan keluarga.\n",
    )
    report = validate_directory(kb_copy)
    assert report.ok
    [issue] = [i for i in report.warnings if i.field.startswith("perwakilan")]
    assert issue.file == "services/polres/skck.yaml"
    assert issue.field == "perwakilan.persyaratan"
    assert "belum tertulis apa yang dibawa wakil" in issue.message


def test_representation_reaches_the_public_service(kb_copy: Path) -> None:
    _with_representation(
        kb_copy / "services/imigrasi/paspor.yaml",
        "perwakilan:\n  boleh: sebagian\n  keterangan: Pengambilan paspor boleh diwakilkan.\n"
        "  persyaratan:\n    - Surat kuasa bermeterai\n    - KTP-el penerima kuasa\n",
    )
    report = validate_directory(kb_copy)
    assert report.ok, report.format()
    spec, _ = report.services["paspor"]
    unit, _ = report.units["imigrasi"]
    public = service_to_public(spec, unit_to_public(unit), "services/imigrasi/paspor.yaml")
    assert public.representation is not None
    assert public.representation.allowed == "sebagian"
    assert public.representation.note == "Pengambilan paspor boleh diwakilkan."
    assert public.representation.requirements == ["Surat kuasa bermeterai", "KTP-el penerima kuasa"]
