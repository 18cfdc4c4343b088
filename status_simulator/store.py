"""In-memory store of the demo applications, built from the seed data."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from status_simulator.errors import TransitionError
from status_simulator.schemas import ApplicationOut, HistoryEntryOut
from status_simulator.seed import SeedData, ServiceInfo, StatusInfo
from status_simulator.statuses import StatusCode, allowed_next

WIB = timezone(timedelta(hours=7), "WIB")

_DEFAULT_CORRECTION = "dokumen pendukung belum lengkap"
_DEFAULT_REJECTION = "persyaratan tidak terpenuhi"


@dataclass
class HistoryEntry:
    """One status change of an application."""

    status: StatusCode
    at: datetime
    note: str


@dataclass
class ApplicationRecord:
    """A tracked application and its verification factors."""

    number: str
    service_id: str
    nik_last4: str
    date_of_birth: date
    estimated_completion: date | None
    correction: str | None
    rejection_reason: str | None
    next_step_override: str | None
    history: list[HistoryEntry] = field(default_factory=list)

    @property
    def status(self) -> StatusCode:
        """The current status: the last history entry's."""
        return self.history[-1].status

    def matches(self, verification: str) -> bool:
        """Tell whether ``verification`` is one of this application's second factors.

        Args:
            verification: Last four NIK digits or the date of birth ``YYYY-MM-DD``.

        Returns:
            True when it matches.
        """
        candidate = verification.strip().encode()
        return hmac.compare_digest(candidate, self.nik_last4.encode()) or hmac.compare_digest(
            candidate, self.date_of_birth.isoformat().encode()
        )


def normalize_number(number: str) -> str:
    """Return ``number`` upper-cased without surrounding spaces.

    Args:
        number: An application number as typed.

    Returns:
        The canonical form used as the store key.
    """
    return number.strip().upper()


class ApplicationStore:
    """The simulator's applications, kept in memory for one process."""

    def __init__(self, seed: SeedData) -> None:
        self._statuses: dict[StatusCode, StatusInfo] = dict(seed.statuses)
        self._services: dict[str, ServiceInfo] = dict(seed.services)
        self._applications: dict[str, ApplicationRecord] = {
            app.number: ApplicationRecord(
                number=app.number,
                service_id=app.service_id,
                nik_last4=app.nik_last4,
                date_of_birth=app.date_of_birth,
                estimated_completion=app.estimated_completion,
                correction=app.correction,
                rejection_reason=app.rejection_reason,
                next_step_override=app.next_step,
                history=[HistoryEntry(h.status, h.at, h.note) for h in app.history],
            )
            for app in seed.applications
        }

    def __len__(self) -> int:
        return len(self._applications)

    def numbers(self) -> list[str]:
        """Return every application number, sorted.

        Returns:
            The numbers.
        """
        return sorted(self._applications)

    def get(self, number: str) -> ApplicationRecord | None:
        """Find an application.

        Args:
            number: The application number, any case.

        Returns:
            The record, or None when unknown.
        """
        return self._applications.get(normalize_number(number))

    def label(self, status: StatusCode) -> str:
        """Return the Indonesian label of ``status``.

        Args:
            status: A status code.

        Returns:
            The label.
        """
        return self._statuses[status].label

    def advance(
        self,
        record: ApplicationRecord,
        *,
        to: StatusCode | None = None,
        note: str | None = None,
        now: datetime | None = None,
    ) -> HistoryEntry:
        """Move an application to its next status.

        Args:
            record: The application.
            to: The target status; default: the next one in the normal flow.
            note: History note; for ``perlu_perbaikan`` what to fix, for ``ditolak``
                the reason.
            now: Time of the change; default: now in WIB.

        Returns:
            The new history entry.

        Raises:
            TransitionError: The status is final or ``to`` is not reachable from it.
        """
        targets = allowed_next(record.status)
        if not targets:
            raise TransitionError(
                f"status {record.status} is final", current=record.status, requested=to
            )
        target = to or targets[0]
        if target not in targets:
            raise TransitionError(
                f"cannot move from {record.status} to {target}",
                current=record.status,
                requested=target,
            )
        if target is StatusCode.PERLU_PERBAIKAN:
            record.correction = note or record.correction or _DEFAULT_CORRECTION
        elif target is StatusCode.DITOLAK:
            record.rejection_reason = note or record.rejection_reason or _DEFAULT_REJECTION
            record.estimated_completion = None
        # A seeded next_step belongs to the seeded status only.
        record.next_step_override = None
        entry = HistoryEntry(target, now or datetime.now(WIB), note or self.label(target))
        record.history.append(entry)
        return entry

    def to_public(self, record: ApplicationRecord) -> ApplicationOut:
        """Render an application as the lookup response.

        Args:
            record: The application.

        Returns:
            The response body.
        """
        service = self._services[record.service_id]
        info = self._statuses[record.status]
        next_step = record.next_step_override or info.next_step.format(
            correction=record.correction or _DEFAULT_CORRECTION,
            pickup_location=service.pickup_location,
            rejection_reason=record.rejection_reason or _DEFAULT_REJECTION,
        )
        return ApplicationOut(
            number=record.number,
            service_id=record.service_id,
            service_name=service.name,
            status=record.status,
            status_label=info.label,
            last_changed_at=record.history[-1].at,
            next_step=next_step,
            estimated_completion=record.estimated_completion,
            history=[
                HistoryEntryOut(status=h.status, label=self.label(h.status), at=h.at, note=h.note)
                for h in record.history
            ],
        )
