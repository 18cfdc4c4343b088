"""Make the ``tanya_nlu`` package (under ``<repo>/nlu``) importable for these tests.

Rasa runs with ``PYTHONPATH=nlu``; the app environment's pytest does not, so the
path is added here, computed from this file's location.
"""

import sys
from pathlib import Path

NLU_DIR = Path(__file__).resolve().parents[2] / "nlu"
if str(NLU_DIR) not in sys.path:
    sys.path.insert(0, str(NLU_DIR))
