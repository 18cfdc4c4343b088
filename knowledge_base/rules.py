"""Internal helper: checks beyond the schema (file names, dates, fees, ids and aliases)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from knowledge_base.matching import normalize
from knowledge_base.schemas import Biaya, BolehDiwakilkan, ServiceSpec, UnitSpec

if TYPE_CHECKING:
    from knowledge_base.validator import ValidationReport

__all__ = ["check_cross_file", "check_service", "check_unit"]


class IssueSink(Protocol):
    """Where rules report problems."""

    def add(
        self, path: Path, loc: Sequence[str | int], message: str, *, warning: bool = False
    ) -> None:
        """Record one problem at a field path."""


def check_unit(sink: IssueSink, path: Path, unit: UnitSpec) -> None:
    """Check one unit beyond its schema."""
    if unit.id != path.stem:
        sink.add(path, ["id"], f"id '{unit.id}' harus sama dengan nama berkas '{path.stem}'")
    if not unit.fasilitas.kelompok_rentan:
        sink.add(
            path,
            ["fasilitas"],
            "belum ada fasilitas untuk kelompok rentan (fasilitas.kelompok_rentan)",
            warning=True,
        )
    if not any(unit.jam_layanan.ranges().values()):
        sink.add(path, ["jam_layanan"], "unit tutup setiap hari; periksa jam layanan")


def _check_fee(sink: IssueSink, path: Path, loc: list[str | int], fee: Biaya) -> None:
    free = fee.jumlah == 0 and all(item.jumlah == 0 for item in fee.rincian)
    if free and not fee.dasar_hukum:
        sink.add(
            path,
            [*loc, "dasar_hukum"],
            "layanan gratis wajib mencantumkan dasar hukum pembebasan biaya",
        )
    if fee.rincian and fee.jumlah and fee.jumlah not in {r.jumlah for r in fee.rincian}:
        sink.add(
            path,
            [*loc, "jumlah"],
            "jumlah sebaiknya sama dengan salah satu baris rincian (tarif utama)",
            warning=True,
        )


def check_service(
    sink: IssueSink, path: Path, services_dir: Path, service: ServiceSpec, today: date
) -> None:
    """Check one service beyond its schema (file name, dates, fees, variants)."""
    if service.id != path.stem:
        sink.add(path, ["id"], f"id '{service.id}' harus sama dengan nama berkas '{path.stem}'")
    folder = path.parent
    if folder == services_dir:
        sink.add(path, [], "letakkan berkas layanan di services/<unit>/<layanan>.yaml")
    elif folder.name != service.unit:
        sink.add(path, ["unit"], f"unit '{service.unit}' tidak sama dengan folder '{folder.name}'")
    if service.berlaku_sampai < today:
        sink.add(
            path,
            ["berlaku_sampai"],
            f"informasi kedaluwarsa sejak {service.berlaku_sampai.isoformat()}; tinjau ulang",
            warning=True,
        )
    if service.ditinjau_pada > today:
        sink.add(path, ["ditinjau_pada"], "tanggal tinjauan ada di masa depan", warning=True)
    if service.berlaku_sampai < service.ditinjau_pada:
        sink.add(path, ["berlaku_sampai"], "berlaku_sampai lebih awal dari ditinjau_pada")
    if service.standar_pelayanan is None:
        sink.add(path, [], "belum mencantumkan standar_pelayanan (nomor SK, tanggal)", warning=True)
    if not service.alias:
        sink.add(path, ["alias"], "belum ada alias; warga jarang menulis nama resmi", warning=True)
    _check_fee(sink, path, ["biaya"], service.biaya)
    wakil = service.perwakilan
    if wakil is not None and wakil.boleh is not BolehDiwakilkan.TIDAK and not wakil.persyaratan:
        sink.add(
            path,
            ["perwakilan", "persyaratan"],
            "layanan boleh diwakilkan, tetapi belum tertulis apa yang dibawa wakil "
            "(mis. surat kuasa, KTP-el penerima kuasa)",
            warning=True,
        )
    seen_variants: dict[str, int] = {}
    for index, variant in enumerate(service.varian):
        if variant.id in seen_variants:
            sink.add(
                path,
                ["varian", index, "id"],
                f"id varian '{variant.id}' sudah dipakai di varian[{seen_variants[variant.id]}]",
            )
        seen_variants.setdefault(variant.id, index)
        if variant.biaya is not None:
            _check_fee(sink, path, ["varian", index, "biaya"], variant.biaya)


def _service_terms(service: ServiceSpec) -> list[tuple[list[str | int], str]]:
    terms: list[tuple[list[str | int], str]] = [(["id"], service.id.replace("_", " "))]
    terms.append((["nama"], service.nama))
    terms.extend((["alias", i], alias) for i, alias in enumerate(service.alias))
    return terms


def _check_unit_names(sink: IssueSink, report: ValidationReport) -> None:
    """Warn when a unit's alias is another unit's id, short name or alias.

    Such a name matches both units, so the bot answers neither ("MPP").
    """
    owners: dict[str, str] = {}
    for unit_id, (unit, _) in sorted(report.units.items()):
        for term in {unit.id.replace("_", " "), unit.singkatan or "", *unit.alias} - {""}:
            owners.setdefault(normalize(term), unit_id)
    for unit_id, (unit, parsed) in sorted(report.units.items()):
        for i, alias in enumerate(unit.alias):
            owner = owners.get(normalize(alias))
            if owner is not None and owner != unit_id:
                sink.add(
                    parsed.path,
                    ["alias", i],
                    f"'{alias}' juga menunjuk unit '{owner}'; pertanyaan yang menyebutnya "
                    "tidak akan dijawab untuk salah satu unit",
                    warning=True,
                )


def check_cross_file(sink: IssueSink, report: ValidationReport) -> None:
    """Check references and uniqueness across files (units, aliases)."""
    _check_unit_names(sink, report)
    owners: dict[str, tuple[str, str]] = {}
    for service_id, (service, parsed) in report.services.items():
        if service.unit not in report.units:
            known = ", ".join(sorted(report.units)) or "-"
            sink.add(
                parsed.path,
                ["unit"],
                f"unit '{service.unit}' tidak dikenal (unit yang ada: {known})",
            )
        seen_here: dict[str, str] = {}
        for loc, term in _service_terms(service):
            key = normalize(term).replace(" ", "")
            if key in seen_here:
                if loc[0] == "alias" and seen_here[key] != "id":
                    sink.add(parsed.path, loc, f"alias '{term}' ditulis dua kali", warning=True)
                continue
            seen_here[key] = str(loc[0])
            owner = owners.get(key)
            if owner is not None and owner[0] != service_id:
                sink.add(
                    parsed.path,
                    loc,
                    f"'{term}' sudah dipakai layanan '{owner[0]}' ({owner[1]}); "
                    "satu alias hanya boleh menunjuk satu layanan",
                )
                continue
            owners[key] = (service_id, parsed.relpath)
        variant_terms: dict[str, str] = {}
        for index, variant in enumerate(service.varian):
            terms: list[tuple[list[str | int], str]] = [(["varian", index, "nama"], variant.nama)]
            terms.extend((["varian", index, "alias", i], a) for i, a in enumerate(variant.alias))
            for loc, term in terms:
                key = normalize(term)
                if key in variant_terms and variant_terms[key] != variant.id:
                    sink.add(
                        parsed.path,
                        loc,
                        f"'{term}' sudah dipakai varian '{variant_terms[key]}' layanan ini",
                    )
                variant_terms.setdefault(key, variant.id)
