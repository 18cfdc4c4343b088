"""Fixes to Rasa 3.6's runtime, applied by ``tanya_nlu.rasa_server`` before Rasa starts.

Each fix is small, measured and keeps Rasa's behaviour; none changes what the model
predicts. They exist because profiling the served assistant showed Rasa, not the
gateway or the actions, to be the bottleneck (docs/benchmarks.md).

* ``RemoteAction._validate_action_result`` calls ``jsonschema.validate`` for every
  action-server response. ``validate`` first checks the (large, constant) events schema
  against its meta-schema, every time: 40 % of Rasa's CPU under load (py-spy), ~42 ms
  per response against ~0.7 ms for a validator built once. The fix builds the validator
  once and raises the same ``ValidationError`` (with Rasa's hint appended) on bad input.
* ``RasaModel.load`` (DIET, TED) trains one step on one example to create the weights
  before loading them, in graph mode: TensorFlow traces the whole training step (forward,
  loss, gradients, optimiser) only to throw it away. That tracing was most of the ~55 s
  between "Loading model" and "Rasa server is up" on this machine. The fix runs that one
  throw-away step eagerly (same variables, created in the same order, then overwritten
  by the stored weights as before) and switches back to graph mode before the prediction
  function is traced, so serving runs exactly the same compiled prediction as before.
"""

from __future__ import annotations

import functools
from typing import Any

_APPLIED = False


@functools.lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """Same contract as Rasa's own method, with the validator built only once."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(_action_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        "For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def _load_model_without_tracing_training(
    cls: Any,
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> Any:
    """``RasaModel.load`` with its weight-building step run eagerly (see the module doc)."""
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    config = kwargs.get("config", {})
    model = cls(*args, **kwargs)
    model.compile(
        optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True
    )
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.load_weights(model_file_name)
    # Back to the configured mode (graph unless the model was configured eager), so the
    # prediction below is traced once and served compiled, exactly as Rasa does it.
    model.run_eagerly = config.get(RUN_EAGERLY)
    if not finetune_mode and predict_data_example:
        model.run_inference(predict_data_example)
    return model


def apply() -> None:
    """Install the fixes (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.tensorflow.models import RasaModel

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    RasaModel.load = classmethod(_load_model_without_tracing_training)  # type: ignore[assignment,method-assign]
    _APPLIED = True
