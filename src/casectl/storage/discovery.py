"""Finding the casebook: ``-C``, ``CASECTL_CASEBOOK``, or the first folder up from here that
holds ``casectl.yaml`` (as git finds .git); the names of what lies in it; and reading its
settings. Light enough for shell completion: the models and YAML load only in ``read_config``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from casectl.core.layout import CASES_DIR, CONFIG_NAME
from casectl.errors import CasebookError
from casectl.i18n import msg

if TYPE_CHECKING:
    from casectl.core.config import Config

__all__ = [
    "CASES_DIR",
    "CONFIG_NAME",
    "INDEX_NAME",
    "LOCAL_DIR",
    "completion_request",
    "config_text",
    "find_root",
    "holding",
    "read_config",
]

LOCAL_DIR = ".casectl"  # the local cache: the index, locks; never committed
INDEX_NAME = "index.sqlite"


def completion_request() -> Mapping[str, str] | None:
    """The environment, when the shell's completion script runs casectl for a TAB."""
    return os.environ if "_CASECTL_COMPLETE" in os.environ else None


def holding(path: Path) -> Path | None:
    """The casebook folder holding ``path`` (itself or the first folder above it with
    ``casectl.yaml``), or None."""
    here = path.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def find_root(start: Path | None = None, explicit: str | os.PathLike[str] | None = None) -> Path:
    """The casebook folder: ``explicit`` (``-C``), ``CASECTL_CASEBOOK``, or walking up to
    the first folder that holds ``casectl.yaml``."""
    named = explicit or os.environ.get("CASECTL_CASEBOOK")
    if named:
        root = Path(named).expanduser()
        if not (root / CONFIG_NAME).is_file():
            raise CasebookError(
                msg(
                    "no casebook at {root} (no {config_name}); run: casectl init {root}",
                    root=root,
                    config_name=CONFIG_NAME,
                )
            )
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    found = holding(here)
    if found is None:
        raise CasebookError(
            msg(
                "no casebook found in {here} or above (no {config_name}); run: casectl "
                "init, or name one with -C PATH",
                here=here,
                config_name=CONFIG_NAME,
            )
        )
    return found


def read_config(root: Path) -> tuple[Config, str]:
    """The casebook's ``casectl.yaml``: the settings and the text they were read from."""
    from casectl.storage.casefile import parse_config

    text = config_text(root)
    return parse_config(text, CONFIG_NAME), text


def config_text(root: Path) -> str:
    """``casectl.yaml``'s text as it is (``storage.reading``); ``CasebookError`` when it
    cannot be read."""
    from casectl.storage import reading

    try:
        return reading.read_text(root / CONFIG_NAME, reading.SETTINGS)
    except reading.Unreadable as exc:
        raise CasebookError(
            msg("{config_name}: {problem}", config_name=CONFIG_NAME, problem=exc.problem)
        ) from None
    except OSError as exc:
        raise CasebookError(
            msg(
                "{config_name}: cannot read: {strerror}",
                config_name=CONFIG_NAME,
                strerror=exc.strerror,
            )
        ) from None
