"""Choosing a service: candidates as buttons, unknown services, and the list by unit."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.formatting import mask_sender
from actions.runtime import BaseRuntimeUser
from actions.service_focus import mentioned_unit
from knowledge_base import KnowledgeBaseError

if TYPE_CHECKING:
    from actions.service_focus import ServiceFocus
    from knowledge_base import KnowledgeBaseRepository

logger = logging.getLogger(__name__)

#: Offered when the citizen asked something without naming a service.
POPULAR_SERVICES = ("ktp_el", "kartu_keluarga", "akta_kelahiran", "paspor")


def _payload(intent: str, service_id: str) -> str:
    return f"/{intent}{json.dumps({'service': service_id}, separators=(',', ':'))}"


async def services_by_unit(
    repository: KnowledgeBaseRepository, *, unit_id: str | None = None
) -> str:
    """Return the services grouped by unit, one line per unit.

    Args:
        repository: The knowledge base.
        unit_id: Only this unit.

    Returns:
        Lines like ``- Disdukcapil: KTP-el, Kartu Keluarga``.

    Raises:
        KnowledgeBaseError: The knowledge base could not be read.
    """
    units = {unit.id: unit for unit in await repository.list_units()}
    grouped: dict[str, list[str]] = {}
    for service in await repository.list_services(unit_id=unit_id):
        grouped.setdefault(service.unit_id, []).append(service.name)
    lines = []
    for uid, names in sorted(grouped.items()):
        unit = units.get(uid)
        label = (unit.short_name or unit.name) if unit else uid
        lines.append(f"- {label}: {', '.join(sorted(names))}")
    return "\n".join(lines)


async def utter_service_unresolved(
    dispatcher: CollectingDispatcher,
    focus: ServiceFocus,
    intent: str,
    repository: KnowledgeBaseRepository,
) -> None:
    """Answer a question whose service is unclear, unknown or missing.

    Unclear: the best candidates as buttons that repeat the question for each. Unknown:
    an honest answer, the services by unit and the offer of a person. Missing: ask,
    with buttons for popular services.

    Args:
        dispatcher: Where to utter.
        focus: The resolution that found no single service.
        intent: The question asked (``ask_cost`` ...), repeated by the buttons.
        repository: The knowledge base.

    Raises:
        KnowledgeBaseError: The knowledge base could not be read.
    """
    if focus.candidates:
        buttons = [
            {"title": match.name, "payload": _payload(intent, match.service_id)}
            for match in focus.candidates[:3]
        ]
        dispatcher.utter_message(response="utter_choose_service", buttons=buttons)
        return
    if focus.unknown_mention:
        dispatcher.utter_message(
            response="utter_unknown_service",
            mention=focus.unknown_mention,
            services=await services_by_unit(repository),
            buttons=[{"title": "Hubungi petugas", "payload": "/request_human"}],
        )
        return
    buttons = []
    for service_id in POPULAR_SERVICES:
        service = await repository.get_service(service_id)
        if service is not None:
            buttons.append({"title": service.name, "payload": _payload(intent, service.id)})
    dispatcher.utter_message(response="utter_ask_which_service", buttons=buttons)


class ActionListServices(BaseRuntimeUser, Action):
    """List the services, all of them by unit or those of the unit the citizen named."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_list_services"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Utter the list of services."""
        repository = self.runtime.knowledge_base
        try:
            unit = mentioned_unit(tracker, await repository.list_units())
            services = await services_by_unit(repository, unit_id=unit.id if unit else None)
        except KnowledgeBaseError:
            logger.warning("list_services: knowledge base unavailable", exc_info=True)
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        if unit is not None:
            dispatcher.utter_message(
                response="utter_list_services_unit", unit_name=unit.name, services=services
            )
        else:
            dispatcher.utter_message(response="utter_list_services", services=services)
        logger.info("Listed services for sender %s", mask_sender(tracker.sender_id))
        return []
