"""``casectl validate``'s walk: read every case file and casectl.yaml, check each against the
models and ``core.checks``, and look across files for duplicate IDs.

Fast enough for every commit: files are read with the libyaml loader (``casefile.parse_case``);
the round-trip parser runs only for a file with a problem, to find the line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from casectl.core.config import Config
from casectl.core.customers.profile import PROFILES_DIR
from casectl.core.loop import checks
from casectl.core.model import Case
from casectl.errors import CasebookError, CorruptFileError
from casectl.i18n import msg
from casectl.storage import attachments, git, profiles, reading, yamlio
from casectl.storage.bulk import paused_gc
from casectl.storage.casefile import CONFIG_NAME, parse_case, parse_config
from casectl.storage.discovery import config_text, holding
from casectl.storage.files import STALE_AFTER, is_temporary
from casectl.storage.plans import PLANS_DIR
from casectl.storage.reading import what_it_is
from casectl.storage.store import CASES_DIR


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
    def ok(self) -> bool:  # warnings (``checks.WARNING``) leave a file valid
        return all(p.message.startswith(checks.WARNING) for p in self.problems)

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
    root = holding(path)
    if root is None:
        raise CasebookError(
            msg(
                "{path} is not in a casebook (no {config_name} above it)",
                path=display(path),
                config_name=CONFIG_NAME,
            )
        )
    return root


def all_case_files(root: Path) -> list[Path]:
    """Every ``*.yaml`` under ``cases/``, at any depth (a misplaced file is found too)."""
    return survey(root).cases


@dataclass
class Survey:
    """What one walk over the casebook finds, following no link: the case files by name (a
    link or a FIFO named ``*.yaml`` too: reading it says what it is), the other entries that
    are not regular files or folders under ``cases/``, ``customers/`` and ``plans/``, and the
    temporaries interrupted writes left."""

    cases: list[Path] = field(default_factory=list)
    odd: list[tuple[Path, str]] = field(default_factory=list)
    leftovers: list[Path] = field(default_factory=list)


def survey(root: Path) -> Survey:
    found = Survey()
    _look(root, found, cases=False, only_leftovers=True)
    _look(root / CASES_DIR, found, cases=True)
    for flat in (PROFILES_DIR, PLANS_DIR):
        _look(root / flat, found, cases=False)
    found.cases.sort()
    found.odd.sort()
    found.leftovers.sort()
    return found


def _look(folder: Path, found: Survey, *, cases: bool, only_leftovers: bool = False) -> None:
    """``folder``'s leftovers and odd entries; with ``cases``, its case files and those of its
    folders (not hidden ones) too. A ``*.yaml`` file is judged by the reader that reads it."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        if is_temporary(entry.name):
            found.leftovers.append(path)
            continue
        if only_leftovers:
            continue
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError:
            continue
        if stat.S_ISDIR(mode):
            if cases and not entry.name.startswith("."):
                _look(path, found, cases=True)
        elif entry.name.endswith(".yaml") and not entry.name.startswith("."):
            if cases:
                found.cases.append(path)
        elif (what := what_it_is(mode)) is not None:
            found.odd.append((path, what))


def _odd(what: str) -> str:
    return msg(
        "{what}, not a regular file or folder: casectl neither reads nor writes through it",
        what=what,
    )


