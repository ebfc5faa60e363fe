"""The casebook on disk: discovery, reading, atomic writes, the lock. The only module that
touches files.

Reading many cases goes through ``Casebook.cases()`` (libyaml + pydantic, never the round-trip
loader); updating one goes through ``Casebook.update()``, which keeps the file's comments,
key order and quoting and rewrites only what changed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from casectl.core import ids
from casectl.storage import yamlio
from casectl.core.config import Config
from casectl.errors import CasebookError, CorruptFileError, LockError, UsageError
from casectl.core.model import Case, migrate

CONFIG_NAME = "casectl.yaml"
CASES_DIR = "cases"
LOCAL_DIR = ".casectl"
LOCK_TIMEOUT = 15.0  # seconds; CASECTL_LOCK_TIMEOUT overrides


def find_root(start: Path | None = None, explicit: str | os.PathLike[str] | None = None) -> Path:
    """The casebook folder: ``explicit`` (``-C``), ``CASECTL_CASEBOOK``, or walking up to
    the first folder that holds ``casectl.yaml``."""
    named = explicit or os.environ.get("CASECTL_CASEBOOK")
    if named:
        root = Path(named).expanduser()
        if not (root / CONFIG_NAME).is_file():
            raise CasebookError(
                f"no casebook at {root} (no {CONFIG_NAME}); run: casectl init {root}"
            )
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise CasebookError(
        f"no casebook found in {here} or above (no {CONFIG_NAME}); "
        "run: casectl init, or name one with -C PATH"
    )


def validation_problem(
    exc: ValidationError, doc: Any | None = None, *, docs: str = "docs/case-format.md"
) -> tuple[str, int | None]:
    """The first pydantic error as ``field.path: message`` and the line it sits on."""
    first = exc.errors()[0]
    loc = tuple(first["loc"])
    path = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = f"unknown field (a typo? see {docs})"
    elif first["type"] == "missing":
        message = "required field is missing"
    elif message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    value = first.get("input")
    shown = repr(value)
    if (
        first["type"] not in ("missing", "extra_forbidden")
        and isinstance(value, str | int | float)
        and shown not in message
    ):
        message = f"{message}: {shown}"
    line = yamlio.line_of(doc, loc) if doc is not None else None
    return f"{path or '(top)'}: {message}", line


def read_config(root: Path) -> Config:
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CasebookError(f"{CONFIG_NAME}: cannot read: {exc.strerror}") from None
    return parse_config(text, CONFIG_NAME)


def parse_config(text: str, name: str = CONFIG_NAME) -> Config:
    try:
        data = yamlio.fast_load(text) or {}
    except yamlio.YamlError as exc:
        raise CorruptFileError(name, exc.problem, line=exc.line) from None
    if not isinstance(data, dict):
        raise CorruptFileError(name, "expected a mapping of settings")
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problem, line = validation_problem(exc, _rt_or_none(text), docs="docs/sla.md")
        raise CorruptFileError(name, problem, line=line) from None


def _rt_or_none(text: str) -> Any:
    try:
        return yamlio.rt_load(text)
    except yamlio.YamlError:
        return None


def parse_case(text: str, name: str) -> Case:
    """A case from its file text; ``CorruptFileError`` names the file, line and field."""
    try:
        data = yamlio.fast_load(text)
    except yamlio.YamlError as exc:
        raise CorruptFileError(name, exc.problem, line=exc.line) from None
    if not isinstance(data, dict):
        raise CorruptFileError(name, "expected a case (a mapping of fields)")
    try:
        return Case.model_validate(migrate(data))
    except ValidationError as exc:
        problem, line = validation_problem(exc, _rt_or_none(text))
        raise CorruptFileError(name, problem, line=line) from None


def case_data(case: Case) -> dict[str, Any]:
    """What a case file holds, as plain data in the canonical key order."""
    data: dict[str, Any] = yamlio.prune(yamlio.plain(case.model_dump(mode="python")))
    return data


def render_case(case: Case) -> str:
    """A case serialised the canonical way: the same case always gives the same bytes."""
    return yamlio.dump_new(case_data(case))


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


@dataclass
class LoadReport:
    """Cases read in bulk, and the files that could not be read (other cases keep working)."""

    cases: list[Case] = field(default_factory=list)
    problems: list[CorruptFileError] = field(default_factory=list)


@dataclass
class Casebook:
    root: Path
    config: Config

    @classmethod
    def open(cls, explicit: str | os.PathLike[str] | None = None) -> Casebook:
        root = find_root(explicit=explicit)
        return cls(root=root, config=read_config(root))

    # --- where things are -------------------------------------------------------------------

    @property
    def cases_dir(self) -> Path:
        return self.root / CASES_DIR

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def path_for(self, case: Case) -> Path:
        received = case.received_at.astimezone(self.config.tz)
        return self.cases_dir / f"{received:%Y}" / f"{received:%m}" / f"{case.id}.yaml"

    def case_files(self) -> dict[str, Path]:
        """Every case file by ID, from file names alone (no file is opened)."""
        found: dict[str, Path] = {}
        if not self.cases_dir.is_dir():
            return found
        for year in os.scandir(self.cases_dir):
            if not year.is_dir():
                continue
            for month in os.scandir(year.path):
                if not month.is_dir():
                    continue
                for entry in os.scandir(month.path):
                    if entry.name.endswith(".yaml") and not entry.name.startswith("."):
                        found[entry.name[: -len(".yaml")].upper()] = Path(entry.path)
        return found

    def resolve(self, prefix: str) -> tuple[str, Path]:
        files = self.case_files()
        case_id = ids.resolve(prefix, files)
        return case_id, files[case_id]

    # --- reading ----------------------------------------------------------------------------

    def read_text(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CorruptFileError(self.relative(path), "not UTF-8 text") from None
        except OSError as exc:
            raise CorruptFileError(self.relative(path), f"cannot read: {exc.strerror}") from None

    def load_path(self, path: Path) -> Case:
        return parse_case(self.read_text(path), self.relative(path))

    def load(self, prefix: str) -> Case:
        """One case by ID or unique prefix; reads that one file only."""
        _, path = self.resolve(prefix)
        return self.load_path(path)

    def cases(self) -> LoadReport:
        """Every case that reads cleanly, and the problems of those that do not.

        Unchanged files come from the index cache (``indexcache``); the rest are parsed.
        """
        from casectl.storage import index as indexcache

        report = LoadReport()
        cache_path = self.root / LOCAL_DIR / "index.json"
        gc_was_enabled = gc.isenabled()
        gc.disable()  # bulk validation allocates many small objects; gc pauses cost ~2x here
        try:
            cached = indexcache.read(cache_path)
            fresh: dict[str, indexcache.Entry] = {}
            started_ns = time.time_ns()
            changed = False
            for path in sorted(self.case_files().values()):
                rel = self.relative(path)
                try:
                    stat = path.stat()
                except OSError as exc:
                    report.problems.append(CorruptFileError(rel, f"cannot read: {exc.strerror}"))
                    continue
                hit = cached.get(rel)
                if hit and (hit.mtime_ns, hit.size) == (stat.st_mtime_ns, stat.st_size):
                    case = hit.case
                else:
                    try:
                        case = self.load_path(path)
                    except CorruptFileError as exc:
                        report.problems.append(exc)
                        continue
                    changed = True
                report.cases.append(case)
                fresh[rel] = indexcache.Entry(stat.st_mtime_ns, stat.st_size, case)
            if changed or set(cached) - set(fresh):
                indexcache.write(cache_path, fresh, started_ns)
        finally:
            if gc_was_enabled:
                gc.enable()
        return report

    # --- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the casebook's write lock; ``LockError`` (exit 3) when it is not obtained."""
        folder = self.root / LOCAL_DIR
        folder.mkdir(exist_ok=True)
        timeout = float(os.environ.get("CASECTL_LOCK_TIMEOUT", LOCK_TIMEOUT))
        with open(folder / "lock", "a+") as handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise CasebookError(f"cannot lock the casebook: {exc.strerror}") from None
                    if time.monotonic() >= deadline:
                        raise LockError(
                            f"another casectl has held the casebook lock for {timeout:g}s; "
                            "try again"
                        ) from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def create(self, make: Callable[[Callable[[str], bool]], Case]) -> tuple[Case, Path]:
        """Write a new case made by ``make(taken)``, which mints an ID not yet in use."""
        with self.lock():
            files = self.case_files()
            case = make(lambda case_id: case_id in files)
            path = self.path_for(case)
            if path.exists():  # pragma: no cover - ``taken`` prevents it
                raise CasebookError(f"{self.relative(path)} exists already")
            atomic_write(path, render_case(case))
        return case, path

    def update(self, prefix: str, change: Callable[[Case], Case]) -> tuple[Case, Path]:
        """Apply ``change`` to one case under the lock and write only what changed."""
        with self.lock():
            _, path = self.resolve(prefix)
            text = self.read_text(path)
            name = self.relative(path)
            before = parse_case(text, name)
            after = change(before)
            write_update(path, text, before, after)
        return after, path

    def replace_text(self, path: Path, text: str) -> Case:
        """Write hand-edited ``text`` once it validates (``edit``); else the old file stays."""
        case = parse_case(text, self.relative(path))
        expected = self.path_for(case)
        if expected.resolve() != path.resolve():
            raise UsageError(
                f"the edit changes where the case belongs ({self.relative(expected)}): "
                "id and received_at cannot change"
            )
        with self.lock():
            atomic_write(path, text)
        return case


