"""Pydantic schemas of the YAML input files (field names in Indonesian).

These mirror the components of a *standar pelayanan* (UU 25/2009 Pasal 21,
Permenpan RB 15/2014). They describe what a maintainer writes; the public
schemas returned to callers live in :mod:`knowledge_base.public`.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

__all__ = [
    "Biaya",
    "Fasilitas",
    "JangkaWaktu",
    "JamLayanan",
    "Kontak",
    "Koordinat",
    "LayananDaring",
    "Lokasi",
    "LokasiOverride",
    "Pengaduan",
    "PenanggungJawab",
    "Perwakilan",
    "RincianBiaya",
    "SaluranPengaduan",
    "ServiceSpec",
    "StandarPelayanan",
    "UnitSpec",
    "VarianSpec",
    "WEEKDAYS",
]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
TextList = Annotated[list[Text], Field(min_length=1)]

WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
_RANGE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)$")
_CLOSED = {"tutup", "libur"}


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_url(value: str | None) -> str | None:
    if value is not None and not re.match(r"^https://[^\s/$.?#][^\s]*\.[^\s]+$", value):
        raise ValueError(f"tautan harus berupa URL https:// yang lengkap, bukan '{value}'")
    return value


class ZonaWaktu(StrEnum):
    """Indonesian time zones."""

    WIB = "WIB"
    WITA = "WITA"
    WIT = "WIT"


class SatuanWaktu(StrEnum):
    """Units for a structured time frame."""

    MENIT = "menit"
    JAM = "jam"
    HARI_KERJA = "hari_kerja"
    HARI = "hari"
    MINGGU = "minggu"
    BULAN = "bulan"


class Koordinat(_Spec):
    """Map coordinates (WGS84)."""

    lintang: Annotated[float, Field(ge=-11.5, le=6.5)]
    bujur: Annotated[float, Field(ge=94.0, le=141.5)]


class Lokasi(_Spec):
    """Where a unit serves citizens."""

    alamat: Text
    keterangan: Text | None = None
    koordinat: Koordinat | None = None


class LokasiOverride(_Spec):
    """A service's own location; missing fields are taken from the unit."""

    alamat: Text | None = None
    keterangan: Text | None = None
    koordinat: Koordinat | None = None


class JamLayanan(_Spec):
    """Opening hours per weekday: ``"08:00-15:00"``, a list of ranges, or ``tutup``."""

    senin: list[Text] = []
    selasa: list[Text] = []
    rabu: list[Text] = []
    kamis: list[Text] = []
    jumat: list[Text] = []
    sabtu: list[Text] = []
    minggu: list[Text] = []

    @field_validator(*WEEKDAYS, mode="before")
    @classmethod
    def _single_to_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [] if value.strip().lower() in _CLOSED else [value]
        return [] if value is None else value

    @field_validator(*WEEKDAYS)
    @classmethod
    def _check_ranges(cls, value: list[str]) -> list[str]:
        result = []
        for item in value:
            match = _RANGE.match(item)
            if not match:
                raise ValueError(
                    f"jam '{item}' tidak valid; tulis \"08:00-15:00\" (dalam tanda kutip) "
                    "atau 'tutup'"
                )
            if match.group(1, 2) >= match.group(3, 4):
                raise ValueError(f"jam tutup harus setelah jam buka: '{item}'")
            result.append(re.sub(r"\s+", "", item))
        return result

    def ranges(self) -> dict[str, list[str]]:
        """Return weekday → list of ``HH:MM-HH:MM`` ranges (empty when closed)."""
        return {day: list(getattr(self, day)) for day in WEEKDAYS}


class Kontak(_Spec):
    """Contact channels of a unit."""

    telepon: Text | None = None
    whatsapp: Text | None = None
    email: Text | None = None
    situs: Text | None = None
    instagram: Text | None = None
    sms: Text | None = None

    @field_validator("situs")
    @classmethod
    def _check_situs(cls, value: str | None) -> str | None:
        return _check_url(value)


class Fasilitas(_Spec):
    """Facilities (sarana/prasarana), with those for vulnerable groups listed apart."""

    umum: list[Text] = []
    kelompok_rentan: list[Text] = []


class JangkaWaktu(_Spec):
    """Time frame: human text plus an optional structured value."""

    teks: Text
    nilai: Annotated[int, Field(ge=0)] | None = None
    satuan: SatuanWaktu | None = None


