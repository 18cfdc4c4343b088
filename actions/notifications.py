"""Pushing messages to citizens outside a turn: status changes, through the gateway.

Flow: the citizen taps "kabari saya" after a status check; ``action_subscribe_status``
stores a subscription with a secret token and registers
``{ACTIONS_URL}/callbacks/status/{token}`` with the status service
(``POST /api/v1/subscriptions``). On a change, the status service POSTs
``{"number", "status", "label", "changed_at"}`` there; :class:`StatusChangeRelay`
finds the conversation and calls the gateway::

    POST {GATEWAY_URL}/internal/notify
    {"conversation_id": "web:abc", "messages": [{"text": "..."}]}
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import httpx

from actions._texts import render_response
from actions.constants import GATEWAY_NOTIFY_PATH, STATUS_CALLBACK_PATH
from actions.errors import NotificationError
from actions.feedback import FeedbackStore
from actions.formatting import format_datetime_id, mask_sender
from actions.status_client import mask_application_number

__all__ = ["GatewayNotifier", "StatusChangeRelay", "status_callback_url"]

logger = logging.getLogger(__name__)


def status_callback_url(base_url: str, token: str) -> str:
    """Return the callback URL of one subscription.

    Args:
        base_url: The action server's root URL.
        token: The subscription's secret token.

    Returns:
        e.g. ``http://127.0.0.1:5055/callbacks/status/<token>``.
    """
    return f"{base_url.rstrip('/')}{STATUS_CALLBACK_PATH}/{token}"


class GatewayNotifier:
    """Delivers messages to a conversation through the gateway's internal route.

    Args:
        http_client: A client whose ``base_url`` is the gateway's root.
    """

    def __init__(self, http_client: httpx.AsyncClient) -> None:
        self._http = http_client

    async def notify(self, conversation_id: str, messages: list[dict[str, Any]]) -> None:
        """POST messages for one conversation to ``/internal/notify``.

        Args:
            conversation_id: The Rasa sender id, e.g. ``web:abc``.
            messages: Messages as channels render them, e.g. ``[{"text": "..."}]``.

        Raises:
            NotificationError: The gateway could not be reached or refused (non-2xx).
        """
        body = {"conversation_id": conversation_id, "messages": messages}
        try:
            response = await self._http.post(GATEWAY_NOTIFY_PATH, json=body)
        except httpx.HTTPError as exc:
            raise NotificationError(f"gateway unreachable: {type(exc).__name__}") from exc
        if response.is_error:
            raise NotificationError(
                f"gateway answered {response.status_code}", status_code=response.status_code
            )
        logger.info("Notified conversation %s", mask_sender(conversation_id))

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._http.aclose()


class StatusChangeRelay:
    """Turns a status service's change callback into a message to the citizen.

    Args:
        store: Where subscriptions are kept.
        notifier: The gateway notifier.
    """

    def __init__(self, store: FeedbackStore, notifier: GatewayNotifier) -> None:
        self._store = store
        self._notifier = notifier

    async def relay(self, token: str, payload: dict[str, Any], *, now: datetime) -> bool:
        """Deliver one change notification.

        Args:
            token: The subscription token from the callback URL.
            payload: ``{"number", "status", "label", "changed_at"}``.
            now: The current time (aware).

        Returns:
            False when the token is unknown or the number does not match (ignored).

        Raises:
            NotificationError: The gateway did not accept the message (the caller
                answers 5xx so the status service retries).
            FeedbackStoreError: The subscription could not be read.
        """
        subscription = await self._store.get_subscription(token)
        number = str(payload.get("number", ""))
        if subscription is None or subscription.application_number != number.upper():
            logger.warning("Status callback for unknown subscription ignored")
            return False
        changed_at = payload.get("changed_at")
        try:
            when = format_datetime_id(datetime.fromisoformat(str(changed_at)))
        except ValueError:
            when = "baru saja"
        text = render_response(
            "utter_status_changed",
            number=subscription.application_number,
            status_label=str(payload.get("label") or payload.get("status") or "-"),
            changed_at=when,
        )
        await self._notifier.notify(subscription.sender_id, [{"text": text}])
        await self._store.mark_notified(token, now)
        logger.info(
            "Status change of %s relayed to %s",
            mask_application_number(number),
            mask_sender(subscription.sender_id),
        )
        return True
