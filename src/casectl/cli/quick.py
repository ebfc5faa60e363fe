"""``casectl list`` (its table, JSON or CSV) and ``casectl overdue`` (its table or JSON) with
their output piped (a script, a CI job), answered before the application loads: from the index
alone (``api.quick``), printed as the full commands print them. Anything else — a terminal,
another option, a casebook the index is not sure of, nothing to list — goes the full way."""

from __future__ import annotations

import sys

# The command lines answered here (after one ``-C PATH`` at most), each with its format.
QUICK = {
    ("list",): "table",
    ("list", "--format", "table"): "table",
    ("list", "--format", "json"): "json",
    ("list", "--format", "csv"): "csv",
    ("overdue",): "gate",
    ("overdue", "--format", "table"): "gate",
    ("overdue", "--format", "json"): "gate json",
}
CASEBOOK = ("-C", "--casebook")  # one casebook folder named (several, or an org file: full way)


def wanted(argv: list[str]) -> tuple[str | None, str] | None:
    """The casebook ``-C`` names (None: found as usual) and what to show, when ``argv`` is
    one this module may answer (``QUICK``)."""
    casebook = None
    if len(argv) >= 3 and argv[0] in CASEBOOK:
        casebook, argv = argv[1], argv[2:]
    shown = QUICK.get(tuple(argv))
    return (casebook, shown) if shown is not None else None


def answer(argv: list[str]) -> int | None:
    """The exit code of ``argv`` answered here; None: not answered, run the full command."""
    asked = wanted(argv)
    if asked is None or sys.stdout.isatty():
        return None
    from casectl.api.env import colour_forced, speak

    if colour_forced():
        return None
    speak(argv)
    casebook, what = asked
    try:
        shown = _overdue(casebook, what) if what.startswith("gate") else _list(casebook, what)
    except Exception:  # nothing printed yet: the full way runs it, and says what is wrong
        return None
    if shown is None:
        return None
    code, out, err = shown
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


Shown = tuple[int, str, str]  # the exit code, what goes to stdout, what goes to stderr


def _list(casebook: str | None, form: str) -> Shown | None:
    """The list as a table, CSV (both with each case's standing) or JSON (without: as the
    full ``list`` gives it unless ``--json`` asks for it)."""
    from casectl.api import quick

    rows = quick.list_rows(casebook, standing=form != "json")
    if not rows:
        return None  # nothing to list: the full way says so
    from casectl.render import listing
    from casectl.render.text import plain

    found = list(map(dict, rows))
    if form == "table":
        return 0, plain(listing.table(found)) + "\n", ""
    return 0, listing.FORMATS[form](found), ""


def _overdue(casebook: str | None, form: str) -> Shown | None:
    """The gate's table, then its summary on stderr, or its JSON; exit 1 on a breach
    (``cli.overdue``)."""
    from casectl.api import quick

    found = quick.overdue(casebook)
    if found is None:
        return None
    from casectl.core.views.gate import fails
    from casectl.errors import EXIT_OK, EXIT_PROBLEMS
    from casectl.render import overdue_table
    from casectl.render.gate_report import Report
    from casectl.render.text import plain

    gate, frame, paths = found
    report = Report(gate, frame, paths)
    code = EXIT_PROBLEMS if fails(gate.breaches, gate.warnings) else EXIT_OK
    if form == "gate json":
        from casectl.render.overdue import FORMATS

        return code, FORMATS["json"](report), ""
    grid = overdue_table.table(report)
    out = plain(grid) + "\n" if grid.rows else ""
    return code, out, report.summary() + "\n"