class RincianBiaya(_Spec):
    """One line of a fee table (e.g. SIM A baru)."""

    nama: Text
    jumlah: Annotated[int, Field(ge=0)]
    keterangan: Text | None = None


class Biaya(_Spec):
    """Fee (biaya/tarif) in rupiah; 0 = free (needs its legal basis), null = varies."""

    jumlah: Annotated[int, Field(ge=0)] | None
    keterangan: Text
    dasar_hukum: Text | None = None
    rincian: list[RincianBiaya] = []


class SaluranPengaduan(_Spec):
    """One complaint channel."""

    nama: Text
    kontak: Text


class Pengaduan(_Spec):
    """Complaint handling (penanganan pengaduan)."""

    saluran: Annotated[list[SaluranPengaduan], Field(min_length=1)]
    keterangan: Text | None = None


class LayananDaring(_Spec):
    """Online service link."""

    nama: Text
    tautan: Text

    @field_validator("tautan")
    @classmethod
    def _check_tautan(cls, value: str) -> str:
        return _check_url(value) or value


class BolehDiwakilkan(StrEnum):
    """Whether a service may be handled by someone else on the citizen's behalf."""

    YA = "ya"
    TIDAK = "tidak"
    SEBAGIAN = "sebagian"


class Perwakilan(_Spec):
    """Whether someone else (family, a friend) may apply or collect for the citizen.

    ``keterangan`` says what may be delegated and what may not (e.g. biometric
    recording in person, collection with a power of attorney); ``persyaratan`` lists
    what the representative brings, so it is empty when nothing may be delegated.
    """

    boleh: BolehDiwakilkan
    keterangan: Text
    persyaratan: list[Text] = []

    @model_validator(mode="after")
    def _check_persyaratan(self) -> Perwakilan:
        if self.boleh is BolehDiwakilkan.TIDAK and self.persyaratan:
            raise ValueError(
                "persyaratan wakil diisi, padahal 'boleh: tidak'; hapus persyaratannya "
                "atau ubah menjadi 'boleh: ya' atau 'boleh: sebagian'"
            )
        return self


class StandarPelayanan(_Spec):
    """The decree (SK) that set the service standard."""

    nomor_sk: Text
    tanggal_berlaku: date


class PenanggungJawab(_Spec):
    """The service owner's contact inside the unit."""

    nama: Text
    jabatan: Text | None = None
    telepon: Text | None = None
    email: Text | None = None


class VarianSpec(_Spec):
    """A variant of a service whose requirements differ (e.g. KTP-el hilang)."""

    id: Identifier
    nama: Text
    alias: list[Text] = []
    persyaratan: TextList
    prosedur: list[Text] | None = None
    jangka_waktu: JangkaWaktu | None = None
    biaya: Biaya | None = None
    catatan: Text | None = None


class UnitSpec(_Spec):
    """A service unit, file ``units/<unit>.yaml``."""

    id: Identifier
    nama: Text
    singkatan: Text | None = None
    alias: list[Text] = []
    lokasi: Lokasi
    zona_waktu: ZonaWaktu
    jam_layanan: JamLayanan
    kontak: Kontak
    fasilitas: Fasilitas = Fasilitas()
    catatan_demo: Text | None = None


class ServiceSpec(_Spec):
    """A service, file ``services/<unit>/<service>.yaml``."""

    id: Identifier
    nama: Text
    alias: list[Text] = []
    unit: Identifier
    kategori: Identifier
    ringkasan: Text
    persyaratan: TextList
    prosedur: TextList
    jangka_waktu: JangkaWaktu
    biaya: Biaya
    produk: Text
    pengaduan: Pengaduan
    dasar_hukum: TextList
    fasilitas: Fasilitas = Fasilitas()
    varian: list[VarianSpec] = []
    lokasi: LokasiOverride | None = None
    jam_layanan: JamLayanan | None = None
    layanan_daring: LayananDaring | None = None
    perwakilan: Perwakilan | None = None
    standar_pelayanan: StandarPelayanan | None = None
    penanggung_jawab: PenanggungJawab | None = None
    ditinjau_pada: date
    berlaku_sampai: date
    catatan: Text | None = None
    catatan_demo: Text | None = None
    # Internal components of the standar pelayanan (optional here).
    kompetensi_pelaksana: Text | None = None
    pengawasan_internal: Text | None = None
    jumlah_pelaksana: Text | None = None
    jaminan_pelayanan: Text | None = None
    jaminan_keamanan: Text | None = None
    evaluasi_kinerja: Text | None = None
