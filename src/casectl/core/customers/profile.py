"""Customer profiles (``customers/<slug>.yaml``): the model, the file name, finding a customer
by name, alias or unique prefix, and the steps that change a profile. Pure.

A customer's names are compared folded (``core.names.fold``: ``ＡＣＭＥ  Ltd`` is ``acmeltd``);
a profile's file name is ``core.names.file_stem`` of its slug. docs/customers.md tells the rules.
"""

from __future__ import annotations

import difflib
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from casectl.core.choices import Attitude as Attitude  # the profile's choices live there
from casectl.core.choices import Influence as Influence
from casectl.core.choices import Lifecycle as Lifecycle
from casectl.core.choices import read
from casectl.core.ids import Pick, next_item_id
from casectl.core.layout import PROFILES_DIR as PROFILES_DIR
from casectl.core.model import When
from casectl.core.names import code, file_stem, invisible, without_invisible
from casectl.core.names import fold as fold  # the one fold; callers of profile find it here too
from casectl.errors import UsageError, not_found
from casectl.i18n import msg

PROFILE_SCHEMA_VERSION = 1
# Lists the merge driver merges item by item (union by id), and free text merged by line.
PROFILE_GROWING_LISTS: tuple[str, ...] = ("people", "touchpoints")
PROFILE_LONG_TEXT: tuple[str, ...] = ("notes",)

