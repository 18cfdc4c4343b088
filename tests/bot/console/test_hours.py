from datetime import UTC, datetime

from bot.console.hours import describe_next_opening, is_open
from knowledge_base import OpeningHoursPublic

HOURS = OpeningHoursPublic(
    time_zone="WIB",
    days={"senin": ["08:00-15:00"], "jumat": ["08:00-11:30", "13:00-15:00"], "sabtu": []},
)


def test_open_and_next_opening() -> None:
    monday_9_wib = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    assert is_open(HOURS, monday_9_wib)
    friday_noon_wib = datetime(2026, 3, 6, 5, 0, tzinfo=UTC)
    assert not is_open(HOURS, friday_noon_wib)
    assert describe_next_opening(HOURS, friday_noon_wib) == "hari ini pukul 13.00 WIB"
    saturday = datetime(2026, 3, 7, 3, 0, tzinfo=UTC)
    assert describe_next_opening(HOURS, saturday) == "hari Senin pukul 08.00 WIB"
    sunday = datetime(2026, 3, 8, 3, 0, tzinfo=UTC)
    assert describe_next_opening(HOURS, sunday) == "besok, Senin pukul 08.00 WIB"
