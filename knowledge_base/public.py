"""Public (output) schemas returned by :class:`KnowledgeBaseRepository`.

They carry everything an answer needs, with inherited values (location, opening
hours, time zone) already resolved. Field names are English; the texts inside
are the Indonesian texts maintainers wrote.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

__all__ = [
    "ComplaintChannelPublic",
    "ContactPersonPublic",
    "ContactsPublic",
    "FacilitiesPublic",
    "FeeItemPublic",
    "FeePublic",
    "LoadStatusPublic",
    "LocationPublic",
    "OnlineServicePublic",
    "OpeningHoursPublic",
    "RepresentationPublic",
    "ServiceMatch",
    "ServicePublic",
    "ServiceStandardPublic",
    "ServiceSummary",
    "TimeFramePublic",
    "UnitPublic",
    "VariantPublic",
]


class _Public(BaseModel):
    model_config = ConfigDict(frozen=True)


class LocationPublic(_Public):
    """Address, detail (floor/counter) and optional coordinates."""

    address: str
    detail: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class OpeningHoursPublic(_Public):
    """Opening hours: weekday (``senin``..``minggu``) → ``HH:MM-HH:MM`` ranges; [] = closed."""

    time_zone: str
    days: dict[str, list[str]]


class ContactsPublic(_Public):
    """A unit's contact channels."""

    phone: str | None = None
    whatsapp: str | None = None
    email: str | None = None
    website: str | None = None
    instagram: str | None = None
    sms: str | None = None


class FacilitiesPublic(_Public):
    """Facilities, with those for vulnerable groups apart."""

    general: list[str] = []
    vulnerable_groups: list[str] = []


class TimeFramePublic(_Public):
    """Time frame as text plus optional structured value (unit e.g. ``hari_kerja``)."""

    text: str
    value: int | None = None
    unit: str | None = None


class FeeItemPublic(_Public):
    """One line of a fee table."""

    name: str
    amount: int
    note: str | None = None


class FeePublic(_Public):
    """Fee in rupiah (0 = free, ``None`` = varies, see note), legal basis, optional table."""

    amount: int | None
    note: str
    legal_basis: str | None = None
    items: list[FeeItemPublic] = []

    @property
    def is_free(self) -> bool:
        """Whether the service costs nothing."""
        return self.amount == 0 and all(item.amount == 0 for item in self.items)


class ComplaintChannelPublic(_Public):
    """A complaint channel (name and contact)."""

    name: str
    contact: str


class OnlineServicePublic(_Public):
    """An online service link."""

    name: str
    url: str


class RepresentationPublic(_Public):
    """Whether someone else may handle the service for the citizen, and how."""

    #: ``"ya"``, ``"tidak"`` or ``"sebagian"`` (only some steps, e.g. collection).
    allowed: str
    note: str
    #: What the representative brings.
    requirements: list[str] = []


class ServiceStandardPublic(_Public):
    """The SK that set the service standard and when it took effect."""

    sk_number: str
    effective_date: date


class ContactPersonPublic(_Public):
    """The service owner's contact."""

    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None


class VariantPublic(_Public):
    """A variant of a service (own requirements; procedure etc. when they differ)."""

    id: str
    name: str
    aliases: list[str] = []
    requirements: list[str]
    procedure: list[str] | None = None
    time_frame: TimeFramePublic | None = None
    fee: FeePublic | None = None
    notes: str | None = None


class UnitPublic(_Public):
    """A service unit."""

    id: str
    name: str
    short_name: str | None = None
    #: Other names citizens use for the unit ("dukcapil", "kantor pajak").
    aliases: list[str] = []
    location: LocationPublic
    opening_hours: OpeningHoursPublic
    contacts: ContactsPublic
    facilities: FacilitiesPublic
    demo_note: str | None = None


class ServiceSummary(_Public):
    """A service in a list."""

    id: str
    name: str
    unit_id: str
    category: str
    summary: str


class ServicePublic(_Public):
    """Everything an answer about one service needs."""

    id: str
    name: str
    aliases: list[str]
    category: str
    summary: str
    unit: UnitPublic
    requirements: list[str]
    procedure: list[str]
    time_frame: TimeFramePublic
    fee: FeePublic
    product: str
    complaint_channels: list[ComplaintChannelPublic]
    complaint_note: str | None = None
    legal_basis: list[str]
    facilities: FacilitiesPublic
    variants: list[VariantPublic] = []
    location: LocationPublic
    opening_hours: OpeningHoursPublic
    online_service: OnlineServicePublic | None = None
    representation: RepresentationPublic | None = None
    standard: ServiceStandardPublic | None = None
    owner_contact: ContactPersonPublic | None = None
    reviewed_at: date
    valid_until: date
    notes: str | None = None
    demo_note: str | None = None
    internal: dict[str, str] = {}
    source_file: str

    def get_variant(self, variant_id: str) -> VariantPublic | None:
        """Return the variant with this id, if any."""
        return next((v for v in self.variants if v.id == variant_id), None)


class ServiceMatch(_Public):
    """A service found from free text, with its rapidfuzz score (0-100)."""

    service_id: str
    name: str
    score: float
    matched: str
    variant_id: str | None = None


class LoadStatusPublic(_Public):
    """One load attempt, for operators."""

    id: int
    started_at: datetime
    finished_at: datetime
    ok: bool
    revision: int | None
    service_count: int
    unit_count: int
    failed_files: list[str]
    errors: list[str]
    warnings: list[str]
    message: str