Text = Annotated[str, StringConstraints(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Preferences(_Model):
    channel: str | None = None  # how they like to be reached: visit, phone, wechat, email …
    language: str | None = None
    hours: str | None = None  # best hours to reach them, as people say it: 工作日 14:00-17:00


class KeyPerson(_Model):
    """Someone on the customer's side who matters: the relationship map."""

    id: str
    name: Text
    role: str | None = None
    influence: Influence | None = None
    attitude: Attitude | None = None
    contact: str | None = None  # how to reach them: phone, email, WeChat


class Touchpoint(_Model):
    """A contact with the customer outside any case: a visit, a call, a meeting."""

    id: str
    at: When
    by: str
    channel: Text
    summary: Text


class Profile(_Model):
    """One customer's profile. Field order is the key order of new files."""

    schema_version: int = PROFILE_SCHEMA_VERSION
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    industry: str | None = None
    tier: str | None = None  # the contract level; casectl.yaml's rhythm names the tiers
    lifecycle: Lifecycle | None = None
    owner: str | None = None  # the account's engineer
    since: When | None = None  # when the profile was added: the rhythm counts from here first
    preferences: Preferences = Field(default_factory=Preferences)
    notes: str | None = None
    people: list[KeyPerson] = Field(default_factory=list)
    touchpoints: list[Touchpoint] = Field(default_factory=list)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def folded(self) -> set[str]:
        return {fold(n) for n in self.names()}


# --- names --------------------------------------------------------------------------------


_UNSAFE = re.compile(r"[/\\:*?\"<>|#%&{}$!'`@=+,;\[\]()]+|\s+")


def slug(name: str) -> str:
    """The file name (without ``.yaml``) of a customer's profile: the name folded to lower case
    with runs of spaces and characters unsafe in paths, URLs or shells made one ``-``, then
    made safe as a file name everywhere (``file_stem``: no device name, at most 120 bytes).
    Chinese and other letters stay as they are: 华东精密制造有限公司, ``acme-ltd``, ``con_``."""
    text = unicodedata.normalize("NFKC", without_invisible(name)).casefold()
    text = re.sub(r"-{2,}", "-", _UNSAFE.sub("-", text)).strip(" .-")
    if not text:
        raise UsageError(
            msg("{name!r} makes no file name: give the customer a name with letters", name=name)
        )
    return file_stem(text, trim="-")


def typed_name(name: str) -> str:
    """A profile's name or alias as typed, without its outer spaces; refused (exit 2) when it
    holds a character that shows nothing or steers the terminal: names that look alike must
    be told apart by what people see."""
    name = name.strip()
    found = invisible(name)
    if found is not None:
        raise UsageError(
            msg(
                "{name!r}: {code} is a control or invisible character; type the name without it",
                name=name,
                code=code(found),
            )
        )
    return name


def owns(profile: Profile, customer: str) -> bool:
    """Whether a case naming ``customer`` is this profile's (by name or alias)."""
    return fold(customer) in profile.folded()


def find(profiles: Sequence[Profile], typed: str) -> Profile | None:
    """The profile ``typed`` names: its name or an alias (folded), else the one profile that
    a name or alias of starts with it; None when none does. Several: a usage error naming
    them (exit 2)."""
    wanted = fold(typed)
    if not wanted:
        return None
    exact = [p for p in profiles if wanted in p.folded()]
    if len(exact) == 1:
        return exact[0]
    matching = exact or [p for p in profiles if any(k.startswith(wanted) for k in p.folded())]
    if len(matching) > 1:
        names = ", ".join(sorted(p.name for p in matching))
        raise UsageError(
            msg(
                "{typed!r} matches {count} customers: {names}; be more precise",
                typed=typed,
                count=len(matching),
                names=names,
            )
        )
    return matching[0] if matching else None


def left_by_merge(profiles: Sequence[Profile], kept: Profile, gone: str) -> Profile | None:
    """The duplicate a merge into ``kept`` was interrupted before removing: another profile
    that ``gone`` names, every name of which ``kept`` holds already (the merge wrote ``kept``
    first). None: no merge into ``kept`` was left half-done."""
    wanted = fold(gone)
    for profile in profiles:
        if profile is not kept and wanted in profile.folded() <= kept.folded():
            return profile
    return None


def require(profiles: Sequence[Profile], typed: str) -> Profile:
    """``find``, or an error naming the close matches when no profile matches."""
    found = find(profiles, typed)
    if found is not None:
        return found
    raise not_found("customer profile", typed, close=close_matches(profiles, typed))


def close_matches(profiles: Sequence[Profile], typed: str, n: int = 3) -> list[str]:
    """The profile names whose names or aliases look most like ``typed`` (difflib)."""
    by_key: dict[str, str] = {}
    for profile in profiles:
        for name in profile.names():
            by_key.setdefault(fold(name), profile.name)
    wanted = fold(typed)
    found = difflib.get_close_matches(wanted, list(by_key), n=n * 2, cutoff=0.5)
    found += [k for k in by_key if wanted and (wanted in k or k in wanted)]
    return list(dict.fromkeys(by_key[k] for k in found))[:n]


# --- steps on a profile -------------------------------------------------------------------


def _next_id(prefix: str, items: Iterable[Any], pick: Pick) -> str:
    return next_item_id(prefix, (str(item.id) for item in items), pick)


def new(
    name: str,
    *,
    at: datetime,
    aliases: Sequence[str] = (),
    tier: str | None = None,
    industry: str | None = None,
    lifecycle: str | None = None,
    owner: str | None = None,
) -> Profile:
    name = typed_name(name)
    return Profile(
        name=name,
        aliases=_added({fold(name)}, aliases),
        industry=industry,
        tier=tier,
        lifecycle=read(lifecycle, Lifecycle, "lifecycle") if lifecycle else None,
        owner=owner,
        since=at,
    )


def _added(known: set[str], typed: Iterable[str]) -> list[str]:
    """The aliases of ``typed`` (each through ``typed_name``) that are new: one per folded
    name, none that folds to a name in ``known``."""
    added: dict[str, str] = {}
    for alias in typed:
        if alias.strip():
            alias = typed_name(alias)
            added.setdefault(fold(alias), alias)
    return [alias for key, alias in added.items() if key not in known]


def with_settings(profile: Profile, **changes: Any) -> Profile:
    """``profile`` with the given fields set (``None`` leaves a field as it is); ``aliases``
    are added to those it has."""
    update: dict[str, Any] = {k: v for k, v in changes.items() if v is not None}
    if "aliases" in update:
        update["aliases"] = [*profile.aliases, *_added(profile.folded(), update["aliases"])]
    if "lifecycle" in update:
        update["lifecycle"] = read(update["lifecycle"], Lifecycle, "lifecycle")
    prefs: dict[str, Any] = {
        k: update.pop(k) for k in ("channel", "language", "hours") if k in update
    }
    if prefs:
        update["preferences"] = profile.preferences.model_copy(update=prefs)
    return profile.model_copy(update=update)


def add_person(profile: Profile, pick: Pick = secrets.choice, **fields: Any) -> Profile:
    for name, choice in (("influence", Influence), ("attitude", Attitude)):
        if fields.get(name):  # a code or one of its words
            fields[name] = read(fields[name], choice, name)
    person = KeyPerson(id=_next_id("k", profile.people, pick), **fields)
    if any(fold(p.name) == fold(person.name) for p in profile.people):
        raise UsageError(
            msg(
                "{customer} has {person} already among its key people",
                customer=profile.name,
                person=person.name,
            )
        )
    return profile.model_copy(update={"people": [*profile.people, person]})


def touch(
    profile: Profile,
    *,
    at: datetime,
    by: str,
    channel: str,
    summary: str,
    pick: Pick = secrets.choice,
) -> Profile:
    point = Touchpoint(
        id=_next_id("t", profile.touchpoints, pick), at=at, by=by, channel=channel, summary=summary
    )
    return profile.model_copy(update={"touchpoints": [*profile.touchpoints, point]})


def absorb(keep: Profile, gone: Profile, pick: Pick = secrets.choice) -> Profile:
    """``keep`` with ``gone`` joined in (``customer merge``): ``gone``'s name and aliases become
    aliases, its key people and touchpoints move over (with fresh ids), and what ``keep`` leaves
    empty is filled from ``gone``."""
    if fold(keep.name) == fold(gone.name):
        raise UsageError(
            msg("{keep!r} and {gone!r} are the same customer", keep=keep.name, gone=gone.name)
        )
    joined = with_settings(keep, aliases=[without_invisible(n) for n in gone.names()])
    people = list(joined.people)
    for person in gone.people:
        if all(fold(p.name) != fold(person.name) for p in people):
            people.append(person.model_copy(update={"id": _next_id("k", people, pick)}))
    points = list(joined.touchpoints)
    for point in sorted(gone.touchpoints, key=lambda t: t.at):
        points.append(point.model_copy(update={"id": _next_id("t", points, pick)}))
    filled = {
        k: getattr(gone, k)
        for k in ("industry", "tier", "lifecycle", "owner")
        if getattr(joined, k) is None
    }
    notes = "\n".join(n.strip("\n") for n in (joined.notes, gone.notes) if n)
    since = [s for s in (joined.since, gone.since) if s is not None]
    return joined.model_copy(
        update={
            **filled,
            "people": people,
            "touchpoints": points,
            "notes": notes or None,
            "since": min(since) if since else None,
        }
    )


def pick_person(profile: Profile, typed: str) -> KeyPerson | None:
    """The key person ``typed`` names (a folded prefix of their name), when exactly one."""
    wanted = fold(typed)
    found = [p for p in profile.people if fold(p.name).startswith(wanted)] if wanted else []
    exact = [p for p in found if fold(p.name) == wanted]
    return (exact or found)[0] if len(exact or found) == 1 else None


def person_line(person: KeyPerson) -> str:
    """A key person as a case's ``customer.contact`` reads: 张敏 (财务经理) <zhang@example.com>."""
    text = person.name
    if person.role:
        text += f" ({person.role})"
    if person.contact:
        text += f" <{person.contact}>"
    return text
