"""Command line: ``python -m knowledge_base {validate,load,status,export-nlu}``."""

from __future__ import annotations

import sys

from knowledge_base.cli import main

if __name__ == "__main__":
    sys.exit(main())
