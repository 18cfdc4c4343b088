"""Actions that answer one component of a service's standard.

Requirements, procedure, duration, cost, product and legal basis live here; where
(the unit's place, the online-service link), when and facilities in ``place_answers``. Every
answer ends with its source (SK number and date) and "informasi per <reviewed_at>".
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.constants import LONG_LIST_ITEMS, SUMMARY_ITEMS
from actions.formatting import bullet_list, format_date_id, format_rupiah, mask_sender
from actions.greeting import reply_to_salam
from actions.runtime import BaseRuntimeUser, Runtime
from actions.service_focus import named_unit, resolve_focus
from actions.service_selection import utter_service_unresolved
from knowledge_base import KnowledgeBaseError

if TYPE_CHECKING:
    from knowledge_base import FeePublic, ServicePublic, UnitPublic, VariantPublic

logger = logging.getLogger(__name__)

#: Value of the ``detail`` entity that asks for a whole list.
FULL_DETAIL = "lengkap"


def intent_payload(intent: str, **entities: str | None) -> str:
    """Return a Rasa intent payload, e.g. ``/ask_cost{"service":"ktp_el"}``."""
    values = {key: value for key, value in entities.items() if value}
    return f"/{intent}{json.dumps(values, separators=(',', ':'))}" if values else f"/{intent}"


def source_of(service: ServicePublic) -> dict[str, str]:
    """Return the ``source`` and ``reviewed_at`` template values for an answer's footer."""
    if service.standard is not None:
        source = (
            f"SK {service.standard.sk_number}, berlaku sejak "
            f"{format_date_id(service.standard.effective_date)}"
        )
    else:
        source = f"standar pelayanan {service.unit.name}"
    return {"source": source, "reviewed_at": format_date_id(service.reviewed_at)}


def summarise(items: list[str], *, full: bool, limit: int = LONG_LIST_ITEMS) -> tuple[str, bool]:
    """Render a list, summarised when it is long.

    Args:
        items: The list as the service unit wrote it.
        full: The citizen asked for all of it.
        limit: Longer lists are cut to ``SUMMARY_ITEMS`` items.

    Returns:
        The text and whether it was cut.
    """
    if full or len(items) <= limit:
        return bullet_list(items), False
    shown = min(SUMMARY_ITEMS, limit)
    rest = len(items) - shown
    return f"{bullet_list(items[:shown])}\n… dan {rest} lainnya.", True


