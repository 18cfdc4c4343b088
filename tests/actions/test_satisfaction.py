"""The SKM satisfaction question, the stored rating and the optional comment."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from actions.feedback import SatisfactionRow
from actions.satisfaction import (
    ActionAskSatisfaction,
    ActionSaveRating,
    ActionSaveSatisfactionComment,
    ValidateSatisfactionForm,
)
from knowledge_base import create_session_factory
from tests.actions.conftest import (
    RuntimeFactory,
    buttons,
    entity,
    make_tracker,
    responses,
    slots_set,
)


async def test_the_question_has_the_four_skm_buttons(domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionAskSatisfaction().run(
        dispatcher, make_tracker("/selesai", intent="end_conversation"), domain
    )
    assert [b["title"] for b in buttons(dispatcher)] == [
        "1. Tidak baik",
        "2. Kurang baik",
        "3. Baik",
        "4. Sangat baik",
    ]
    assert buttons(dispatcher)[3]["payload"] == '/rate_service{"rating":"4"}'
    assert slots_set(events) == {"satisfaction_asked": True}


async def test_asked_once_after_thanks_but_always_on_selesai(domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()
    asked = {"satisfaction_asked": True}
    await ActionAskSatisfaction().run(
        dispatcher, make_tracker("makasih", intent="thanks", slots=asked), domain
    )
    assert dispatcher.messages == []
    await ActionAskSatisfaction().run(
        dispatcher, make_tracker("/selesai", intent="end_conversation", slots=asked), domain
    )
    assert responses(dispatcher) == ["utter_ask_satisfaction"]


async def test_rating_and_comment_are_stored(
    make_runtime: RuntimeFactory, domain: dict[str, Any], engine: AsyncEngine
) -> None:
    runtime = make_runtime()
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        '/rate_service{"rating":"3"}',
        intent="rate_service",
        entities=[entity("rating", "3")],
        slots={"service": "ktp_el"},
    )
    events = await ActionSaveRating(runtime).run(dispatcher, tracker, domain)
    rating_id = slots_set(events)["satisfaction_id"]
    assert rating_id is not None

    form = make_tracker(
        "antreannya cepat, mantap",
        active_loop="satisfaction_form",
        filled={"satisfaction_comment": "antreannya cepat, mantap"},
        slots={"requested_slot": "satisfaction_comment"},
    )
    validated = slots_set(await ValidateSatisfactionForm().run(dispatcher, form, domain))
    assert validated["satisfaction_comment"] == "antreannya cepat, mantap"

    done = make_tracker("", slots={"satisfaction_id": rating_id, **validated})
    await ActionSaveSatisfactionComment(runtime).run(dispatcher, done, domain)
    assert responses(dispatcher)[-1] == "utter_satisfaction_thanks"
    async with create_session_factory(engine)() as session:
        row = await session.scalar(select(SatisfactionRow))
    assert row is not None
    assert (row.rating, row.comment, row.service_id, row.sender_id) == (
        3,
        "antreannya cepat, mantap",
        "ktp_el",
        "web:test-sender",
    )


async def test_skipping_the_comment_keeps_the_rating_only(
    make_runtime: RuntimeFactory, domain: dict[str, Any], engine: AsyncEngine
) -> None:
    runtime = make_runtime()
    dispatcher = CollectingDispatcher()
    events = await ActionSaveRating(runtime).run(
        dispatcher, make_tracker("4", intent="rate_service"), domain
    )
    form = make_tracker(
        "lewati",
        active_loop="satisfaction_form",
        filled={"satisfaction_comment": "lewati"},
        slots={"requested_slot": "satisfaction_comment"},
    )
    validated = slots_set(await ValidateSatisfactionForm().run(dispatcher, form, domain))
    assert validated["satisfaction_comment"] == "-"
    done = make_tracker("", slots={**slots_set(events), **validated})
    await ActionSaveSatisfactionComment(runtime).run(dispatcher, done, domain)
    async with create_session_factory(engine)() as session:
        row = await session.scalar(select(SatisfactionRow))
    assert row is not None and (row.rating, row.comment) == (4, None)


async def test_something_that_is_not_a_rating_is_not_stored(
    make_runtime: RuntimeFactory, domain: dict[str, Any], engine: AsyncEngine
) -> None:
    for text in ("sembilan", "3174"):
        dispatcher = CollectingDispatcher()
        events = await ActionSaveRating(make_runtime()).run(
            dispatcher, make_tracker(text, intent="rate_service"), domain
        )
        assert responses(dispatcher) == ["utter_default"]
        assert slots_set(events) == {"satisfaction_id": None, "satisfaction_comment": "-"}
        done = make_tracker("", slots=slots_set(events))
        await ActionSaveSatisfactionComment(make_runtime()).run(dispatcher, done, domain)
        assert responses(dispatcher) == ["utter_default"]
    async with create_session_factory(engine)() as session:
        assert await session.scalar(select(SatisfactionRow)) is None
