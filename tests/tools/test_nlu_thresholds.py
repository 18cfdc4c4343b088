"""The offline FallbackClassifier sweep reproduces Rasa's rule on saved rankings."""

from __future__ import annotations

from tools.nlu_thresholds import choose, evaluate, raw_ranking, should_fallback, sweep


def prediction(gold: str, *pairs: tuple[str, float], fallback: bool = False) -> dict:
    head = [{"name": "nlu_fallback", "confidence": 0.3}] if fallback else []
    return {
        "gold_intent": gold,
        "intent_ranking": head + [{"name": n, "confidence": c} for n, c in pairs],
    }


def test_raw_ranking_drops_the_fallback_entry() -> None:
    p = prediction("greet", ("greet", 0.5), ("thanks", 0.45), fallback=True)
    assert raw_ranking(p) == [("greet", 0.5), ("thanks", 0.45)]


def test_should_fallback_follows_rasa() -> None:
    assert should_fallback([("a", 0.29), ("b", 0.01)], 0.3, 0.1)
    assert should_fallback([("a", 0.5), ("b", 0.45)], 0.3, 0.1)
    assert not should_fallback([("a", 0.5), ("b", 0.39)], 0.3, 0.1)
    assert not should_fallback([("a", 0.5)], 0.3, 0.1)
    assert should_fallback([], 0.3, 0.1)


def test_evaluate_counts_caught_and_lost_answers() -> None:
    predictions = [
        prediction("greet", ("greet", 0.9), ("thanks", 0.05)),  # right
        prediction("greet", ("greet", 0.5), ("thanks", 0.45)),  # right, lost to fallback
        prediction("ask_cost", ("ask_hours", 0.45), ("ask_cost", 0.4)),  # wrong, caught
        prediction("ask_cost", ("ask_hours", 0.9), ("ask_cost", 0.05)),  # wrong, answered
    ]
    point = evaluate(predictions, 0.3, 0.1)
    assert point.intent_accuracy == 0.25
    assert (point.wrong_answered, point.fallback_on_right, point.fallback_on_wrong) == (1, 1, 1)
    assert point.fallback_gold_in_top2 == 2
    assert evaluate(predictions, 0.0, 0.0).intent_accuracy == 0.5


def test_choose_prefers_fewer_costly_errors_then_lower_thresholds() -> None:
    predictions = [
        prediction("ask_cost", ("ask_hours", 0.45), ("ask_cost", 0.4)),
        prediction("greet", ("greet", 0.95), ("thanks", 0.01)),
    ]
    best = choose(sweep(predictions, thresholds=(0.0, 0.3), ambiguities=(0.0, 0.1)))
    assert (best.threshold, best.ambiguity_threshold) == (0.0, 0.1)
