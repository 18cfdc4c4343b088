"""Rasa's ``turns`` channel reports the latest turn only, shaped like the tracker JSON."""

from __future__ import annotations

import textwrap

from bot.console.annotations import parse_tracker
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
    assert parsed["entities"] == [{"entity": "service", "value": "ktp_el"}]
