"""Actions that answer a component of a service's standard (requirements ...)."""

from __future__ import annotations

import logging
from abc import abstractmethod
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.formatting import bullet_list, format_date_id
from actions.runtime import Runtime, get_runtime

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from knowledge_base import ServicePublic


class BaseServiceAnswerAction(Action):
    """Resolve the service in focus, then answer one component of its standard.

    The service comes from the latest message's ``service`` entity (already mapped to a
    knowledge-base id by Rasa's synonyms, or resolved here from free text), else from the
    ``service`` slot: the service in focus stays in focus across follow-up questions.

    Args:
        runtime: The dependencies; defaults to the action server's runtime.
    """

    def __init__(self, runtime: Runtime | None = None) -> None:
        self._runtime = runtime

    @abstractmethod
    def name(self) -> str:
        """Return the action's name in the domain."""

    @abstractmethod
    def answer(
        self, dispatcher: CollectingDispatcher, service: ServicePublic, variant_id: str | None
    ) -> None:
        """Utter this action's component of ``service``.

        Args:
            dispatcher: Where to utter.
            service: The service in focus.
            variant_id: The variant the citizen named, if any.
        """

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Answer for the service in focus, or ask which service is meant."""
        runtime = self._runtime or get_runtime()
        repository = runtime.knowledge_base
        mention = tracker.get_latest_entity_values("service")
        mentioned = next(mention, None)
        service = None
        if mentioned:
            service = await repository.get_service(str(mentioned))
            if service is None:
                match = await repository.resolve_service(str(mentioned))
                if match is not None:
                    service = await repository.get_service(match.service_id)
            if service is None:
                dispatcher.utter_message(response="utter_unknown_service", mention=mentioned)
                return []
        else:
            in_focus = tracker.get_slot("service")
            if in_focus:
                service = await repository.get_service(str(in_focus))
        if service is None:
            dispatcher.utter_message(response="utter_ask_which_service")
            return []
        variant = next(tracker.get_latest_entity_values("variant"), None)
        self.answer(dispatcher, service, str(variant) if variant else None)
        logger.info("%s answered for service %s", self.name(), service.id)
        return [SlotSet("service", service.id)]


def source_of(service: ServicePublic) -> dict[str, str]:
    """Return the ``source`` and ``reviewed_at`` template values for an answer's footer."""
    if service.standard is not None:
        source = (
            f"SK {service.standard.sk_number}, berlaku sejak "
            f"{format_date_id(service.standard.effective_date)}"
        )
    else:
        source = service.unit.name
    return {"source": source, "reviewed_at": format_date_id(service.reviewed_at)}


class ActionAnswerRequirements(BaseServiceAnswerAction):
    """Answer what a service (or one of its variants) requires."""

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_requirements"

    def answer(
        self, dispatcher: CollectingDispatcher, service: ServicePublic, variant_id: str | None
    ) -> None:
        """Utter the requirements list of ``service`` or of its variant."""
        variant = service.get_variant(variant_id) if variant_id else None
        if variant is not None:
            dispatcher.utter_message(
                response="utter_requirements_variant",
                service_name=service.name,
                variant_name=variant.name,
                items=bullet_list(variant.requirements),
                **source_of(service),
            )
            return
        dispatcher.utter_message(
            response="utter_requirements",
            service_name=service.name,
            items=bullet_list(service.requirements),
            **source_of(service),
        )
