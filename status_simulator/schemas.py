"""Request and response bodies of the simulator's HTTP API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from status_simulator.statuses import StatusCode


class LookupRequest(BaseModel):
    """Body of ``POST /api/v1/applications/lookup``."""

    number: str = Field(min_length=1, max_length=64)
    verification: str = Field(min_length=1, max_length=32)


class HistoryEntryOut(BaseModel):
    """One status change as returned to clients."""

    status: StatusCode
    label: str
    at: datetime
    note: str


class ApplicationOut(BaseModel):
    """Response of a successful lookup."""

    number: str
    service_id: str
    service_name: str
    status: StatusCode
    status_label: str
    last_changed_at: datetime
    next_step: str
    estimated_completion: date | None
    history: list[HistoryEntryOut]


class SubscriptionRequest(LookupRequest):
    """Body of ``POST /api/v1/subscriptions``."""

    callback_url: AnyHttpUrl


class SubscriptionOut(BaseModel):
    """Response of a created subscription."""

    number: str
    callback_url: str


class StatusChangeNotification(BaseModel):
    """Body the simulator POSTs to a subscriber's ``callback_url``."""

    number: str
    status: StatusCode
    label: str
    changed_at: datetime


class AdvanceRequest(BaseModel):
    """Optional body of ``POST /_admin/applications/{number}/advance``."""

    model_config = ConfigDict(extra="forbid")

    status: StatusCode | None = Field(
        default=None, description="Target status; default: the next one in the normal flow."
    )
    note: str | None = Field(
        default=None,
        description="History note; for perlu_perbaikan what to fix, for ditolak the reason.",
    )


class ErrorOut(BaseModel):
    """Body of every error response."""

    detail: str
