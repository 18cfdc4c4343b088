"""Fault drills: parts of the running assistant killed or slow, nothing lost."""
