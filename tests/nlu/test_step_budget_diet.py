"""DIET with a step budget, trained for real in the Rasa environment."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.nlu.rasa_python import run_in_rasa

SCRIPT = textwrap.dedent(
    """
    import json, sys, logging
    from pathlib import Path
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
        CountVectorsFeaturizer,
    )
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from tanya_nlu.diet import StepBudgetDIETClassifier
    from tanya_nlu.normalizer import IndonesianWhitespaceTokenizer
    from tanya_nlu.training_budget import optimiser_steps

    logging.disable(logging.WARNING)
    storage = LocalModelStorage(Path(sys.argv[1]))
    context = ExecutionContext(GraphSchema({}), "test")
    tokenizer = IndonesianWhitespaceTokenizer(IndonesianWhitespaceTokenizer.get_default_config())
    texts = {
        "ask_cost": ["berapa biaya ktp", "bayar berapa", "biayanya brp", "gratis ga"],
        "ask_requirements": ["apa syarat ktp", "syaratnya apa", "bawa apa saja", "dokumen apa"],
        "greet": ["halo", "selamat pagi", "hai min", "permisi kak"],
    }
    examples = [
        Message(data={"text": text, "intent": intent})
        for intent, phrases in texts.items()
        for text in phrases
    ]
    data = TrainingData(examples)
    tokenizer.process_training_data(data)
    featurizer = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("cv"), context
    )
    featurizer.train(data)
    featurizer.process_training_data(data)

    def diet(name, **config):
        config = {
            **StepBudgetDIETClassifier.get_default_config(),
            "epochs": 2,
            "batch_size": [4, 8],
            "number_of_transformer_layers": 0,
            "random_seed": 1,
            **config,
        }
        return StepBudgetDIETClassifier.create(config, storage, Resource(name), context)

    out = {"steps_at_2": optimiser_steps(len(examples), [4, 8], 2)}
    plain = diet("plain")
    plain.preprocess_train_data(data)
    out["plain_epochs"] = plain.component_config["epochs"]
    budget = diet("budget", min_steps=20, max_epochs=50)
    budget.train(data)
    out["budget_epochs"] = budget.component_config["epochs"]
    out["budget_steps"] = optimiser_steps(len(examples), [4, 8], out["budget_epochs"])
    capped = diet("capped", min_steps=10_000, max_epochs=5)
    capped.preprocess_train_data(data)
    out["capped_epochs"] = capped.component_config["epochs"]
    probe = Message(data={"text": "biaya bikin kk berapa"})
    tokenizer.process([probe])
    featurizer.process([probe])
    loaded = StepBudgetDIETClassifier.load(
        budget.component_config, storage, Resource("budget"), context
    )
    loaded.process([probe])
    out["ranked"] = [item["name"] for item in probe.get("intent_ranking")]
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    storage: Path = tmp_path_factory.mktemp("storage")
    return run_in_rasa(SCRIPT, str(storage))


def test_without_a_budget_the_configured_epochs_are_kept(report: dict) -> None:
    assert report["plain_epochs"] == 2


def test_a_small_data_set_trains_until_the_budget_is_reached(report: dict) -> None:
    assert report["steps_at_2"] < 20
    assert report["budget_epochs"] > 2
    assert report["budget_steps"] >= 20


def test_the_budget_is_capped(report: dict) -> None:
    assert report["capped_epochs"] == 5


def test_the_trained_model_loads_and_ranks_every_intent(report: dict) -> None:
    assert sorted(report["ranked"]) == ["ask_cost", "ask_requirements", "greet"]
