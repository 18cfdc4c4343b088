"""The fixes to Rasa's runtime keep Rasa's contract (run inside the Rasa environment)."""

from __future__ import annotations

import textwrap

from tests.nlu.rasa_python import run_in_rasa

CHECK = textwrap.dedent(
    """
    import json
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction
    from tanya_nlu import rasa_fixes

    original = RemoteAction._validate_action_result
    rasa_fixes.apply()
    rasa_fixes.apply()  # idempotent
    action = RemoteAction("action_answer_requirements", None)
    good = {
        "events": [{"event": "slot", "name": "service", "value": "ktp_el"}],
        "responses": [{"text": "Syaratnya: KK asli."}],
    }
    results = {"patched": RemoteAction._validate_action_result is not original}
    results["good"] = action._validate_action_result(good)
    bads = {
        "events_not_list": {"events": {"event": "slot"}},
        "unknown_event": {"events": [{"event": "no_such_event"}]},
        "response_not_object": {"responses": ["plain string"]},
    }
    for name, bad in bads.items():
        try:
            action._validate_action_result(bad)
            results[name] = "accepted"
        except ValidationError as error:
            results[name] = "custom-actions" in error.message
        # Rasa's own method must reject it too (same contract).
        try:
            original(action, bad)
            results[name + "_rasa"] = "accepted"
        except ValidationError:
            results[name + "_rasa"] = "rejected"
    print(json.dumps(results))
    """
)


def test_prebuilt_validator_accepts_and_rejects_what_rasa_does() -> None:
    results = run_in_rasa(CHECK)
    assert results == {
        "patched": True,
        "good": True,
        "events_not_list": True,
        "events_not_list_rasa": "rejected",
        "unknown_event": True,
        "unknown_event_rasa": "rejected",
        "response_not_object": True,
        "response_not_object_rasa": "rejected",
    }
