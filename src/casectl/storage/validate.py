"""``casectl validate``: every case file and casectl.yaml against the models, and the checks that
look across fields and files. Pure apart from reading the files it is given.

Fast enough for every commit: files are read with the libyaml loader (``store.parse_case``); the
round-trip parser runs only for a file with a problem, to find the line.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from casectl.core import lifecycle
from casectl.storage import yamlio
from casectl.core.config import Config
from casectl.errors import CasebookError, CorruptFileError
from casectl.core.model import GROWING_LISTS, Case
from casectl.storage.store import CASES_DIR, CONFIG_NAME, parse_case, parse_config

_FIELD = re.compile(r"^((?:[A-Za-z_]\w*|\[\d+\])(?:\.?(?:[A-Za-z_]\w*|\[\d+\]))*|\(top\)): (.+)$")
_LOC = re.compile(r"[A-Za-z_]\w*|\[\d+\]")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, where it is: ``file:line: field: message``."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    files: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files": self.files,
            "problems": [p.as_json() for p in sorted(self.problems, key=_sort_key)],
        }


def _sort_key(p: Problem) -> tuple[str, int, str, str]:
    return p.file, p.line or 0, p.field or "", p.message


def display(path: Path) -> str:
    """``path`` as the user will want to see it: relative to the working folder when inside."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def casebook_of(path: Path) -> Path:
    """The casebook folder holding ``path`` (a file or folder); ``CasebookError`` when none."""
    here = path.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise CasebookError(f"{display(path)} is not in a casebook (no {CONFIG_NAME} above it)")


def all_case_files(root: Path) -> list[Path]:
    """Every ``*.yaml`` under ``cases/``, at any depth (a misplaced file is found too)."""
    out: list[Path] = []
    for folder, dirs, files in os.walk(root / CASES_DIR):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(Path(folder) / f for f in sorted(files) if f.endswith(".yaml") and f[0] != ".")
    return out


def validate_paths(paths: Sequence[Path], default_root: Path | None = None) -> Report:
    """Validate the files and folders named (pre-commit passes the files changed), or the whole
    casebook at ``default_root`` when none are named."""
    if not paths:
        if default_root is None:
            raise CasebookError("no casebook given")
        return validate_casebook(default_root)
    groups: dict[Path, set[Path] | None] = {}  # None: the whole casebook
    for path in paths:
        if not path.exists():
            raise CasebookError(f"{display(path)}: no such file or folder")
        root = casebook_of(path)
        here = path.resolve()
        if here == root:
            groups[root] = None
            continue
        files = set(_under(here, root)) if here.is_dir() else set()
        if here.is_file() and here != root / CONFIG_NAME:  # the config is always checked
            files.add(here)
        if root not in groups or groups[root] is not None:
            groups[root] = (groups.get(root) or set()) | files
    report = Report()
    for root, chosen in groups.items():
        part = validate_casebook(root, sorted(chosen) if chosen is not None else None)
        report.files += part.files
        report.problems.extend(part.problems)
    return report


def _under(folder: Path, root: Path) -> list[Path]:
    return [p for p in all_case_files(root) if folder in p.parents]


def validate_casebook(root: Path, files: Sequence[Path] | None = None) -> Report:
    """casectl.yaml and ``files`` (default: every case file) of the casebook at ``root``."""
    root = root.resolve()
    report = Report(files=1)
    config = _check_config(root, report)
    everything = all_case_files(root)
    chosen = everything if files is None else [Path(f) for f in files]
    # IDs the other files carry, from their names alone (no need to open them)
    seen: dict[str, list[Path]] = {}
    if files is not None:
        for path in set(everything) - set(chosen):
            seen.setdefault(path.stem.upper(), []).append(path)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many small objects, no cycles: gc pauses double the time of bulk loads
    try:
        for path in chosen:
            report.files += 1
            case = _check_file(root, path, config, report)
            if case is not None:
                seen.setdefault(case.id.upper(), []).append(path)
    finally:
        if gc_was_enabled:
            gc.enable()
    for case_id, where in sorted(seen.items()):
        if len(where) > 1:
            names = ", ".join(display(p) for p in sorted(where))
            for path in where:
                if path in chosen:
                    report.problems.append(
                        Problem(display(path), None, "id", f"duplicate case ID {case_id}: {names}")
                    )
    report.problems.sort(key=_sort_key)
    return report


def _check_config(root: Path, report: Report) -> Config | None:
    path = root / CONFIG_NAME
    try:
        return parse_config(path.read_text(encoding="utf-8"), display(path))
    except (OSError, UnicodeDecodeError) as exc:
        report.problems.append(Problem(display(path), None, None, f"cannot read: {exc}"))
    except CorruptFileError as exc:
        report.problems.append(_from_error(exc))
    return None


def _from_error(exc: CorruptFileError) -> Problem:
    match = _FIELD.match(exc.problem)
    if match:
        return Problem(exc.path, exc.line, match.group(1), match.group(2))
    return Problem(exc.path, exc.line, None, exc.problem)


