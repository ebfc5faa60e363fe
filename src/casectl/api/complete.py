"""The values shell completion offers, as library calls: case IDs (open ones first), owners,
customers and their key people, stages, priorities, categories.

Light on purpose: a TAB runs before the command line loads, so this module and what it calls
(``storage.lookup``, ``storage.discovery``) import no pydantic, ruamel or rich. Values come
from the casebook's index and its files' names, never from the files themselves.
"""

from __future__ import annotations

from collections.abc import Mapping

CHOICES = {"stage": "Stage", "priority": "Priority", "category": "Category"}  # core.choices
KINDS = ("case", "owner", "customer", "person", *CHOICES)


def request() -> Mapping[str, str] | None:
    """The environment, when the shell's completion script runs casectl for a TAB."""
    from casectl.storage.discovery import completion_request

    return completion_request()


def values(kind: str, incomplete: str, casebook: str | None = None) -> list[tuple[str, str]]:
    """The values of ``kind`` (one of ``KINDS``) that start with ``incomplete`` (case IDs
    case-insensitively, names by their case-folded text), each with what it is (a case's
    stage and title; otherwise empty). Those of the casebook at ``casebook``, else found as git
    finds .git; none when there is no casebook."""
    if kind in CHOICES:
        from casectl.core import choices  # enums only: light

        allowed = getattr(choices, CHOICES[kind])
        return [(c.value, "") for c in allowed if c.value.startswith(incomplete.lower())]
    from casectl.errors import CasectlError
    from casectl.storage import discovery, lookup

    try:
        root = discovery.find_root(explicit=casebook)
    except CasectlError:
        return []
    if kind == "case":
        wanted = incomplete.upper()
        return [
            (k.id, f"{k.stage}: {k.title}" if k.stage else "")
            for k in lookup.cases(root)
            if k.id.startswith(wanted)
        ]
    if kind in ("person", "customer"):  # names compared folded, as every command does
        found = lookup.key_people(root) if kind == "person" else lookup.customers(root)
        return [(v, "") for v in lookup.starting(found, incomplete)]
    folded = incomplete.casefold()
    return [(v, "") for v in lookup.distinct(root, kind) if v.casefold().startswith(folded)]
