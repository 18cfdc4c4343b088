"""Actions that answer where a service is given (in person or online), when, and facilities.

Hours are computed in the unit's time zone from the runtime's clock, so "is it open
now?" on a Sunday evening says it is closed and when it opens next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions._hours import (
    DAY_NAMES,
    WEEKDAYS,
    asked_day,
    office_state,
    ranges_text,
    weekly_schedule,
)
from actions.service_answers import BaseServiceAnswerAction, source_of

if TYPE_CHECKING:
    from knowledge_base import ServicePublic


class ActionAnswerLocation(BaseServiceAnswerAction):
    """Answer where a service is given (address, counter, map link)."""

    intent = "ask_location"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_location"

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the service's location."""
        location = service.location
        extra = f"\n{location.detail}" if location.detail else ""
        if location.latitude is not None and location.longitude is not None:
            extra += (
                "\nPeta: https://www.openstreetmap.org/?mlat="
                f"{location.latitude}&mlon={location.longitude}#map=18/"
                f"{location.latitude}/{location.longitude}"
            )
        dispatcher.utter_message(
            response="utter_location",
            service_name=service.name,
            unit_name=service.unit.name,
            address=location.address,
            extra=extra,
            **source_of(service),
        )


class ActionAnswerHours(BaseServiceAnswerAction):
    """Answer the opening hours, and whether the office is open right now."""

    intent = "ask_hours"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_hours"

    async def answer(
        self,
        dispatcher: CollectingDispatcher,
        service: ServicePublic,
        variant_id: str | None,
        tracker: Tracker,
    ) -> None:
        """Utter the day asked about, open/closed now, the next opening and the week."""
        hours = service.opening_hours
        state = office_state(hours.days, hours.time_zone, self.runtime.clock())
        local = state.local_now
        day = asked_day(str(tracker.latest_message.get("text") or ""), local.date())
        if day is not None and hours.days:
            ranges = hours.days.get(WEEKDAYS[day.weekday], [])
            dispatcher.utter_message(
                response="utter_hours_on_day" if ranges else "utter_hours_on_day_closed",
                when=day.label,
                unit_name=service.unit.name,
                ranges=ranges_text(ranges),
                zone=hours.time_zone,
            )
        common = {
            "service_name": service.name,
            "unit_name": service.unit.name,
            "zone": hours.time_zone,
            "day": DAY_NAMES[local.weekday()],
            "now_time": f"{local.hour:02d}.{local.minute:02d}",
            "schedule": "\n".join(weekly_schedule(hours.days)),
            **source_of(service),
        }
        if state.is_open:
            dispatcher.utter_message(
                response="utter_hours_open", closes_at=state.closes_at, **common
            )
        elif state.next_open_day is not None:
            dispatcher.utter_message(
                response="utter_hours_closed",
                next_day=state.next_open_day,
                next_time=state.next_open_time,
                **common,
            )
        else:
            dispatcher.utter_message(response="utter_hours_unknown", **common)


class ActionAnswerAccessibility(BaseServiceAnswerAction):
    """Answer which facilities help the elderly, people with disabilities and others."""

    intent = "ask_accessibility"

    def name(self) -> str:
        """Return the action's name in the domain."""
        return "action_answer_accessibility"

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
            general=f"\n\nFasilitas umum: {'; '.join(general)}." if general else "",
            buttons=buttons,
            **source_of(service),
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
