"""HTTP client of the Rasa server: the ``turns`` channel for turns, the HTTP API for health."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from bot.errors import RasaUnavailable

#: Rasa's ``turns`` channel (nlu/tanya_nlu/turn_channel.py): the REST channel's messages
#: plus what Rasa understood of the turn. A plain REST answer (a bare list) is accepted too.
TURNS_WEBHOOK = "/webhooks/turns/webhook"


@dataclass(frozen=True)
class RasaTurn:
    """Rasa's answer to one message.

    Attributes:
        replies: The bot messages, each a dict with ``text`` and optionally ``buttons``,
            ``image``, ``custom``.
        understanding: The turn as Rasa understood it, shaped like its tracker JSON
            (``latest_message``, ``slots``, ``events`` of this turn); ``None`` when Rasa
            did not report it.
        unreachable_actions: The custom actions that Rasa could not reach in this turn
            (the action server was down or timed out; Rasa answers such a turn anyway);
            ``None`` when Rasa did not report them.
    """

    replies: list[dict[str, Any]]
    understanding: dict[str, Any] | None = None
    unreachable_actions: tuple[str, ...] | None = None


class RasaClient:
    """Talks to one Rasa server over HTTP; Rasa stays replaceable behind this class.

    Args:
        http: The shared HTTP client (its base URL is the Rasa server's root).
        actions_probe: Raises when the action server is down. Rasa answers a turn whose
            custom action could not be reached as if the action had said nothing (it logs
            the failure and carries on). The ``turns`` channel names such actions, and
            the turn counts as unavailable: the message is answered later. A plain REST
            channel does not, so there an empty answer is checked against the action
            server, which is only right while nobody restarts it in between.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        actions_probe: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self._http = http
        self._actions_probe = actions_probe

    async def send_message(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> RasaTurn:
        """Send one citizen message to Rasa and return its replies and understanding.

        Args:
            sender_id: Rasa's conversation id (the gateway prefixes it with the channel).
            text: The message text.
            metadata: Channel metadata passed to the actions.

        Returns:
            The replies and, when Rasa reports it, what it understood of the turn.

        Raises:
            RasaUnavailable: Rasa is down, timed out or answered with an error, or a
                custom action of the turn could not be reached.
        """
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        async with _translate_errors():
            response = await self._http.post(TURNS_WEBHOOK, json=body)
            response.raise_for_status()
        turn = _parse_turn(response.json())
        if turn.unreachable_actions:
            raise RasaUnavailable("actions_unreachable: " + ", ".join(turn.unreachable_actions))
        if (
            turn.unreachable_actions is None
            and not turn.replies
            and self._actions_probe is not None
        ):
            try:
                await self._actions_probe()
            except Exception as exc:  # noqa: BLE001 - any failure means the actions are down
                raise RasaUnavailable("actions_unavailable") from exc
        return turn

    async def check_ready(self) -> str:
        """Return the loaded model's file name; raise when Rasa has no model loaded.

        Raises:
            RasaUnavailable: Rasa is down or has no model.
        """
        async with _translate_errors():
            response = await self._http.get("/status")
            response.raise_for_status()
        model = response.json().get("model_file")
        if not model:
            raise RasaUnavailable("no_model")
        return str(model)


def _parse_turn(body: Any) -> RasaTurn:
    """Read the ``turns`` channel's answer (or a plain REST channel's list of messages)."""
    if isinstance(body, list):
        return RasaTurn(replies=body)
    if isinstance(body, dict) and isinstance(body.get("messages"), list):
        turn = body.get("turn")
        unreachable = body.get("unreachable_actions")
        return RasaTurn(
            body["messages"],
            turn if isinstance(turn, dict) else None,
            tuple(str(name) for name in unreachable) if isinstance(unreachable, list) else None,
        )
    raise RasaUnavailable("bad_response")


@asynccontextmanager
async def _translate_errors() -> AsyncIterator[None]:
    """Turn httpx errors into :class:`RasaUnavailable`."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise RasaUnavailable("timeout") from exc
    except httpx.HTTPStatusError as exc:
        raise RasaUnavailable(f"http_{exc.response.status_code}") from exc
    except (httpx.TransportError, ValueError) as exc:
        raise RasaUnavailable(type(exc).__name__) from exc
