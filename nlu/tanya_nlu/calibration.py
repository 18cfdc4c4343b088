"""Temperature scaling: make a classifier's confidence mean what FallbackClassifier assumes.

FallbackClassifier answers only when the top intent's confidence reaches a threshold and
beats the second by a margin. A regularised logistic regression trained on a few examples
per intent is *underconfident*: on xSID (15 intents, ~20 examples each) its right answers
often sit at 0.25-0.4, so the fallback swallowed right answers (docs/nlu.md). Temperature
scaling (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017) divides the
scores by one number T fitted on held-out predictions: the ranking does not change, only
how sure the probabilities are. T is fitted on out-of-fold scores of the training data,
so no test data is needed and every data set gets its own T.

Pure functions on numpy arrays; the intent classifier owns the model fitting.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import logsumexp

# Bounds of the fitted temperature; T < 1 sharpens, T > 1 softens.
MIN_TEMPERATURE = 0.05
MAX_TEMPERATURE = 20.0


def negative_log_likelihood(scores: np.ndarray, gold: np.ndarray, temperature: float) -> float:
    """Mean negative log-likelihood of the gold classes under ``softmax(scores / T)``.

    Args:
        scores: Shape ``(n, classes)``; ``-inf`` marks a class the scoring model did not
            know (it gets probability 0).
        gold: Shape ``(n,)``, the gold class index per row (a class with finite score).
        temperature: T > 0.

    Returns:
        The mean negative log-likelihood.
    """
    scaled = scores / temperature
    picked = scaled[np.arange(len(gold)), gold]
    return float(np.mean(logsumexp(scaled, axis=1) - picked))


def fit_temperature(scores: np.ndarray, gold: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of ``gold``.

    Args:
        scores: Held-out scores (logits), shape ``(n, classes)``, ``-inf`` allowed.
        gold: Gold class index per row.

    Returns:
        T within ``[MIN_TEMPERATURE, MAX_TEMPERATURE]``; 1.0 when there is nothing to fit.
    """
    if len(gold) == 0:
        return 1.0
    result = minimize_scalar(
        lambda log_t: negative_log_likelihood(scores, gold, float(np.exp(log_t))),
        bounds=(np.log(MIN_TEMPERATURE), np.log(MAX_TEMPERATURE)),
        method="bounded",
    )
    return float(np.exp(result.x))
