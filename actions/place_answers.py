"""Actions that answer where a service is given (in person or online), when, and facilities.

Hours are computed in the unit's time zone from the runtime's clock, so "is it open
now?" on a Sunday evening says it is closed and when it opens next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions._contacts import asked_channels, contact_lines, unpublished
from actions._hours import (
    DAY_NAMES,
    WEEKDAYS,
    asked_day,
    office_state,
    ranges_text,
    weekly_schedule,
)
from actions.formatting import bullet_list, join_names
from actions.service_answers import BaseServiceAnswerAction, source_of

if TYPE_CHECKING:
    from datetime import datetime

    from knowledge_base import (
        LocationPublic,
        OpeningHoursPublic,
        ServicePublic,
        UnitPublic,
    )


class ActionAnswerLocation(BaseServiceAnswerAction):
    """Answer where a service is given (address, counter, map link)."""

    intent = "ask_location"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_location"

    answers_for_units = True

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the service's location."""
        location = service.location
        dispatcher.utter_message(
            response="utter_location",
            service_name=service.name,
            unit_name=service.unit.name,
            address=location.address,
            extra=_location_extra(location),
            **source_of(service),
        )

    async def answer_unit(
        self, dispatcher: CollectingDispatcher, unit: UnitPublic, tracker: Tracker
    ) -> None:
        """Utter the unit's address."""
        dispatcher.utter_message(
            response="utter_unit_location",
            unit_name=unit.name,
            address=unit.location.address,
            extra=_location_extra(unit.location),
        )


class ActionAnswerHours(BaseServiceAnswerAction):
    """Answer the opening hours, and whether the office is open right now."""

    intent = "ask_hours"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_hours"

    answers_for_units = True

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the day asked about, open/closed now, the next opening and the week."""
        _utter_hours(
            dispatcher,
            service.opening_hours,
            self.runtime.clock(),
            str(tracker.latest_message.get("text") or ""),
            prefix="utter_hours",
            service_name=service.name,
            unit_name=service.unit.name,
            **source_of(service),
        )

    async def answer_unit(
        self, dispatcher: CollectingDispatcher, unit: UnitPublic, tracker: Tracker
    ) -> None:
        """The unit's hours, and which of its services keep hours of their own."""
        own = []
        for summary in await self.runtime.knowledge_base.list_services(unit_id=unit.id):
            service = await self.runtime.knowledge_base.get_service(summary.id)
            if service is not None and service.opening_hours.days != unit.opening_hours.days:
                own.append(service.name)
        own_hours = (
            f"\n\n{join_names(own)} punya jam layanan sendiri; tanyakan saja jam layanannya."
            if own
            else ""
        )
        _utter_hours(
            dispatcher,
            unit.opening_hours,
            self.runtime.clock(),
            str(tracker.latest_message.get("text") or ""),
            prefix="utter_unit_hours",
            unit_name=unit.name,
            own_hours=own_hours,
        )


class ActionAnswerAccessibility(BaseServiceAnswerAction):
    """Answer which facilities help the elderly, people with disabilities and others."""

    intent = "ask_accessibility"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_accessibility"

    answers_for_units = True

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the facilities for vulnerable groups (and the general ones)."""
        facilities = service.facilities
        vulnerable = facilities.vulnerable_groups or service.unit.facilities.vulnerable_groups
        general = facilities.general or service.unit.facilities.general
        if not vulnerable:
            dispatcher.utter_message(
                response="utter_accessibility_none",
                unit_name=service.unit.name,
                **source_of(service),
            )
            return
        items, buttons = self.list_text(vulnerable, service, None, tracker)
        dispatcher.utter_message(
            response="utter_accessibility",
            service_name=service.name,
            unit_name=service.unit.name,
            items=items,
            general=_general_facilities(general),
            buttons=buttons,
            **source_of(service),
        )

    async def answer_unit(
        self, dispatcher: CollectingDispatcher, unit: UnitPublic, tracker: Tracker
    ) -> None:
        """Utter the unit's facilities for vulnerable groups (and the general ones)."""
        facilities = unit.facilities
        if not facilities.vulnerable_groups:
            dispatcher.utter_message(response="utter_unit_accessibility_none", unit_name=unit.name)
            return
        dispatcher.utter_message(
            response="utter_unit_accessibility",
            unit_name=unit.name,
            items=bullet_list(facilities.vulnerable_groups),
            general=_general_facilities(facilities.general),
        )


