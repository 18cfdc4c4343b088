import asyncio

import pytest

from bot.live import InProcessLiveFeed, RedisLiveFeed, create_live_feed


async def _roundtrip(feed: InProcessLiveFeed | RedisLiveFeed) -> dict[str, object]:
    async with feed.subscribe() as events:
        await asyncio.sleep(0.05)  # Redis: the subscription is active before publishing
        await feed.publish({"type": "conversation", "conversation_id": 7})
        return await asyncio.wait_for(anext(aiter(events)), timeout=5)


async def test_in_process_feed_fans_out() -> None:
    feed = create_live_feed(None)
    assert isinstance(feed, InProcessLiveFeed)
    assert (await _roundtrip(feed))["conversation_id"] == 7


async def test_redis_feed_fans_out(redis_url: str, unique_id: str) -> None:
    feed = create_live_feed(redis_url)
    assert isinstance(feed, RedisLiveFeed)
    feed._channel = f"test:{unique_id}"  # isolate from a running gateway
    try:
        assert (await _roundtrip(feed))["conversation_id"] == 7
    finally:
        await feed.aclose()


async def test_redis_feed_drops_events_while_redis_is_down(
    caplog: pytest.LogCaptureFixture,
) -> None:
    feed = create_live_feed("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        await feed.publish({"type": "conversation", "conversation_id": 8})
    finally:
        await feed.aclose()
    assert "Live event dropped: Redis unavailable" in caplog.text
