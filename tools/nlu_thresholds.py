"""Sweep FallbackClassifier thresholds offline over saved NLU predictions.

Usage::

    make nlu-eval PREDICTIONS=/tmp/pred.jsonl   # once: parse the held-out file
    .venv/app/bin/python -m tools.nlu_thresholds /tmp/pred.jsonl

``FallbackClassifier`` only *relabels* a message: it puts ``nlu_fallback`` in front of the
classifier's ranking and keeps that ranking. So one parse of the test file with any
thresholds gives the raw DIET ranking, and every (threshold, ambiguity_threshold) pair can
be evaluated here without retraining. The last line is one JSON object: the grid, and the
pair chosen by the rule in :func:`choose`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"

THRESHOLDS = (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7)
AMBIGUITY_THRESHOLDS = (0.0, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2)


@dataclass(frozen=True)
class SweepPoint:
    """What one pair of thresholds does to the test set."""

    threshold: float
    ambiguity_threshold: float
    #: Fallback counted as wrong (what ``make nlu-eval`` reports).
    intent_accuracy: float
    #: Confidently wrong: a wrong intent answered, not caught by the fallback.
    wrong_answered: int
    #: Fallbacks on messages whose raw top intent was right (lost answers).
    fallback_on_right: int
    #: Fallbacks on messages whose raw top intent was wrong (caught errors).
    fallback_on_wrong: int
    #: Fallbacks whose top two (what the clarification buttons offer) hold the gold intent.
    fallback_gold_in_top2: int


def raw_ranking(prediction: dict) -> list[tuple[str, float]]:
    """The classifier's ranking without the ``nlu_fallback`` entry FallbackClassifier adds.

    Args:
        prediction: One line written by ``tools/rasa_eval.py``.

    Returns:
        ``(intent, confidence)`` pairs, best first.
    """
    return [
        (r["name"], float(r["confidence"]))
        for r in prediction["intent_ranking"]
        if r["name"] != FALLBACK
    ]


def should_fallback(
    ranking: Sequence[tuple[str, float]], threshold: float, ambiguity: float
) -> bool:
    """Apply FallbackClassifier's rule (Rasa 3.6 ``_should_fallback``) to a raw ranking.

    Args:
        ranking: The raw ranking, best first.
        threshold: ``threshold``: fall back below this top confidence.
        ambiguity: ``ambiguity_threshold``: fall back when the top two are closer.

    Returns:
        Whether the message becomes ``nlu_fallback``.
    """
    if not ranking:
        return True
    if ranking[0][1] < threshold:
        return True
    return len(ranking) >= 2 and ranking[0][1] - ranking[1][1] < ambiguity


def evaluate(predictions: Sequence[dict], threshold: float, ambiguity: float) -> SweepPoint:
    """Score one pair of thresholds on saved predictions.

    Args:
        predictions: Lines written by ``tools/rasa_eval.py``.
        threshold: FallbackClassifier ``threshold``.
        ambiguity: FallbackClassifier ``ambiguity_threshold``.

    Returns:
        The point of the sweep.
    """
    right = wrong_answered = fb_right = fb_wrong = fb_top2 = 0
    for prediction in predictions:
        gold = prediction["gold_intent"]
        ranking = raw_ranking(prediction)
        top = ranking[0][0] if ranking else ""
        if should_fallback(ranking, threshold, ambiguity):
            if top == gold:
                fb_right += 1
            else:
                fb_wrong += 1
            if gold in {name for name, _ in ranking[:2]}:
                fb_top2 += 1
        elif top == gold:
            right += 1
        else:
            wrong_answered += 1
    return SweepPoint(
        threshold=threshold,
        ambiguity_threshold=ambiguity,
        intent_accuracy=round(right / len(predictions), 4) if predictions else 0.0,
        wrong_answered=wrong_answered,
        fallback_on_right=fb_right,
        fallback_on_wrong=fb_wrong,
        fallback_gold_in_top2=fb_top2,
    )


def sweep(
    predictions: Sequence[dict],
    thresholds: Iterable[float] = THRESHOLDS,
    ambiguities: Iterable[float] = AMBIGUITY_THRESHOLDS,
) -> list[SweepPoint]:
    """Score every pair of thresholds.

    Args:
        predictions: Lines written by ``tools/rasa_eval.py``.
        thresholds: Values of ``threshold`` to try.
        ambiguities: Values of ``ambiguity_threshold`` to try.

    Returns:
        One point per pair.
    """
    return [evaluate(predictions, t, a) for t in thresholds for a in ambiguities]


def choose(points: Sequence[SweepPoint]) -> SweepPoint:
    """Pick the pair that loses the fewest right answers per wrong answer it catches.

    A fallback on a right prediction costs one answer (the citizen must rephrase or press
    a button); a wrong intent answered costs more (a confidently wrong reply), counted
    here as two. Ties go to the lower thresholds (fewer fallbacks).

    Args:
        points: The sweep.

    Returns:
        The chosen point.
    """
    return min(
        points,
        key=lambda p: (
            2 * p.wrong_answered + p.fallback_on_right,
            p.threshold,
            p.ambiguity_threshold,
        ),
    )


def main() -> None:
    """CLI: print the grid as a table, then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("predictions", help="JSON lines written by tools/rasa_eval.py")
    args = parser.parse_args()
    lines = Path(args.predictions).read_text(encoding="utf-8").splitlines()
    predictions = [json.loads(line) for line in lines if line.strip()]
    points = sweep(predictions)
    print("threshold ambiguity accuracy wrong_answered fb_on_right fb_on_wrong fb_gold_top2")
    for p in points:
        print(
            f"{p.threshold:9.2f} {p.ambiguity_threshold:9.2f} {p.intent_accuracy:8.4f} "
            f"{p.wrong_answered:14d} {p.fallback_on_right:11d} {p.fallback_on_wrong:11d} "
            f"{p.fallback_gold_in_top2:12d}"
        )
    best = choose(points)
    print(json.dumps({"n": len(predictions), "chosen": asdict(best)}))


if __name__ == "__main__":
    main()
