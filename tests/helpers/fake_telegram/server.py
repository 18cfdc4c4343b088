"""A fake Telegram Bot API server on 127.0.0.1 for the real python-telegram-bot client.

It serves ``/bot{token}/{method}`` with form-encoded, multipart or JSON bodies (PTB sends
forms), keeps updates for ``getUpdates`` (long polling, offsets, 409 while a webhook is
set), pushes them to a webhook with ``Content-Type: application/json`` and the secret
header, records every call with its arrival time, and injects failures (429 with
``retry_after`` >= 1, 5xx, 400 "message is too long" / "can't parse entities"). With
``enforce_limits=True`` it also refuses messages beyond Telegram's sending limits with 429,
as Telegram does, and counts those refusals (see :mod:`.limits`).

It runs in its own thread and event loop, so sync end-to-end tests and async in-process
tests use it the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.helpers.fake_telegram.html_check import ParseEntitiesError, rendered_text
from tests.helpers.fake_telegram.limits import LIMITED_METHODS, TelegramLimits
from tests.helpers.fake_telegram.updates import BOT_USER

SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "editMessageText"})


@dataclass
class Call:
    """One request the bot made: method, parameters, arrival time and our answer."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200

    @property
    def chat_id(self) -> str | None:
        value = self.params.get("chat_id")
        return None if value is None else str(value)


@dataclass
class Fault:
    """A failure to answer instead of success, ``times`` times."""

    method: str
    status: int
    description: str
    retry_after: int | None = None
    times: int = 1
    chat_id: str | None = None
    skip: int = 0  # matching calls to let through before the first failure


@dataclass
class SentMessage:
    """A message the bot delivered, with what the citizen sees."""

    chat_id: str
    message_id: int
    text: str  # as the client shows it (HTML parsed)
    raw: str  # as sent
    method: str
    reply_markup: dict[str, Any] | None
    at: float


@dataclass
class _State:
    updates: list[dict[str, Any]] = field(default_factory=list)
    forced: set[int] = field(default_factory=set)
    next_update_id: int = 1000
    webhook_url: str = ""
    webhook_secret: str | None = None
    calls: list[Call] = field(default_factory=list)
    sent: list[SentMessage] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)
    webhook_deliveries: list[tuple[int, int]] = field(default_factory=list)  # (update_id, status)
    tokens: set[str] = field(default_factory=set)
    message_id: int = 1


