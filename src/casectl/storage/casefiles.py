"""Where the case files are: ``cases/YYYY/MM/<ID>.yaml``, found by name alone, never through a
linked folder (it may lead out of the casebook: ``validate`` names it). Light: the standard
library only, for the quick answers (``storage.quick``) as for every bulk read."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from casectl.core.layout import CASES_DIR


def month_folders(cases_dir: Path) -> list[str]:
    """Every ``YYYY/MM`` folder under ``cases_dir``, in order."""
    try:
        years = [e.path for e in os.scandir(cases_dir) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []
    months = []
    for year in sorted(years):
        with contextlib.suppress(OSError):
            folders = os.scandir(year)
            months.extend(sorted(e.path for e in folders if e.is_dir(follow_symlinks=False)))
    return months


def yaml_files(folders: list[str]) -> Iterator[tuple[str, str, str]]:
    """(folder, name, full path) of every case file in ``folders``, by name alone."""
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".yaml") and not entry.name.startswith("."):
                yield folder, entry.name, entry.path


def listed(root: Path) -> list[tuple[str, str]]:
    """Every case file as (path relative to the casebook, full path), sorted; strings only,
    for speed at 100,000 files."""
    cases = root / CASES_DIR
    start = len(str(cases))
    found = [
        (CASES_DIR + folder[start:].replace(os.sep, "/") + "/" + name, path)
        for folder, name, path in yaml_files(month_folders(cases))
    ]
    found.sort()
    return found
