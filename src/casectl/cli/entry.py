"""The ``casectl`` program: ``--version`` answers before anything heavy loads; everything else
goes to the application in ``cli/app.py``."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from casectl import __version__

        sys.stdout.write(f"casectl {__version__}\n")
        return
    import gc

    # A command lives a second or two and frees almost everything by reference counting; the
    # cycle collector would walk the tens of thousands of case objects again and again.
    gc.disable()
    from casectl.cli.app import main as run

    run()
