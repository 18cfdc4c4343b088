"""The TF-IDF + dense logistic-regression intent classifier, run in the Rasa environment."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest

from tests.nlu.rasa_python import run_in_rasa

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    import numpy as np
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from tanya_nlu.intent_classifier import TfidfE5IntentClassifier
    from tanya_nlu.normalizer import IndonesianWhitespaceTokenizer

    storage = LocalModelStorage(Path(sys.argv[1]))
    context = ExecutionContext(GraphSchema({}), "test")
    resource = Resource("intents")
    tokenizer = IndonesianWhitespaceTokenizer(IndonesianWhitespaceTokenizer.get_default_config())
    DIM = 4
    AXIS = {"ask_cost": 0, "ask_requirements": 1, "greet": 2}

    def message(text, intent=None, dense=True):
        data = {"text": text}
        if intent:
            data["intent"] = intent
        m = Message(data=data)
        tokenizer.process([m])
        if dense:
            vector = np.zeros((1, DIM), dtype=np.float32)
            vector[0, AXIS.get(intent, 3)] = 1.0
            m.add_features(Features(vector, "sentence", "text", "dense"))
        return m

    examples = [
        message(t, "ask_cost") for t in ("berapa biaya ktp", "bayar berapa", "biayanya brp")
    ] + [
        message(t, "ask_requirements")
        for t in ("apa syarat ktp", "syaratnya apa aja", "bawa apa saja")
    ] + [message(t, "greet") for t in ("halo", "selamat pagi", "hai min")]
    config = {**TfidfE5IntentClassifier.get_default_config(), "ranking_length": 2}
    trained = TfidfE5IntentClassifier.create(config, storage, resource, context)
    trained.train(TrainingData(examples))
    loaded = TfidfE5IntentClassifier.load(config, storage, resource, context)
    probe = [message("biaya bikin kk brp", dense=False), message("syarat kk apa", dense=False)]
    out = {
        "trained": trained.predict(probe).tolist(),
        "loaded": loaded.predict(probe).tolist(),
        "labels": loaded.labels,
    }
    loaded.process(probe)
    out["intents"] = [m.get("intent")["name"] for m in probe]
    out["ranking_lengths"] = [len(m.get("intent_ranking")) for m in probe]
    untrained = TfidfE5IntentClassifier.load(config, storage, Resource("missing"), context)
    other = message("halo", dense=False)
    untrained.process([other])
    out["untrained_intent"] = other.get("intent")
    blending = TfidfE5IntentClassifier.load(
        {**config, "previous_ranking_weight": 0.9}, storage, resource, context
    )
    earlier = message("biaya bikin kk brp", dense=False)
    earlier.set("intent_ranking", [{"name": "greet", "confidence": 0.95}])
    blending.process([earlier])
    out["blended_intent"] = earlier.get("intent")["name"]
    out["temperature"] = [trained.temperature, loaded.temperature]
    plain = TfidfE5IntentClassifier.create(
        {**config, "calibration_folds": 0}, storage, Resource("plain"), context
    )
    plain.train(TrainingData(examples))
    out["plain_temperature"] = plain.temperature
    out["plain"] = plain.predict(probe).tolist()
    # predict() multiplies block by block; it must equal the stacked feature matrix's
    # product, dense columns included.
    from tanya_nlu.intent_classifier import softmax
    mixed = probe + [message("berapa biaya ktp", "ask_cost"), message("halo kak", "greet")]
    stacked = loaded._matrix(mixed) @ loaded._weights.T + loaded._bias
    out["stacked"] = softmax(np.asarray(stacked) / loaded.temperature).tolist()
    out["blockwise"] = loaded.predict(mixed).tolist()
    # Six examples of one intent against one of another: "balanced" weighs the lone
    # example six times as much, which raises its intent on a message both share words with.
    lopsided = [
        message(t, "ask_cost", dense=False)
        for t in ("berapa biaya ktp", "biaya kk berapa", "bayar ktp berapa",
                  "biaya akta berapa", "ongkos ktp", "tarif kk berapa")
    ] + [message("syarat ktp apa", "ask_requirements", dense=False)]
    shared = [message("ktp kk", dense=False)]
    for weighting in (None, "balanced"):
        weighted = TfidfE5IntentClassifier.create(
            {**config, "calibration_folds": 0, "class_weight": weighting},
            storage, Resource(f"weighted-{weighting}"), context,
        )
        weighted.train(TrainingData(lopsided))
        column = weighted.labels.index("ask_requirements")
        out[f"minority_{weighting}"] = float(weighted.predict(shared)[0][column])
    from rasa.shared.exceptions import InvalidConfigException
    try:
        TfidfE5IntentClassifier.create(
            {**config, "class_weight": "auto"}, storage, Resource("bad"), context
        )
        out["bad_class_weight"] = None
    except InvalidConfigException as error:
        out["bad_class_weight"] = str(error)
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    storage: Path = tmp_path_factory.mktemp("storage")
    return run_in_rasa(SCRIPT, str(storage))


def test_predicts_the_intent_from_ngrams_without_dense_features(report: dict) -> None:
    assert report["intents"] == ["ask_cost", "ask_requirements"]
    assert report["labels"] == ["ask_cost", "ask_requirements", "greet"]


def test_probabilities_survive_persist_and_load(report: dict) -> None:
    for loaded, trained in zip(report["loaded"], report["trained"], strict=True):
        assert loaded == pytest.approx(trained, abs=1e-6)
    for row in report["loaded"]:
        assert sum(row) == pytest.approx(1.0, abs=1e-5)


def test_ranking_is_cut_to_the_configured_length(report: dict) -> None:
    assert report["ranking_lengths"] == [2, 2]


def test_a_missing_model_leaves_messages_alone(report: dict) -> None:
    assert report["untrained_intent"] is None


def test_an_earlier_ranking_is_blended_in_when_configured(report: dict) -> None:
    assert report["blended_intent"] == "greet"


def test_probabilities_are_calibrated_and_the_temperature_is_stored(report: dict) -> None:
    trained, loaded = report["temperature"]
    assert loaded == trained
    assert 0.05 <= trained <= 20.0 and trained != 1.0
    assert report["plain_temperature"] == 1.0
    for calibrated, plain in zip(report["loaded"], report["plain"], strict=True):
        top = max(range(len(plain)), key=plain.__getitem__)
        # Same ranking; a temperature below 1 sharpens, above 1 softens.
        assert max(range(len(calibrated)), key=calibrated.__getitem__) == top
        assert (calibrated[top] > plain[top]) == (trained < 1.0)


def test_blockwise_scores_equal_the_stacked_feature_product(report: dict) -> None:
    assert len(report["blockwise"]) == 4
    for blockwise, stacked in zip(report["blockwise"], report["stacked"], strict=True):
        # Log-probabilities: the dense probes' probabilities saturate near 1.
        assert [math.log(p) for p in blockwise] == pytest.approx(
            [math.log(p) for p in stacked], abs=1e-4
        )


def test_balanced_class_weight_lifts_an_intent_with_few_examples(report: dict) -> None:
    assert report["minority_balanced"] > report["minority_None"] + 0.05


def test_an_unknown_class_weight_is_rejected_by_name(report: dict) -> None:
    assert report["bad_class_weight"] is not None
    assert "class_weight" in report["bad_class_weight"]
    assert "'auto'" in report["bad_class_weight"]
