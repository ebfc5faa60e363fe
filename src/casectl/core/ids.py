"""Case IDs: minted offline, collision-free across clones, matched by a unique prefix or
suffix, in any case.

``C-261122-7QH4K``: ``C-``, the received date (YYMMDD), and five Crockford base32 characters of
fresh randomness (25 bits, about 33 million per day). Clones never coordinate; a clash between
two clones on one day is vanishingly rare, and ``casectl validate`` reports one if it happens.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Protocol, TypeVar

from casectl.errors import AmbiguousCaseError, UsageError, not_found
from casectl.i18n import listed, msg

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
RANDOM_CHARS = 5


def mint(received: datetime, taken: Callable[[str], bool] = lambda _id: False) -> str:
    """A new ID for a case received at ``received`` (in the team's time zone)."""
    for _ in range(1000):
        tail = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
        case_id = f"C-{received:%y%m%d}-{tail}"
        if not taken(case_id):
            return case_id
    raise RuntimeError("could not mint a free case ID")  # pragma: no cover - 2^-25000


def normalise(text: str) -> str:
    """User input to the form IDs are written in (upper case, no spaces; a leading ``…`` or
    ``...``, as people write the end of an ID, left out)."""
    return text.strip().lstrip("…. ").upper()


def matching(typed: str, known: Iterable[str]) -> list[str]:
    """The IDs of ``known`` that ``typed`` names: the ID itself, or a start of it (with or
    without ``C-`` and the dashes) or an end of it (``7QH4K``, ``…0-7QH4K``), any case."""
    wanted = normalise(typed)
    known = list(known)
    if wanted in known:
        return [wanted]
    squeezed = wanted.replace("-", "")
    return sorted(
        i
        for i in known
        if i.startswith(wanted)
        or i.endswith(wanted)
        or i.replace("-", "").startswith(squeezed)
        or i.replace("-", "")[1:].startswith(squeezed)
        or i.replace("-", "").endswith(squeezed)
    )


def resolve(prefix: str, ids: Iterable[str]) -> str:
    """The one ID that ``prefix`` names (a unique start or end, case-insensitive); exit 2 when
    none or several do, listing the candidates."""
    if not normalise(prefix):
        raise UsageError(msg("a case ID is needed"))
    matches = matching(prefix, ids)
    if not matches:
        raise not_found("case", prefix)
    if len(matches) > 1:
        raise AmbiguousCaseError(
            msg(
                "{prefix!r} matches {matches} cases: {shown}{more}; give more of the ID",
                prefix=prefix,
                matches=len(matches),
                shown=listed(matches[:10]),
                more=" …" if len(matches) > 10 else "",
            )
        )
    return matches[0]


ITEM_CHARS = ALPHABET.lower()  # item ids are written in lower case: ``n7qh4k``
Pick = Callable[[str], str]  # one character of the alphabet it is given (``secrets.choice``)


class HasId(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=HasId)
_SEQUENTIAL = re.compile(r"([a-z])(\d{1,4})")  # one letter: random tails may end in digits
_RANDOM = re.compile(rf"([a-z]+)([{ITEM_CHARS}]{{{RANDOM_CHARS}}})")


def next_item_id(prefix: str, existing: Iterable[str], pick: Pick = secrets.choice) -> str:
    """A new item id for a list (``p`` for promises, ``n`` for notes, ...): ``prefix`` and five
    random Crockford base32 characters (``p7qh4k``), none the list holds already. Minted once,
    it never changes: two clones adding items at once give them different ids, so a merge keeps
    both as they are. ``pick`` is the source of randomness (tests pass a seeded one)."""
    taken = set(existing)
    for _ in range(1000):
        item_id = prefix + "".join(pick(ITEM_CHARS) for _ in range(RANDOM_CHARS))
        if item_id not in taken:
            return item_id
    raise RuntimeError("could not mint a free item id")  # pragma: no cover - 2^-25000


def is_sequential(item_id: str) -> bool:
    """Whether an item id has the old, per-clone sequential form (``n2``; ``casectl migrate``
    gives such items random ids)."""
    return _SEQUENTIAL.fullmatch(item_id) is not None


def find_item(typed: str, items: Sequence[Item], prefix: str) -> Item | None:
    """The item of a list that ``typed`` names: by its id (any case), or by its ordinal as the
    list shows it (``p2``: the second promise) when no item has that id."""
    wanted = typed.strip().lower()
    for item in items:
        if item.id == wanted:
            return item
    match = _SEQUENTIAL.fullmatch(wanted)
    if match and match.group(1) == prefix and 0 < int(match.group(2)) <= len(items):
        return items[int(match.group(2)) - 1]
    return None
