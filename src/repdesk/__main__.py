"""``repdesk`` and ``python -m repdesk``: parse the command line and run it."""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the console script."""
    from repdesk.cli import run

    sys.exit(run())


if __name__ == "__main__":
    main()
