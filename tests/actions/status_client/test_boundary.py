"""Error translation and retry edges, with httpx.MockTransport where that is clearer."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import httpx
import pytest

from actions.status_client import (
    CircuitBreaker,
    CircuitState,
    HttpStatusClient,
    StatusApiError,
    StatusApiRateLimited,
    StatusApiUnavailable,
    UnavailableReason,
)
from actions.status_client._boundary import parse_retry_after

from .test_models import BODY

Handler = Callable[[httpx.Request], httpx.Response]


class Script:
    """Answers requests from a list of responses or exceptions, recording requests."""

    def __init__(self, *steps: httpx.Response | Exception) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        return step


MakeClient = Callable[..., HttpStatusClient]


@pytest.fixture
async def make_mock_client() -> AsyncIterator[MakeClient]:
    clients: list[HttpStatusClient] = []

    def factory(handler: Handler, **kwargs: object) -> HttpStatusClient:
        http = httpx.AsyncClient(
            base_url="http://status.test", transport=httpx.MockTransport(handler)
        )
        kwargs.setdefault("backoff_initial_s", 0.01)
        kwargs.setdefault("backoff_jitter_s", 0.0)
        client = HttpStatusClient(http, owns_client=True, **kwargs)  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client.aclose()


async def test_request_shape_keeps_verification_out_of_the_url(
    make_mock_client: MakeClient,
) -> None:
    script = Script(httpx.Response(200, json=BODY))
    await make_mock_client(script).lookup("duk 2026 000101", "17/05/1990")

    (request,) = script.requests
    assert request.method == "POST"
    assert request.url.path == "/api/v1/applications/lookup"
    assert not request.url.query
    assert "1990" not in str(request.url)
    assert json.loads(request.content) == {
        "number": "DUK-2026-000101",
        "verification": "1990-05-17",
    }


async def test_502_then_200_succeeds(make_mock_client: MakeClient) -> None:
    script = Script(httpx.Response(502), httpx.Response(200, json=BODY))
    status = await make_mock_client(script).lookup("DUK-2026-000101", "3171")
    assert status.number == "DUK-2026-000101"
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (httpx.ConnectError("refused"), UnavailableReason.CONNECTION),
        (httpx.ReadTimeout("slow"), UnavailableReason.TIMEOUT),
        (httpx.ConnectTimeout("slow"), UnavailableReason.TIMEOUT),
        (httpx.RemoteProtocolError("dropped"), UnavailableReason.CONNECTION),
    ],
)
async def test_transport_errors_are_retried_then_translated(
    make_mock_client: MakeClient, error: Exception, reason: UnavailableReason
) -> None:
    script = Script(error)
    with pytest.raises(StatusApiUnavailable) as info:
        await make_mock_client(script).lookup("DUK-2026-000101", "3171")
    assert info.value.reason is reason
    assert info.value.__cause__ is error
    assert len(script.requests) == 3


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>oops</html>"),
        httpx.Response(200, json={"number": "DUK-2026-000101"}),
    ],
    ids=["not-json", "wrong-schema"],
)
async def test_invalid_body_is_unavailable_and_not_retried(
    make_mock_client: MakeClient, response: httpx.Response
) -> None:
    script = Script(response)
    client = make_mock_client(script, breaker=CircuitBreaker(failure_threshold=1))
    with pytest.raises(StatusApiUnavailable) as info:
        await client.lookup("DUK-2026-000101", "3171")
    assert info.value.reason is UnavailableReason.INVALID_RESPONSE
    assert len(script.requests) == 1
    assert client.breaker.state is CircuitState.OPEN


@pytest.mark.parametrize("code", [400, 302, 422])
async def test_other_answers_are_the_root_error(make_mock_client: MakeClient, code: int) -> None:
    script = Script(httpx.Response(code))
    with pytest.raises(StatusApiError) as info:
        await make_mock_client(script).lookup("DUK-2026-000101", "3171")
    assert type(info.value) is StatusApiError
    assert len(script.requests) == 1


async def test_429_without_retry_after_does_not_block_next_call(
    make_mock_client: MakeClient,
) -> None:
    script = Script(httpx.Response(429), httpx.Response(200, json=BODY))
    client = make_mock_client(script)
    with pytest.raises(StatusApiRateLimited) as info:
        await client.lookup("DUK-2026-000101", "3171")
    assert info.value.retry_after is None
    assert (await client.lookup("DUK-2026-000101", "3171")).status_code == "diterima"


async def test_deadline_bounds_the_whole_call(make_mock_client: MakeClient) -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.4)
        raise httpx.ReadTimeout("slow", request=request)

    http = httpx.AsyncClient(base_url="http://status.test", transport=httpx.MockTransport(slow))
    client = HttpStatusClient(
        http, owns_client=True, max_retries=10, deadline_s=1.0, backoff_initial_s=0.01
    )
    start = time.perf_counter()
    with pytest.raises(StatusApiUnavailable) as info:
        await client.lookup("DUK-2026-000101", "3171")
    await client.aclose()
    assert info.value.reason is UnavailableReason.TIMEOUT
    assert time.perf_counter() - start < 1.2


async def test_cancelled_trial_releases_the_half_open_slot(make_mock_client: MakeClient) -> None:
    started = asyncio.Event()

    async def hang(request: httpx.Request) -> httpx.Response:
        started.set()
        await asyncio.sleep(10)
        return httpx.Response(200, json=BODY)

    breaker = CircuitBreaker(failure_threshold=1, reset_timeout_s=0)
    breaker.record_failure()
    http = httpx.AsyncClient(base_url="http://status.test", transport=httpx.MockTransport(hang))
    client = HttpStatusClient(http, owns_client=True, breaker=breaker)
    task = asyncio.create_task(client.lookup("DUK-2026-000101", "3171"))
    await started.wait()
    with pytest.raises(StatusApiUnavailable):  # the trial is in flight: fail fast
        await client.lookup("DUK-2026-000101", "3171")
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert breaker.allow_request()
    breaker.release()
    await client.aclose()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("7", 7.0),
        (" 2.5 ", 2.5),
        ("-3", 0.0),
        ("999999", 600.0),
        ("Sat, 28 Nov 2026 12:00:30 GMT", 30.0),
        ("Sat, 28 Nov 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    now = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after(header, now=now) == expected
