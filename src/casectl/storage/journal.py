"""The import journal: an import writes many case files, and a process killed half-way must not
leave half an import. Before the first temporary is written, ``.casectl/import.json`` lists
every file the import will write; before the first file takes its name, it also holds each
one's SHA-256 (``writing``); it is removed once the import has written them all. The next
command that opens the casebook and finds it rolls the import back under the casebook's lock:
each listed file that still holds what the import wrote is removed, with the temporaries a
killed write of it left, then the journal (docs/decisions.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from casectl.storage import locks
from casectl.storage.discovery import LOCAL_DIR
from casectl.storage.files import atomic_write, clean_temporaries, sync_folder

NAME = "import.json"


def _path(root: Path) -> Path:
    return root / LOCAL_DIR / NAME


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextlib.contextmanager
def importing(root: Path, paths: list[Path]) -> Iterator[None]:
    """Around the writes of an import (under the casebook's lock): the files at ``paths`` are
    to be made. Until ``writing`` tells what they will hold, only their temporaries can be
    there. The journal goes when the block ends, whether the import finished or undid itself;
    only a killed process leaves it."""
    _write(root, paths, [None] * len(paths))
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(_path(root))
        sync_folder(_path(root).parent)  # an import told done is never rolled back after


def writing(root: Path, paths: list[Path], texts: list[str]) -> None:
    """Tell the journal what the files at ``paths`` will hold: before the first of them takes
    its name, so a roll-back removes each that holds what the import wrote."""
    _write(root, paths, [_digest(text) for text in texts])


def _write(root: Path, paths: list[Path], digests: list[str | None]) -> None:
    entries = [
        {"file": path.relative_to(root).as_posix(), "sha256": digest}
        for path, digest in zip(paths, digests, strict=True)
    ]
    atomic_write(_path(root), json.dumps({"version": 1, "files": entries}))


def roll_back(root: Path) -> list[str]:
    """Undo an import a killed process left half-done; the files removed (relative). Nothing
    when there is no journal — one ``stat``, so every command can ask."""
    if not _path(root).exists():
        return []
    with locks.casebook(root):
        try:
            data = json.loads(_path(root).read_text(encoding="utf-8"))
            entries = [(str(e["file"]), e["sha256"]) for e in data["files"]]
        except FileNotFoundError:
            return []  # another command rolled it back meanwhile
        except (OSError, ValueError, KeyError, TypeError):
            entries = []  # a journal cut short by the kill: written before any case file
        removed = [rel for rel, digest in entries if _undone(root / rel, digest)]
        with contextlib.suppress(OSError):
            os.unlink(_path(root))
    return removed


def _undone(path: Path, digest: object) -> bool:
    """Remove ``path`` if it holds what the import wrote (a file changed since is kept), and
    the temporaries of it a killed write left (all there can be while the journal tells no
    ``digest``)."""
    clean_temporaries(path)
    if not isinstance(digest, str):
        return False
    try:
        if path.is_symlink() or not path.is_file():
            return False
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return False
        path.unlink()
    except OSError:
        return False
    return True
