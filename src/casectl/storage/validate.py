"""``casectl validate``'s walk: read every case file and casectl.yaml, check each against the
models and ``core.checks``, and look across files for duplicate IDs.

Fast enough for every commit: files are read with the libyaml loader (``casefile.parse_case``);
the round-trip parser runs only for a file with a problem, to find the line.
"""

from __future__ import annotations

import gc
import os
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
from casectl.storage import attachments, git, profiles, yamlio
from casectl.storage.casefile import CONFIG_NAME, parse_case, parse_config
from casectl.storage.discovery import holding
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
    out: list[Path] = []
    for folder, dirs, files in os.walk(root / CASES_DIR):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(Path(folder) / f for f in sorted(files) if f.endswith(".yaml") and f[0] != ".")
    return out


def _links(root: Path) -> list[Path]:
    """Symbolic links under ``cases/`` (files or folders): casectl neither follows nor writes
    through them, so a case behind one is missed or its link would be replaced."""
    found = []
    for folder, dirs, files in os.walk(root / CASES_DIR):
        for name in sorted(dirs + files):
            if (Path(folder) / name).is_symlink():
                found.append(Path(folder) / name)
    return found


def _temporaries(root: Path) -> list[Path]:
    """Temporary files interrupted writes left under ``cases/``."""
    from casectl.storage.files import TEMPORARY

    found = []
    for folder, _, files in os.walk(root / CASES_DIR):
        found += [Path(folder) / f for f in sorted(files) if TEMPORARY.match(f)]
    return found


def validate_paths(paths: Sequence[Path], default_root: Path | None = None) -> Report:
    """Validate the files and folders named (pre-commit passes the files changed), or the whole
    casebook at ``default_root`` when none are named."""
    if not paths:
        if default_root is None:
            raise CasebookError(msg("no casebook given"))
        return validate_casebook(default_root)
    groups: dict[Path, set[Path] | None] = {}  # None: the whole casebook
    for path in paths:
        if not path.exists():
            raise CasebookError(msg("{path}: no such file or folder", path=display(path)))
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
    return [p for p in (*all_case_files(root), *profiles.files(root)) if folder in p.parents]


def validate_casebook(root: Path, files: Sequence[Path] | None = None) -> Report:
    """casectl.yaml and ``files`` (default: every case file) of the casebook at ``root``.

    Checking the whole casebook, the index vouches for every file it holds unchanged (it keeps
    what validate found there); only the rest is read."""
    root = root.resolve()
    report = Report(files=1)
    config = _check_config(root, report)
    everything = all_case_files(root)
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
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many small objects, no cycles: gc pauses double the time of bulk loads
    try:
        for path in chosen:
            if path in known:
                continue
            report.files += 1
            case = _check_file(root, path, config, report)
            if case is not None:
                seen.setdefault(case.id.upper(), []).append(path)
                attached[display(path)] = [[a.path, a.sha256, a.size] for a in case.attachments]
    finally:
        if gc_was_enabled:
            gc.enable()
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
    for link in _links(root):
        report.problems.append(
            Problem(
                display(link),
                None,
                None,
                "a symbolic link: casectl reads and writes only regular files and folders here",
            )
        )
    for stray in _temporaries(root):
        report.problems.append(
            Problem(display(stray), None, None, "left by an interrupted write: delete it")
        )
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
        text = (root / CONFIG_NAME).read_text(encoding="utf-8")
    except OSError:
        return set()
    book = Casebook(root=root, config=config, config_text=text)
    scan = book.scan("checks")  # validate finds duplicate IDs itself, across every file
    done: set[Path] = set()
    for entry in scan.entries:
        if entry.checks is None:
            continue  # not known (the settings changed since): read the file
        path = root / entry.path
        name = display(path)
        for line, where, message in json.loads(entry.checks):
            report.problems.append(Problem(name, line, where, message))
        attached[name] = entry.row.get("_files", [])
        seen.setdefault(entry.id.upper(), []).append(path)
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
        return parse_config(path.read_text(encoding="utf-8"), display(path))
    except (OSError, UnicodeDecodeError) as exc:
        report.problems.append(Problem(display(path), None, None, f"cannot read: {exc}"))
    except CorruptFileError as exc:
        report.problems.extend(_from_error(exc))
    return None


def _check_plans(root: Path, report: Report) -> int:
    """The monthly plans (``plans/YYYY-MM.yaml``); how many there are."""
    from casectl.storage import plans

    found = sorted((root / plans.PLANS_DIR).glob("*.yaml"))
    for path in found:
        try:
            plan = plans.parse(path.read_text(encoding="utf-8"), display(path))
        except (OSError, UnicodeDecodeError) as exc:
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
        report.problems.extend(_from_error(exc))
        return None
    except Exception as exc:  # one odd file is that file's problem
        report.problems.append(Problem(name, None, None, f"cannot be read ({type(exc).__name__})"))
        return None
    found = list(checks.check_case(case))
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
