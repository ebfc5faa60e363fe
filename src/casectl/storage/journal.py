"""The import journal: an import writes many case files, and a process killed half-way must not
leave half an import. Before a temporary of a case file is written, its file is added to
``.casectl/import-files.txt`` (``expecting``: the files are known as the import plans them);
before the first case file takes its name, ``.casectl/import.json`` lists every file the import
writes with its content's SHA-256 (``writing``). Both are removed once the import has written
them all. The next command that opens the casebook and finds either rolls the import back under
the casebook's lock: each listed file that still holds what the import wrote is removed, with
the temporaries a killed write of it left, then the journal (docs/decisions.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from casectl.storage import locks
from casectl.storage.discovery import LOCAL_DIR
from casectl.storage.files import atomic_write, clean_temporaries, sync_folder

NAME = "import.json"
EXPECTED = "import-files.txt"  # the files an import plans, one a line, before their texts


def _path(root: Path) -> Path:
    return root / LOCAL_DIR / NAME


def _expected(root: Path) -> Path:
    return root / LOCAL_DIR / EXPECTED


def left(root: Path) -> bool:
    """Whether a killed import left its journal (the next command rolls it back)."""
    return _expected(root).exists() or _path(root).exists()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextlib.contextmanager
def importing(root: Path) -> Iterator[None]:
    """Around the writes of an import (under the casebook's lock). The journal goes when the
    block ends, whether the import finished or undid itself; only a killed process leaves
    it."""
    _expected(root).parent.mkdir(parents=True, exist_ok=True)
    _expected(root).write_text("", encoding="utf-8")
    try:
        yield
    finally:
        for path in (_path(root), _expected(root)):  # the list last: it marks the journal
            with contextlib.suppress(OSError):
                os.unlink(path)
        sync_folder(_path(root).parent)  # an import told done is never rolled back after


def expecting(root: Path, paths: Sequence[Path]) -> None:
    """Add the files at ``paths`` to the journal before a temporary of theirs is written: a
    roll-back removes what temporaries of them a killed import left. (Not flushed to disk: a
    temporary a machine's crash leaves is named as one, and ``validate`` reports it.)"""
    lines = "".join(path.relative_to(root).as_posix() + "\n" for path in paths)
    with open(_expected(root), "a", encoding="utf-8") as out:
        out.write(lines)


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
    when there is no journal — two ``stat`` calls, so every command can ask."""
    if not left(root):
        return []
    with locks.casebook(root):
        entries: dict[str, object] = {}
        with contextlib.suppress(OSError):
            text = _expected(root).read_text(encoding="utf-8")
            entries.update(dict.fromkeys(line for line in text.splitlines() if line))
        try:
            data = json.loads(_path(root).read_text(encoding="utf-8"))
            entries.update({str(e["file"]): e["sha256"] for e in data["files"]})
        except (OSError, ValueError, KeyError, TypeError):
            pass  # none, or cut short by the kill: written before any case file took its name
        removed = [rel for rel, digest in entries.items() if _undone(root / rel, digest)]
        for path in (_path(root), _expected(root)):
            with contextlib.suppress(OSError):
                os.unlink(path)
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
