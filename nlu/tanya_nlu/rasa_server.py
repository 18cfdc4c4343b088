"""Rasa's command line with the project's runtime fixes applied first.

``python -m tanya_nlu.rasa_server run --enable-api ...`` is ``rasa run --enable-api ...``
plus :mod:`tanya_nlu.rasa_fixes`. The supervisor (``make run``) and the Rasa image use it.
"""

from __future__ import annotations


def main() -> None:
    """Apply the fixes, then run Rasa's own command line on ``sys.argv``."""
    from tanya_nlu import rasa_fixes

    rasa_fixes.apply()

    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
