"""Rasa 3.6 component that drops, repairs or adds ``service`` entities after synonym mapping.

It learns the set of service ids from the training data (the values of annotated
``service`` entities) and an alias index from the entity synonyms (the knowledge
base export puts every alias there). The message's words are also looked up in that
index (``scan_aliases``): a longer alias of another service replaces the part of it
DIET tagged ("ktp anak" is the KIA), and when DIET found no service, the aliases found
are the services, so that a name the knowledge base lists but no training sentence
uses ("jamsostek", "kua") is still understood. A name that only qualifies another one
next to it ("balik nama stnk") is dropped. The rules live in
``tanya_nlu.entity_rules``. Place it after ``EntitySynonymMapper``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from tanya_nlu.entity_rules import (
    alias_words_by_service,
    build_alias_index,
    drop_qualifying_mentions,
    find_service_mentions,
    prefer_longer_mentions,
    resolve_service_entities,
)

logger = logging.getLogger(__name__)

ENTITY_KEY = "entity"
SCAN_ALIASES_KEY = "scan_aliases"
DROP_QUALIFIERS_KEY = "drop_qualifying_mentions"
_FILENAME = "service_index.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class ServiceEntityResolver(GraphComponent, EntityExtractorMixin):
    """Keeps only service entities that resolve to a known service id."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Returns the component's default config."""
        return {
            ENTITY_KEY: "service",
            # Look the words up as aliases: a longer alias than DIET's span wins, and
            # the aliases found are the services when DIET found none.
            SCAN_ALIASES_KEY: True,
            # Drop a name that only qualifies the service next to it ("balik nama stnk").
            # Also part of the component's fingerprint: a model cached before the alias
            # words were learned is retrained, not restored without them.
            DROP_QUALIFIERS_KEY: True,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        known_ids: list[str] | None = None,
        alias_index: dict[str, str] | None = None,
        alias_words: dict[str, list[str]] | None = None,
    ) -> None:
        """Creates the resolver with a (possibly empty) learned index."""
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._known_ids = set(known_ids or [])
        self._alias_index = alias_index or {}
        self._alias_words = alias_words or {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ServiceEntityResolver:
        """Creates a new untrained component (see parent class for full docstring)."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Learns the service ids and the alias index from the training data.

        Args:
            training_data: The NLU training data.

        Returns:
            The resource the index was persisted to.
        """
        name = self._config[ENTITY_KEY]
        aliases: dict[str, str] = dict(training_data.entity_synonyms)
        for example in training_data.entity_examples:
            for entity in example.get(ENTITIES, []):
                if entity.get("entity") != name:
                    continue
                value = str(entity.get("value"))
                self._known_ids.add(value)
                surface = example.get(TEXT)[entity["start"] : entity["end"]]
                aliases.setdefault(surface.lower(), value)
        self._alias_index = build_alias_index(self._known_ids, aliases)
        self._alias_words = alias_words_by_service(aliases, self._known_ids)
        logger.debug(
            "ServiceEntityResolver knows %d ids and %d aliases",
            len(self._known_ids),
            len(self._alias_index),
        )
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILENAME).write_text(
                json.dumps(
                    {
                        "known_ids": sorted(self._known_ids),
                        "alias_index": self._alias_index,
                        "alias_words": self._alias_words,
                    },
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ServiceEntityResolver:
        """Loads the trained component (see parent class for full docstring)."""
        try:
            with model_storage.read_from(resource) as directory:
                data = json.loads((directory / _FILENAME).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            logger.warning("ServiceEntityResolver has no index; it will pass entities through")
            return cls(config, model_storage, resource)
        return cls(
            config,
            model_storage,
            resource,
            data["known_ids"],
            data["alias_index"],
            data.get("alias_words"),
        )

    def process(self, messages: list[Message]) -> list[Message]:
        """Cleans the service entities of each message in place.

        Args:
            messages: Messages whose entities were already synonym-mapped.

        Returns:
            The same messages.
        """
        if not self._known_ids:
            return messages
        name = self._config[ENTITY_KEY]
        for message in messages:
            text = message.get(TEXT) or ""
            entities = message.get(ENTITIES, [])
            cleaned = resolve_service_entities(
                entities, text, self._known_ids, self._alias_index, entity_name=name
            )
            if self._config[SCAN_ALIASES_KEY]:
                mentions = find_service_mentions(text, self._alias_index, entity_name=name)
                cleaned = prefer_longer_mentions(cleaned, mentions, entity_name=name)
                if not any(entity.get("entity") == name for entity in cleaned):
                    cleaned = _merge(cleaned, mentions)
            if self._config[DROP_QUALIFIERS_KEY]:
                cleaned = drop_qualifying_mentions(
                    cleaned, text, self._alias_words, entity_name=name
                )
            if cleaned or entities:
                message.set(ENTITIES, cleaned, add_to_output=True)
        return messages


def _merge(entities: list[dict[str, Any]], found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entities`` plus those of ``found`` that overlap none of them, in text order."""
    added = [
        mention
        for mention in found
        if all(
            mention["end"] <= entity.get("start", 0) or mention["start"] >= entity.get("end", 0)
            for entity in entities
        )
    ]
    if not added:
        return entities
    return sorted([*entities, *added], key=lambda e: (e.get("start", 0), e.get("end", 0)))
