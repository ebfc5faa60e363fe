"""The pager long output goes through on a terminal, by git's rules: ``CASECTL_PAGER``, else
``PAGER``, else ``less -FRX`` (quit when it fits one screen, pass colours, leave the text on the
screen); an empty value or ``cat`` means none. The caller decides when (a terminal, no
``--no-pager``); this module only starts the process and lets it finish."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import TextIO

DEFAULT = "less -FRX"


def command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The pager's command line, or None when there is to be none."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("CASECTL_PAGER")
    if chosen is None:
        chosen = environ.get("PAGER", DEFAULT)
    try:
        words = shlex.split(chosen, posix=os.name != "nt")
    except ValueError:
        return None
    return words if words and words != ["cat"] else None


@dataclass
class Pager:
    """A running pager: write to ``stream``; ``close`` waits for the person to quit it."""

    process: subprocess.Popen[bytes]
    stream: TextIO

    def close(self) -> None:
        with suppress(BrokenPipeError, OSError):  # the person quit the pager before the end
            self.stream.close()
        self.process.wait()


def start(words: list[str]) -> Pager | None:
    """``words`` started with its input a pipe we write UTF-8 to, ``LESS=FRX`` and ``LV=-c``
    when unset (as git sets them); None when it cannot be started (then there is no pager)."""
    environ = {**os.environ}
    environ.setdefault("LESS", "FRX")
    environ.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(words, stdin=subprocess.PIPE, env=environ)
    except OSError:
        return None
    assert process.stdin is not None
    stream = io.TextIOWrapper(process.stdin, encoding="utf-8", line_buffering=False)
    return Pager(process, stream)