def write_update(path: Path, text: str, before: Case, after: Case) -> None:
    """Rewrite ``path`` so that it holds ``after``, keeping the hand-written parts of ``text``."""
    doc = yamlio.rt_load(text)
    old_plain = yamlio.fast_load(text)
    new_plain = case_data(after)
    if before == after:
        return
    doc = yamlio.sync(doc, old_plain, new_plain)
    atomic_write(path, yamlio.dump(doc))


def init_casebook(root: Path, config_text: str, extra_files: dict[str, str]) -> list[Path]:
    """Create a casebook at ``root``; refuse when one is there already."""
    if (root / CONFIG_NAME).exists():
        raise UsageError(f"{root / CONFIG_NAME} exists already: refusing to overwrite a casebook")
    root.mkdir(parents=True, exist_ok=True)
    written = [root / CONFIG_NAME]
    atomic_write(root / CONFIG_NAME, config_text)
    (root / CASES_DIR).mkdir(exist_ok=True)
    keep = root / CASES_DIR / ".gitkeep"
    if not keep.exists():
        atomic_write(keep, "")
    for name, content in extra_files.items():
        target = root / name
        if target.exists():
            existing = target.read_text(encoding="utf-8")
            missing = [ln for ln in content.splitlines() if ln and ln not in existing.splitlines()]
            if missing:
                sep = "" if existing.endswith("\n") or not existing else "\n"
                atomic_write(target, existing + sep + "\n".join(missing) + "\n")
        else:
            atomic_write(target, content)
        written.append(target)
    return written


def now_in(config: Config) -> datetime:
    from casectl.core.timeparse import now_from_env

    return now_from_env(config.tz)
