"""Temperature scaling of intent probabilities, run in the Rasa environment (scipy)."""

from __future__ import annotations

import math
import textwrap

import pytest

from tests.nlu.rasa_python import run_in_rasa

SCRIPT = textwrap.dedent(
    """
    import json
    import numpy as np
    from tanya_nlu.calibration import fit_temperature, negative_log_likelihood

    rng = np.random.default_rng(7)
    out = {}
    # Scores whose gold labels were drawn from softmax(scores / T0): the fit finds T0.
    scores = rng.normal(0, 3, size=(4000, 6))
    for t0 in (0.5, 2.0):
        p = np.exp(scores / t0); p /= p.sum(axis=1, keepdims=True)
        gold = np.array([rng.choice(6, p=row) for row in p])
        out[f"fit_{t0}"] = fit_temperature(scores, gold)
    # A class the scoring model did not know (-inf) gets probability 0, not NaN.
    masked = np.array([[2.0, -np.inf, 0.0], [0.0, 1.0, -np.inf]])
    out["masked_nll"] = negative_log_likelihood(masked, np.array([0, 1]), 1.0)
    out["empty"] = fit_temperature(np.zeros((0, 3)), np.zeros(0, dtype=int))
    # Always right and confident: sharpening only helps, up to the bound.
    out["bounded"] = fit_temperature(np.array([[5.0, 0.0]] * 20), np.zeros(20, dtype=int))
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def report() -> dict:
    return run_in_rasa(SCRIPT)


def test_the_fitted_temperature_is_the_one_the_labels_came_from(report: dict) -> None:
    assert report["fit_0.5"] == pytest.approx(0.5, rel=0.1)
    assert report["fit_2.0"] == pytest.approx(2.0, rel=0.1)


def test_unknown_classes_are_impossible_not_undefined(report: dict) -> None:
    expected = (math.log(math.exp(2.0) + 1.0) - 2.0 + math.log(math.exp(1.0) + 1.0) - 1.0) / 2
    assert report["masked_nll"] == pytest.approx(expected)


def test_nothing_to_fit_keeps_the_scores_and_the_fit_stays_bounded(report: dict) -> None:
    assert report["empty"] == 1.0
    # The likelihood is flat near the bound; the fit sharpens and stays inside it.
    assert 0.05 <= report["bounded"] < 0.5
