"""The service → unit map is read once per TTL, not once per turn."""

from __future__ import annotations

from typing import Any

from bot.console.units import UnitDirectory
from knowledge_base import ServiceSummary


class CountingRepository:
    """The knowledge-base repository at its boundary: counts the list reads."""

    def __init__(self) -> None:
        self.reads = 0
        self.unit = "disdukcapil"

    async def list_services(self, **_: Any) -> list[ServiceSummary]:
        self.reads += 1
        return [
            ServiceSummary(
                id="ktp_el", name="KTP-el", unit_id=self.unit, category="kependudukan", summary=""
            )
        ]


async def test_unit_of_service_reads_the_map_once_per_ttl() -> None:
    now = [100.0]
    directory = UnitDirectory(None, ttl_s=60, clock=lambda: now[0])  # type: ignore[arg-type]
    repository = CountingRepository()
    directory._repository = repository  # type: ignore[assignment]

    assert await directory.unit_of_service("ktp_el") == "disdukcapil"
    assert await directory.unit_of_service("ktp_el") == "disdukcapil"
    assert await directory.unit_of_service("no_such_service") is None
    assert repository.reads == 1

    repository.unit = "dinsos"  # the service moved to another unit in the KB
    now[0] += 61
    assert await directory.unit_of_service("ktp_el") == "dinsos"
    assert repository.reads == 2


async def test_an_unavailable_knowledge_base_gives_none_and_is_asked_again() -> None:
    class Broken(CountingRepository):
        async def list_services(self, **_: Any) -> list[ServiceSummary]:
            self.reads += 1
            raise RuntimeError("no knowledge base")

    directory = UnitDirectory(None)  # type: ignore[arg-type]
    repository = Broken()
    directory._repository = repository  # type: ignore[assignment]
    assert await directory.unit_of_service("ktp_el") is None
    assert await directory.unit_of_service("ktp_el") is None
    assert repository.reads == 2
