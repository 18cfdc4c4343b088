"""Conversation queries of the console, always restricted to what the operator may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from actions.feedback import SatisfactionRow
from bot.console.sessions import CurrentOperator
from bot.masking import mask_identifier, mask_personal_data
from bot.store.models import (
    Conversation,
    ConversationDetail,
    ConversationStatus,
    Message,
    MessageDirection,
    TurnAnnotation,
    utcnow,
)

LOW_CONFIDENCE = 0.6
STATUS_LABELS = {
    ConversationStatus.BOT: "Dengan asisten",
    ConversationStatus.WAITING: "Menunggu petugas",
    ConversationStatus.OPERATOR: "Dengan petugas",
    ConversationStatus.CLOSED: "Selesai",
}


@dataclass(slots=True)
class ConversationFilters:
    """Search and filters of the conversation list (all optional)."""

    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    channel: str = ""
    unit: str = ""
    intent: str = ""
    service: str = ""
    status: str = ""
    low_confidence: bool = False
    fallback: bool = False
    handoff: bool = False
    satisfaction: int | None = None

    @classmethod
    def from_params(cls, params: Any) -> ConversationFilters:
        """Build filters from query parameters, ignoring malformed values."""

        def text(name: str) -> str:
            return str(params.get(name) or "").strip()[:200]

        def day(name: str) -> date | None:
            try:
                return date.fromisoformat(text(name)) if text(name) else None
            except ValueError:
                return None

        score = text("satisfaction")
        return cls(
            q=text("q"),
            date_from=day("date_from"),
            date_to=day("date_to"),
            channel=text("channel"),
            unit=text("unit"),
            intent=text("intent"),
            service=text("service"),
            status=text("status")
            if text("status") in {s.value for s in ConversationStatus}
            else "",
            low_confidence=bool(text("low_confidence")),
            fallback=bool(text("fallback")),
            handoff=bool(text("handoff")),
            satisfaction=int(score) if score in {"1", "2", "3", "4"} else None,
        )


@dataclass(slots=True)
class ConversationRow:
    """One line of the conversation list (texts already masked)."""

    id: int
    channel: str
    sender: str
    unit_id: str | None
    status: ConversationStatus
    last_message: str
    last_message_at: datetime
    waiting_since: datetime | None
    operator_id: int | None

    @property
    def status_label(self) -> str:
        """The status in Indonesian."""
        return STATUS_LABELS[self.status]

    @property
    def waiting_minutes(self) -> int | None:
        """Minutes since the citizen asked for a person (while waiting or with an operator)."""
        if self.waiting_since is None or self.status is ConversationStatus.BOT:
            return None
        return max(0, int((utcnow() - _aware(self.waiting_since)).total_seconds() // 60))


@dataclass(slots=True)
class TranscriptLine:
    """One message of a transcript with its annotation."""

    id: int
    direction: str
    source: str
    text: str
    created_at: datetime
    buttons: list[dict[str, str]] = field(default_factory=list)
    intent: str | None = None
    confidence: float | None = None
    service_id: str | None = None
    action: str | None = None
    fallback: bool = False

    @property
    def low_confidence(self) -> bool:
        """Whether the intent's confidence is below the threshold."""
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE


def scoped(query: Select[Any], current: CurrentOperator) -> Select[Any]:
    """Restrict a query joined with ``ConversationDetail`` to the operator's units."""
    units = current.units
    if units is None:
        return query
    return query.where(ConversationDetail.unit_id.in_(units or ["-"]))


def _base() -> Select[Any]:
    return select(Conversation, ConversationDetail).outerjoin(
        ConversationDetail, ConversationDetail.conversation_id == Conversation.id
    )


def _apply(query: Select[Any], f: ConversationFilters) -> Select[Any]:
    """Apply the filters to a conversation query."""
    annotated = select(TurnAnnotation.message_id).where(
        TurnAnnotation.conversation_id == Conversation.id
    )
    if f.q:
        pattern = f"%{f.q.replace('%', '').replace('_', '')}%"
        query = query.where(
            exists(
                select(Message.id).where(
                    Message.conversation_id == Conversation.id, Message.text.ilike(pattern)
                )
            )
        )
    if f.date_from:
        query = query.where(
            Conversation.last_message_at >= datetime.combine(f.date_from, time(), UTC)
        )
    if f.date_to:
        end = datetime.combine(f.date_to + timedelta(days=1), time(), UTC)
        query = query.where(Conversation.created_at < end)
    if f.channel:
        query = query.where(Conversation.channel == f.channel)
    if f.unit:
        query = query.where(ConversationDetail.unit_id == f.unit)
    if f.status:
        query = query.where(Conversation.status == ConversationStatus(f.status))
    if f.intent:
        query = query.where(exists(annotated.where(TurnAnnotation.intent == f.intent)))
    if f.service:
        query = query.where(
            or_(
                ConversationDetail.service_id == f.service,
                exists(annotated.where(TurnAnnotation.service_id == f.service)),
            )
        )
    if f.low_confidence:
        query = query.where(exists(annotated.where(TurnAnnotation.confidence < LOW_CONFIDENCE)))
    if f.fallback:
        query = query.where(exists(annotated.where(TurnAnnotation.fallback.is_(True))))
    if f.handoff:
        query = query.where(
            or_(
                ConversationDetail.handoff_count > 0,
                Conversation.status.in_([ConversationStatus.WAITING, ConversationStatus.OPERATOR]),
            )
        )
    if f.satisfaction is not None:
        key = Conversation.channel + ":" + Conversation.sender_id
        query = query.where(
            exists(
                select(SatisfactionRow.id).where(
                    and_(SatisfactionRow.sender_id == key, SatisfactionRow.rating == f.satisfaction)
                )
            )
        )
    return query


