"""Bulk work over many small objects (a casebook read, an import planned, a site built)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused for the block, and set back as it was after.

    Reading ten thousand cases makes millions of objects and no cycles: each collection the
    allocations set off walks all of them again, which doubles the time of a bulk load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
