"""The local index cache behind ``Casebook.cases()``: part of storage.

Parsing YAML costs about 1 ms a case; reading a case back from this cache costs about 0.06 ms
(pydantic validates the whole JSON file in one call). The cache lives in ``.casectl/`` (never
committed) and is only a cache: an entry is used when its file's size and modification time
(in nanoseconds) are unchanged, and the file was not modified within a second before the cache
was written (git's "racy" rule: a same-size rewrite within the timestamp's granularity could go
unseen). Anything odd — a missing, corrupt or older-format cache, a model that no longer
validates it — means the cases are read from their files, and the cache is written anew.
``CASECTL_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from casectl.core.model import SCHEMA_VERSION, Case
from casectl.storage.files import atomic_write

FORMAT = f"casectl-index-2/schema-{SCHEMA_VERSION}"
RACY_NS = 1_000_000_000


class _Index(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str
    written_ns: int
    files: list[tuple[str, int, int]]  # relative path, mtime_ns, size — parallel to cases
    cases: list[Case]


@dataclass(frozen=True)
class Entry:
    mtime_ns: int
    size: int
    case: Case


def enabled() -> bool:
    return os.environ.get("CASECTL_NO_CACHE", "").strip() not in ("1", "true", "yes")


def read(path: Path) -> dict[str, Entry]:
    """Trusted entries by relative path; empty when there is no usable cache."""
    if not enabled():
        return {}
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    try:
        index = _Index.model_validate_json(raw)
    except ValidationError:
        return {}
    if index.format != FORMAT or len(index.files) != len(index.cases):
        return {}
    trusted_before = index.written_ns - RACY_NS
    return {
        rel: Entry(mtime, size, case)
        for (rel, mtime, size), case in zip(index.files, index.cases, strict=True)
        if mtime < trusted_before
    }


def write(path: Path, entries: dict[str, Entry], written_ns: int) -> None:
    """Write the cache atomically; a casebook that cannot take it (read-only) goes without."""
    if not enabled():
        return
    ordered = sorted(entries.items())
    index = _Index(
        format=FORMAT,
        written_ns=written_ns,
        files=[(rel, e.mtime_ns, e.size) for rel, e in ordered],
        cases=[e.case for _, e in ordered],
    )
    with contextlib.suppress(OSError):
        path.parent.mkdir(exist_ok=True)
        atomic_write(path, index.model_dump_json())
