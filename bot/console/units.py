"""The console's view of the knowledge base: units and services, never failing the caller."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge_base import (
    LoadStatusPublic,
    SqlKnowledgeBaseRepository,
    UnitPublic,
    list_load_status,
)

logger = logging.getLogger(__name__)

#: How long the service → unit map is reused before it is read again. A service moving to
#: another unit (a knowledge-base edit) shows in new annotations after at most this long.
SERVICE_UNITS_TTL_S = 60.0


class UnitDirectory:
    """Looks up units and the unit of a service; answers ``None`` when the KB is not loaded.

    Args:
        sessions: Session factory of the database that holds the knowledge base.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        ttl_s: float = SERVICE_UNITS_TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._repository = SqlKnowledgeBaseRepository(sessions)
        self._ttl_s = ttl_s
        self._clock = clock
        self._service_units: dict[str, str] = {}
        self._service_units_read_at: float | None = None

    async def get_unit(self, unit_id: str) -> UnitPublic | None:
        """Return the unit, or ``None`` when unknown or the knowledge base is unavailable."""
        try:
            return await self._repository.get_unit(unit_id)
        except Exception:  # noqa: BLE001 - the KB is optional for the console
            logger.debug("Unit lookup failed", exc_info=True)
            return None

    async def unit_of_service(self, service_id: str) -> str | None:
        """Return the unit id of a service, or ``None``.

        Every turn asks this (the console files a conversation under its unit), so the
        whole service → unit map is read at most once per ``ttl_s`` instead of loading the
        service for each turn.
        """
        now = self._clock()
        read_at = self._service_units_read_at
        if read_at is None or now - read_at > self._ttl_s:
            await self._read_service_units(now)
        return self._service_units.get(service_id)

    async def _read_service_units(self, now: float) -> None:
        try:
            services = await self._repository.list_services()
        except Exception:  # noqa: BLE001 - the KB is optional for the console
            logger.debug("Service list failed", exc_info=True)
            return
        self._service_units = {service.id: service.unit_id for service in services}
        self._service_units_read_at = now

    async def list_units(self) -> list[UnitPublic]:
        """Return every unit (empty when the knowledge base is unavailable)."""
        try:
            return await self._repository.list_units()
        except Exception:  # noqa: BLE001 - the KB is optional for the console
            logger.debug("Unit list failed", exc_info=True)
            return []

    async def services_of(self, unit_ids: list[str]) -> list[str]:
        """Return the ids of the services of these units (empty when the KB is unavailable)."""
        out: list[str] = []
        for unit_id in unit_ids:
            try:
                out.extend(s.id for s in await self._repository.list_services(unit_id=unit_id))
            except Exception:  # noqa: BLE001 - the KB is optional for the console
                logger.debug("Service list failed", exc_info=True)
        return out

    async def expired_services(
        self, today: date, unit_ids: list[str] | None
    ) -> list[tuple[str, str, date]]:
        """Return ``(service id, source file, valid_until)`` of services past their validity."""
        out = []
        try:
            for summary in await self._repository.list_services():
                if unit_ids is not None and summary.unit_id not in unit_ids:
                    continue
                service = await self._repository.get_service(summary.id)
                if service is not None and service.valid_until < today:
                    out.append((service.id, service.source_file, service.valid_until))
        except Exception:  # noqa: BLE001 - the KB is optional for the console
            logger.debug("Expired-service scan failed", exc_info=True)
        return out

    async def load_status(self) -> list[LoadStatusPublic]:
        """Return the latest knowledge-base load attempts (empty when unavailable)."""
        try:
            async with self._sessions() as session:
                return await list_load_status(session=session, limit=5)
        except Exception:  # noqa: BLE001 - the KB is optional for the console
            logger.debug("Load status failed", exc_info=True)
            return []
