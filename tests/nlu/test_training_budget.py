"""The epochs that give a small training set DIET's minimum number of optimiser steps."""

from __future__ import annotations

import pytest
from tanya_nlu.training_budget import batch_size, epochs_for_steps, optimiser_steps

GROWING = [64, 256]


def test_batch_size_grows_linearly_as_in_rasa() -> None:
    assert [batch_size(epoch, GROWING, 5) for epoch in range(5)] == [64, 112, 160, 208, 256]
    assert batch_size(0, GROWING, 1) == 64
    assert batch_size(3, 32, 10) == 32


def test_steps_count_every_batch_of_every_epoch() -> None:
    # 100 examples: 2 batches of 64 in the first epoch, 1 of 256 in the second.
    assert optimiser_steps(100, GROWING, 2) == 3
    assert optimiser_steps(100, 10, 3) == 30
    # The project's ~2,000 examples at 40 epochs against a 200-example set.
    assert optimiser_steps(2000, GROWING, 40) == 605
    assert optimiser_steps(200, GROWING, 40) == 77


def test_a_large_training_set_keeps_its_configured_epochs() -> None:
    assert epochs_for_steps(2000, GROWING, 40, min_steps=500, max_epochs=300) == 40


def test_a_small_training_set_gets_the_fewest_epochs_that_reach_the_budget() -> None:
    epochs = epochs_for_steps(200, GROWING, 40, min_steps=500, max_epochs=300)
    assert optimiser_steps(200, GROWING, epochs) >= 500
    assert optimiser_steps(200, GROWING, epochs - 1) < 500
    assert epochs == 261


@pytest.mark.parametrize(
    ("n_examples", "min_steps", "max_epochs", "expected"),
    [
        (200, 0, 300, 40),  # no budget
        (0, 500, 300, 40),  # nothing to train on
        (200, 10_000, 300, 300),  # capped
        (200, 10_000, 20, 40),  # a cap below the configured epochs never lowers them
    ],
)
def test_budget_edges(n_examples: int, min_steps: int, max_epochs: int, expected: int) -> None:
    assert epochs_for_steps(n_examples, GROWING, 40, min_steps, max_epochs) == expected
