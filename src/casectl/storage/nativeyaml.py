"""The native YAML parser (yaml-rs, in Rust), where its reading of a case file cannot differ
from libyaml's (``yamlio.fast_load``)."""

from __future__ import annotations

import re
from typing import Any

from casectl.storage.yamlio import CONFLICT_MARKER

# The native parser (yaml-rs, in Rust) reads a case about ten times faster than libyaml. It is
# used only where its reading cannot differ from ``fast_load``'s: never on text holding a tag,
# an anchor or alias, a document marker, a directive, a number with ``_`` or ``0b`` (text to
# libyaml), ``|`` or ``>`` opening a value in a flow collection, or a character libyaml
# refuses; and what it reads must then pass the model, else the caller reads the text again
# with libyaml (tests/test_yaml_roundtrip.py holds them equal).
_native: Any
try:  # pragma: no cover - depends on the platform having a wheel
    import yaml_rs as _native
except ImportError:  # pragma: no cover
    _native = None

# Each searched alone, and only when its first character is in the text (one alternation of
# them all walked every text five times slower); a character libyaml refuses, then a marker.
_NATIVE_UNSAFE = (
    ("!&*%", re.compile(r"(?:^|[\s\[{,])[!&*%]", re.MULTILINE)),
    ("[{,", re.compile(r"[\[{,]\s*[|>]")),
    ("-.", re.compile(r"^(?:---|\.\.\.)(?:\s|$)", re.MULTILINE)),
    ("_", re.compile(r"\d_\d")),
    ("0", re.compile(r"0b[01]")),
)
_REFUSED = re.compile(r"[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def native_unsafe(text: str) -> bool:
    """Whether the native parser's reading of ``text`` could differ from ``fast_load``'s."""
    if any(any(c in text for c in first) and p.search(text) for first, p in _NATIVE_UNSAFE):
        return True
    marked = any(m * 7 in text for m in "<=>|") and CONFLICT_MARKER.search(text) is not None
    return marked or _REFUSED.search(text) is not None


def native_load(text: str) -> Any:
    """``text`` parsed by the native parser, or None where its reading could differ from
    ``fast_load``'s or it fails: then use ``fast_load``, which also says what is wrong."""
    if _native is None or native_unsafe(text):
        return None
    try:
        return _native.loads(text)
    except Exception:  # any refusal: the reference reader will say why
        return None