def _leftover() -> str:
    return msg(
        "left by an interrupted write: delete it (the next casectl write in this folder "
        "removes it once it is {minutes} minutes old)",
        minutes=int(STALE_AFTER // 60),
    )


def validate_paths(paths: Sequence[Path], default_root: Path | None = None) -> Report:
    """Validate the files and folders named (pre-commit passes the files changed), or the whole
    casebook at ``default_root`` when none are named."""
    if not paths:
        if default_root is None:
            raise CasebookError(msg("no casebook given"))
        return validate_casebook(default_root)
    groups: dict[Path, set[Path] | None] = {}  # None: the whole casebook
    for path in paths:
        if not os.path.lexists(path):
            raise CasebookError(msg("{path}: no such file or folder", path=display(path)))
        root = casebook_of(path)
        folder = path.is_dir() and not path.is_symlink()  # a file named is read as it is
        here = path.resolve() if folder else path.parent.resolve() / path.name
        if here == root:
            groups[root] = None
            continue
        files = set(_under(here, root)) if folder else set()
        if not folder and here != root / CONFIG_NAME:  # the config is always checked
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
    return [p for p in (*all_case_files(root), *profiles.files(root)) if folder in p.parents]


def validate_casebook(root: Path, files: Sequence[Path] | None = None) -> Report:
    """casectl.yaml and ``files`` (default: every case file) of the casebook at ``root``.

    Checking the whole casebook, the index vouches for every file it holds unchanged (it keeps
    what validate found there); only the rest is read."""
    root = root.resolve()
    report = Report(files=1)
    config = _check_config(root, report)
    walk = survey(root)
    everything = walk.cases
    chosen = everything if files is None else [Path(f) for f in files]
    _check_profiles(root, report, None if files is None else chosen)
    chosen = [p for p in chosen if p.parent != root / PROFILES_DIR]
    # IDs the other files carry, from their names alone (no need to open them)
    seen: dict[str, list[Path]] = {}
    if files is not None:
        for path in set(everything) - set(chosen):
            seen.setdefault(path.stem.upper(), []).append(path)
    attached: dict[str, list[list[Any]]] = {}  # each case file's attachments, to check
    known = _from_index(root, config, report, seen, attached) if files is None and config else set()
    with paused_gc():
        for path in chosen:
            if path in known:
                continue
            report.files += 1
            case = _check_file(root, path, config, report)
            if case is not None:
                seen.setdefault(case.id.upper(), []).append(path)
                attached[display(path)] = [[a.path, a.sha256, a.size] for a in case.attachments]
    if files is None:
        report.files += _check_plans(root, report)
        for name in git.unmerged(root) if git.repo_top(root) else []:
            report.problems.append(
                Problem(
                    display(root / name),
                    None,
                    None,
                    "git holds this file as unmerged: resolve the conflict, then git add it",
                )
            )
    for shown, loc, said in attachments.problems(root, attached, everything=files is None):
        report.problems.append(Problem(shown if loc else display(root / shown), None, loc, said))
    for odd, what in walk.odd:
        report.problems.append(Problem(display(odd), None, None, _odd(what)))
    for stray in walk.leftovers:
        report.problems.append(Problem(display(stray), None, None, _leftover()))
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


def _from_index(
    root: Path,
    config: Config,
    report: Report,
    seen: dict[str, list[Path]],
    attached: dict[str, list[list[Any]]],
) -> set[Path]:
    """The files the index vouches for, their findings added to ``report`` (and their
    attachments to ``attached``: the files may have changed, so they are checked anew)."""
    import json

    from casectl.storage.store import Casebook

    try:
        text = config_text(root)
    except CasebookError:
        return set()
    book = Casebook(root=root, config=config, config_text=text)
    scan = book.scan("checks")  # validate finds duplicate IDs itself, across every file
    done: set[Path] = set()
    for entry in scan.entries:
        if entry.checks is None:
            continue  # not known (the settings changed since): read the file
        path = root / entry.path
        found = json.loads(entry.checks) if entry.checks != "[]" else []
        report.problems += [Problem(display(path), n, at, said) for n, at, said in found]
        if files := entry.files():
            attached[display(path)] = files
        seen.setdefault(entry.key, []).append(path)
        done.add(path)
    for problem in scan.problems:
        path = root / problem.path
        for each in (problem, *problem.more):
            report.problems.append(Problem(display(path), each.line, each.field, each.detail))
        done.add(path)
    report.files += len(done)
    return done


def _check_config(root: Path, report: Report) -> Config | None:
    path = root / CONFIG_NAME
    try:
        return parse_config(reading.read_text(path, reading.SETTINGS), display(path))
    except reading.Unreadable as exc:
        report.problems.append(Problem(display(path), None, None, exc.problem))
    except OSError as exc:
        report.problems.append(Problem(display(path), None, None, f"cannot read: {exc}"))
    except CorruptFileError as exc:
        report.problems.extend(_from_error(exc))
    return None


def _check_plans(root: Path, report: Report) -> int:
    """The monthly plans (``plans/YYYY-MM.yaml``); how many there are."""
    from casectl.storage import plans

    try:
        names = sorted(e.name for e in os.scandir(root / PLANS_DIR))
    except OSError:
        names = []
    found = [root / PLANS_DIR / n for n in names if n.endswith(".yaml") and n[0] != "."]
    for path in found:
        try:
            plan = plans.parse(reading.read_text(path, reading.PLAN), display(path))
        except reading.Unreadable as exc:
            report.problems.append(Problem(display(path), None, None, exc.problem))
            continue
        except OSError as exc:
            report.problems.append(Problem(display(path), None, None, f"cannot read: {exc}"))
            continue
        except CorruptFileError as exc:
            report.problems.extend(_from_error(exc))
            continue
        if f"{plan.month}.yaml" != path.name:
            report.problems.append(
                Problem(display(path), None, "month", f"{plan.month!r} in a file named {path.name}")
            )
    return len(found)


def _from_error(exc: CorruptFileError) -> list[Problem]:
    """Every problem the error names: the first, and the others of the same file."""
    return [Problem(e.path, e.line, e.field, e.detail) for e in (exc, *exc.more)]


def _check_file(root: Path, path: Path, config: Config | None, report: Report) -> Case | None:
    name = display(path)
    try:
        text = reading.read_text(path, reading.CASE)
    except reading.Unreadable as exc:
        report.problems.append(Problem(name, None, None, exc.problem))
        return None
    except OSError as exc:
        report.problems.append(Problem(name, None, None, f"cannot read: {exc.strerror}"))
        return None
    try:
        case = parse_case(text, name)
    except CorruptFileError as exc:
        report.problems.extend(_from_error(exc))
        return None
    except Exception as exc:  # one odd file is that file's problem
        report.problems.append(Problem(name, None, None, f"cannot be read ({type(exc).__name__})"))
        return None
    found = [*checks.check_case(case), *checks.check_id_form(case)]
    if config is not None:
        try:
            actual = PurePosixPath(path.resolve().relative_to(root).as_posix())
        except ValueError:
            actual = PurePosixPath(path.as_posix())
        found.extend(checks.check_place(case, actual, config.tz, config.timezone))
    if found:
        doc = yamlio.rt_load(text)
        for loc, message in found:
            line = yamlio.line_of(doc, checks.loc_of(loc)) if loc else None
            report.problems.append(Problem(name, line, loc or None, message))
    return case


def _check_profiles(root: Path, report: Report, chosen: Sequence[Path] | None) -> None:
    """Customer profiles: each against its model (a bad one is that file's problem), and no
    two profiles claiming one name or alias. ``chosen``: only those files (None: every one)."""
    every = profiles.files(root)
    picked = every if chosen is None else [p for p in chosen if p.parent == root / PROFILES_DIR]
    claimed: dict[str, list[Path]] = {}
    for path in every:
        mine = path in picked
        if mine:
            report.files += 1
        try:
            profile = profiles.read(path, display(path))
        except CorruptFileError as exc:
            if mine:
                report.problems.extend(_from_error(exc))
            continue
        except Exception as exc:  # one odd file is that file's problem
            if mine:
                report.problems.append(
                    Problem(display(path), None, None, f"cannot be read ({type(exc).__name__})")
                )
            continue
        for key in profile.folded():
            claimed.setdefault(key, []).append(path)
    for key, where in sorted(claimed.items()):
        if len(where) < 2:
            continue
        for path in where:
            if path in picked:
                others = ", ".join(display(p) for p in where if p != path)
                report.problems.append(
                    Problem(display(path), None, "name", f"{key!r} is also a name in {others}")
                )
