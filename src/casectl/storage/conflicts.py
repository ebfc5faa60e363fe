"""``casectl conflicts``: the conflict blocks a merge left in case files, customer profiles and
plans, field by field, and their resolution — like ``git mergetool``, but one field at a time,
and a file is only written back whole when it is valid.

A block is what the merge driver writes (``mergefile.mark``): ``<<<<<<< ours (reason)``, OURS's
lines of one field, ``=======``, THEIRS's lines, ``>>>>>>> theirs``; a block ``git merge-file``
left (the fallback) is named by the field its first line holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from casectl.errors import CasebookError, UsageError, not_found
from casectl.i18n import msg
from casectl.storage import git, mergefile, reading, yamlio
from casectl.storage.files import atomic_write

_START = re.compile(r"^(<{7,}) ?(?:ours)?(?: \((?P<reason>.*)\))?\s*$")
OURS, THEIRS = "ours", "theirs"


@dataclass
class Block:
    """One conflict block: its lines in the file (0-based, ``start`` the ``<<<`` line, ``end``
    one past the ``>>>`` line), each side's lines, and what it is about."""

    start: int
    middle: int
    end: int
    ours_lines: list[str]
    theirs_lines: list[str]
    reason: str = ""
    field: str = ""
    ours: Any = None
    theirs: Any = None
    column: int = 0
    key: str | None = None  # the mapping key the block's lines start with, when they do


@dataclass
class Conflicted:
    """A file with conflict blocks (or held unmerged by git without them)."""

    path: str  # relative to the casebook
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Resolved:
    """A field resolved: the file, the field, the side taken (or ``value``), and how many
    blocks the file still holds (0: it is valid again, and added to git's index)."""

    path: str
    field: str
    taken: str
    left: int


def blocks(text: str) -> list[Block]:
    """The conflict blocks of ``text``, in order, with their fields and both values."""
    lines = text.splitlines(keepends=True)
    found: list[Block] = []
    index = 0
    while index < len(lines):
        start = _START.match(lines[index].rstrip("\n"))
        if not start:
            index += 1
            continue
        size = len(start.group(1))
        middle = _next(lines, index + 1, "=" * size)
        end = _next(lines, middle + 1, ">" * size) if middle >= 0 else -1
        if end < 0:
            break
        found.append(
            Block(
                index,
                middle,
                end + 1,
                lines[index + 1 : middle],
                lines[middle + 1 : end],
                start.group("reason") or "",
            )
        )
        index = end + 1
    _name(lines, found)
    return found


def _next(lines: list[str], at: int, marker: str) -> int:
    for index in range(at, len(lines)):
        if lines[index].rstrip("\n") == marker or lines[index].startswith(marker + " "):
            return index
    return -1


def _version(lines: list[str], found: list[Block], side: str) -> tuple[str, list[int]]:
    """The text with every block taken from ``side``, and where each block's lines begin."""
    out: list[str] = []
    begins: list[int] = []
    at = 0
    for block in found:
        out.extend(lines[at : block.start])
        begins.append(len(out))
        out.extend(block.ours_lines if side == OURS else block.theirs_lines)
        at = block.end
    out.extend(lines[at:])
    return "".join(out), begins


def _name(lines: list[str], found: list[Block]) -> None:
    """Each block's field and both values, read off the file with every block taken one way."""
    for side in (OURS, THEIRS):
        text, begins = _version(lines, found, side)
        try:
            doc, data = yamlio.rt_load(text), yamlio.fast_load(text)
        except yamlio.YamlError:
            continue
        places = _places(doc, ())
        for block, begin in zip(found, begins, strict=True):
            own = block.ours_lines if side == OURS else block.theirs_lines
            if not own or begin not in places:
                continue
            path, column = places[begin]
            if not block.field:
                block.field, block.column = _dotted(path), column
                block.key = str(path[-1]) if isinstance(path[-1], str) else None
            setattr(block, side, _at(data, path))
    for block in found:
        block.field = block.field or f"lines {block.start + 2}-{block.end - 1}"


