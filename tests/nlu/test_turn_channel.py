"""Rasa's ``turns`` channel reports the latest turn only, shaped like the tracker JSON."""

from __future__ import annotations

import textwrap

import yaml

from bot.console.annotations import KNOWLEDGE_GAP_RESPONSES, parse_tracker
from bot.supervisor.paths import NLU_DIR
from tests.nlu.rasa_python import run_in_rasa

CHECK = textwrap.dedent(
    """
    import json
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from tanya_nlu.turn_channel import install_turn_capture, turn_of

    def said(text, intent, entities=()):
        return UserUttered(
            text,
            intent={"name": intent, "confidence": 0.9},
            entities=list(entities),
            parse_data={
                "text": text,
                "intent": {"name": intent, "confidence": 0.9},
                "entities": list(entities),
            },
        )

    events = [
        ActionExecuted("action_session_start"), ActionExecuted("action_listen"),
        said("halo", "greet"), ActionExecuted("utter_greet"), ActionExecuted("action_listen"),
        said("berapa biaya ktp", "ask_cost", [{"entity": "service", "value": "ktp_el"}]),
        ActionExecuted("action_answer_cost"), SlotSet("service", "ktp_el"),
        ActionExecuted("action_listen"),
    ]
    tracker = DialogueStateTracker.from_events("web:x", events, slots=[])
    turn = turn_of(tracker)
    before = MessageProcessor.save_tracker
    install_turn_capture()
    wrapped = MessageProcessor.save_tracker
    install_turn_capture()  # once only
    print(json.dumps({
        "turn": turn,
        "wrapped_once": wrapped is not before and MessageProcessor.save_tracker is wrapped,
    }))
    """
)


def test_turn_holds_only_the_latest_message_and_its_actions() -> None:
    report = run_in_rasa(CHECK)
    turn = report["turn"]
    assert report["wrapped_once"] is True
    assert turn["latest_message"]["text"] == "berapa biaya ktp"
    assert [e["event"] for e in turn["events"]] == ["user", "action", "slot", "action"]
    assert "halo" not in str(turn["events"])
    # The gateway's annotator reads it as it reads Rasa's tracker JSON.
    parsed = parse_tracker(turn)
    assert parsed["intent"] == "ask_cost"
    assert parsed["action"] == "action_answer_cost"
    assert parsed["fallback"] is False
    assert parsed["knowledge_gap"] is False
    assert parsed["entities"] == [{"entity": "service", "value": "ktp_el"}]


def test_an_answer_that_admits_a_gap_marks_the_turn() -> None:
    """Rasa records a custom action's response name as the bot event's ``utter_action``."""
    turn = {
        "latest_message": {
            "text": "npwp bisa diwakilkan?",
            "intent": {"name": "ask_representation"},
        },
        "slots": {"service": "npwp"},
        "events": [
            {"event": "user", "text": "npwp bisa diwakilkan?"},
            {"event": "action", "name": "action_answer_representation"},
            {
                "event": "bot",
                "text": "Maaf, ...",
                "metadata": {"utter_action": "utter_representation_unknown"},
            },
            {"event": "slot", "name": "service", "value": "npwp"},
        ],
    }
    parsed = parse_tracker(turn)
    assert parsed["knowledge_gap"] is True and parsed["fallback"] is False
    turn["events"][2]["metadata"] = {"utter_action": "utter_representation_partly"}
    assert parse_tracker(turn)["knowledge_gap"] is False


UNREACHABLE = textwrap.dedent(
    """
    import asyncio, json
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import ClientResponseError, EndpointConfig
    from tanya_nlu import turn_channel

    turn_channel.install_turn_capture()
    wrapped = RemoteAction.run
    turn_channel.install_turn_capture()  # once only
    domain = Domain.empty()
    tracker = DialogueStateTracker("web:x", [])

    def action(name, answer=None):
        # Nothing listens on port 9: without ``answer`` the action server is down.
        remote = RemoteAction(name, EndpointConfig("http://127.0.0.1:9/webhook"))
        if answer is not None:
            remote.action_endpoint.request = answer
        return remote

    async def run(remote):
        try:
            await remote.run(
                CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}), tracker, domain
            )
        except ActionExecutionRejection:
            return "rejected"
        except Exception as exc:
            return type(exc).__name__
        return "ran"

    async def rejecting(**kwargs):
        body = json.dumps({"action_name": "validate_complaint_form", "error": "no"})
        raise ClientResponseError(400, "Bad Request", body)

    async def crashing(**kwargs):
        raise ClientResponseError(500, "Internal Server Error", "{}")

    async def hanging(**kwargs):
        raise asyncio.TimeoutError()

    async def main():
        holder = {}
        token = turn_channel._turn_of_request.set(holder)
        outcomes = [
            await run(action("action_answer_requirements")),
            await run(action("validate_complaint_form", rejecting)),
            await run(action("action_answer_cost", crashing)),
            await run(action("action_check_status", hanging)),
        ]
        turn_channel._turn_of_request.reset(token)
        # Outside a request nothing is noted, and the action still fails.
        outcomes.append(await run(action("action_answer_requirements")))
        return {
            "outcomes": outcomes,
            "unreachable": holder.get("unreachable_actions"),
            "wrapped_once": RemoteAction.run is wrapped,
        }

    print(json.dumps(asyncio.run(main())))
    """
)


def test_unreachable_custom_actions_are_noted_for_the_request_and_raised_again() -> None:
    report = run_in_rasa(UNREACHABLE)
    assert report["wrapped_once"] is True
    assert report["outcomes"] == [
        "RasaException",
        "rejected",
        "RasaException",
        "TimeoutError",
        "RasaException",
    ]
    # A form's rejection is dialogue, and an action that crashed in a running action
    # server would crash again: neither is noted.
    assert report["unreachable"] == ["action_answer_requirements", "action_check_status"]


def test_knowledge_gap_responses_are_the_domains() -> None:
    """A renamed response would silently stop counting as a gap."""
    domain = yaml.safe_load((NLU_DIR / "domain.yml").read_text(encoding="utf-8"))
    assert set(domain["responses"]) >= KNOWLEDGE_GAP_RESPONSES
