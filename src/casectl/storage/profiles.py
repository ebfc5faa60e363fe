"""Customer profiles on disk: ``customers/<slug>.yaml``, read and written by the same rules as
case files (libyaml and pydantic to read; the canonical style for a new file; ``update_text``
for a change, so comments and hand-written order survive; atomic writes under the lock).

Profiles are few (one per customer), so every command that takes a customer reads them all.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from casectl.core.customers import rhythm
from casectl.core.customers.profile import PROFILES_DIR, Profile, find, require, slug
from casectl.core.model import plain
from casectl.core.names import fold
from casectl.errors import CorruptFileError, UsageError
from casectl.i18n import msg
from casectl.storage import reading, writes, yamlio
from casectl.storage.casefile import corrupt, update_text
from casectl.storage.store import Casebook

DOCS = "docs/customers.md"


def parse_profile(text: str, name: str) -> Profile:
    """A profile from its file text; ``CorruptFileError`` names the file, line and field."""
    try:
        data = yamlio.fast_load(text)
    except yamlio.YamlError as exc:
        raise CorruptFileError(name, exc.problem, line=exc.line) from None
    except RecursionError:
        raise CorruptFileError(name, msg("nested too deeply to be a profile")) from None
    if not isinstance(data, dict):
        raise CorruptFileError(name, msg("expected a customer profile (a mapping of fields)"))
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise corrupt(name, exc, text, DOCS) from None


def profile_data(profile: Profile) -> dict[str, Any]:
    """What a profile file holds, as plain data in the canonical key order."""
    data: dict[str, Any] = yamlio.prune(plain(profile.model_dump(mode="python")))
    return data


def render_profile(profile: Profile) -> str:
    """A new profile file: the same profile always gives the same bytes."""
    return yamlio.dump_new(profile_data(profile))


@dataclass
class Profiles:
    """Every profile that reads (with its path relative to the casebook), and the problems of
    those that do not (other profiles keep working)."""

    found: list[tuple[str, Profile]] = field(default_factory=list)
    problems: list[CorruptFileError] = field(default_factory=list)

    @property
    def all(self) -> list[Profile]:
        return [p for _, p in self.found]

    def path_of(self, profile: Profile) -> str:
        return next(rel for rel, p in self.found if p is profile)

    def find(self, typed: str) -> Profile | None:
        return find(self.all, typed)

    def require(self, typed: str) -> Profile:
        return require(self.all, typed)

    def canonical(self, name: str) -> str:
        """A customer's name as its profile spells it (a case naming an alias), else as given."""
        key = fold(name)
        for profile in self.all:
            if key in profile.folded():
                return profile.name
        return name


def files(root: Path) -> list[Path]:
    """Every ``customers/*.yaml`` by name (a link or a FIFO too: reading it is its problem)."""
    folder = root / PROFILES_DIR
    try:
        names = sorted(e.name for e in os.scandir(folder) if not e.is_dir(follow_symlinks=False))
    except OSError:
        return []
    return [folder / n for n in names if n.endswith(".yaml") and not n.startswith(".")]


def read(path: Path, rel: str) -> Profile:
    return parse_profile(reading.file_text(path, reading.PROFILE, rel), rel)


def load(book: Casebook) -> Profiles:
    """Every profile of the casebook."""
    out = Profiles()
    for path in files(book.root):
        rel = book.relative(path)
        try:
            out.found.append((rel, read(path, rel)))
        except CorruptFileError as exc:
            out.problems.append(exc)
    return out


def _write(book: Casebook, path: Path, text: str, profile: Profile) -> None:
    """Write a profile's text once it reads back as ``profile``; else nothing is written."""
    rel = book.relative(path)
    check = writes.reads_as(lambda t: parse_profile(t, rel), profile_data, profile)
    writes.save(book.root, path, text, shown=rel, kind=reading.PROFILE, check=check)


def _names_free(book: Casebook, profile: Profile, *, besides: tuple[str, ...] = ()) -> None:
    """Refuse ``profile`` when another profile (not at a path in ``besides``) has one of its
    names: a name or alias names one customer, or lookups become ambiguous."""
    for rel, other in load(book).found:
        if rel in besides:
            continue
        taken = other.folded() & profile.folded()
        if taken:
            raise UsageError(
                msg(
                    "the customer {customer!r} has the name {name!r} already "
                    "(casectl customer {customer!r} shows it)",
                    customer=other.name,
                    name=sorted(taken)[0],
                )
            )


def create(book: Casebook, profile: Profile) -> Path:
    """Write a new profile; refused when a profile already has its file, name or an alias."""
    path = book.root / PROFILES_DIR / f"{slug(profile.name)}.yaml"
    with book.lock():
        _names_free(book, profile)
        if path.exists():
            raise UsageError(msg("{file} exists already", file=book.relative(path)))
        _write(book, path, render_profile(profile), profile)
    return path


def update(
    book: Casebook,
    rel: str,
    change: Callable[[Profile], Profile],
    *,
    absorbing: str | None = None,
) -> Profile:
    """Apply ``change`` to the profile at ``rel`` under the lock, writing only what changed;
    refused when it gives the profile a name another one has (but the one at ``absorbing``,
    which a merge removes next)."""
    path = book.root / rel
    with book.lock():
        text = reading.file_text(path, reading.PROFILE, rel)
        before = parse_profile(text, rel)
        after = change(before)
        if after.folded() != before.folded():
            _names_free(book, after, besides=(rel, *((absorbing,) if absorbing else ())))
        new_text = update_text(text, before, after, profile_data)
        if new_text is not None:
            _write(book, path, new_text, after)
    return after


def remove(book: Casebook, rel: str) -> None:
    """Delete a profile file (``customer merge`` joined it into another)."""
    with book.lock(), contextlib.suppress(FileNotFoundError):
        (book.root / rel).unlink()


def contacts(entries: Iterable[Any]) -> list[tuple[str, Any]]:
    """Each case's customer and latest contact, from the index's rows (no case file read)."""
    from datetime import datetime

    out = []
    for entry in entries:
        row = entry.row
        at = row.get("_contact")
        out.append((str(row["customer"]), datetime.fromisoformat(at) if at else None))
    return out


def rhythm_customers(
    book: Casebook, profiles: Profiles | None = None, entries: Iterable[Any] | None = None
) -> list[rhythm.Customer]:
    """The customers whose tier has a contact rhythm, each with its last contact. Reads the
    case rows only when some profile has a rhythm."""
    known = profiles if profiles is not None else load(book)
    timed = [(r, p) for r, p in known.found if rhythm.target(p, book.config) is not None]
    if not timed:
        return []
    pairs = contacts(entries if entries is not None else book.entries().entries)
    latest = rhythm.latest_by_customer(pairs)
    return [rhythm.Customer(p, rel, rhythm.last_contact(p, latest)) for rel, p in timed]
