"""The console's view of the knowledge base: units and services, never failing the caller."""

from __future__ import annotations

import logging

from knowledge_base import SqlKnowledgeBaseRepository, UnitPublic
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

logger = logging.getLogger(__name__)


class UnitDirectory:
    """Looks up units and the unit of a service; answers ``None`` when the KB is not loaded.

    Args:
        sessions: Session factory of the database that holds the knowledge base.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._repository = SqlKnowledgeBaseRepository(sessions)

    async def get_unit(self, unit_id: str) -> UnitPublic | None:
        """Return the unit, or ``None`` when unknown or the knowledge base is unavailable."""
        try:
            return await self._repository.get_unit(unit_id)
        except Exception:  # noqa: BLE001 - the KB is optional for the console
            logger.debug("Unit lookup failed", exc_info=True)
            return None

    async def unit_of_service(self, service_id: str) -> str | None:
        """Return the unit id of a service, or ``None``."""
        try:
            service = await self._repository.get_service(service_id)
        except Exception:  # noqa: BLE001 - the KB is optional for the console
            logger.debug("Service lookup failed", exc_info=True)
            return None
        return service.unit.id if service is not None else None

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
