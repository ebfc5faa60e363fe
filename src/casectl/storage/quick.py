"""Answers from the index alone, for the commands a terminal and a CI job run most: light (the
standard library, ``sqlite3`` and the index's SQL), never parsing a case file or the settings.

It answers only when the index is sure of every case file: each file's signature matches a
sound row (the rules ``Index.scan`` trusts a row by), no file is unreadable, no ID is held
twice, no import is half done, and the rows were made under today's settings. Otherwise it
says None, and the command goes the full way, which puts the index right for the next run.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casectl.core.layout import PROFILES_DIR
from casectl.storage import casefiles, journal, reading
from casectl.storage.discovery import INDEX_NAME, LOCAL_DIR
from casectl.storage.indexsql import (
    FORMAT,
    RACY_NS,
    ROW,
    config_key,
    digest,
    enabled,
    frame_entry,
    seal,
    signature,
)


@dataclass(frozen=True)
class Known:
    """What the index knows for sure: what measuring reads of the settings (``meter.Frame``
    as data) and the chosen cases' files, list rows and settled clocks (JSON)."""

    frame: dict[str, Any]
    rows: list[tuple[str, str, str | None]]


def has_profiles(root: Path) -> bool:
    """Whether the casebook keeps customer profiles (``customers/*.yaml``): their contact
    rhythm is read from the profiles themselves, the full way."""
    try:
        with os.scandir(root / PROFILES_DIR) as entries:
            return any(e.name.endswith(".yaml") and not e.name.startswith(".") for e in entries)
    except OSError:
        return False


def known(
    root: Path, config_text: str, *, state: str = "open", clocks: bool = False
) -> Known | None:
    """The rows of the ``state`` (open, closed, all) cases, with their settled clocks when
    ``clocks``; None when the index is not sure of every case file."""
    if not enabled() or journal.left(root):  # a half-done import
        return None
    path = root / LOCAL_DIR / INDEX_NAME
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.05)
    except sqlite3.Error:
        return None
    try:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        key = config_key(config_text)
        if meta.get("format") != FORMAT or meta.get("config") != key:
            return None
        kept = meta.get("frame", "")
        if not kept.startswith(frame_entry(key, "")):
            return None
        hot = {r[0]: r for r in db.execute(_HOT)}
        if not _sure(casefiles.listed(root), hot):
            return None
        where = {"open": " WHERE open = 1", "closed": " WHERE open = 0"}.get(state, "")
        query = f"SELECT path, row, settled FROM files{where} ORDER BY path"
        chosen = db.execute(query).fetchall()
    except sqlite3.Error:
        return None
    finally:
        db.close()
    rows = []
    for rel, row, settled in chosen:
        kept_sums = hot[rel][8].split(":")
        if digest(row) != kept_sums[ROW]:
            return None  # changed behind casectl's back: the full way reads the file
        if clocks and settled is not None and digest(settled) != kept_sums[1]:
            return None
        rows.append((rel, row, settled))
    return Known(json.loads(kept.split("\n", 1)[1]), rows)


# What is checked of every row: its file's signature, and its seal (``indexsql.seal``).
_HOT = "SELECT path, stat, checked_ns, blob, problem, cid, open, published, sums, seal FROM files"


def _sure(files: list[tuple[str, str]], rows: dict[str, tuple[Any, ...]]) -> bool:
    """Whether every file has a row the index trusts (as ``Index.scan`` trusts one), every
    row a file, and every case its own ID."""
    if len(files) != len(rows):
        return False
    ids: set[str] = set()
    for rel, full in files:
        hit = rows.get(rel)
        try:
            stat = os.lstat(full)
        except OSError:
            return False
        if hit is None or reading.refusal(stat, reading.CASE) is not None:
            return False
        if hit[1] != signature(stat) or stat.st_mtime_ns >= hit[2] - RACY_NS:
            return False
        path, _, _, blob, problem, cid, is_open, published, kept, sealed = hit
        if problem is not None or not cid or cid in ids or kept.endswith(":"):
            return False  # unreadable, twins, or a row to work out again: the full way
        if sealed != seal(path, blob, problem, cid, is_open, published, kept):
            return False
        ids.add(cid)
    return True