async def list_conversations(
    session: AsyncSession,
    current: CurrentOperator,
    filters: ConversationFilters | None = None,
    *,
    limit: int = 100,
) -> list[ConversationRow]:
    """Return the conversations the operator may see, most recent first.

    Args:
        session: Open session.
        current: The logged-in operator (scope).
        filters: Search and filters.
        limit: Maximum rows.
    """
    query = _apply(scoped(_base(), current), filters or ConversationFilters())
    query = query.order_by(Conversation.last_message_at.desc()).limit(limit)
    return await _rows(session, query)


async def list_queue(session: AsyncSession, current: CurrentOperator) -> list[ConversationRow]:
    """Return conversations waiting for a person or with one, oldest request first."""
    query = scoped(_base(), current).where(
        Conversation.status.in_([ConversationStatus.WAITING, ConversationStatus.OPERATOR])
    )
    query = query.order_by(ConversationDetail.waiting_since.asc(), Conversation.id.asc())
    rows = await _rows(session, query)
    # Waiting ones first (oldest first), then the ones already taken.
    return sorted(rows, key=lambda r: r.status is not ConversationStatus.WAITING)


async def _rows(session: AsyncSession, query: Select[Any]) -> list[ConversationRow]:
    """Run a conversation query and attach each conversation's last message."""
    found = (await session.execute(query)).all()
    ids = [conversation.id for conversation, _ in found]
    last: dict[int, str] = {}
    if ids:
        latest = (
            select(func.max(Message.id))
            .where(Message.conversation_id.in_(ids))
            .group_by(Message.conversation_id)
        )
        for conversation_id, text in await session.execute(
            select(Message.conversation_id, Message.text).where(Message.id.in_(latest))
        ):
            last[conversation_id] = text
    return [
        ConversationRow(
            id=c.id,
            channel=c.channel,
            sender=mask_identifier(c.sender_id),
            unit_id=d.unit_id if d else None,
            status=c.status,
            last_message=_short(mask_personal_data(last.get(c.id, ""))),
            last_message_at=c.last_message_at,
            waiting_since=d.waiting_since if d else None,
            operator_id=d.operator_id if d else None,
        )
        for c, d in found
    ]


async def get_conversation(
    session: AsyncSession, current: CurrentOperator, conversation_id: int
) -> tuple[Conversation, ConversationDetail | None] | None:
    """Return a conversation and its details if the operator may see it, else ``None``."""
    row = (
        await session.execute(scoped(_base(), current).where(Conversation.id == conversation_id))
    ).first()
    return (row[0], row[1]) if row else None


async def transcript(
    session: AsyncSession, conversation_id: int, *, reveal: bool = False
) -> list[TranscriptLine]:
    """Return the conversation's messages with annotations, masked unless ``reveal``."""
    rows = await session.execute(
        select(Message, TurnAnnotation)
        .outerjoin(TurnAnnotation, TurnAnnotation.message_id == Message.id)
        .where(Message.conversation_id == conversation_id)
        .order_by(Message.id)
    )
    lines = []
    for message, note in rows:
        payload = message.payload or {}
        inbound = message.direction is MessageDirection.INBOUND
        lines.append(
            TranscriptLine(
                id=message.id,
                direction="in" if inbound else "out",
                source="citizen" if inbound else str(payload.get("source") or "bot"),
                text=message.text if reveal else mask_personal_data(message.text),
                created_at=message.created_at,
                buttons=[b for b in payload.get("buttons") or [] if isinstance(b, dict)],
                intent=note.intent if note else None,
                confidence=note.confidence if note else None,
                service_id=note.service_id if note else None,
                action=note.action if note else None,
                fallback=bool(note.fallback) if note else False,
            )
        )
    return lines


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
