"""``casectl list`` (its table, JSON or CSV) and ``casectl overdue`` (with the options a CI job
gives it: ``--within``, ``--format``, ``--fail-on``, ``--github``, ``--junit``, ``--markdown``,
``--json-file``) with their output piped, answered before the application loads: from the
index alone (``api.quick``), printed and written as the full commands print and write them.
Anything else — a terminal, another option, a casebook the index is not sure of, nothing to
list — goes the full way."""

from __future__ import annotations

import sys

# ``list`` as answered here: its table, or another ``--format`` (no other option).
LIST_FORMS = {
    (): "table",
    ("--format", "table"): "table",
    ("--format", "json"): "json",
    ("--format", "csv"): "csv",
}
# ``overdue``'s options answered here, with the values each takes (None: any but ``-``), and
# its ``--github`` flag; the files its extra outputs are written to (``cli.overdue``).
GATE_OPTIONS: dict[str, tuple[str, ...] | None] = {
    "--within": None,
    "--format": ("table", "json", "github", "junit", "markdown"),
    "--fail-on": ("breach", "warning", "never"),
    "--junit": None,
    "--markdown": None,
    "--json-file": None,
}
GATE_FLAGS = ("--github",)
EXTRA = {"--junit": "junit", "--markdown": "markdown", "--json-file": "json"}
CASEBOOK = ("-C", "--casebook")  # one casebook folder named (several, or an org file: full way)

Asked = tuple[str | None, str, dict[str, str]]  # the casebook -C names, the command, options


def wanted(argv: list[str]) -> Asked | None:
    """What ``argv`` asks, when it is a command line this module may answer: ``list`` as
    ``LIST_FORMS`` has it, or ``overdue`` with the options of ``GATE_OPTIONS`` and
    ``GATE_FLAGS`` (each once) — after one ``-C PATH`` at most."""
    casebook = None
    if len(argv) >= 3 and argv[0] in CASEBOOK:
        casebook, argv = argv[1], argv[2:]
    if argv[:1] == ["list"]:
        form = LIST_FORMS.get(tuple(argv[1:]))
        return (casebook, "list", {"--format": form}) if form else None
    if argv[:1] == ["overdue"]:
        asked = _gate_options(argv[1:])
        return (casebook, "overdue", asked) if asked is not None else None
    return None


def _gate_options(args: list[str]) -> dict[str, str] | None:
    """``overdue``'s options as given (``--opt value`` or ``--opt=value``); None when one is
    not answered here, given twice or without its value, or the full command would refuse
    the line (two outputs on stdout, an extra output on ``-``)."""
    asked: dict[str, str] = {}
    words = iter(args)
    for word in words:
        name, equals, value = word.partition("=")
        if name in asked:
            return None
        if name in GATE_FLAGS and not equals:
            asked[name] = ""
            continue
        if name not in GATE_OPTIONS:
            return None
        value = value if equals else next(words, "")
        allowed = GATE_OPTIONS[name]
        if not value or value == "-" or (allowed is not None and value not in allowed):
            return None
        asked[name] = value
    if "--github" in asked and asked.get("--format", "table") not in ("table", "github"):
        return None
    return asked


def answer(argv: list[str]) -> int | None:
    """The exit code of ``argv`` answered here; None: not answered, run the full command."""
    asked = wanted(argv)
    if asked is None or sys.stdout.isatty():
        return None
    from casectl.api.env import colour_forced, speak

    if colour_forced():
        return None
    speak(argv)
    casebook, command, options = asked
    try:
        if command == "list":
            shown = _list(casebook, options["--format"])
        else:
            shown = _overdue(casebook, options)
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


def _overdue(casebook: str | None, asked: dict[str, str]) -> Shown | None:
    """The gate as ``cli.overdue`` shows it: with ``--github`` its annotations first, then its
    ``--format`` (the table, then its summary on stderr), then each extra output written to its
    file; exit 1 as ``--fail-on`` says (``gate.fails``)."""
    from casectl.api import quick

    form = asked.get("--format", "table")
    github = "--github" in asked
    extra = [(k, asked[o]) for o, k in EXTRA.items() if o in asked]
    ci = form in ("github", "junit") or github or "--junit" in asked
    found = quick.overdue(casebook, within=asked.get("--within"), ci=ci)
    if found is None:
        return None
    from casectl.api.env import write_output
    from casectl.core.views.gate import fails
    from casectl.errors import EXIT_OK, EXIT_PROBLEMS
    from casectl.i18n import _
    from casectl.render import overdue_table
    from casectl.render.overdue import FORMATS, Report, to_github
    from casectl.render.text import plain

    fail_on = asked.get("--fail-on", "breach")
    host = found.hostname or "localhost"
    report = Report(found.gate, found.frame, found.paths, [], fail_on, found.prefix, host)
    out, err = to_github(report) if github and form != "github" else "", ""
    if form == "table":
        grid = overdue_table.table(report)
        out += plain(grid) + "\n" if grid.rows else ""
        err += report.summary() + "\n"
    else:
        out += FORMATS[form](report)
    for kind, path in extra:
        write_output(path, FORMATS[kind](report))
        err += _("wrote {path}").format(path=path) + "\n"
    gate = found.gate
    return EXIT_PROBLEMS if fails(gate.breaches, gate.warnings, fail_on) else EXIT_OK, out, err
