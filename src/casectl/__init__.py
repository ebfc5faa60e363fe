"""casectl: track customer complaints through to a closed loop.

As a library: ``from casectl import Casebook`` (docs/api.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casectl.version import __version__

if TYPE_CHECKING:
    from casectl.api import Casebook, Casebooks, Notice, open_many

__all__ = ["Casebook", "Casebooks", "Notice", "__version__", "open_many"]


def __getattr__(name: str) -> Any:  # loaded on first use: `casectl --version` stays light
    if name in ("Casebook", "Casebooks", "Notice", "open_many"):
        import casectl.api

        return getattr(casectl.api, name)
    raise AttributeError(name)
