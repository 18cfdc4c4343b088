"""The supervisor of ``make run``: prepares the model and runs every process of the assistant."""

from bot.supervisor.processes import ManagedProcess, ProcessSupervisor
from bot.supervisor.training import ensure_model, model_fingerprint

__all__ = ["ManagedProcess", "ProcessSupervisor", "ensure_model", "model_fingerprint"]
