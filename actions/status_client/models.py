"""The status of an application as the client returns it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator


class StatusHistoryEntry(BaseModel):
    """One status change."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    status: str
    label: str
    at: datetime
    note: str = ""


class ApplicationStatus(BaseModel):
    """What the status service knows about one application.

    ``status_label`` and ``next_step`` are Indonesian, written by the agency, and
    may be shown to the citizen as they are.
    """

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    number: str
    service_id: str
    status_code: str = Field(validation_alias=AliasChoices("status_code", "status"))
    status_label: str
    last_changed_at: datetime
    next_step: str
    estimated_completion: date | None = None
    history: list[StatusHistoryEntry] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _default_last_changed_at(cls, data: Any) -> Any:
        """Take ``last_changed_at`` from the newest history entry when it is missing."""
        if isinstance(data, dict) and not data.get("last_changed_at") and data.get("history"):
            last = data["history"][-1]
            if isinstance(last, dict) and "at" in last:
                return {**data, "last_changed_at": last["at"]}
        return data