class FakeTelegramServer:
    """The fake Bot API. Use as a context manager (sync) or ``start()``/``stop()``.

    Args:
        token: The only token accepted (others get 401).
        enforce_limits: Refuse messages beyond Telegram's limits (1 per second to a private
            chat, 30 per second overall) with 429 and ``retry_after``; off by default. A
            :class:`TelegramLimits` enforces other figures (wider windows in slow tests).
    """

    def __init__(
        self,
        token: str = "123456:TEST-token-SECRET",
        *,
        enforce_limits: bool | TelegramLimits = False,
    ) -> None:
        self.token = token
        self._state = _State()
        self._limits: TelegramLimits | None = (
            enforce_limits if isinstance(enforce_limits, TelegramLimits)
            else TelegramLimits() if enforce_limits else None
        )  # fmt: skip
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._new_updates: asyncio.Event | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> FakeTelegramServer:
        """Serve in a background thread; return once it accepts connections."""
        self._thread = threading.Thread(target=self._thread_main, name="fake-telegram", daemon=True)
        self._thread.start()
        if not self._started.wait(10):
            raise RuntimeError("fake Telegram server did not start")
        return self

    def stop(self) -> None:
        """Stop serving and join the thread."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self._socket.close()

    def __enter__(self) -> FakeTelegramServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _thread_main(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._new_updates = asyncio.Event()
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
                # A stand-in Rasa (an echo on the gateway's turns channel, and /status), so
                # that a whole gateway built by build_application can run against it.
                Route("/webhooks/turns/webhook", _echo_rasa, methods=["POST"]),
                Route("/status", _rasa_status, methods=["GET"]),
            ]
        )
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        serve = asyncio.create_task(self._server.serve(sockets=[self._socket]))
        while not self._server.started and not serve.done():  # noqa: ASYNC110 - uvicorn has no event
            await asyncio.sleep(0.01)
        self._started.set()
        self._webhook_task = asyncio.create_task(self._push_webhooks())
        with contextlib.suppress(Exception):
            await serve
        self._webhook_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._webhook_task

    # --- test API --------------------------------------------------------------------

    def push(self, update: dict[str, Any], update_id: int | None = None) -> int:
        """Queue an update for the bot (``update_id`` assigned unless given).

        An explicit ``update_id`` already confirmed is delivered again once (a redelivery).
        """
        with self._lock:
            if update_id is None:
                self._state.next_update_id += 1
                update_id = self._state.next_update_id
            else:
                self._state.forced.add(update_id)
            self._state.updates.append({"update_id": update_id, **update})
        self._notify()
        return update_id

    def inject(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: str | int | None = None,
        skip: int = 0,
    ) -> None:
        """Answer ``times`` calls of ``method`` (for ``chat_id``) with an error.

        The first ``skip`` matching calls succeed before the failures start.
        """
        if status == 429 and (retry_after is None or retry_after < 1):
            raise ValueError("retry_after must be at least 1 for PTB to raise RetryAfter")
        with self._lock:
            self._state.faults.append(
                Fault(method, status, description, retry_after, times,
                      None if chat_id is None else str(chat_id), skip)
            )  # fmt: skip

    def block(self, chat_id: str | int) -> None:
        """Make sends to ``chat_id`` fail with 403 (the citizen blocked the bot)."""
        with self._lock:
            self._state.blocked.add(str(chat_id))

    @property
    def calls(self) -> list[Call]:
        """Every call so far (a copy)."""
        with self._lock:
            return list(self._state.calls)

    def calls_of(self, method: str, chat_id: str | int | None = None) -> list[Call]:
        """The calls of one method, optionally to one chat."""
        return [
            c for c in self.calls
            if c.method == method and (chat_id is None or c.chat_id == str(chat_id))
        ]  # fmt: skip

    def sent(self, chat_id: str | int | None = None) -> list[SentMessage]:
        """Messages delivered (successful sends), optionally to one chat."""
        with self._lock:
            return [m for m in self._state.sent if chat_id is None or m.chat_id == str(chat_id)]

    def texts(self, chat_id: str | int) -> list[str]:
        """What the citizen sees, message by message."""
        return [m.text for m in self.sent(chat_id)]

    @property
    def webhook(self) -> tuple[str, str | None]:
        """The webhook URL and secret currently set."""
        with self._lock:
            return self._state.webhook_url, self._state.webhook_secret

    @property
    def webhook_deliveries(self) -> list[tuple[int, int]]:
        """(update_id, HTTP status) of every webhook push."""
        with self._lock:
            return list(self._state.webhook_deliveries)

    @property
    def rate_limited(self) -> int:
        """How many calls the enforced limits refused with 429 (0 when not enforced)."""
        with self._lock:
            return self._limits.rejected if self._limits is not None else 0

    @property
    def rate_limited_by(self) -> dict[str, int]:
        """The enforced limits' 429s by the limit exceeded: ``global``, ``chat``, ``group``."""
        with self._lock:
            return dict(self._limits.rejected_by) if self._limits is not None else {}

    def pending_updates(self) -> int:
        """Updates not confirmed yet."""
        with self._lock:
            return len(self._state.updates)

    async def wait_for(self, predicate: Any, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait (in async tests) until ``predicate()`` is true; fail after ``timeout``."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met in {timeout} s; calls: {self._summary()}")
            await asyncio.sleep(0.05)

    def wait_for_sync(self, predicate: Any, timeout: float = 30.0) -> None:
        """Wait (in sync tests) until ``predicate()`` is true; fail after ``timeout``."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met in {timeout} s; calls: {self._summary()}")
            time.sleep(0.1)

    def _summary(self) -> str:
        return ", ".join(f"{c.method}:{c.status}" for c in self.calls[-30:])

    def _notify(self) -> None:
        if self._loop is not None and self._new_updates is not None:
            self._loop.call_soon_threadsafe(self._new_updates.set)

    # --- the Bot API -----------------------------------------------------------------

    async def _endpoint(self, request: Request) -> JSONResponse:
        token = request.path_params["token"]
        method = request.path_params["method"]
        params = await _params(request)
        call = Call(method, params, time.monotonic())
        with self._lock:
            self._state.calls.append(call)
            self._state.tokens.add(token)
        if token != self.token:
            return self._error(call, 401, "Unauthorized")
        fault = self._take_fault(method, call.chat_id)
        if fault is not None:
            extra = {"retry_after": fault.retry_after} if fault.retry_after else None
            return self._error(call, fault.status, fault.description, extra)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(call, 404, "Not Found")
        # Checked at arrival and counted on success; nothing between yields to the event
        # loop (the send handlers never wait), so no other call can slip in between.
        limited = self._limits is not None and method in LIMITED_METHODS and bool(call.chat_id)
        if limited:
            retry_after = self._over_limit(str(call.chat_id), call.at)
            if retry_after is not None:
                return self._error(
                    call, 429, f"Too Many Requests: retry after {retry_after}",
                    {"retry_after": retry_after},
                )  # fmt: skip
        try:
            result = await handler(params)
        except _ApiError as exc:
            return self._error(call, exc.status, exc.description)
        if limited:
            self._accepted(str(call.chat_id), call.at)
        return JSONResponse({"ok": True, "result": result})

    def _over_limit(self, chat_id: str, at: float) -> int | None:
        with self._lock:
            assert self._limits is not None
            return self._limits.check(chat_id, at)

    def _accepted(self, chat_id: str, at: float) -> None:
        with self._lock:
            assert self._limits is not None
            self._limits.accept(chat_id, at)

    def _error(
        self, call: Call, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> JSONResponse:
        call.status = status
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return JSONResponse(body, status_code=status)

    def _take_fault(self, method: str, chat_id: str | None) -> Fault | None:
        with self._lock:
            for fault in self._state.faults:
                if fault.method == method and fault.chat_id in (None, chat_id):
                    if fault.skip > 0:
                        fault.skip -= 1
                        return None
                    fault.times -= 1
                    if fault.times <= 0:
                        self._state.faults.remove(fault)
                    return fault
        return None

    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}  # fmt: skip

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        with self._lock:
            if self._state.webhook_url:
                raise _ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        assert self._new_updates is not None
        while True:
            with self._lock:
                self._confirm(offset)
                ready = self._state.updates[:limit]
                for update in ready:
                    self._state.forced.discard(update["update_id"])
            if ready or time.monotonic() >= deadline:
                return ready
            self._new_updates.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_updates.wait(), deadline - time.monotonic())

    def _confirm(self, offset: int) -> None:
        """Forget updates below ``offset``, except redeliveries not handed out yet."""
        if offset:
            self._state.updates = [
                u for u in self._state.updates
                if u["update_id"] >= offset or u["update_id"] in self._state.forced
            ]  # fmt: skip

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        with self._lock:
            self._state.webhook_url = str(params.get("url") or "")
            self._state.webhook_secret = params.get("secret_token")
        self._notify()
        return True

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        with self._lock:
            self._state.webhook_url = ""
            self._state.webhook_secret = None
        return True

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        url, _ = self.webhook
        return {
            "url": url,
            "has_custom_certificate": False,
            "pending_update_count": self.pending_updates(),
        }

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._check_chat(params)
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        if not params.get("callback_query_id"):
            raise _ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        return True

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._check_chat(params)
        raw = str(params.get("text") or "")
        shown = self._render(raw, params.get("parse_mode"))
        if len(shown) > 4096:
            raise _ApiError(400, "Bad Request: message is too long")
        if not shown.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        return self._deliver("sendMessage", chat_id, shown, raw, params, text=shown)

    async def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        chat_id = self._check_chat(params)
        raw = str(params.get("caption") or "")
        shown = self._render(raw, params.get("parse_mode"))
        if len(shown) > 1024:
            raise _ApiError(400, "Bad Request: message caption is too long")
        photo = [{"file_id": "p1", "file_unique_id": "pu1", "width": 320, "height": 240}]
        return self._deliver(
            "sendPhoto", chat_id, shown, raw, params, photo=photo, caption=shown or None
        )

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        chat_id = self._check_chat(params)
        raw = str(params.get("text") or "")
        shown = self._render(raw, params.get("parse_mode"))
        return self._deliver("editMessageText", chat_id, shown, raw, params, text=shown)

    def _check_chat(self, params: dict[str, Any]) -> str:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise _ApiError(400, "Bad Request: chat_id is empty")
        with self._lock:
            if str(chat_id) in self._state.blocked:
                raise _ApiError(403, "Forbidden: bot was blocked by the user")
        return str(chat_id)

    @staticmethod
    def _render(raw: str, parse_mode: Any) -> str:
        if str(parse_mode or "").upper() != "HTML":
            return raw
        try:
            return rendered_text(raw)
        except ParseEntitiesError as exc:
            raise _ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc

    def _deliver(
        self, method: str, chat_id: str, shown: str, raw: str, params: dict[str, Any], **fields: Any
    ) -> dict[str, Any]:
        markup = params.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and len(str(data).encode()) > 64:
                    raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        with self._lock:
            self._state.message_id += 1
            message_id = self._state.message_id
            self._state.sent.append(
                SentMessage(chat_id, message_id, shown, raw, method, markup, time.monotonic())
            )
        chat_type = "private" if not chat_id.startswith("-") else "supergroup"
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": int(chat_id), "type": chat_type},
            "from": BOT_USER,
            **{k: v for k, v in fields.items() if v is not None},
        }
        if markup:
            message["reply_markup"] = markup
        return message

    # --- webhook delivery ------------------------------------------------------------

    async def _push_webhooks(self) -> None:
        """Push queued updates to the webhook in order, retrying until one is accepted."""
        assert self._new_updates is not None
        async with httpx.AsyncClient(timeout=10) as client:
            while True:
                with self._lock:
                    url, secret = self._state.webhook_url, self._state.webhook_secret
                    head = self._state.updates[0] if url and self._state.updates else None
                if head is None:
                    self._new_updates.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._new_updates.wait(), 0.5)
                    continue
                headers = {"Content-Type": "application/json"}
                if secret:
                    headers["X-Telegram-Bot-Api-Secret-Token"] = secret
                try:
                    response = await client.post(url, content=json.dumps(head), headers=headers)
                    status = response.status_code
                except httpx.HTTPError:
                    status = 0
                with self._lock:
                    self._state.webhook_deliveries.append((head["update_id"], status))
                    if status == 200 and self._state.updates and self._state.updates[0] is head:
                        self._state.updates.pop(0)
                if status != 200:
                    await asyncio.sleep(0.5)


async def _echo_rasa(request: Request) -> JSONResponse:
    body = await request.json()
    return JSONResponse([{"recipient_id": body["sender"], "text": body["message"]}])


async def _rasa_status(request: Request) -> JSONResponse:
    return JSONResponse({"model_file": "fake.tar.gz"})


class _ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


async def _params(request: Request) -> dict[str, Any]:
    """Parameters from the query string and a form, multipart or JSON body."""
    params: dict[str, Any] = dict(request.query_params)
    content_type = request.headers.get("content-type", "")
    if request.method == "POST":
        if content_type.startswith("application/json"):
            body = await request.body()
            if body:
                params.update(json.loads(body))
        elif content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            form = await request.form()
            for key, value in form.multi_items():
                params[key] = value if isinstance(value, str) else "<file>"
    for key in ("reply_markup", "allowed_updates", "commands"):
        if isinstance(params.get(key), str):
            with contextlib.suppress(json.JSONDecodeError):
                params[key] = json.loads(params[key])
    return params
