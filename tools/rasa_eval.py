"""Evaluate a trained Rasa NLU model on Rasa-format test data (runs in the Rasa environment).

Usage: python tools/rasa_eval.py MODEL TEST_FILE [PREDICTIONS_JSONL]
Prints one JSON object with the metrics and the per-example predictions' summary. With
PREDICTIONS_JSONL, also writes one line per test message (text, gold intent and entities,
predicted intent, full intent ranking, entities) so that thresholds can be swept offline
(tools/nlu_thresholds.py). Only Rasa and the standard library are used, so it runs in
.venv/rasa.
"""

from __future__ import annotations

import asyncio
import json
import logging
import statistics
import sys
import time
from collections import Counter


def _f1(tp: int, fp: int, fn: int) -> float:
    """F1 from true positives, false positives and false negatives."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


async def evaluate(model_path: str, test_path: str) -> dict:
    """Parse every test example with the model and compute the metrics.

    The per-message predictions are returned under ``predictions``.
    """
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    agent = Agent.load(model_path)
    examples = [e for e in load_data(test_path).training_examples if e.get("intent")]
    for warm in ("halo", "apa syarat ktp"):
        await agent.parse_message(warm)

    intent_counts: Counter[tuple[str, str]] = Counter()
    per_intent: dict[str, list[int]] = {}
    entity_tp = entity_fp = entity_fn = 0
    service_total = service_right = 0
    latencies: list[float] = []
    predictions: list[dict] = []
    for example in examples:
        text = example.get("text")
        gold_intent = example.get("intent")
        started = time.perf_counter()
        parsed = await agent.parse_message(text)
        latencies.append((time.perf_counter() - started) * 1000)
        predicted = (parsed.get("intent") or {}).get("name") or ""
        predictions.append(
            {
                "text": text,
                "gold_intent": gold_intent,
                "gold_entities": [
                    {k: e.get(k) for k in ("entity", "start", "end", "value")}
                    for e in example.get("entities") or []
                ],
                "intent": predicted,
                "intent_ranking": [
                    {"name": r.get("name"), "confidence": r.get("confidence")}
                    for r in parsed.get("intent_ranking") or []
                ],
                "entities": [
                    {k: e.get(k) for k in ("entity", "start", "end", "value")}
                    for e in parsed.get("entities") or []
                ],
            }
        )
        intent_counts[(gold_intent, predicted)] += 1
        gold_entities = {(e["entity"], e["start"], e["end"]) for e in example.get("entities") or []}
        predicted_entities = {
            (e["entity"], e["start"], e["end"]) for e in parsed.get("entities") or []
        }
        entity_tp += len(gold_entities & predicted_entities)
        entity_fp += len(predicted_entities - gold_entities)
        entity_fn += len(gold_entities - predicted_entities)
        gold_services = {
            str(e.get("value")) for e in example.get("entities") or [] if e["entity"] == "service"
        }
        if gold_services:
            service_total += 1
            predicted_services = {
                str(e.get("value"))
                for e in parsed.get("entities") or []
                if e["entity"] == "service"
            }
            service_right += int(predicted_services == gold_services)

    labels = sorted({gold for gold, _ in intent_counts} | {p for _, p in intent_counts})
    f1s = []
    for label in sorted({gold for gold, _ in intent_counts}):
        tp = intent_counts[(label, label)]
        fp = sum(n for (g, p), n in intent_counts.items() if p == label and g != label)
        fn = sum(n for (g, p), n in intent_counts.items() if g == label and p != label)
        f1s.append(_f1(tp, fp, fn))
        per_intent[label] = [tp, fp, fn]
    total = sum(intent_counts.values())
    right = sum(n for (g, p), n in intent_counts.items() if g == p)
    confused = [
        {"gold": g, "predicted": p, "count": n}
        for (g, p), n in intent_counts.most_common()
        if g != p
    ][:10]
    latencies.sort()
    result = {
        "intent_accuracy": round(right / total, 4) if total else 0.0,
        "intent_macro_f1": round(statistics.fmean(f1s), 4) if f1s else 0.0,
        "entity_micro_f1": round(_f1(entity_tp, entity_fp, entity_fn), 4),
        "parse_ms_p50": round(latencies[len(latencies) // 2], 2) if latencies else None,
        "parse_ms_p95": round(latencies[int(len(latencies) * 0.95) - 1], 2) if latencies else None,
        "n_test": total,
        "most_confused": confused,
        "labels": labels,
    }
    if service_total:
        result["service_accuracy"] = round(service_right / service_total, 4)
    result["predictions"] = predictions
    return result


def main() -> None:
    """CLI entry point."""
    logging.disable(logging.WARNING)
    model_path, test_path = sys.argv[1], sys.argv[2]
    result = asyncio.run(evaluate(model_path, test_path))
    predictions = result.pop("predictions")
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w", encoding="utf-8") as out:
            for line in predictions:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
