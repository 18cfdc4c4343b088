"""Tests' access to the running-stack helpers, which live in tools.stack (shared with bench)."""

from tools.stack import REPO_ROOT, RunningStack, free_ports, start_stack, wait_for_output

__all__ = ["REPO_ROOT", "RunningStack", "free_ports", "start_stack", "wait_for_output"]
