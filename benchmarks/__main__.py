"""``make bench``: print a table for people, then one JSON line.

Starts the whole assistant (``python -m bot.run``) on benchmark ports with Postgres, then:
1. closed-loop throughput through the gateway's web channel, and the same messages
   straight to Rasa's REST webhook (same model) as the baseline → ``ratio``;
2. latency at an offered 30 messages per second (open loop);
3. the saturation point: the highest offered rate still answered at ≥ 95 % with p99 ≤ 1 s;
4. NLU parse latency (Rasa's HTTP API) and the knowledge base at 1,000 services;
5. Telegram (``--skip-telegram`` leaves it out): the outbound limiter under a burst of 500
   replies to 50 chats, and the same citizens' script end to end through the fake Bot API
   server, which enforces Telegram's sending limits.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from benchmarks.load import LoadResult, SendTurn, closed_loop, open_loop
from benchmarks.nlu_texts import held_out_texts
from benchmarks.telegram_burst import run_burst
from benchmarks.telegram_e2e import TOKEN as TELEGRAM_TOKEN
from benchmarks.telegram_e2e import run_telegram_e2e, telegram_env
from bot.supervisor.training import ensure_model
from bot.texts import SERVICE_DISRUPTED
from knowledge_base import run_benchmark
from tests.helpers.fake_telegram import FakeTelegramServer
from tools.databases import recreate_database
from tools.stack import RunningStack, start_stack

# A citizen's conversation: a question, a follow-up in context, small talk.
SCRIPT = ("apa syarat membuat KTP-el?", "kalau biayanya berapa?", "terima kasih")
PORTS = {"gateway": 48080, "rasa": 45005, "actions": 45055, "status": 48090}
BENCH_DATABASE = "tanya_bench"


def gateway_sender(http: httpx.AsyncClient, base_url: str) -> SendTurn:
    """Send turns through the gateway's web channel."""

    async def send(citizen: str, text: str) -> bool:
        response = await http.post(
            f"{base_url}/api/chat", json={"sender_id": citizen, "text": text}
        )
        if response.status_code != 200:
            return False
        messages = response.json().get("messages") or []
        # The disruption notice (Rasa timed out or down) is not an answer: count it lost.
        return bool(messages) and not any(m.get("text") == SERVICE_DISRUPTED for m in messages)

    return send


def rasa_sender(http: httpx.AsyncClient, rasa_url: str) -> SendTurn:
    """Send turns straight to Rasa's REST webhook (the baseline)."""

    async def send(citizen: str, text: str) -> bool:
        response = await http.post(
            f"{rasa_url}/webhooks/rest/webhook", json={"sender": citizen, "message": text}
        )
        return response.status_code == 200 and bool(response.json())

    return send


async def nlu_latency(http: httpx.AsyncClient, rasa_url: str) -> LoadResult:
    """Time ``/model/parse`` one request at a time, each held-out message once.

    Distinct messages the model has not parsed before, so that no per-process cache
    (the e5 embeddings) answers instead of the pipeline.
    """

    async def parse(_citizen: str, text: str) -> bool:
        response = await http.post(f"{rasa_url}/model/parse", json={"text": text})
        return response.status_code == 200

    return await closed_loop(parse, held_out_texts(), citizens=1, rounds=1, prefix="nlu")


async def tracker_fetch(
    http: httpx.AsyncClient, rasa_url: str, citizens: int, rounds: int
) -> LoadResult:
    """The console's per-turn tracker fetch, alone: GET every e2e conversation's tracker.

    The gateway's annotator fetches ``/conversations/{id}/tracker`` after every turn; this
    measures what that costs Rasa, with the same concurrency as the throughput run.
    """

    async def fetch(citizen: str, _text: str) -> bool:
        response = await http.get(
            f"{rasa_url}/conversations/{quote('web:' + citizen, safe='')}/tracker",
            params={"include_events": "AFTER_RESTART"},
        )
        return response.status_code == 200

    return await closed_loop(fetch, ("",), citizens, rounds, prefix="e2e")


