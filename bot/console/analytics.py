"""Figures of the analytics page, computed for the conversations an operator may see."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from actions.feedback import SatisfactionRow
from bot.console.queries import scoped
from bot.console.sessions import CurrentOperator
from bot.masking import mask_personal_data
from bot.store.models import (
    Conversation,
    ConversationDetail,
    Message,
    MessageDirection,
    TurnAnnotation,
)

# Two unanswered questions at least this similar (rapidfuzz token_set_ratio) are one gap.
GAP_SIMILARITY = 75


@dataclass(slots=True)
class KnowledgeGap:
    """Similar unanswered questions of one unit."""

    unit_id: str
    example: str
    count: int
    samples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class AnalyticsReport:
    """Everything the analytics page shows."""

    start: date
    end: date
    messages_per_day: list[tuple[str, int]]
    conversations_per_day: list[tuple[str, int]]
    total_messages: int
    total_conversations: int
    top_intents: list[tuple[str, int]]
    top_services: list[tuple[str, int]]
    annotated_turns: int
    fallback_turns: int
    fallback_trend: list[tuple[str, float]]
    handoff_conversations: int
    median_first_reply_minutes: float | None
    satisfaction: dict[int, int]
    gaps: list[KnowledgeGap]

    @property
    def fallback_rate(self) -> float:
        """Share of understood-or-not turns that fell back, in percent."""
        return 100 * self.fallback_turns / self.annotated_turns if self.annotated_turns else 0.0

    @property
    def handoff_rate(self) -> float:
        """Share of conversations that asked for a person, in percent."""
        if not self.total_conversations:
            return 0.0
        return 100 * self.handoff_conversations / self.total_conversations

    @property
    def ratings(self) -> int:
        """Number of satisfaction answers."""
        return sum(self.satisfaction.values())

    @property
    def ikm(self) -> float | None:
        """The SKM index (IKM, Permenpan RB 14/2017): mean rating (1-4) × 25, on 25-100."""
        if not self.ratings:
            return None
        return 25 * sum(score * n for score, n in self.satisfaction.items()) / self.ratings

    @property
    def ikm_grade(self) -> str:
        """The IKM quality grade (A-D) of Permenpan RB 14/2017."""
        value = self.ikm
        if value is None:
            return "–"
        if value >= 88.31:
            return "A (sangat baik)"
        if value >= 76.61:
            return "B (baik)"
        if value >= 65.0:
            return "C (kurang baik)"
        return "D (tidak baik)"


def _day(value: datetime) -> date:
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(UTC).date()


async def compute_analytics(
    session: AsyncSession, current: CurrentOperator, start: date, end: date
) -> AnalyticsReport:
    """Compute the figures for ``start``..``end`` (inclusive, UTC days), scoped to the operator.

    Args:
        session: Open session.
        current: The logged-in operator.
        start: First day.
        end: Last day.

    Returns:
        The report.
    """
    lo = datetime.combine(start, time(), UTC)
    hi = datetime.combine(end + timedelta(days=1), time(), UTC)
    visible = scoped(
        select(
            Conversation.id, Conversation.channel, Conversation.sender_id, ConversationDetail
        ).outerjoin(ConversationDetail, ConversationDetail.conversation_id == Conversation.id),
        current,
    )
    conversations = {row[0]: row for row in (await session.execute(visible)).all()}
    ids = list(conversations)
    inbound = (
        await session.execute(
            select(Message.id, Message.conversation_id, Message.created_at, Message.text).where(
                Message.conversation_id.in_(ids or [-1]),
                Message.direction == MessageDirection.INBOUND,
                Message.created_at >= lo,
                Message.created_at < hi,
            )
        )
    ).all()
    notes = {
        n.message_id: n
        for n in (
            await session.scalars(
                select(TurnAnnotation).where(
                    TurnAnnotation.message_id.in_([m[0] for m in inbound] or [-1])
                )
            )
        ).all()
    }
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    per_day: Counter[date] = Counter()
    convs_per_day: dict[date, set[int]] = defaultdict(set)
    turns_per_day: Counter[date] = Counter()
    fallbacks_per_day: Counter[date] = Counter()
    intents: Counter[str] = Counter()
    services: Counter[str] = Counter()
    unanswered: dict[str, list[str]] = defaultdict(list)
    active: set[int] = set()
    for message_id, conversation_id, created, text in inbound:
        day = _day(created)
        per_day[day] += 1
        convs_per_day[day].add(conversation_id)
        active.add(conversation_id)
        note = notes.get(message_id)
        if note is None:
            continue
        turns_per_day[day] += 1
        if note.intent:
            intents[note.intent] += 1
        if note.service_id:
            services[note.service_id] += 1
        if note.fallback:
            fallbacks_per_day[day] += 1
        if note.fallback or note.knowledge_gap:
            # Not understood, or understood but the knowledge base lacks the answer.
            detail = conversations[conversation_id][3]
            unit = detail.unit_id if detail and detail.unit_id else "(tanpa unit)"
            unanswered[unit].append(mask_personal_data(text))
    details = [conversations[c][3] for c in active if conversations[c][3] is not None]
    handoffs = sum(1 for d in details if d.handoff_count > 0)
    waits = [
        (_aware(d.first_operator_reply_at) - _aware(d.waiting_since)).total_seconds() / 60
        for d in details
        if d.first_operator_reply_at is not None and d.waiting_since is not None
    ]
    senders = {f"{c[1]}:{c[2]}" for c in conversations.values()}
    ratings_query = select(SatisfactionRow.sender_id, SatisfactionRow.rating).where(
        SatisfactionRow.created_at >= lo, SatisfactionRow.created_at < hi
    )
    satisfaction = {score: 0 for score in (1, 2, 3, 4)}
    for sender_id, rating in (await session.execute(ratings_query)).all():
        if (current.units is None or sender_id in senders) and rating in satisfaction:
            satisfaction[rating] += 1
    return AnalyticsReport(
        start=start,
        end=end,
        messages_per_day=[(f"{d:%d/%m}", per_day[d]) for d in days],
        conversations_per_day=[(f"{d:%d/%m}", len(convs_per_day[d])) for d in days],
        total_messages=len(inbound),
        total_conversations=len(active),
        top_intents=intents.most_common(8),
        top_services=services.most_common(8),
        annotated_turns=sum(turns_per_day.values()),
        fallback_turns=sum(fallbacks_per_day.values()),
        fallback_trend=[
            (
                f"{d:%d/%m}",
                100 * fallbacks_per_day[d] / turns_per_day[d] if turns_per_day[d] else 0.0,
            )
            for d in days
        ],
        handoff_conversations=handoffs,
        median_first_reply_minutes=statistics.median(waits) if waits else None,
        satisfaction=satisfaction,
        gaps=group_gaps(unanswered),
    )


def group_gaps(unanswered: dict[str, list[str]], limit: int = 15) -> list[KnowledgeGap]:
    """Group similar unanswered questions per unit, biggest groups first.

    Args:
        unanswered: Unit id → masked question texts.
        limit: Maximum groups returned.

    Returns:
        The knowledge gaps.
    """
    gaps: list[KnowledgeGap] = []
    for unit_id, questions in unanswered.items():
        groups: list[KnowledgeGap] = []
        for question in questions:
            key = question.lower().strip()
            for group in groups:
                if fuzz.token_set_ratio(key, group.example.lower()) >= GAP_SIMILARITY:
                    group.count += 1
                    if len(group.samples) < 3 and question not in group.samples:
                        group.samples.append(question)
                    break
            else:
                groups.append(KnowledgeGap(unit_id, question, 1, [question]))
        gaps.extend(groups)
    gaps.sort(key=lambda g: (-g.count, g.unit_id))
    return gaps[:limit]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
