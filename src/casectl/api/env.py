"""What a run needs from the machine around it, as library calls: the language it speaks, the
person's editor, a file a command writes its output to, the pager. Light: each loads its door
to the machine (``storage``) only when called."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casectl.storage.pager import Pager


def speak(argv: Sequence[str] = ()) -> str:
    """Choose the language of a run of ``argv`` (``CASECTL_LANG``, the casebook's
    ``language:``, the locale) and translate into it from now on; the language chosen."""
    from casectl.storage import language

    return language.activate(argv)


def colour_forced() -> bool:
    """Whether ``FORCE_COLOR`` asks for colour even when the output is piped."""
    from casectl.storage import env

    return env.colour_forced()


def edit(text: str, *, suffix: str) -> str:
    """``text`` opened in ``$VISUAL``/``$EDITOR`` (else vi, or Notepad on Windows); what the
    person saved. A usage error when the editor cannot run or exits with an error."""
    from casectl.storage import env

    return env.edit(text, suffix=suffix)


def write_output(path: str | os.PathLike[str], text: str) -> None:
    """``text`` written to ``path`` whole (an ``--output`` file, a report); a usage error
    naming the file when it cannot be written, the old file then unchanged."""
    from casectl.storage.files import write_output as write

    write(os.fspath(path), text)


def pager() -> Pager | None:
    """A pager started for this run's output (``CASECTL_PAGER``, ``PAGER``, else
    ``less -FRX``), or None when there is to be none or it cannot start. The caller pages only
    on a terminal and closes it at the end."""
    from casectl.storage import pager as paging

    words = paging.command()
    return paging.start(words) if words else None
