"""Custom Rasa graph components and pure text logic for Tanya Layanan's NLU.

Importing this package does not import rasa; the Rasa components live in
``tanya_nlu.normalizer`` and ``tanya_nlu.e5_featurizer`` and are referenced from the
pipeline by their module path.
"""

from tanya_nlu.text_normalization import (
    DEFAULT_LEXICON_PATH,
    WordSpan,
    load_lexicon,
    normalize_text,
    normalize_word,
    separate_punctuation,
    split_number_unit,
    split_words,
    squeeze_repeated_letters,
)

__all__ = [
    "DEFAULT_LEXICON_PATH",
    "WordSpan",
    "load_lexicon",
    "normalize_text",
    "normalize_word",
    "separate_punctuation",
    "split_number_unit",
    "split_words",
    "squeeze_repeated_letters",
]
