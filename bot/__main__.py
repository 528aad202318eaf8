"""``python -m bot`` is the ``briefbot`` command."""

import sys

from bot.cli import main

if __name__ == "__main__":  # worker processes import this module again; only the real run starts
    sys.exit(main())
