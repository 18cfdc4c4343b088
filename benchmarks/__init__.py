"""``make bench``: end-to-end load against bare Rasa, NLU latency, knowledge-base scale."""
