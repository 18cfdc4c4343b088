"""Schema and loader of the simulator's seed file (``data/applications.yaml``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from status_simulator.errors import SeedDataError
from status_simulator.statuses import StatusCode

NUMBER_PATTERN = r"^(DUK|IMI|POL|DPM)-\d{4}-\d{6}$"


class StatusInfo(BaseModel):
    """Citizen-facing texts of one status."""

    model_config = ConfigDict(extra="forbid")

    label: str
    next_step: str


class ServiceInfo(BaseModel):
    """A service whose applications the simulator tracks."""

    model_config = ConfigDict(extra="forbid")

    name: str
    agency: str = Field(pattern=r"^[A-Z]{3}$")
    pickup_location: str


class HistorySeed(BaseModel):
    """One status change in the seed file."""

    model_config = ConfigDict(extra="forbid")

    status: StatusCode
    at: datetime
    note: str = ""


class ApplicationSeed(BaseModel):
    """One demo application."""

    model_config = ConfigDict(extra="forbid")

    number: str = Field(pattern=NUMBER_PATTERN)
    service_id: str
    nik_last4: str = Field(pattern=r"^\d{4}$")
    date_of_birth: date
    estimated_completion: date | None = None
    correction: str | None = None
    rejection_reason: str | None = None
    next_step: str | None = None
    history: list[HistorySeed] = Field(min_length=1)


class SeedData(BaseModel):
    """The whole seed file."""

    model_config = ConfigDict(extra="forbid")

    statuses: dict[StatusCode, StatusInfo]
    services: dict[str, ServiceInfo]
    applications: list[ApplicationSeed]

    @model_validator(mode="after")
    def _check_references(self) -> SeedData:
        missing = set(StatusCode) - set(self.statuses)
        if missing:
            raise ValueError(f"statuses without texts: {sorted(missing)}")
        seen: set[str] = set()
        for app in self.applications:
            if app.service_id not in self.services:
                raise ValueError(f"{app.number}: unknown service_id {app.service_id!r}")
            if app.number.split("-")[0] != self.services[app.service_id].agency:
                raise ValueError(f"{app.number}: prefix does not match the service's agency")
            if app.number in seen:
                raise ValueError(f"{app.number}: duplicate number")
            seen.add(app.number)
        return self


def load_seed(path: Path) -> SeedData:
    """Read and validate a seed file.

    Args:
        path: The YAML file.

    Returns:
        The validated seed data.

    Raises:
        SeedDataError: The file is missing, is not YAML or does not match the schema.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SeedDataError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    except yaml.YAMLError as exc:
        raise SeedDataError(f"not valid YAML: {exc}", path=str(path)) from exc
    try:
        return SeedData.model_validate(raw)
    except ValidationError as exc:
        raise SeedDataError(f"invalid seed data: {exc}", path=str(path)) from exc
