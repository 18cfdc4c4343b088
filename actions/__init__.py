"""Rasa custom actions of Tanya Layanan, served by ``python -m actions``.

rasa-sdk imports every submodule of this package and registers each concrete
``Action`` subclass; the modules hold one family of actions each.
"""

from actions.runtime import Runtime, get_runtime, set_runtime

__all__ = ["Runtime", "get_runtime", "set_runtime"]
