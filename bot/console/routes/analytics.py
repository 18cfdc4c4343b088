"""The analytics page: what citizens ask, what fails, how fast people answer, satisfaction."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.console.analytics import compute_analytics
from bot.console.charts import bar_chart, line_chart
from bot.console.deps import ConsoleDep, CurrentOperatorDep, SessionDep
from bot.console.routes._render import render
from bot.store.models import utcnow

router = APIRouter(prefix="/operator")

DEFAULT_DAYS = 14
MAX_DAYS = 366


def _date(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


@router.get("/analytics")
async def analytics_page(
    request: Request, current: CurrentOperatorDep, session: SessionDep, console: ConsoleDep
) -> Response:
    """Show the figures and charts for a date range (default: the last 14 days)."""
    today = utcnow().date()
    end = _date(request.query_params.get("date_to"), today)
    start = _date(request.query_params.get("date_from"), end - timedelta(days=DEFAULT_DAYS - 1))
    start = max(min(start, end), end - timedelta(days=MAX_DAYS))
    report = await compute_analytics(session, current, start, end)
    satisfaction = [(f"Nilai {k}", float(v)) for k, v in report.satisfaction.items()]
    return render(
        request,
        "analytics.html",
        current,
        report=report,
        charts={
            "messages": bar_chart(
                [(d, float(n)) for d, n in report.messages_per_day], "Pesan per hari"
            ),
            "conversations": bar_chart(
                [(d, float(n)) for d, n in report.conversations_per_day], "Percakapan per hari"
            ),
            "intents": bar_chart([(k, float(n)) for k, n in report.top_intents], "Intent teratas"),
            "services": bar_chart(
                [(k, float(n)) for k, n in report.top_services], "Layanan teratas"
            ),
            "fallback": line_chart(
                report.fallback_trend, "Tren tingkat fallback per hari", unit="%"
            ),
            "satisfaction": bar_chart(satisfaction, "Sebaran nilai kepuasan"),
        },
        expired=await console.units.expired_services(today, current.units),
        loads=await console.units.load_status(),
    )
