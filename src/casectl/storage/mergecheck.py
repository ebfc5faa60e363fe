"""``casectl validate --merge``: a merge commit (the one in progress, or a given one) must not
lose an item that one of its parents added — a note, an action, a plan item. A merge driver
that git could not start, or a conflict resolved by keeping one side, loses them silently; this
check sees them at commit time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casectl.core.customers.profile import PROFILES_DIR
from casectl.core.teamwork import disagree
from casectl.errors import CasebookError
from casectl.i18n import msg
from casectl.storage import git, mergefile, yamlio
from casectl.storage.plans import PLANS_DIR
from casectl.storage.store import CASES_DIR
from casectl.storage.validate import Problem, display

MERGE_HEAD = "MERGE_HEAD"
INDEX = ""  # the merged version of a merge in progress: what the commit will hold


def _out(root: Path, *args: str) -> str | None:
    done = git.git(*args, cwd=root)
    return done.stdout if done.returncode == 0 else None


def merge_of(root: Path, commit: str | None) -> tuple[str, list[str]] | None:
    """The merged version (a commit, or ``INDEX``) and its parents: the merge in progress
    (None when there is none), or ``commit`` (refused when it is not a merge)."""
    if commit is None:
        theirs = _out(root, "rev-parse", "-q", "--verify", MERGE_HEAD)
        head = _out(root, "rev-parse", "-q", "--verify", "HEAD")
        if not theirs or not head:
            return None
        return INDEX, [head.strip(), *theirs.split()]
    listed = _out(root, "rev-list", "--parents", "-n", "1", commit, "--")
    if listed is None:
        raise CasebookError(msg("{commit}: not a commit in this repository", commit=commit))
    merged, *parents = listed.split()
    if len(parents) < 2:
        raise CasebookError(msg("{commit} is not a merge commit", commit=commit))
    return merged, parents


def _data(root: Path, version: str, rel: str) -> dict[str, Any]:
    """A file's data in one version (a commit, or ``INDEX``); empty when it is not there or
    does not read (``validate`` reports a file that does not read)."""
    text = _out(root, "show", f"{version}:./{rel}")
    if text is None:
        return {}
    try:
        data = yamlio.fast_load(text)
    except yamlio.YamlError:
        return {}
    return data if isinstance(data, dict) else {}


def check(root: Path, commit: str | None = None) -> list[Problem]:
    """Every item a parent of the merge added that the merged files lack."""
    found = merge_of(root, commit)
    if found is None:
        return []
    merged, parents = found
    base = (_out(root, "merge-base", "--octopus", *parents) or "").strip()
    changed: set[str] = set()
    for parent in parents:
        names = _out(root, "diff", "--name-only", "--relative", base or parent, parent, "--")
        changed.update(
            n
            for n in (names or "").splitlines()
            if n.split("/")[0] in FOLDERS and n.endswith(".yaml")
        )
    problems: list[Problem] = []
    for rel in sorted(changed):
        problems.extend(_lost_in(root, rel, base, merged, parents))
    return problems


FOLDERS = (CASES_DIR, PROFILES_DIR, PLANS_DIR)


def _lost_in(root: Path, rel: str, base: str, merged: str, parents: list[str]) -> list[Problem]:
    sides = [_data(root, parent, rel) for parent in parents]
    before = _data(root, base, rel) if base else {}
    after = _data(root, merged, rel)
    if merged == INDEX and not after and _out(root, "ls-files", "-u", "--", rel):
        return []  # still unmerged: validate names it
    kind = mergefile.kind_of(sides[0] or after, sides[-1] or after, rel)
    lists = mergefile.SHAPES[kind].growing
    return [
        Problem(
            display(root / rel),
            None,
            where,
            f"{item} (added in {parents[index][:10]}) is not in the merged file",
        )
        for where, item, index in disagree.lost(before, sides, after, lists)
    ]
