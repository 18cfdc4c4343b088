"""Intent classifier: logistic regression on TF-IDF n-grams and the e5 sentence vector.

Measured on the held-out file (docs/nlu.md), a linear model on sublinear TF-IDF word
1-2-grams and char_wb 1-4-grams of the *normalised* tokens, concatenated with the
multilingual-e5 sentence vector (scaled so that it weighs about as much as the n-grams),
beats DIET for intents on this data (few hundred examples per intent, short messages):
DIET keeps the entities (``intent_classification: false``), this component the intents.

Its probabilities are temperature-scaled (``tanya_nlu.calibration``): a temperature
fitted on out-of-fold scores of the training data makes the confidence that
FallbackClassifier compares with its thresholds mean about the same on any data set.

The TF-IDF vocabularies, the regression weights and the temperature are stored as JSON
and ``.npy`` files, not pickles, so loading a model never runs stored code; inference is
a sparse matrix product and a softmax.
"""

from __future__ import annotations

import json
import logging
import warnings
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from tanya_nlu.calibration import fit_temperature

logger = logging.getLogger(__name__)

WORD_NGRAMS_KEY = "word_ngram_range"
CHAR_NGRAMS_KEY = "char_ngram_range"
DENSE_WEIGHT_KEY = "dense_weight"
C_KEY = "C"
MAX_ITER_KEY = "max_iter"
RANKING_LENGTH_KEY = "ranking_length"
RANDOM_STATE_KEY = "random_state"
BLEND_KEY = "previous_ranking_weight"
CALIBRATION_FOLDS_KEY = "calibration_folds"
CLASS_WEIGHT_KEY = "class_weight"

_WORD_TOKEN_PATTERN = r"(?u)\b\w+\b"
_FOLD_MAX_ITER = 60


def _vectorizer(analyzer: str, ngram_range: list[int]) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=analyzer,
        ngram_range=(int(ngram_range[0]), int(ngram_range[1])),
        sublinear_tf=True,
        lowercase=True,
        token_pattern=_WORD_TOKEN_PATTERN if analyzer == "word" else None,
        dtype=np.float32,
    )


