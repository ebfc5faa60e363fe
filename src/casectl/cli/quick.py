"""``casectl list`` with its output piped, answered before the application loads: from the
index alone (``api.quick``), printed as the full command prints it. Anything else — a terminal,
an option, a casebook the index is not sure of, no case to list — goes the full way."""

from __future__ import annotations

import sys


def answer(argv: list[str]) -> bool:
    """Whether ``argv`` was answered here."""
    from casectl.api.env import colour_forced, speak

    if argv != ["list"] or sys.stdout.isatty() or colour_forced():
        return False
    from casectl.api import quick

    speak(argv)
    rows = quick.list_rows(standing=True)
    if not rows:
        return False  # nothing to list: the full way says so
    from casectl.render import listing
    from casectl.render.text import plain

    sys.stdout.write(plain(listing.table(list(map(dict, rows)))) + "\n")
    return True
