"""DIET that trains a small data set for at least a given number of optimiser steps.

Rasa's DIET is configured in epochs. On the project's ~2,000 examples, 40 epochs are
~600 optimiser steps and keep a full training under five minutes; on a data set a tenth
that size (xSID's 300 messages, a new regency's first few intents) the same 40 epochs
are ~80 steps and leave DIET under-trained. ``min_steps`` raises the epochs of such a
training until it reaches the budget (``tanya_nlu.training_budget``), capped by
``max_epochs``; a training that already reaches it is left exactly as configured.
Everything else is Rasa's DIETClassifier.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import BATCH_SIZES, EPOCHS
from rasa.utils.tensorflow.model_data import RasaModelData

from tanya_nlu.training_budget import epochs_for_steps, optimiser_steps

logger = logging.getLogger(__name__)

MIN_STEPS_KEY = "min_steps"
MAX_EPOCHS_KEY = "max_epochs"


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class StepBudgetDIETClassifier(DIETClassifier):
    """DIETClassifier whose epochs grow on small data sets to reach ``min_steps``."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Returns DIET's default config with the step budget (off by default)."""
        return {
            **DIETClassifier.get_default_config(),
            # Optimiser steps (batches) a training must reach; 0 trains `epochs`.
            MIN_STEPS_KEY: 0,
            # The most epochs the budget may raise a training to.
            MAX_EPOCHS_KEY: 300,
        }

    def preprocess_train_data(self, training_data: TrainingData) -> RasaModelData:
        """Prepares the data as DIET does, then sets the epochs for the step budget."""
        model_data = super().preprocess_train_data(training_data)
        if model_data.is_empty():
            return model_data
        n_examples = model_data.number_of_examples()
        configured = int(self.component_config[EPOCHS])
        batch_sizes = self.component_config[BATCH_SIZES]
        epochs = epochs_for_steps(
            n_examples,
            batch_sizes,
            configured,
            int(self.component_config.get(MIN_STEPS_KEY) or 0),
            int(self.component_config.get(MAX_EPOCHS_KEY) or configured),
        )
        if epochs != configured:
            logger.info(
                "DIET: %d examples, %d epochs -> %d (%d -> %d optimiser steps)",
                n_examples,
                configured,
                epochs,
                optimiser_steps(n_examples, batch_sizes, configured),
                optimiser_steps(n_examples, batch_sizes, epochs),
            )
        self.component_config[EPOCHS] = epochs
        return model_data
