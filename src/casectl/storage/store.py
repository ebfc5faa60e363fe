"""The casebook: one discovery, reading cases one at a time or in bulk, and the writes that
create, update or replace a case under the lock.

Reading many cases goes through ``Casebook.cases()`` (libyaml + pydantic, never the round-trip
loader); updating one goes through ``Casebook.update()``, which keeps the file's comments,
key order and quoting and rewrites only what changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from casectl.core import ids
from casectl.core.clocks.meter import Frame
from casectl.core.config import Config
from casectl.core.loop import checks
from casectl.core.model import Case
from casectl.core.names import fold
from casectl.errors import CasebookError, ChangedMeanwhile, CorruptFileError, UsageError
from casectl.i18n import msg
from casectl.storage import casefiles, locks, reading, writes
from casectl.storage.bulk import paused_gc
from casectl.storage.casefile import case_data, parse_case, render_case, update_text
from casectl.storage.discovery import INDEX_NAME, LOCAL_DIR, find_root, holding, read_config
from casectl.storage.files import atomic_write
from casectl.storage.index import Index, Scan
from casectl.storage.indexsql import config_key

__all__ = ["LOCAL_DIR", "Casebook", "LoadReport", "find_root", "holding", "read_config"]

CASES_DIR = checks.CASES_DIR


@dataclass
class LoadReport:
    """Cases read in bulk, and the files that could not be read (other cases keep working)."""

    cases: list[Case] = field(default_factory=list)
    problems: list[CorruptFileError] = field(default_factory=list)


_FULL_ID = re.compile(r"^C-(\d\d)(\d\d)\d\d-[0-9A-Z]+$")


@dataclass
class Casebook:
    root: Path
    config: Config
    config_text: str = ""
    _index: Index | None = field(default=None, repr=False)

    @classmethod
    def open(cls, explicit: str | os.PathLike[str] | None = None) -> Casebook:
        root = find_root(explicit=explicit)
        config, text = read_config(root)
        return cls(root=root, config=config, config_text=text)

    # --- where things are -------------------------------------------------------------------

    @property
    def cases_dir(self) -> Path:
        return self.root / CASES_DIR

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def shown(self, rel: str) -> str:
        """A path relative to the casebook as seen from the working directory."""
        full = self.root / rel
        try:
            return full.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return full.as_posix()

    def path_for(self, case: Case) -> Path:
        return self.root / checks.home(case, self.config.tz)

    def case_files(self, month: str | None = None) -> dict[str, Path]:
        """Every case file by ID, from file names alone (no file is opened); only the month
        folder ``YYYY/MM`` when ``month`` is given."""
        return {case_id: paths[0] for case_id, paths in self._holders(month).items()}

    def _holders(self, month: str | None = None) -> dict[str, list[Path]]:
        """The files named for each ID (more than one: twins in two folders, or ``C-…`` and
        ``c-…``)."""
        folders = [str(self.cases_dir / month)] if month else self._month_folders()
        found: dict[str, list[Path]] = {}
        for _, name, path in casefiles.yaml_files(folders):
            found.setdefault(name[: -len(".yaml")].upper(), []).append(Path(path))
        return found

    def _one(self, case_id: str, paths: list[Path]) -> Path:
        """The one file of ``case_id``; two files for one ID are refused, naming both: which
        one is the case is a guess."""
        if len(paths) > 1:
            names = " and ".join(self.relative(p) for p in sorted(paths))
            raise CasebookError(
                msg(
                    "two files hold case {case_id}: {names}; keep one "
                    "(casectl validate shows them)",
                    case_id=case_id,
                    names=names,
                )
            )
        return paths[0]

    def _month_folders(self) -> list[str]:
        return casefiles.month_folders(self.cases_dir)

    def resolve(self, prefix: str, *, everywhere: bool = False) -> tuple[str, Path]:
        """The case file an ID or unique prefix names. A full ID (or one with its date) names
        its month folder, so only that folder is looked in — unless ``everywhere`` (before a
        write), which also makes sure no other folder holds a twin."""
        wanted = ids.normalise(prefix)
        dated = _FULL_ID.match(wanted)
        holders = self._holders(f"20{dated.group(1)}/{dated.group(2)}") if dated else {}
        if wanted not in holders:
            holders = self._holders()
        case_id = ids.resolve(prefix, holders)
        paths = holders[case_id]
        if everywhere and dated:  # names alone, every folder: a twin filed elsewhere
            paths = self._named(case_id) or paths  # behind a linked folder: the write says why
        return case_id, self._one(case_id, paths)

    def _named(self, case_id: str) -> list[Path]:
        """The files of any month folder named for ``case_id``, in capitals or in small letters:
        a probe per folder, not a listing of every file (a twin named in mixed case is found by
        ``validate`` and by every bulk read)."""
        names = {f"{case_id}.yaml", f"{case_id.lower()}.yaml"}
        return [
            Path(folder, name)
            for folder in self._month_folders()
            for name in sorted(names)
            if os.path.lexists(os.path.join(folder, name))
        ]

    # --- reading ----------------------------------------------------------------------------

    def read_text(self, path: Path) -> str:
        """A case file's text exactly as it is, line endings included: a regular file within
        the case limit (``storage.reading``), or ``CorruptFileError``."""
        return reading.file_text(path, reading.CASE, self.relative(path))

    def load_path(self, path: Path) -> Case:
        return parse_case(self.read_text(path), self.relative(path))

    def load(self, prefix: str) -> Case:
        """One case by ID or unique prefix; reads that one file only."""
        _, path = self.resolve(prefix)
        return self.load_path(path)

    @property
    def index(self) -> Index:
        if self._index is None:
            key, frame = config_key(self.config_text), Frame.of(self.config).as_data()
            kept = json.dumps(frame, ensure_ascii=False, sort_keys=True)
            self._index = Index(self.root / LOCAL_DIR / INDEX_NAME, key, frame=kept)
        return self._index

    def entries(self, *want: str) -> Scan:
        """Every case as the index knows it (see ``scan``); a case ID that two files hold is
        neither file's: both become problems, named."""
        scan = self.scan(*want)
        holders: dict[str, list[str]] = {}
        for entry in scan.entries:
            holders.setdefault(entry.key, []).append(entry.path)
        twins = {i: paths for i, paths in holders.items() if len(paths) > 1}
        if twins:  # one ID in two files: neither is trusted to be the case
            scan.entries = [e for e in scan.entries if e.key not in twins]
            for case_id, paths in sorted(twins.items()):
                for path in paths:
                    others = ", ".join(p for p in paths if p != path)
                    scan.problems.append(
                        CorruptFileError(
                            path,
                            msg(
                                "duplicate case ID {case_id}: also in {others}",
                                case_id=case_id,
                                others=others,
                            ),
                        )
                    )
        return scan

    def scan(self, *want: str) -> Scan:
        """Every case file as the index knows it (no case model is built for an unchanged file),
        and the problems of the files that cannot be read. ``want`` names what is needed
        beyond the list row: ``settled`` clocks, validate's ``checks``, the ``search`` text."""
        with paused_gc():
            files, text = casefiles.listed(self.root), self.config_text
            return self.index.scan(files, self.config, parse_case, text, frozenset(want))

    def look_alikes(self, customer: str, title: str) -> list[tuple[str, str]]:
        """Open cases of ``customer`` (its name folded: ``Beta Corp`` is ``BetaCorp``) whose
        title looks like ``title``: (id, title) each."""
        from difflib import SequenceMatcher

        wanted = fold(customer)
        found = []
        for row in self.index.open_rows():
            if fold(str(row.get("customer", ""))) != wanted:
                continue
            other = str(row.get("title", ""))
            if SequenceMatcher(None, title.casefold(), other.casefold()).ratio() >= 0.6:
                found.append((str(row["id"]), other))
        return sorted(found)

    def cases(
        self, *, published: bool = False, holding: Callable[[str], bool] | None = None
    ) -> LoadReport:
        """Every case that reads cleanly (only those in the case library, with
        ``published``; only those whose JSON text ``holding`` keeps, with it), and the problems
        of those that do not."""
        scan = self.entries()
        chosen = [e for e in scan.entries if e.published] if published else scan.entries
        with paused_gc():
            texts = self.index.texts(chosen) if holding is not None else None
            if texts is not None and holding is not None:
                chosen = [e for e in chosen if holding(texts[e.path])]
            return LoadReport(self.index.load(chosen, texts), scan.problems)

    # --- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, case_id: str | None = None) -> Iterator[None]:
        """Hold one case's write lock, or with no ``case_id`` the casebook's (taken where IDs
        are minted); ``LockError`` (exit 3) when it is not obtained. Steps on different cases
        never wait for each other. The lock is the case file's own (``casectl.yaml``'s for the
        casebook): ``storage.locks``."""
        if case_id is None:
            with locks.casebook(self.root):
                yield
        else:
            case_id, path = self.resolve(case_id)
            with self._holding(case_id, path):
                yield

    def _holding(self, case_id: str, path: Path) -> contextlib.AbstractContextManager[None]:
        return locks.held(
            path, case_id, (self.root / LOCAL_DIR, f"locks/{case_id}"), self.relative(path)
        )

    def _written(self, path: Path, text: str, case: Case, *, index: bool = True) -> None:
        """Write ``text`` for ``case`` — once it reads back as that case: what casectl writes
        is what casectl reads, or nothing is written (``storage.writes``). ``index``: record
        it in the index now."""
        rel = self.relative(path)
        check = writes.reads_as(lambda t: parse_case(t, rel), case_data, case)
        writes.save(self.root, path, text, shown=rel, kind=reading.CASE, check=check)
        if index:
            self.index.put(rel, path, text, case, self.config)

    def create(self, make: Callable[[Callable[[str], bool]], Case]) -> tuple[Case, Path]:
        """Write a new case made by ``make(taken)``, which mints an ID not yet in use."""
        with self.lock():
            case = make(lambda case_id: bool(self._named(case_id)))
            path = self.path_for(case)
            if path.exists():  # pragma: no cover - ``taken`` prevents it
                raise CasebookError(msg("{file} exists already", file=self.relative(path)))
            self._written(path, render_case(case), case)
        return case, path

    def update(self, prefix: str, change: Callable[[Case], Case]) -> tuple[Case, Path]:
        """Apply ``change`` to one case under its lock and write only what changed."""
        case_id, path = self.resolve(prefix)
        with self._holding(case_id, path):
            case_id, path = self.resolve(case_id, everywhere=True)
            text = self.read_text(path)
            before = parse_case(text, self.relative(path))
            if before.id.upper() != case_id:
                raise CasebookError(
                    msg(
                        "{file}: the file holds id {before!r}, not the {case_id} its name "
                        "says; put it right by hand first (casectl validate shows it)",
                        file=self.relative(path),
                        before=before.id,
                        case_id=case_id,
                    )
                )
            after = change(before)
            new_text = update_text(text, before, after)
            if new_text is not None:
                self._written(path, new_text, after)
        return after, path

    def replace_text(
        self,
        path: Path,
        text: str,
        *,
        was: str | None = None,
        then: Callable[[Case, Case], Case] | None = None,
    ) -> Case:
        """Write hand-edited ``text`` once it validates (``edit``); else the old file stays.

        ``was`` is the text the edit started from: when the file no longer holds it (another
        command changed the case meanwhile), nothing is written — the other change is kept.
        ``then(before, edited)`` may add to the edited case (the timeline's line) in the same
        write."""
        case = parse_case(text, self.relative(path))
        expected = self.path_for(case)
        if expected.resolve() != path.resolve():
            raise UsageError(
                msg(
                    "the edit changes where the case belongs ({file}): id and received_at "
                    "cannot change",
                    file=self.relative(expected),
                )
            )
        with self.lock(case.id.upper()):
            if was is not None and self.read_text(path) != was:
                raise ChangedMeanwhile(
                    msg(
                        "{file} was changed by another command while you edited it",
                        file=self.relative(path),
                    )
                )
            if then is not None:
                final = then(parse_case(was or self.read_text(path), self.relative(path)), case)
                text = update_text(text, case, final) or text
                case = final
            self._written(path, text, case)
        return case

    def keep_edit(self, path: Path, text: str, stamp: str) -> Path:
        """Save an edit that could not be written, in ``.casectl/edits/``; where it went."""
        kept = self.root / LOCAL_DIR / "edits" / f"{path.stem}.{stamp}.yaml"
        atomic_write(kept, text)
        return kept
