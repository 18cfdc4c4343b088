from datetime import UTC, date, datetime, timedelta

import pytest

from actions.feedback import SatisfactionRow
from bot.console.analytics import compute_analytics, group_gaps
from bot.console.charts import bar_chart
from bot.console.models import Operator, OperatorRole
from bot.console.sessions import CurrentOperator
from bot.store.models import (
    Conversation,
    ConversationDetail,
    Message,
    MessageDirection,
    TurnAnnotation,
)
from tests.bot.console.conftest import ConsoleApp

DAY1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=1)

# (channel, sender, unit, [(time, text, intent, service, fallback)], handoff minutes, rating);
# fallback "gap" marks a turn understood but answered "belum tercatat" (a knowledge gap).
SEED = [
    ("web", "a", "disdukcapil", [
        (DAY1, "apa syarat KTP", "ask_requirements", "ktp_el", False),
        (DAY1 + timedelta(minutes=1), "syarat KTP hilang", "ask_requirements", "ktp_el", False),
        (DAY1 + timedelta(minutes=2), "cara bikin akta untuk anak angkat?", "nlu_fallback", None, True),  # noqa: E501
    ], 6, 4),
    ("telegram", "b", "disdukcapil", [
        (DAY2, "halo", "greet", None, False),
        (DAY2 + timedelta(minutes=1), "akta anak angkat caranya bagaimana", "nlu_fallback", None, True),  # noqa: E501
    ], None, 3),
    ("web", "c", "samsat", [
        (DAY2 + timedelta(hours=2), "bayar pajak pakai qris bisa?", "nlu_fallback", None, True),
    ], 10, 2),
]  # fmt: skip


async def _seed(app: ConsoleApp) -> None:
    async with app.console.sessions.begin() as session:
        for channel, sender, unit, turns, handoff_minutes, rating in SEED:
            conversation = Conversation(channel=channel, sender_id=sender, created_at=turns[0][0])
            session.add(conversation)
            await session.flush()
            detail = ConversationDetail(
                conversation_id=conversation.id, unit_id=unit, handoff_count=0
            )
            if handoff_minutes is not None:
                detail.handoff_count = 1
                detail.waiting_since = turns[0][0]
                detail.first_operator_reply_at = turns[0][0] + timedelta(minutes=handoff_minutes)
            session.add(detail)
            for at, text, intent, service, fallback in turns:
                message = Message(
                    conversation_id=conversation.id, direction=MessageDirection.INBOUND,
                    text=text, created_at=at,
                )  # fmt: skip
                session.add(message)
                await session.flush()
                session.add(
                    TurnAnnotation(
                        message_id=message.id, conversation_id=conversation.id, intent=intent,
                        confidence=0.3 if fallback is True else 0.9, service_id=service,
                        fallback=fallback is True, knowledge_gap=fallback == "gap",
                    )
                )  # fmt: skip
            session.add(
                SatisfactionRow(sender_id=f"{channel}:{sender}", rating=rating, created_at=DAY2)
            )


def _as(role: OperatorRole, units: list[str]) -> CurrentOperator:
    return CurrentOperator(Operator(id=99, username="x", role=role, units=units), "t", "h")


async def test_figures_match_the_seeded_conversations(console_app: ConsoleApp) -> None:
    await _seed(console_app)
    async with console_app.console.sessions() as session:
        report = await compute_analytics(
            session, _as(OperatorRole.ADMIN, []), date(2026, 3, 2), date(2026, 3, 3)
        )
        samsat = await compute_analytics(
            session, _as(OperatorRole.OPERATOR, ["samsat"]), date(2026, 3, 2), date(2026, 3, 3)
        )
    assert report.messages_per_day == [("02/03", 3), ("03/03", 3)]
    assert report.conversations_per_day == [("02/03", 1), ("03/03", 2)]
    assert (report.total_messages, report.total_conversations) == (6, 3)
    assert report.top_intents == [("nlu_fallback", 3), ("ask_requirements", 2), ("greet", 1)]
    assert report.top_services == [("ktp_el", 2)]
    assert report.fallback_rate == 50.0
    assert report.fallback_trend == [
        ("02/03", pytest.approx(100 / 3)),
        ("03/03", pytest.approx(200 / 3)),
    ]
    assert report.handoff_rate == pytest.approx(200 / 3)
    assert report.median_first_reply_minutes == 8.0
    assert report.satisfaction == {1: 0, 2: 1, 3: 1, 4: 1}
    assert report.ikm == 75.0  # mean 3.0 × 25
    assert report.ikm_grade.startswith("C")
    assert [(g.unit_id, g.count) for g in report.gaps] == [("disdukcapil", 2), ("samsat", 1)]
    # An operator of one unit sees only that unit's figures.
    assert (samsat.total_messages, samsat.total_conversations, samsat.fallback_rate) == (
        1,
        1,
        100.0,
    )
    assert samsat.satisfaction == {1: 0, 2: 1, 3: 0, 4: 0} and samsat.ikm == 50.0


async def test_analytics_page_shows_the_figures(admin: ConsoleApp) -> None:
    await _seed(admin)
    page = await admin.client.get(
        "/operator/analytics", params={"date_from": "2026-03-02", "date_to": "2026-03-03"}
    )
    assert page.status_code == 200
    assert '<strong id="fig-messages">6</strong>' in page.text
    assert '<strong id="fig-ikm">75.00</strong>' in page.text
    assert '<strong id="fig-first-reply">8.0 menit</strong>' in page.text
    assert page.text.count("<svg") == 6
    assert "anak angkat" in page.text


async def test_an_answer_the_knowledge_base_lacks_is_a_gap_but_not_a_fallback(
    console_app: ConsoleApp,
) -> None:
    async with console_app.console.sessions.begin() as session:
        conversation = Conversation(channel="web", sender_id="d", created_at=DAY1)
        session.add(conversation)
        await session.flush()
        session.add(ConversationDetail(conversation_id=conversation.id, unit_id="kpp"))
        for minutes, text, gap in ((0, "npwp bisa diwakilkan?", True), (1, "syarat npwp", False)):
            message = Message(
                conversation_id=conversation.id, direction=MessageDirection.INBOUND,
                text=text, created_at=DAY1 + timedelta(minutes=minutes),
            )  # fmt: skip
            session.add(message)
            await session.flush()
            session.add(
                TurnAnnotation(
                    message_id=message.id, conversation_id=conversation.id,
                    intent="ask_representation" if gap else "ask_requirements",
                    confidence=0.9, service_id="npwp", knowledge_gap=gap,
                )
            )  # fmt: skip
    async with console_app.console.sessions() as session:
        report = await compute_analytics(
            session, _as(OperatorRole.ADMIN, []), date(2026, 3, 2), date(2026, 3, 2)
        )
    assert [(g.unit_id, g.example, g.count) for g in report.gaps] == [
        ("kpp", "npwp bisa diwakilkan?", 1)
    ]
    assert report.fallback_rate == 0.0


def test_gaps_group_similar_questions() -> None:
    gaps = group_gaps({"u": ["jam buka kantor?", "kantor jam buka berapa", "biaya paspor"]})
    assert [(g.example, g.count) for g in gaps] == [("jam buka kantor?", 2), ("biaya paspor", 1)]


def test_chart_labels_are_escaped() -> None:
    svg = bar_chart([("<script>", 1.0)], "Judul <b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