def _restore_vectorizer(
    analyzer: str, ngram_range: list[int], vocabulary: dict[str, int], idf: np.ndarray
) -> TfidfVectorizer:
    vectorizer = _vectorizer(analyzer, ngram_range)
    vectorizer.set_params(vocabulary=vocabulary)
    vectorizer.idf_ = idf
    return vectorizer


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax.

    Args:
        scores: Shape ``(n, classes)``.

    Returns:
        Probabilities of the same shape.
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfE5IntentClassifier(GraphComponent, IntentClassifier):
    """Logistic regression on TF-IDF n-grams of normalised tokens plus dense features."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Returns the component's default config."""
        return {
            WORD_NGRAMS_KEY: [1, 2],
            CHAR_NGRAMS_KEY: [1, 4],
            # Multiplies the (L2-normalised) dense sentence vector, e.g. e5's.
            DENSE_WEIGHT_KEY: 3.0,
            # Inverse regularisation strength of the logistic regression.
            C_KEY: 10.0,
            MAX_ITER_KEY: 2000,
            RANKING_LENGTH_KEY: 10,
            RANDOM_STATE_KEY: 42,
            # Weight of the intent ranking an earlier classifier (DIET) left on the
            # message, averaged with this classifier's probabilities; 0 ignores it.
            BLEND_KEY: 0.0,
            # Folds of the training data whose out-of-fold scores fit the temperature
            # of the probabilities (tanya_nlu.calibration); 0 or 1 keeps T = 1.
            CALIBRATION_FOLDS_KEY: 3,
            # "balanced" weighs each intent's examples by the inverse of its share of
            # the training data, so that an intent with few examples is not outvoted
            # by a similar, larger one; None weighs every example alike.
            CLASS_WEIGHT_KEY: None,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """Any extra python dependencies required for this component to run."""
        return ["sklearn", "scipy", "numpy"]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        word: TfidfVectorizer | None = None,
        char: TfidfVectorizer | None = None,
        weights: np.ndarray | None = None,
        bias: np.ndarray | None = None,
        labels: list[str] | None = None,
        dense_dim: int = 0,
        temperature: float = 1.0,
    ) -> None:
        """Creates the classifier (trained parts are given when loading)."""
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._word = word
        self._char = char
        self._weights = weights
        self._bias = bias
        self._labels = labels or []
        self._dense_dim = dense_dim
        self._temperature = temperature
        # (word block, char block, dense block) of the weights, see _weight_blocks.
        self._blocks: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TfidfE5IntentClassifier:
        """Creates a new untrained component (see parent class for full docstring)."""
        cls.validate_config(config)
        return cls(config, model_storage, resource)

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        """Rejects settings the regression cannot use, naming the key."""
        if config.get(CLASS_WEIGHT_KEY) not in (None, "balanced"):
            raise InvalidConfigException(
                f"TfidfE5IntentClassifier: '{CLASS_WEIGHT_KEY}' must be null or 'balanced', "
                f"not {config.get(CLASS_WEIGHT_KEY)!r}."
            )

    @staticmethod
    def _text(message: Message) -> str:
        tokens = message.get(TOKENS_NAMES[TEXT])
        if tokens:
            return " ".join(token.text for token in tokens)
        return str(message.get(TEXT) or "")

    @staticmethod
    def _dense(message: Message) -> np.ndarray | None:
        _, sentence = message.get_dense_features(TEXT)
        return None if sentence is None else np.asarray(sentence.features).reshape(-1)

    def _parts(
        self, messages: list[Message]
    ) -> tuple[scipy.sparse.csr_matrix, scipy.sparse.csr_matrix, np.ndarray | None]:
        """The word and char TF-IDF rows and the weighted dense rows of the messages."""
        assert self._word is not None and self._char is not None
        texts = [self._text(m) for m in messages]
        dense = None
        if self._dense_dim:
            dense = np.zeros((len(messages), self._dense_dim), dtype=np.float32)
            for row, message in enumerate(messages):
                vector = self._dense(message)
                if vector is not None and vector.shape[0] == self._dense_dim:
                    dense[row] = vector
            dense *= float(self._config[DENSE_WEIGHT_KEY])
        return self._word.transform(texts), self._char.transform(texts), dense

    def _matrix(self, messages: list[Message]) -> scipy.sparse.csr_matrix:
        """The feature matrix the regression is fitted on: the parts side by side."""
        word, char, dense = self._parts(messages)
        parts = [word, char] if dense is None else [word, char, scipy.sparse.csr_matrix(dense)]
        return scipy.sparse.hstack(parts).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        """Trains the classifier on the intent examples.

        Args:
            training_data: Tokenized and featurized training data.

        Returns:
            The resource the trained classifier is stored in.
        """
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        labels = sorted({str(e.get(INTENT)) for e in examples})
        if len(labels) < 2:
            logger.warning("TfidfE5IntentClassifier needs two intents or more; not trained.")
            return self._resource
        texts = [self._text(e) for e in examples]
        self._word = _vectorizer("word", self._config[WORD_NGRAMS_KEY]).fit(texts)
        self._char = _vectorizer("char_wb", self._config[CHAR_NGRAMS_KEY]).fit(texts)
        first_dense = next((d for e in examples if (d := self._dense(e)) is not None), None)
        self._dense_dim = 0 if first_dense is None else int(first_dense.shape[0])
        features = self._matrix(examples)
        intents = np.asarray([str(e.get(INTENT)) for e in examples])
        model = self._regression().fit(features, intents)
        self._labels = [str(label) for label in model.classes_]
        self._temperature = self._fit_temperature(features, intents, model)
        coef = np.asarray(model.coef_, dtype=np.float32)
        intercept = np.asarray(model.intercept_, dtype=np.float32)
        if len(self._labels) == 2:
            # Binary sklearn models keep one row (the second class against the first).
            coef = np.vstack([-coef, coef]) / 2
            intercept = np.concatenate([-intercept, intercept]) / 2
        self._weights, self._bias = coef, intercept
        self._blocks = None
        self.persist()
        return self._resource

    def _regression(self, warm_start: bool = False) -> LogisticRegression:
        return LogisticRegression(
            C=float(self._config[C_KEY]),
            # The fold models only feed a one-number fit and start from the full
            # model's weights: 60 iterations gave the project's temperature within
            # 0.1 % of fully converged folds (0.6616 vs 0.6620) in half the time.
            max_iter=_FOLD_MAX_ITER if warm_start else int(self._config[MAX_ITER_KEY]),
            random_state=int(self._config[RANDOM_STATE_KEY]),
            warm_start=warm_start,
            class_weight=self._config.get(CLASS_WEIGHT_KEY),
        )

    def _fit_temperature(
        self, features: scipy.sparse.csr_matrix, intents: np.ndarray, model: LogisticRegression
    ) -> float:
        """Temperature from out-of-fold scores of the training data.

        Each fold's regression starts from the full model's weights (the problem is
        convex, so the start does not change the optimum) and stops after
        ``_FOLD_MAX_ITER`` iterations.
        """
        folds = int(self._config.get(CALIBRATION_FOLDS_KEY) or 0)
        labels = list(model.classes_)
        if folds < 2 or len(labels) < 3 or len(intents) < 2 * folds:
            return 1.0
        index = {label: i for i, label in enumerate(labels)}
        scores = np.full((len(intents), len(labels)), -np.inf)
        known = np.zeros(len(intents), dtype=bool)
        splitter = StratifiedKFold(
            n_splits=folds, shuffle=True, random_state=int(self._config[RANDOM_STATE_KEY])
        )
        with warnings.catch_warnings():
            # Intents with fewer examples than folds are expected (and skipped below).
            warnings.simplefilter("ignore", UserWarning)
            splits = list(splitter.split(np.zeros(len(intents)), intents))
        for train_rows, test_rows in splits:
            present = np.unique(intents[train_rows])
            if len(present) < 3:
                continue
            columns = [index[label] for label in present]
            fold_model = self._regression(warm_start=True)
            fold_model.coef_ = model.coef_[columns].copy()
            fold_model.intercept_ = model.intercept_[columns].copy()
            with warnings.catch_warnings():
                # Stopping at _FOLD_MAX_ITER is intended.
                warnings.simplefilter("ignore", ConvergenceWarning)
                fold_model.fit(features[train_rows], intents[train_rows])
            decided = fold_model.decision_function(features[test_rows])
            scores[np.ix_(test_rows, columns)] = decided
            known[test_rows] = np.isin(intents[test_rows], present)
        gold = np.asarray([index[label] for label in intents[known]], dtype=int)
        temperature = fit_temperature(scores[known], gold)
        logger.debug("Intent probabilities: temperature %.3f from %d folds", temperature, folds)
        return temperature

    def predict(self, messages: list[Message]) -> np.ndarray:
        """Class probabilities, one row per message, columns in ``labels`` order.

        Args:
            messages: Tokenized and featurized messages.

        Returns:
            Shape ``(len(messages), len(labels))``.
        """
        assert self._weights is not None and self._bias is not None
        # The same product as features @ weights.T, block by block: building the
        # stacked sparse matrix cost more than the products on one message.
        word, char, dense = self._parts(messages)
        word_weights, char_weights, dense_weights = self._weight_blocks(word.shape[1])
        scores = np.asarray(word @ word_weights) + np.asarray(char @ char_weights)
        if dense is not None:
            scores += dense @ dense_weights
        return softmax((scores + self._bias) / self._temperature)

    def _weight_blocks(self, n_word: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The transposed weights of the word, char and dense columns (computed once).

        Args:
            n_word: The number of word n-gram columns.
        """
        assert self._weights is not None
        if self._blocks is None:
            n_sparse = self._weights.shape[1] - self._dense_dim
            word, char, dense = (
                np.ascontiguousarray(self._weights[:, start:end].T)
                for start, end in ((0, n_word), (n_word, n_sparse), (n_sparse, None))
            )
            self._blocks = (word, char, dense)
        return self._blocks

    @property
    def labels(self) -> list[str]:
        """The intents, in the order of :meth:`predict`'s columns."""
        return list(self._labels)

    @property
    def temperature(self) -> float:
        """The temperature the scores are divided by before the softmax."""
        return self._temperature

    def process(self, messages: list[Message]) -> list[Message]:
        """Sets ``intent`` and ``intent_ranking`` on each message.

        Args:
            messages: Tokenized and featurized messages.

        Returns:
            The same messages.
        """
        if self._weights is None or not messages:
            return messages
        probabilities = self.predict(messages)
        length = int(self._config[RANKING_LENGTH_KEY])
        blend = float(self._config.get(BLEND_KEY) or 0.0)
        for message, row in zip(messages, probabilities, strict=True):
            if blend > 0:
                row = self._blend(row, message.get(INTENT_RANKING_KEY), blend)
            order = np.argsort(-row)
            ranking = [{"name": self._labels[i], "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                ranking[:length] if length > 0 else ranking,
                add_to_output=True,
            )
        return messages

    def _blend(
        self, row: np.ndarray, previous: list[dict[str, Any]] | None, weight: float
    ) -> np.ndarray:
        """Average with the earlier classifier's ranking (intents it did not rank: 0)."""
        if not previous:
            return row
        index = {label: i for i, label in enumerate(self._labels)}
        prior = np.zeros_like(row)
        for item in previous:
            i = index.get(str(item.get("name")))
            if i is not None:
                prior[i] = float(item.get("confidence") or 0.0)
        return (1.0 - weight) * row + weight * prior

    def persist(self) -> None:
        """Stores vocabularies, idf and weights as JSON and ``.npy`` files (no pickle)."""
        assert self._word is not None and self._char is not None
        with self._model_storage.write_to(self._resource) as directory:
            meta = {
                "labels": self._labels,
                "dense_dim": self._dense_dim,
                "temperature": self._temperature,
                "word_vocabulary": {k: int(v) for k, v in self._word.vocabulary_.items()},
                "char_vocabulary": {k: int(v) for k, v in self._char.vocabulary_.items()},
            }
            (directory / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
            np.save(directory / "word_idf.npy", self._word.idf_)
            np.save(directory / "char_idf.npy", self._char.idf_)
            np.save(directory / "weights.npy", self._weights)
            np.save(directory / "bias.npy", self._bias)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfE5IntentClassifier:
        """Loads the trained component (see parent class for full docstring)."""
        try:
            with model_storage.read_from(resource) as directory:
                meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
                word = _restore_vectorizer(
                    "word", config[WORD_NGRAMS_KEY], meta["word_vocabulary"],
                    np.load(directory / "word_idf.npy", allow_pickle=False),
                )  # fmt: skip
                char = _restore_vectorizer(
                    "char_wb", config[CHAR_NGRAMS_KEY], meta["char_vocabulary"],
                    np.load(directory / "char_idf.npy", allow_pickle=False),
                )  # fmt: skip
                weights = np.load(directory / "weights.npy", allow_pickle=False)
                bias = np.load(directory / "bias.npy", allow_pickle=False)
        except (ValueError, FileNotFoundError):
            logger.debug("No trained TfidfE5IntentClassifier in '%s'.", resource.name)
            return cls.create(config, model_storage, resource, execution_context)
        return cls(
            config, model_storage, resource, word, char, weights, bias,
            meta["labels"], int(meta["dense_dim"]), float(meta.get("temperature", 1.0)),
        )  # fmt: skip