async def saturation(
    send: SendTurn, rates: list[float], duration_s: float
) -> tuple[float, list[dict[str, Any]]]:
    """Step the offered rate up; return the last rate that held, and every step's figures."""
    held = 0.0
    steps = []
    for rate in rates:
        result = await open_loop(send, SCRIPT, rate, duration_s, prefix=f"sat{int(rate)}")
        summary = result.summary() | {"offered_msg_s": rate}
        steps.append(summary)
        ok = result.answered >= 0.95 * result.sent and result.percentile(99) <= 1000
        if not ok:
            break
        held = rate
    return held, steps


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run every benchmark and return the figures."""
    figures: dict[str, Any] = {}
    kb = await run_benchmark(1000)
    figures["kb_1000"] = kb
    if not args.skip_telegram:
        # Before the stack starts: the limiter alone, on a quiet machine.
        figures["telegram_burst"] = await run_burst(redis_url=args.burst_redis_url)
    database_url = await recreate_database(BENCH_DATABASE)
    ensure_model(quiet=True)
    with contextlib.ExitStack() as cleanup:
        fake = None
        if not args.skip_telegram:
            fake = FakeTelegramServer(TELEGRAM_TOKEN, enforce_limits=True).start()
            cleanup.callback(fake.stop)
        stack = await asyncio.to_thread(
            start_stack,
            Path(tempfile.mkdtemp(prefix="bench-")),
            gateway_port=PORTS["gateway"],
            rasa_port=PORTS["rasa"],
            actions_port=PORTS["actions"],
            status_port=PORTS["status"],
            database_url=database_url,
            extra_env=telegram_env(fake) if fake is not None else None,
        )
        await _measure(figures, args, stack, database_url, fake)
    return figures


async def _measure(
    figures: dict[str, Any],
    args: argparse.Namespace,
    stack: RunningStack,
    database_url: str,
    fake: FakeTelegramServer | None,
) -> None:
    """Run the load benchmarks against the running stack, then stop it."""
    # Start-up with a trained model (what a second `make run` costs), ready = /healthz 200.
    figures["stack_ready_s"] = round(stack.ready_after_s, 1)
    rasa_url = f"http://127.0.0.1:{PORTS['rasa']}"
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    try:
        async with httpx.AsyncClient(timeout=30, limits=limits) as http:
            gateway = gateway_sender(http, stack.base_url)
            rasa = rasa_sender(http, rasa_url)
            # Warm both paths (model graphs, connection pools, the KB alias index).
            await closed_loop(gateway, SCRIPT, citizens=4, rounds=2, prefix="warm")
            await closed_loop(rasa, SCRIPT, citizens=4, rounds=2, prefix="warm-rasa")
            # First, on an idle Rasa: measured after the open-loop steps, it met a Rasa
            # that may still be working off their backlog (session 5: p50 43.4 ms over
            # HTTP against 29.8 ms in-process).
            nlu = await nlu_latency(http, rasa_url)
            e2e = await closed_loop(gateway, SCRIPT, args.concurrency, args.rounds, prefix="e2e")
            bare = await closed_loop(rasa, SCRIPT, args.concurrency, args.rounds, prefix="rasa")
            tracker = await tracker_fetch(http, rasa_url, args.concurrency, args.rounds)
            if fake is not None:
                # Before the open-loop runs, which leave Rasa with a backlog.
                figures["telegram_e2e"] = await run_telegram_e2e(
                    fake, database_url, SCRIPT,
                    citizens=args.telegram_concurrency or args.concurrency, rounds=args.rounds,
                )  # fmt: skip
            at30 = await open_loop(gateway, SCRIPT, 30.0, args.duration, prefix="at30")
            held, steps = await saturation(gateway, args.rates, args.duration)
    finally:
        await asyncio.to_thread(stack.stop)
    figures.update(
        e2e=e2e.summary(), rasa_rest=bare.summary(), at_30_msg_s=at30.summary(),
        saturation_steps=steps, saturation_msg_s=held, nlu_parse=nlu.summary(),
        tracker_fetch=tracker.summary(),
    )  # fmt: skip
    figures["ratio"] = round(e2e.msg_per_s / bare.msg_per_s, 3) if bare.msg_per_s else 0.0


def report(figures: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """Print the table and return the JSON line's content."""
    e2e, bare, at30, nlu, kb = (
        figures["e2e"], figures["rasa_rest"], figures["at_30_msg_s"], figures["nlu_parse"],
        figures["kb_1000"],
    )  # fmt: skip
    print(f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    print(f"Closed loop: {args.concurrency} citizens x {args.rounds} conversations x "
          f"{len(SCRIPT)} messages")  # fmt: skip
    rows = [
        ("end to end (gateway)", e2e),
        ("bare Rasa REST", bare),
        ("offered 30 msg/s", at30),
        ("NLU /model/parse", nlu),
        ("tracker fetch (console)", figures["tracker_fetch"]),
    ]
    telegram, burst = figures.get("telegram_e2e"), figures.get("telegram_burst")
    if telegram is not None:
        rows.insert(1, ("end to end (Telegram)", telegram))
    print(f"{'run':<24}{'msg/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'lost':>6}{'errors':>8}")
    for name, row in rows:
        print(f"{name:<24}{row['msg_s']:>8}{row['p50_ms']:>9}{row['p95_ms']:>9}"
              f"{row['p99_ms']:>9}{row['lost']:>6}{row['errors']:>8}")  # fmt: skip
    print("Saturation steps (offered → answered msg/s, p99 ms):")
    for step in figures["saturation_steps"]:
        print(f"  {step['offered_msg_s']:>5} → {step['msg_s']:>6}  p99 {step['p99_ms']}")
    print(
        f"ratio (e2e / bare Rasa): {figures['ratio']}; "
        f"saturation: {figures['saturation_msg_s']} msg/s"
    )
    print(f"Knowledge base, 1,000 services: validate+load {kb.get('validate_and_load_s')} s; "
          f"resolve p95 {kb.get('resolve_service', {}).get('p95_ms')} ms")  # fmt: skip
    print(f"Start-up with a trained model (ready = /healthz 200): {figures.get('stack_ready_s')} s")
    if telegram is not None:
        print(f"Telegram end to end: latency = update pushed → first reply at the Bot API; "
              f"whole answer p50 {telegram['complete_p50_ms']} ms, "
              f"{telegram['replies_per_message']} replies per message, "
              f"{telegram['count_429']} × 429")  # fmt: skip
    if burst is not None:
        print(f"Telegram burst, {burst['sent']} replies to {burst['chats']} chats "
              f"({burst['backend']} slots, {burst['store']} outbox): {burst['total_s']} s, "
              f"{burst['msg_s']} msg/s; max per chat {burst['max_chat_per_s']}/s, overall "
              f"{burst['max_global_per_s']}/s; {burst['count_429']} × 429 "
              f"{burst['count_429_by_limit'] or ''}; lost {burst['lost']}, duplicates "
              f"{burst['duplicates']}, out of order {burst['out_of_order']}")  # fmt: skip
    return {
        "e2e_msg_s": e2e["msg_s"],
        "rasa_rest_msg_s": bare["msg_s"],
        "ratio": figures["ratio"],
        "p50_ms": at30["p50_ms"],
        "p95_ms": at30["p95_ms"],
        "p99_ms": at30["p99_ms"],
        "lost": e2e["lost"] + at30["lost"],
        "errors": e2e["errors"] + at30["errors"],
        "saturation_msg_s": figures["saturation_msg_s"],
        "nlu_parse_p95_ms": nlu["p95_ms"],
        "kb_load_1000_s": kb.get("validate_and_load_s"),
        "stack_ready_s": figures.get("stack_ready_s"),
        "kb_resolve_p95_ms": kb.get("resolve_service", {}).get("p95_ms"),
        "tracker_fetch_msg_s": figures["tracker_fetch"]["msg_s"],
        "tracker_fetch_p50_ms": figures["tracker_fetch"]["p50_ms"],
        **_telegram_keys(telegram, burst),
    }


def _telegram_keys(telegram: dict[str, Any] | None, burst: dict[str, Any] | None) -> dict[str, Any]:
    """The Telegram figures of the JSON line (``null`` when ``--skip-telegram``)."""
    e2e, out = telegram or {}, burst or {}
    return {
        "telegram_e2e_msg_s": e2e.get("msg_s"),
        "telegram_p50_ms": e2e.get("p50_ms"),
        "telegram_p95_ms": e2e.get("p95_ms"),
        "telegram_p99_ms": e2e.get("p99_ms"),
        "telegram_lost": e2e.get("lost"),
        "telegram_errors": e2e.get("errors"),
        "telegram_e2e_429": e2e.get("count_429"),
        "telegram_burst_s": out.get("total_s"),
        "telegram_burst_msg_s": out.get("msg_s"),
        "telegram_burst_429": out.get("count_429"),
        "telegram_burst_lost": out.get("lost"),
        "telegram_burst_duplicates": out.get("duplicates"),
        "telegram_burst_max_chat_per_s": out.get("max_chat_per_s"),
        "telegram_burst_max_global_per_s": out.get("max_global_per_s"),
    }


def main() -> None:
    """CLI of ``make bench``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concurrency", type=int, default=50, help="simulated citizens")
    parser.add_argument("--rounds", type=int, default=2, help="conversations per citizen")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per open-loop step")
    parser.add_argument(
        "--rates", type=lambda s: [float(x) for x in s.split(",")],
        default=[5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 60.0, 80.0, 100.0],
        help="saturation steps (msg/s)",
    )  # fmt: skip
    parser.add_argument(
        "--skip-telegram", action="store_true",
        help="leave out the Telegram burst and end-to-end runs (about 1-2 minutes)",
    )  # fmt: skip
    parser.add_argument(
        "--telegram-concurrency", type=int, default=None,
        help="Telegram citizens (default: --concurrency)",
    )  # fmt: skip
    parser.add_argument(
        "--burst-redis-url", default=None,
        help="keep the burst's limiter slots in this Redis (default: in-process, as the bench "
        "gateway without REDIS_URL)",
    )  # fmt: skip
    args = parser.parse_args()
    figures = asyncio.run(run(args))
    line = report(figures, args)
    print(json.dumps(line))


if __name__ == "__main__":
    main()
