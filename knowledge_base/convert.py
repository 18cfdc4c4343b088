"""Internal helper: build public schemas from YAML specs, resolving inherited values."""

from __future__ import annotations

from knowledge_base.public import (
    ComplaintChannelPublic,
    ContactPersonPublic,
    ContactsPublic,
    FacilitiesPublic,
    FeeItemPublic,
    FeePublic,
    LocationPublic,
    OnlineServicePublic,
    OpeningHoursPublic,
    RepresentationPublic,
    ServicePublic,
    ServiceStandardPublic,
    TimeFramePublic,
    UnitPublic,
    VariantPublic,
)
from knowledge_base.schemas import (
    Biaya,
    Fasilitas,
    JangkaWaktu,
    Perwakilan,
    ServiceSpec,
    UnitSpec,
)

__all__ = ["service_to_public", "unit_to_public"]

_INTERNAL = (
    "kompetensi_pelaksana",
    "pengawasan_internal",
    "jumlah_pelaksana",
    "jaminan_pelayanan",
    "jaminan_keamanan",
    "evaluasi_kinerja",
)


def _facilities(*sources: Fasilitas) -> FacilitiesPublic:
    general: list[str] = []
    vulnerable: list[str] = []
    for source in sources:
        general.extend(x for x in source.umum if x not in general)
        vulnerable.extend(x for x in source.kelompok_rentan if x not in vulnerable)
    return FacilitiesPublic(general=general, vulnerable_groups=vulnerable)


def _representation(representation: Perwakilan | None) -> RepresentationPublic | None:
    if representation is None:
        return None
    return RepresentationPublic(
        allowed=representation.boleh.value,
        note=representation.keterangan,
        requirements=list(representation.persyaratan),
    )


def _fee(fee: Biaya) -> FeePublic:
    return FeePublic(
        amount=fee.jumlah,
        note=fee.keterangan,
        legal_basis=fee.dasar_hukum,
        items=[FeeItemPublic(name=r.nama, amount=r.jumlah, note=r.keterangan) for r in fee.rincian],
    )


def _time_frame(frame: JangkaWaktu) -> TimeFramePublic:
    unit = frame.satuan.value if frame.satuan else None
    return TimeFramePublic(text=frame.teks, value=frame.nilai, unit=unit)


def unit_to_public(unit: UnitSpec) -> UnitPublic:
    """Convert a unit spec to its public schema."""
    coords = unit.lokasi.koordinat
    return UnitPublic(
        id=unit.id,
        name=unit.nama,
        short_name=unit.singkatan,
        aliases=list(unit.alias),
        location=LocationPublic(
            address=unit.lokasi.alamat,
            detail=unit.lokasi.keterangan,
            latitude=coords.lintang if coords else None,
            longitude=coords.bujur if coords else None,
        ),
        opening_hours=OpeningHoursPublic(
            time_zone=unit.zona_waktu.value, days=unit.jam_layanan.ranges()
        ),
        contacts=ContactsPublic(
            phone=unit.kontak.telepon,
            whatsapp=unit.kontak.whatsapp,
            email=unit.kontak.email,
            website=unit.kontak.situs,
            instagram=unit.kontak.instagram,
            sms=unit.kontak.sms,
        ),
        facilities=_facilities(unit.fasilitas),
        demo_note=unit.catatan_demo,
    )


def service_to_public(service: ServiceSpec, unit: UnitPublic, source_file: str) -> ServicePublic:
    """Convert a service spec to its public schema, inheriting from ``unit``."""
    location = unit.location
    if service.lokasi is not None:
        own = service.lokasi
        location = LocationPublic(
            address=own.alamat or location.address,
            detail=own.keterangan or location.detail,
            latitude=own.koordinat.lintang if own.koordinat else location.latitude,
            longitude=own.koordinat.bujur if own.koordinat else location.longitude,
        )
    hours = unit.opening_hours
    if service.jam_layanan is not None:
        hours = OpeningHoursPublic(time_zone=hours.time_zone, days=service.jam_layanan.ranges())
    unit_facilities = unit.facilities
    standard = service.standar_pelayanan
    owner = service.penanggung_jawab
    online = service.layanan_daring
    return ServicePublic(
        id=service.id,
        name=service.nama,
        aliases=list(service.alias),
        category=service.kategori,
        summary=service.ringkasan,
        unit=unit,
        requirements=list(service.persyaratan),
        procedure=list(service.prosedur),
        time_frame=_time_frame(service.jangka_waktu),
        fee=_fee(service.biaya),
        product=service.produk,
        complaint_channels=[
            ComplaintChannelPublic(name=c.nama, contact=c.kontak) for c in service.pengaduan.saluran
        ],
        complaint_note=service.pengaduan.keterangan,
        legal_basis=list(service.dasar_hukum),
        facilities=_facilities(
            Fasilitas(
                umum=unit_facilities.general, kelompok_rentan=unit_facilities.vulnerable_groups
            ),
            service.fasilitas,
        ),
        variants=[
            VariantPublic(
                id=v.id,
                name=v.nama,
                aliases=list(v.alias),
                requirements=list(v.persyaratan),
                procedure=list(v.prosedur) if v.prosedur else None,
                time_frame=_time_frame(v.jangka_waktu) if v.jangka_waktu else None,
                fee=_fee(v.biaya) if v.biaya else None,
                notes=v.catatan,
            )
            for v in service.varian
        ],
        location=location,
        opening_hours=hours,
        online_service=OnlineServicePublic(name=online.nama, url=online.tautan) if online else None,
        representation=_representation(service.perwakilan),
        standard=ServiceStandardPublic(
            sk_number=standard.nomor_sk, effective_date=standard.tanggal_berlaku
        )
        if standard
        else None,
        owner_contact=ContactPersonPublic(
            name=owner.nama, role=owner.jabatan, phone=owner.telepon, email=owner.email
        )
        if owner
        else None,
        reviewed_at=service.ditinjau_pada,
        valid_until=service.berlaku_sampai,
        notes=service.catatan,
        demo_note=service.catatan_demo,
        internal={k: v for k in _INTERNAL if (v := getattr(service, k)) is not None},
        source_file=source_file,
    )
