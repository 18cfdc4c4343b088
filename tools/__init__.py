"""Developer tools run by the Makefile (NLU evaluation); not imported by the product."""