def _places(node: Any, path: tuple[str | int, ...]) -> dict[int, tuple[tuple[str | int, ...], int]]:
    """Line → (path, column) of every block-style mapping key under ``node``."""
    out: dict[int, tuple[tuple[str | int, ...], int]] = {}
    if isinstance(node, CommentedMap) and not node.fa.flow_style():
        for key in node:
            line, column = node.lc.key(key)
            out.setdefault(line, ((*path, key), column))
            out.update({k: v for k, v in _places(node[key], (*path, key)).items() if k not in out})
    elif isinstance(node, CommentedSeq) and not node.fa.flow_style():
        for index, item in enumerate(node):
            out.update({k: v for k, v in _places(item, (*path, index)).items() if k not in out})
    return out


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


def conflicted(root: Path) -> list[Conflicted]:
    """Every case file, profile and plan git holds unmerged, with its blocks."""
    out: list[Conflicted] = []
    for rel in git.unmerged(root) if git.repo_top(root) else []:
        path = root / rel
        text = reading.read_text(path, reading.CASE) if path.exists() else ""
        out.append(Conflicted(rel, blocks(text)))
    return out


def _find(root: Path, which: str) -> Path:
    """A conflicted file by its path, or its name's stem (a case ID, a plan's month)."""
    listed = [c.path for c in conflicted(root)]
    wanted = which.strip().replace("\\", "/")
    for rel in listed:
        stem = rel.rsplit("/", 1)[-1].removesuffix(".yaml")
        if rel == wanted or stem.upper() == wanted.upper():
            return root / rel
    given = Path(which)
    if given.is_file():
        return given
    raise not_found("conflicted file", which, known=listed)


def resolve(
    root: Path, which: str, name: str, *, side: str | None = None, value: str | None = None
) -> Resolved:
    """Take one side of the block at field ``name`` (or write ``value``, YAML, there). The file
    is written only when the rest of it still holds blocks, or when it is then valid; a file
    with no block left is added to git's index, as ``git mergetool`` does."""
    path = _find(root, which)
    text = path.read_text(encoding="utf-8")
    found = blocks(text)
    block = next((b for b in found if b.field == name), None)
    if block is None:
        raise not_found("conflicting field", name, within=path.name, known=[b.field for b in found])
    lines = text.splitlines(keepends=True)
    chosen = _chosen(block, side, value)
    new = "".join([*lines[: block.start], *chosen, *lines[block.end :]])
    left = len(found) - 1
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    if left == 0:
        _check(new, rel)
    atomic_write(path, new)
    if left == 0 and path.is_relative_to(root) and git.repo_top(root):
        git.git("add", "--", rel, cwd=root)  # resolved, as git mergetool leaves it
    return Resolved(rel, name, side or "value", left)


def _chosen(block: Block, side: str | None, value: str | None) -> list[str]:
    if value is None:
        return block.ours_lines if side == OURS else block.theirs_lines
    if block.key is None:
        raise UsageError(
            msg("{field} is not one field: take --ours or --theirs", field=block.field)
        )
    try:
        data = yamlio.fast_load(value)
    except yamlio.YamlError as exc:
        raise UsageError(msg("--value: {problem}", problem=exc.problem)) from None
    rendered = yamlio.dump(yamlio.styled({block.key: data})).splitlines(keepends=True)
    return [" " * block.column + line if line.strip() else line for line in rendered]


def _check(text: str, rel: str) -> None:
    """Refuse a resolution that leaves a file a write would refuse."""
    try:
        data = yamlio.fast_load(text)
    except yamlio.YamlError as exc:
        raise CasebookError(msg("{file}: {problem}", file=rel, problem=exc.problem)) from None
    data = data if isinstance(data, dict) else {}
    kind = mergefile.kind_of(data, data, rel)
    problems = mergefile.file_problems(text, rel, kind)
    if problems:
        loc, why = problems[0]
        raise CasebookError(
            msg(
                "{file} is unchanged: that leaves {field}: {problem}",
                file=rel,
                field=loc or kind,
                problem=why,
            )
        )