class BaseServiceAnswerAction(BaseRuntimeUser, Action, ABC):
    """Resolve the service in focus, then answer one component of its standard.

    Subclasses set ``intent`` (the question they answer, reused in buttons) and
    implement :meth:`answer`.

    Args:
        runtime: The dependencies; defaults to the action server's runtime.
        long_list_items: Lists longer than this are summarised with a "see all" button.
    """

    intent = "ask_requirements"
    #: The question can be about an office as well ("dukcapil buka jam berapa?"):
    #: subclasses that set this implement :meth:`answer_unit`.
    answers_for_units = False

    def __init__(
        self, runtime: Runtime | None = None, *, long_list_items: int = LONG_LIST_ITEMS
    ) -> None:
        super().__init__(runtime)
        self._long_list_items = long_list_items

    @abstractmethod
    def name(self) -> str:
        """Return the action's name in the domain."""

    @abstractmethod
    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter this action's component of ``service``.

        Args:
            dispatcher: Where to utter.
            service: The service in focus.
            variant_id: The variant, if known.
            tracker: The conversation (for the ``detail`` entity and the like).
        """

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Answer for the service in focus, or ask which service is meant."""
        reply_to_salam(dispatcher, tracker)
        repository = self.runtime.knowledge_base
        try:
            focus = await resolve_focus(tracker, repository)
            unit = await named_unit(tracker, repository, focus) if self.answers_for_units else None
            if unit is not None:
                await self.answer_unit(dispatcher, unit, tracker)
                logger.info(
                    "%s answered for unit %s (sender %s)",
                    self.name(), unit.id, mask_sender(tracker.sender_id),
                )  # fmt: skip
                return [
                    SlotSet("unit", unit.id),
                    SlotSet("service", None),
                    SlotSet("variant", None),
                ]
            if focus.service is None:
                await utter_service_unresolved(dispatcher, focus, self.intent, repository)
                return []
            await self.answer(dispatcher, focus.service, focus.variant_id, tracker)
        except KnowledgeBaseError:
            logger.warning("%s: knowledge base unavailable", self.name(), exc_info=True)
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        logger.info(
            "%s answered for service %s (sender %s)",
            self.name(), focus.service.id, mask_sender(tracker.sender_id),
        )  # fmt: skip
        return [
            SlotSet("service", focus.service.id),
            SlotSet("variant", focus.variant_id),
            SlotSet("unit", None),
        ]

    async def answer_unit(
        self, dispatcher: CollectingDispatcher, unit: UnitPublic, tracker: Tracker
    ) -> None:
        """Utter this action's answer about a whole service unit (``answers_for_units``)."""
        raise NotImplementedError(f"{self.name()} does not answer for units")

    def list_text(
        self, items: list[str], service: ServicePublic, variant_id: str | None, tracker: Tracker
    ) -> tuple[str, list[dict[str, str]]]:
        """Render a list (summarised when long) and the "see all" button it needs."""
        full = next(tracker.get_latest_entity_values("detail"), None) == FULL_DETAIL
        text, cut = summarise(items, full=full, limit=self._long_list_items)
        if not cut:
            return text, []
        payload = intent_payload(
            self.intent, service=service.id, variant=variant_id, detail=FULL_DETAIL
        )
        return text, [{"title": "Lihat semua", "payload": payload}]

    def ask_variant(
        self, dispatcher: CollectingDispatcher, service: ServicePublic, response: str
    ) -> None:
        """Offer the service's variants as buttons (the answer depends on them)."""
        buttons = [
            {
                "title": v.name,
                "payload": intent_payload(self.intent, service=service.id, variant=v.id),
            }
            for v in service.variants
        ]
        dispatcher.utter_message(response=response, service_name=service.name, buttons=buttons)

    def offer_variants_if_they_differ(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant: VariantPublic | None,
        field: str,
    ) -> None:
        """After a general answer, offer the variants whose own ``field`` differs from it."""
        if variant is None and any(getattr(v, field) for v in service.variants):
            self.ask_variant(dispatcher, service, "utter_ask_variant_differs")


def own_or_general(service: ServicePublic, variant: VariantPublic | None, field: str) -> Any:
    """The variant's own value of a standard's component when it has one, else the service's."""
    own = getattr(variant, field) if variant is not None else None
    return own if own else getattr(service, field)


def answered_name(service: ServicePublic, variant: VariantPublic | None) -> str:
    """The service's name, with the variant's in brackets when the answer is the variant's."""
    return service.name if variant is None else f"{service.name} ({variant.name})"


class ActionAnswerRequirements(BaseServiceAnswerAction):
    """Answer what a service (or one of its variants) requires."""

    intent = "ask_requirements"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_requirements"

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the requirements of the variant, else the general ones and offer variants."""
        variant = service.get_variant(variant_id) if variant_id else None
        if variant is not None:
            items, buttons = self.list_text(variant.requirements, service, variant.id, tracker)
            dispatcher.utter_message(
                response="utter_requirements_variant",
                service_name=service.name,
                variant_name=variant.name,
                items=items,
                notes=f"\n\nCatatan: {variant.notes}" if variant.notes else "",
                buttons=buttons,
                **source_of(service),
            )
            return
        items, buttons = self.list_text(service.requirements, service, None, tracker)
        dispatcher.utter_message(
            response="utter_requirements",
            service_name=service.name,
            items=items,
            buttons=buttons,
            **source_of(service),
        )
        if service.variants:
            self.ask_variant(dispatcher, service, "utter_ask_variant_requirements")


class ActionAnswerProcedure(BaseServiceAnswerAction):
    """Answer how a service works, step by step, with its online channel if any."""

    intent = "ask_procedure"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_procedure"

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the procedure (the variant's own when it has one)."""
        variant = service.get_variant(variant_id) if variant_id else None
        steps = own_or_general(service, variant, "procedure")
        items, buttons = self.list_text(steps, service, variant_id, tracker)
        online = service.online_service
        dispatcher.utter_message(
            response="utter_procedure",
            service_name=answered_name(service, variant),
            items=items,
            online=f"\n\nBisa juga lewat {online.name}: {online.url}" if online else "",
            buttons=buttons,
            **source_of(service),
        )
        self.offer_variants_if_they_differ(dispatcher, service, variant, "procedure")


