"""The supervisor of ``make run``: prepares the model and runs every process of the assistant.

``bot.supervisor.training`` (model fingerprint, ``ensure_model``) is also a CLI module
(``make train``), so it is imported from its own module rather than re-exported here.
"""

from bot.supervisor.processes import ManagedProcess, ProcessFailed, ProcessSupervisor

__all__ = ["ManagedProcess", "ProcessFailed", "ProcessSupervisor"]
