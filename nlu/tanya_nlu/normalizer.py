"""Rasa 3.6 tokenizer that normalises informal Indonesian while it tokenizes.

Rasa runs the tokenizer first in every NLU graph, so a separate "text rewriting"
component placed before it cannot change what the featurizers see. Instead this
tokenizer splits the message like ``WhitespaceTokenizer`` (but also at punctuation
glued to words) and gives each token the *normalised* text from
``tanya_nlu.text_normalization`` while keeping the token's original ``start``/``end``
offsets. Featurizers therefore see ``sudah``/``bagaimana`` for ``udh``/``gmn``,
and extracted entities still point at the citizen's own words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from tanya_nlu.text_normalization import load_lexicon, normalize_word, split_words

LEXICON_PATH_KEY = "lexicon_path"
LOWERCASE_KEY = "lowercase"
NORMALIZE_KEY = "normalize"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class IndonesianWhitespaceTokenizer(WhitespaceTokenizer):
    """Whitespace tokenizer whose tokens carry normalised Indonesian text."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Returns the component's default config."""
        return {
            **WhitespaceTokenizer.get_default_config(),
            # Map slang and abbreviations to standard words (udh -> sudah).
            NORMALIZE_KEY: True,
            # Lowercase token texts; False keeps each token's case pattern so that
            # LexicalSyntacticFeaturizer still sees upper/title case.
            LOWERCASE_KEY: False,
            # A TSV lexicon (see lexicon/slang_id.tsv); None = the bundled one.
            LEXICON_PATH_KEY: None,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        """Initialises the tokenizer and loads the lexicon."""
        super().__init__(config)
        self._normalize = bool(self._config.get(NORMALIZE_KEY, True))
        self._lowercase = bool(self._config.get(LOWERCASE_KEY, False))
        path = self._config.get(LEXICON_PATH_KEY)
        self._lexicon = load_lexicon(Path(path) if path else None)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IndonesianWhitespaceTokenizer:
        """Creates a new component (see parent class for full docstring)."""
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokenizes the attribute's text into normalised tokens.

        Args:
            message: The message to tokenize.
            attribute: The message attribute holding the text (usually ``text``).

        Returns:
            Tokens whose ``text`` (and ``lemma``) is the normalised word and whose
            ``start``/``end`` are the offsets of the original word.
        """
        text = message.get(attribute)
        spans = split_words(text)
        if not spans:
            # Only emoji or punctuation: keep the whole text as one token, like Rasa.
            return [Token(text, 0)]
        tokens = []
        for span in spans:
            word = (
                normalize_word(span.text, self._lexicon, lowercase=self._lowercase)
                if self._normalize
                else span.text
            )
            tokens.append(Token(word, span.start, span.end, lemma=word))
        return self._apply_token_pattern(tokens)