class ActionAnswerDuration(BaseServiceAnswerAction):
    """Answer how long a service takes."""

    intent = "ask_duration"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_duration"

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the time frame (the variant's own when it has one)."""
        variant = service.get_variant(variant_id) if variant_id else None
        dispatcher.utter_message(
            response="utter_duration",
            service_name=answered_name(service, variant),
            time_frame=own_or_general(service, variant, "time_frame").text,
            product=service.product,
            **source_of(service),
        )
        self.offer_variants_if_they_differ(dispatcher, service, variant, "time_frame")


def fee_text(fee: FeePublic) -> tuple[str, str]:
    """Return the response name and the details text of a fee.

    Args:
        fee: The fee (amount 0 = free, None = varies).

    Returns:
        ``utter_cost_free``, ``utter_cost`` or ``utter_cost_varies``, and the fee table
        and legal basis as lines (may be empty).
    """
    lines = [
        f"- {item.name}: {format_rupiah(item.amount) if item.amount else 'gratis'}"
        + (f" ({item.note})" if item.note else "")
        for item in fee.items
    ]
    details = "\n".join(lines)
    if fee.legal_basis:
        details += ("\n" if details else "") + f"Dasar tarif: {fee.legal_basis}"
    if fee.amount is None:
        return "utter_cost_varies", details
    return ("utter_cost_free" if fee.is_free else "utter_cost"), details


def free_note(note: str) -> str:
    """The fee note of a free service without its own leading "Gratis".

    The answer already says "<service> gratis."; a note that begins the same way
    ("Gratis, tidak dipungut biaya apa pun.") would make it say it twice.

    Example:
        >>> free_note("Gratis, tidak dipungut biaya apa pun.")
        'Tidak dipungut biaya apa pun.'
    """
    if not note.lower().startswith("gratis"):
        return note
    rest = note[len("gratis") :].lstrip(" ,;.:-")
    return rest[:1].upper() + rest[1:]


class ActionAnswerCost(BaseServiceAnswerAction):
    """Answer what a service costs."""

    intent = "ask_cost"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_cost"

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the fee, its table and legal basis (the variant's own when it has one)."""
        variant = service.get_variant(variant_id) if variant_id else None
        fee = own_or_general(service, variant, "fee")
        response, details = fee_text(fee)
        dispatcher.utter_message(
            response=response,
            service_name=answered_name(service, variant),
            amount=format_rupiah(fee.amount) if fee.amount is not None else "",
            note=free_note(fee.note) if response == "utter_cost_free" else fee.note,
            details=f"\n{details}" if details else "",
            **source_of(service),
        )
        self.offer_variants_if_they_differ(dispatcher, service, variant, "fee")


class ActionAnswerProduct(BaseServiceAnswerAction):
    """Answer what the citizen receives at the end."""

    intent = "ask_product"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_product"

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the product of the service."""
        dispatcher.utter_message(
            response="utter_product",
            service_name=service.name,
            product=service.product,
            **source_of(service),
        )


class ActionAnswerLegalBasis(BaseServiceAnswerAction):
    """Answer which regulations a service rests on."""

    intent = "ask_legal_basis"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_legal_basis"

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the legal basis list."""
        items, buttons = self.list_text(service.legal_basis, service, None, tracker)
        dispatcher.utter_message(
            response="utter_legal_basis",
            service_name=service.name,
            items=items,
            buttons=buttons,
            **source_of(service),
        )
