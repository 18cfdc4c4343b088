"""Property-based tests of the gateway input and the knowledge-base validator."""
