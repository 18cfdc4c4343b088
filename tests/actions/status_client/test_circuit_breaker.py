from __future__ import annotations

import pytest

from actions.status_client import CircuitBreaker, CircuitState


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def breaker(clock: FakeClock) -> CircuitBreaker:
    return CircuitBreaker(failure_threshold=3, reset_timeout_s=30, clock=clock)


def _fail(breaker: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        assert breaker.allow_request()
        breaker.record_failure()


def test_defaults() -> None:
    breaker = CircuitBreaker()
    assert (breaker.failure_threshold, breaker.reset_timeout_s) == (5, 30.0)
    assert breaker.state is CircuitState.CLOSED


def test_opens_after_consecutive_failures(breaker: CircuitBreaker) -> None:
    _fail(breaker, 2)
    assert breaker.state is CircuitState.CLOSED
    _fail(breaker, 1)
    assert breaker.state is CircuitState.OPEN
    assert not breaker.allow_request()


def test_success_resets_the_count(breaker: CircuitBreaker) -> None:
    _fail(breaker, 2)
    breaker.record_success()
    _fail(breaker, 2)
    assert breaker.state is CircuitState.CLOSED
    assert breaker.consecutive_failures == 2


def test_half_open_after_cooldown_allows_one_trial(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    _fail(breaker, 3)
    clock.now += 29.9
    assert breaker.state is CircuitState.OPEN
    assert breaker.retry_in_s() == pytest.approx(0.1)
    clock.now += 0.1
    assert breaker.state is CircuitState.HALF_OPEN
    assert breaker.allow_request()
    assert not breaker.allow_request()  # the trial is in flight


def test_trial_success_closes(breaker: CircuitBreaker, clock: FakeClock) -> None:
    _fail(breaker, 3)
    clock.now += 30
    assert breaker.allow_request()
    breaker.record_success()
    assert breaker.state is CircuitState.CLOSED
    assert breaker.consecutive_failures == 0
    assert breaker.allow_request()


def test_trial_failure_reopens_for_a_full_cooldown(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    _fail(breaker, 3)
    clock.now += 30
    _fail(breaker, 1)
    assert breaker.state is CircuitState.OPEN
    clock.now += 29
    assert not breaker.allow_request()
    clock.now += 1
    assert breaker.allow_request()


def test_release_frees_the_trial_slot(breaker: CircuitBreaker, clock: FakeClock) -> None:
    _fail(breaker, 3)
    clock.now += 30
    assert breaker.allow_request()
    breaker.release()
    assert breaker.state is CircuitState.HALF_OPEN
    assert breaker.allow_request()


@pytest.mark.parametrize(
    "kwargs", [{"failure_threshold": 0}, {"reset_timeout_s": -1}], ids=["threshold", "cooldown"]
)
def test_rejects_bad_config(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        CircuitBreaker(**kwargs)  # type: ignore[arg-type]
