"""The ``casectl`` program: ``--version`` answers before anything heavy loads; everything else
goes to the application in ``cli/app.py``."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from casectl import __version__

        sys.stdout.write(f"casectl {__version__}\n")
        return
    from casectl.cli.app import main as run

    run()
