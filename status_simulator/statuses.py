"""Status codes of an application and the moves between them."""

from __future__ import annotations

from enum import StrEnum


class StatusCode(StrEnum):
    """Status of an application in the agency's tracking system."""

    DITERIMA = "diterima"
    VERIFIKASI = "verifikasi"
    DIPROSES = "diproses"
    PERLU_PERBAIKAN = "perlu_perbaikan"
    SELESAI = "selesai"
    DITOLAK = "ditolak"


# Allowed moves; the first target is the default "advance" step.
TRANSITIONS: dict[StatusCode, tuple[StatusCode, ...]] = {
    StatusCode.DITERIMA: (StatusCode.VERIFIKASI, StatusCode.DITOLAK),
    StatusCode.VERIFIKASI: (
        StatusCode.DIPROSES,
        StatusCode.PERLU_PERBAIKAN,
        StatusCode.DITOLAK,
    ),
    StatusCode.PERLU_PERBAIKAN: (StatusCode.VERIFIKASI, StatusCode.DITOLAK),
    StatusCode.DIPROSES: (StatusCode.SELESAI, StatusCode.DITOLAK),
    StatusCode.SELESAI: (),
    StatusCode.DITOLAK: (),
}


def allowed_next(status: StatusCode) -> tuple[StatusCode, ...]:
    """Return the statuses an application in ``status`` may move to.

    Args:
        status: The current status.

    Returns:
        The allowed targets, default first; empty for a final status.
    """
    return TRANSITIONS[status]
