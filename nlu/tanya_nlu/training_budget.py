"""How many epochs a small training set needs to get a minimum number of optimiser steps.

DIET counts its training in epochs, and its batch size grows linearly over them (from
``batch_sizes[0]`` in the first epoch to ``batch_sizes[1]`` in the last). The same
number of epochs therefore means very different amounts of training: on the project's
~2,000 examples 40 epochs are about 600 optimiser steps, on a 200-example data set such
as one of xSID's folds only about 80, and the model is left under-trained. These pure
functions count the steps exactly as Rasa's ``RasaBatchDataGenerator`` does and find the
number of epochs that reaches a budget of steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def batch_size(epoch: int, batch_sizes: int | Sequence[int], epochs: int) -> int:
    """The batch size DIET uses in an epoch (0-based), as Rasa computes it.

    Args:
        epoch: The epoch, from 0.
        batch_sizes: One batch size, or the first and last of a linear increase.
        epochs: The number of epochs of the training.
    """
    if isinstance(batch_sizes, int):
        return batch_sizes
    first, last = int(batch_sizes[0]), int(batch_sizes[-1])
    if epochs <= 1:
        return first
    return int(first + epoch * (last - first) / (epochs - 1))


def optimiser_steps(n_examples: int, batch_sizes: int | Sequence[int], epochs: int) -> int:
    """The number of batches DIET trains on (last batch of an epoch kept, as by default).

    Args:
        n_examples: Training examples.
        batch_sizes: As in :func:`batch_size`.
        epochs: The number of epochs.
    """
    return sum(
        math.ceil(n_examples / max(1, batch_size(epoch, batch_sizes, epochs)))
        for epoch in range(epochs)
    )


def epochs_for_steps(
    n_examples: int,
    batch_sizes: int | Sequence[int],
    epochs: int,
    min_steps: int,
    max_epochs: int,
) -> int:
    """The fewest epochs, at least ``epochs``, that train ``min_steps`` steps or more.

    Args:
        n_examples: Training examples.
        batch_sizes: As in :func:`batch_size`.
        epochs: The configured number of epochs (never lowered).
        min_steps: The budget of optimiser steps; 0 keeps ``epochs``.
        max_epochs: The cap (never raised above it, unless ``epochs`` already is).

    Returns:
        The number of epochs to train.
    """
    if n_examples <= 0 or min_steps <= 0 or optimiser_steps(n_examples, batch_sizes, epochs) >= min_steps:
        return epochs
    low, high = epochs, max(epochs, max_epochs)
    if optimiser_steps(n_examples, batch_sizes, high) < min_steps:
        return high
    # Steps grow with the epochs (each epoch adds at least one batch): bisect.
    while high - low > 1:
        middle = (low + high) // 2
        if optimiser_steps(n_examples, batch_sizes, middle) >= min_steps:
            high = middle
        else:
            low = middle
    return high
