"""The burst benchmark's window statistics (pure functions, no server)."""

from __future__ import annotations

import pytest

from benchmarks.telegram_burst import max_in_window


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        ([], 0),
        ([5.0], 1),
        ([0.0, 1.0, 2.0], 1),  # exactly a second apart: one per window
        ([0.0, 0.999, 2.0], 2),
        ([2.0, 0.5, 0.0, 1.4], 2),  # any order
        ([n / 30 for n in range(31)], 30),  # 30 per second, the 31st a second later
        ([n / 31 for n in range(31)], 31),
    ],
)
def test_max_in_window_counts_events_in_half_open_seconds(
    times: list[float], expected: int
) -> None:
    assert max_in_window(times) == expected
