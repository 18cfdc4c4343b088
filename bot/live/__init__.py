"""The live feed: events about conversations, fanned out to every console of every replica."""

from bot.live.base import BaseLiveFeed, LiveEvent
from bot.live.memory import InProcessLiveFeed
from bot.live.redis_feed import RedisLiveFeed, create_live_feed

__all__ = ["BaseLiveFeed", "InProcessLiveFeed", "LiveEvent", "RedisLiveFeed", "create_live_feed"]