class ActionAnswerContact(BaseServiceAnswerAction):
    """Answer how to reach the office: phone, WhatsApp, e-mail, website, social media."""

    intent = "ask_contact"
    answers_for_units = True

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_contact"

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the contacts of the unit that gives the service."""
        await self.answer_unit(dispatcher, service.unit, tracker)

    async def answer_unit(
        self, dispatcher: CollectingDispatcher, unit: UnitPublic, tracker: Tracker
    ) -> None:
        """Utter the unit's contact channels, those asked for first."""
        asked = asked_channels(str(tracker.latest_message.get("text") or ""))
        channels = contact_lines(unit.contacts, first=asked)
        if not channels:
            dispatcher.utter_message(response="utter_contact_none", unit_name=unit.name)
            return
        missing = unpublished(unit.contacts, asked)
        dispatcher.utter_message(
            response="utter_contact",
            unit_name=unit.name,
            channels="\n".join(channels),
            missing=f"{join_names(missing)} belum tercatat di data kami. " if missing else "",
        )


class ActionAnswerOnlineService(BaseServiceAnswerAction):
    """Answer whether (and where) a service can be done online."""

    intent = "ask_online_service"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_online_service"

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the online-service link, or say the service is offline only."""
        online = service.online_service
        if online is None:
            dispatcher.utter_message(
                response="utter_no_online_service",
                service_name=service.name,
                unit_name=service.unit.name,
                **source_of(service),
            )
            return
        dispatcher.utter_message(
            response="utter_online_service",
            service_name=service.name,
            online_name=online.name,
            url=online.url,
            **source_of(service),
        )


def _location_extra(location: LocationPublic) -> str:
    """The counter or floor, and a map link when the coordinates are known."""
    extra = f"\n{location.detail}" if location.detail else ""
    if location.latitude is not None and location.longitude is not None:
        extra += (
            "\nPeta: https://www.openstreetmap.org/?mlat="
            f"{location.latitude}&mlon={location.longitude}#map=18/"
            f"{location.latitude}/{location.longitude}"
        )
    return extra


def _general_facilities(general: list[str]) -> str:
    return f"\n\nFasilitas umum: {'; '.join(general)}." if general else ""


def _utter_hours(
    dispatcher: CollectingDispatcher,
    hours: OpeningHoursPublic,
    now: datetime,
    text: str,
    *,
    prefix: str,
    unit_name: str,
    **values: str,
) -> None:
    """Utter the day the citizen asked about, then open/closed now and the week.

    Args:
        dispatcher: Where to utter.
        hours: The opening hours (a service's or a unit's).
        now: The current time (the runtime's clock).
        text: The citizen's message ("hari sabtu buka gak?" names a day).
        prefix: ``utter_hours`` or ``utter_unit_hours``: the responses
            ``<prefix>_open``, ``_closed`` and ``_unknown``.
        unit_name: The office's name.
        values: The responses' other values (the service's name and source ...).
    """
    state = office_state(hours.days, hours.time_zone, now)
    local = state.local_now
    day = asked_day(text, local.date())
    if day is not None and hours.days:
        ranges = hours.days.get(WEEKDAYS[day.weekday], [])
        dispatcher.utter_message(
            response="utter_hours_on_day" if ranges else "utter_hours_on_day_closed",
            when=day.label,
            unit_name=unit_name,
            ranges=ranges_text(ranges),
            zone=hours.time_zone,
        )
    common = {
        **values,
        "unit_name": unit_name,
        "zone": hours.time_zone,
        "day": DAY_NAMES[local.weekday()],
        "now_time": f"{local.hour:02d}.{local.minute:02d}",
        "schedule": "\n".join(weekly_schedule(hours.days)),
    }
    if state.is_open:
        dispatcher.utter_message(response=f"{prefix}_open", closes_at=state.closes_at, **common)
    elif state.next_open_day is not None:
        dispatcher.utter_message(
            response=f"{prefix}_closed",
            next_day=state.next_open_day,
            next_time=state.next_open_time,
            **common,
        )
    else:
        dispatcher.utter_message(response=f"{prefix}_unknown", **common)
