"""The ``casectl`` program: ``--version`` answers before anything heavy loads; everything else
goes to the application in ``cli/app.py``."""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing itself costs --version a few milliseconds
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO


def utf8_when_redirected(
    streams: Sequence[TextIO] | None = None, *, windows: bool = sys.platform == "win32"
) -> None:
    """On Windows, Python writes a redirected stdout or stderr in the ANSI code page (GBK on a
    Chinese Windows), which cannot hold every character a case may hold, and turns each line
    feed into CRLF. casectl writes redirected output as UTF-8 with its own line ends instead,
    the same bytes as on Linux and macOS (JSON, CSV, ``--excel``'s CRLF); a console keeps
    Python's Unicode console writer."""
    if not windows:
        return
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and not stream.isatty():
            reconfigure(encoding="utf-8", newline="\n")


def main() -> None:
    utf8_when_redirected()
    if complete():
        return
    if sys.argv[1:] == ["--version"]:
        from casectl.version import __version__

        sys.stdout.write(f"casectl {__version__}\n")
        return
    from casectl.cli import quick

    if quick.wanted(sys.argv[1:]):  # list, overdue: piped, from the index alone if it can
        try:
            code = quick.answer(sys.argv[1:])
        except BrokenPipeError:  # `casectl list | head`, as the full way ends it
            leave(0)
        except KeyboardInterrupt:
            from casectl.i18n import _

            said = _("casectl: error: {message}").format(message=_("interrupted"))
            sys.stderr.write(said + "\n")
            leave(130)
        if code is not None:
            leave(code)
    import gc

    # A command lives a second or two and frees almost everything by reference counting; the
    # cycle collector would walk the tens of thousands of case objects again and again.
    gc.disable()
    from casectl.cli.app import main as run

    try:
        run()
    except SystemExit as done:
        leave(done.code)
    leave(0)


def leave(code: object) -> None:
    """End the process once its output is out, without freeing object by object what a
    bulk command built (a report of a large casebook holds hundreds of megabytes: tearing that
    down would take longer than writing the report). Every file casectl writes is closed, and
    synced where it matters, before the command returns; only the output streams are open."""
    import contextlib
    import os

    if isinstance(code, str):  # a message for the reader, as Python's own exit would print
        sys.stderr.write(code + "\n")
        code = 1
    status = code if isinstance(code, int) else 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (``| head``)
            stream.flush()
    os._exit(status)


def complete() -> bool:
    """A TAB of the shell, answered here when it asks for the casebook's values (case IDs,
    owners…): typer would take 0.2 s to load first. False: typer answers."""
    from casectl.api.complete import request as completion_request

    request = completion_request()
    if request is None:
        return False
    from casectl.cli.complete import answer

    found = answer(request)
    if found is None:
        return False
    text, code = found
    if text:
        sys.stdout.write(text + "\n")
    sys.stdout.flush()
    if code:
        raise SystemExit(code)
    return True
