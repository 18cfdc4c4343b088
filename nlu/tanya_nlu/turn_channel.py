"""Rasa input channel ``turns``: the REST channel that also says what Rasa understood.

``POST /webhooks/turns/webhook`` takes the REST channel's body (``sender``, ``message``,
``metadata``) and answers ``{"messages": [...], "turn": {...}, "unreachable_actions":
[...]}``: the bot messages, as the REST channel returns them, and the turn as Rasa's tracker
endpoint would show it (``latest_message`` with intent, ranking and entities, the
``service`` and ``variant`` slots, and the events from the citizen's message on). The
gateway stores that with the message for the operator console; before this channel it
asked ``GET /conversations/{id}/tracker`` after every turn, which made Rasa load and
serialise the whole conversation again (about 11 % of Rasa's CPU under load, growing with
the length of the conversation; docs/benchmarks.md).

The turn is taken from the tracker that Rasa saves at the end of the turn: the channel
sets a context variable for the request, and ``MessageProcessor.save_tracker`` (wrapped
once, when the channel is created) fills it in the same task.

The answer also names the custom actions that Rasa could not reach in the turn
(``unreachable_actions``). Rasa runs on when the action server is down: it logs the
error, drops the action's events and answers with whatever else the turn said, often
nothing. The gateway used to probe the action server after an empty answer, but the
supervisor may have restarted it by then, and such a turn was stored as answered with an
apology instead of being answered again later. So ``RemoteAction.run`` is wrapped the same
way: a failure to connect or a timeout is noted for the request and raised again, and
Rasa's behaviour is unchanged. An action that the action server ran and that failed
there (an error answer) is not noted: asking again would fail again.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

import aiohttp
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

#: Slots that the gateway stores with a turn.
REPORTED_SLOTS = ("service", "variant")

_turn_of_request: ContextVar[dict[str, Any] | None] = ContextVar("tanya_turn", default=None)


def turn_of(tracker: DialogueStateTracker) -> dict[str, Any]:
    """The latest turn of ``tracker``, shaped like Rasa's tracker JSON (only that turn).

    Args:
        tracker: The tracker as Rasa saves it at the end of a turn.

    Returns:
        ``latest_message`` (text, intent, intent_ranking, entities), ``slots``
        (:data:`REPORTED_SLOTS`) and ``events`` from the latest user message on.
    """
    events = list(tracker.events)
    start = next(
        (i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], UserUttered)),
        len(events),
    )
    latest = tracker.latest_message
    return {
        "latest_message": latest.parse_data if latest is not None else {},
        "slots": {name: tracker.get_slot(name) for name in REPORTED_SLOTS},
        "events": [event.as_dict() for event in events[start:]],
    }


def _capture_turns(save_tracker: Callable[..., Awaitable[None]]) -> Callable[..., Any]:
    @functools.wraps(save_tracker)
    async def save_and_capture(self: MessageProcessor, tracker: DialogueStateTracker) -> None:
        await save_tracker(self, tracker)
        holder = _turn_of_request.get()
        if holder is not None:
            holder["turn"] = turn_of(tracker)

    save_and_capture.captures_turns = True  # type: ignore[attr-defined]
    return save_and_capture


def is_unreachable(error: BaseException) -> bool:
    """Whether ``error`` (or what it was raised from) is a failed connection or a timeout.

    ``RemoteAction.run`` turns both into a ``RasaException``; the original stays as its
    cause or context. A form's ``ActionExecutionRejection`` and an error answer of the
    action server are not.
    """
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, (aiohttp.ClientConnectionError, asyncio.TimeoutError)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _capture_unreachable(run: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
    @functools.wraps(run)
    async def run_and_note_unreachable(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        try:
            return await run(self, *args, **kwargs)
        except Exception as exc:
            holder = _turn_of_request.get()
            if holder is not None and is_unreachable(exc):
                holder.setdefault("unreachable_actions", []).append(self.name())
            raise

    run_and_note_unreachable.captures_unreachable = True  # type: ignore[attr-defined]
    return run_and_note_unreachable


def install_turn_capture() -> None:
    """Wrap ``MessageProcessor.save_tracker`` and ``RemoteAction.run`` once.

    Afterwards a request that set :data:`_turn_of_request` sees its turn and the custom
    actions that Rasa could not reach in it.
    """
    if not getattr(MessageProcessor.save_tracker, "captures_turns", False):
        MessageProcessor.save_tracker = _capture_turns(  # type: ignore[method-assign]
            MessageProcessor.save_tracker
        )
    if not getattr(RemoteAction.run, "captures_unreachable", False):
        RemoteAction.run = _capture_unreachable(RemoteAction.run)  # type: ignore[method-assign]


class TurnReportingInput(RestInput):
    """The REST channel, answering the bot messages together with the understood turn."""

    @classmethod
    def name(cls) -> str:
        """The channel's name: its webhook is ``/webhooks/turns/webhook``."""
        return "turns"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The channel's routes: a health check and the webhook."""
        install_turn_capture()
        webhook = Blueprint("turns_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            collector = CollectingOutputChannel()
            holder: dict[str, Any] = {}
            token = _turn_of_request.set(holder)
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender_id,
                        input_channel=self._extract_input_channel(request),
                        metadata=self.get_metadata(request),
                    )
                )
            except CancelledError:
                logger.error("turns: the turn was cancelled (timeout)")
            except Exception:
                logger.exception("turns: the turn failed")
            finally:
                _turn_of_request.reset(token)
            return response.json(
                {
                    "messages": collector.messages,
                    "turn": holder.get("turn"),
                    "unreachable_actions": holder.get("unreachable_actions", []),
                }
            )

        return webhook