def _check_file(root: Path, path: Path, config: Config | None, report: Report) -> Case | None:
    name = display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        report.problems.append(Problem(name, None, None, "not UTF-8 text"))
        return None
    except OSError as exc:
        report.problems.append(Problem(name, None, None, f"cannot read: {exc.strerror}"))
        return None
    try:
        case = parse_case(text, name)
    except CorruptFileError as exc:
        report.problems.append(_from_error(exc))
        return None
    found = [(loc, msg) for loc, msg in _check_case(case)]
    if config is not None:
        found.extend(_check_place(root, path, case, config))
    if found:
        doc = yamlio.rt_load(text)
        for loc, message in found:
            line = yamlio.line_of(doc, _loc(loc)) if loc else None
            report.problems.append(Problem(name, line, loc or None, message))
    return case


def _loc(dotted: str) -> list[str | int]:
    return [int(p[1:-1]) if p.startswith("[") else p for p in _LOC.findall(dotted)]


def _check_place(root: Path, path: Path, case: Case, config: Config) -> Iterator[tuple[str, str]]:
    received = case.received_at.astimezone(config.tz)
    expected = Path(CASES_DIR) / f"{received:%Y}" / f"{received:%m}" / f"{case.id}.yaml"
    try:
        actual = path.resolve().relative_to(root)
    except ValueError:
        actual = path
    if path.stem != case.id:
        yield "id", f"the file name {path.name} does not match the ID; it belongs at {expected}"
    elif actual.parent != expected.parent:
        yield (
            "received_at",
            f"received {received:%Y-%m} ({config.timezone}) but filed under "
            f"{actual.parent.as_posix()}; it belongs at {expected.as_posix()}",
        )


def _check_case(case: Case) -> Iterator[tuple[str, str]]:
    yield from _check_item_ids(case)
    yield from _check_dates(case)
    yield from _check_stage(case)


def _check_item_ids(case: Case) -> Iterator[tuple[str, str]]:
    for where in GROWING_LISTS:
        items: Any = case
        for part in where.split("."):
            items = getattr(items, part, None) if items is not None else None
        seen: set[str] = set()
        for index, item in enumerate(items or []):
            if item.id in seen:
                yield f"{where}[{index}].id", f"duplicate item id {item.id!r}"
            seen.add(item.id)
    promises = {p.id for p in (case.response.promises if case.response else [])}
    for index, update in enumerate(case.updates):
        for ref in update.keeps:
            if ref not in promises:
                yield f"updates[{index}].keeps", f"no promise {ref!r} in response.promises"


def _times(value: Any, loc: str) -> Iterable[tuple[str, datetime]]:
    """Every time in a case's data with where it sits."""
    if isinstance(value, datetime):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _times(item, f"{loc}.{key}" if loc else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _times(item, f"{loc}[{index}]")


def _check_dates(case: Case) -> Iterator[tuple[str, str]]:
    received = case.received_at
    for loc, at in _times(case.model_dump(), ""):
        if at < received and not loc.endswith(".due"):
            yield loc, f"{at.isoformat()} is before the case was received ({received.isoformat()})"
    pairs: list[tuple[str, datetime | None, str, datetime | None]] = []
    for i, p in enumerate(case.response.promises if case.response else []):
        made = p.made_at or (case.response.at if case.response else None)
        base = f"response.promises[{i}]"
        pairs.append((f"{base}.kept_at", p.kept_at, "made", made))
        pairs.append((f"{base}.due", p.due, "made", made))
    for i, a in enumerate(case.actions):
        pairs += [
            (f"actions[{i}].done_at", a.done_at, "added", a.added_at),
            (f"actions[{i}].cancelled_at", a.cancelled_at, "added", a.added_at),
        ]
    for i, pause in enumerate(case.pauses):
        pairs.append((f"pauses[{i}].end", pause.end, "started", pause.start))
    resolved = case.resolution.at
    reopened = lifecycle.last_reopened(case)
    rel = case.relationship
    later: list[tuple[str, datetime | None]] = [
        ("relationship.at", rel.at),
        ("relationship.follow_up.done_at", rel.follow_up.done_at if rel.follow_up else None),
        ("relationship.survey.at", rel.survey.at if rel.survey else None),
        ("review.at", case.review.at),
        ("closed.at", case.closed.at if case.closed else None),
    ]
    for loc, when in later:
        if when is not None and (reopened is None or when > reopened):
            pairs.append((loc, when, "resolved", resolved))
    for loc, after, what, before in pairs:
        if after is not None and before is not None and after < before:
            yield loc, f"{after.isoformat()} is before it was {what} ({before.isoformat()})"


def _check_stage(case: Case) -> Iterator[tuple[str, str]]:
    """The stage read off the content needs the earlier steps' content, unless forced."""
    forced = {e.event[len("forced ") :] for e in case.timeline if e.event.startswith("forced ")}
    root_cause = case.investigation.root_cause
    if root_cause and case.response is None and "investigated" not in forced:
        yield "investigation.root_cause", "a root cause but no first response (casectl respond)"
    if lifecycle.is_resolved(case) and not root_cause and "resolve" not in forced:
        yield "resolution.at", "resolved without a root cause (casectl investigate --root-cause)"
    for step, done, loc in (
        ("repair", lifecycle.is_repaired(case), "relationship.at"),
        ("review", lifecycle.is_reviewed(case), "review.at"),
    ):
        if done and not lifecycle.is_resolved(case) and step not in forced:
            yield loc, f"{step} recorded but the case is not resolved (casectl resolve)"
    if lifecycle.is_closed(case) and case.closed is not None and not case.closed.forced:
        for what, _command in lifecycle.missing_for("close", case):
            yield "closed", f"closed, but {what}"
