"""casectl as a library: ``Casebook`` opens one casebook, ``open_many`` several; every step and
query of the command line is a method returning typed results (docs/api.md).

The command line is built on this layer and nothing else: ``cli`` → ``api`` → ``storage`` →
``core``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casectl.api.base import Notice
    from casectl.api.casebook import Casebook
    from casectl.api.many import Casebooks, open_many

__all__ = ["Casebook", "Casebooks", "Notice", "open_many"]


def __getattr__(name: str) -> Any:  # light: `casectl --version` imports none of it
    if name == "Casebook":
        from casectl.api.casebook import Casebook

        return Casebook
    if name in ("Casebooks", "open_many"):
        from casectl.api import many

        return getattr(many, name)
    if name == "Notice":
        from casectl.api.base import Notice

        return Notice
    raise AttributeError(name)
