"""Quick answers for shell completion: case IDs, owners and customers, read from the index
(``.casectl/index.sqlite``) and the case files' names, never from the files themselves.

Light on purpose: sqlite3, the standard library and ``core.names`` only, so a completion
answers in a fraction of the time a command takes to start. What the index has not seen yet
(files pulled since the last command read the casebook) still completes by its file name."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from casectl.core.names import fold
from casectl.storage.discovery import CASES_DIR, INDEX_NAME, LOCAL_DIR


@dataclass(frozen=True)
class Known:
    """A case as completion shows it: its ID, whether it is open (None: not indexed yet),
    its stage and title."""

    id: str
    open: bool | None
    stage: str
    title: str


def case_files(root: Path) -> list[str]:
    """The IDs the case files' names give (``cases/YYYY/MM/<ID>.yaml``), by name alone."""
    found: list[str] = []
    for year in _folders(root / CASES_DIR):
        for month in _folders(Path(year)):
            with contextlib.suppress(OSError), os.scandir(month) as entries:
                found.extend(
                    e.name[:-5].upper()
                    for e in entries
                    if e.name.endswith(".yaml") and not e.name.startswith(".")
                )
    return found


def _folders(path: Path) -> list[str]:
    try:
        with os.scandir(path) as entries:
            return [e.path for e in entries if e.is_dir() and not e.name.startswith(".")]
    except OSError:
        return []


@contextlib.contextmanager
def _index(root: Path) -> Iterator[sqlite3.Connection | None]:
    """The index, read only; None when there is none or it cannot be read."""
    path = root / LOCAL_DIR / INDEX_NAME
    if not path.is_file():
        yield None
        return
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.05)
    except sqlite3.Error:
        yield None
        return
    try:
        yield db
    finally:
        db.close()


def _rows(root: Path, *fields: str) -> list[tuple[object, ...]]:
    """``open`` and the list row's ``fields`` of every indexed case file."""
    with _index(root) as db:
        if db is None:
            return []
        picked = ", ".join(f"json_extract(row, '$.{f}')" for f in fields)
        try:
            return db.execute(f"SELECT open, {picked} FROM files WHERE row IS NOT NULL").fetchall()
        except sqlite3.OperationalError:  # an SQLite without JSON functions
            try:
                raw = db.execute("SELECT open, row FROM files WHERE row IS NOT NULL").fetchall()
            except sqlite3.Error:
                return []
            return [(o, *(json.loads(r).get(f) for f in fields)) for o, r in raw]
        except sqlite3.Error:
            return []


def cases(root: Path) -> list[Known]:
    """Every case file's ID, with what the index knows of it: open ones first, then those
    not indexed yet, then closed ones; newest first within each (IDs start with the date)."""
    indexed = {
        str(case_id).upper(): Known(str(case_id).upper(), bool(open_), str(stage), str(title))
        for open_, case_id, stage, title in _rows(root, "id", "stage", "title")
        if case_id
    }
    found = [indexed.get(case_id) or Known(case_id, None, "", "") for case_id in case_files(root)]
    rank = {True: 0, None: 1, False: 2}
    found.sort(key=lambda k: k.id, reverse=True)
    found.sort(key=lambda k: rank[k.open])
    return found


def distinct(root: Path, field: str) -> list[str]:
    """The different values of a list row's ``field`` (owner, customer), open cases' first."""
    rows = _rows(root, field)
    ordered = sorted(rows, key=lambda r: not r[0])
    seen: dict[str, None] = {}
    for _, value in ordered:
        if value:
            seen.setdefault(str(value), None)
    return list(seen)


def starting(names: list[str], typed: str) -> list[str]:
    """The ``names`` whose folded form (``core.names.fold``, as every command compares
    customers and people) starts with ``typed`` folded: ``betac`` finds ``Beta Corp``. One
    name per customer: the first spelling of each folded name."""
    wanted = fold(typed)
    found: dict[str, str] = {}
    for name in names:
        key = fold(name)
        if key.startswith(wanted):
            found.setdefault(key, name)
    return list(found.values())


def customers(root: Path) -> list[str]:
    """The customers' names: the profiles' names and aliases first, then the names cases use
    (open cases' first)."""
    return [*profile_names(root), *distinct(root, "customer")]


def profile_names(root: Path) -> list[str]:
    """The names and aliases of the customer profiles (``customers/*.yaml``)."""
    return _profile_values(root, people=False)


def key_people(root: Path) -> list[str]:
    """The names of the customer profiles' key people."""
    return _profile_values(root, people=True)


def _profile_values(root: Path, *, people: bool) -> list[str]:
    """Read from the lines casectl writes (``name: …``, the items under ``aliases:``, a key
    person's ``  name: …`` under ``people:``) without a YAML parser: a completion, not a
    reading of the file."""
    try:
        with os.scandir(root / "customers") as entries:
            paths = sorted(e.path for e in entries if e.name.endswith(".yaml"))
    except OSError:
        return []
    from casectl.storage import reading

    found: dict[str, None] = {}
    for path in paths:
        try:
            lines = reading.read_text(path, reading.PROFILE).splitlines()
        except (OSError, reading.Unreadable):
            continue
        section = ""
        for line in lines:
            if line and not line.startswith((" ", "#", "-")):
                section = line.split(":", 1)[0]
            if people:
                if section == "people" and line.startswith(("  name:", "- name:")):
                    found.setdefault(_scalar(line[7:]), None)
            elif line.startswith("name:"):
                found.setdefault(_scalar(line[5:]), None)
            elif section == "aliases" and line.startswith("- "):
                found.setdefault(_scalar(line[2:]), None)
    return [name for name in found if name]


def _scalar(text: str) -> str:
    """A one-line YAML scalar as written: plain, 'single' or "double" quoted (simply)."""
    text = text.split(" #", 1)[0].strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('\\"', '"')
    return text
