"""Cases in and out as library calls: import an old complaint log — every row planned through
the loop's steps, then all written at once or none — and export (``casectl.api.export``).

The library writes the files an import makes (the skipped rows' report, a mapping file) in the
formats ``render`` gives them; what the command prints, the command line renders from the
typed result.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from casectl.api.base import Base
from casectl.core.names import file_stem
from casectl.errors import UsageError
from casectl.i18n import msg

if TYPE_CHECKING:
    from casectl.api.export import Exported
    from casectl.api.reading import Reading
    from casectl.core.model import Case
    from casectl.core.transfer.importing import Plan
    from casectl.core.transfer.preview import Preview
    from casectl.core.transfer.sheetmap import Mapping
    from casectl.core.views.listing import ListFilter
    from casectl.errors import CorruptFileError
    from casectl.storage.sheets import Sheet

Given = str | os.PathLike[str]


@dataclass
class Imported:
    """A complaint log imported (or, with ``dry_run``, only planned): every row's result in
    ``plan`` (a new case, one imported before, or its problems, cell first), the mapping used
    as a mapping file's text, the new case files, and where the rows left out are listed."""

    plan: Plan
    mapping: str
    dry_run: bool = False
    mapped: bool = False  # the mapping came from a file, or was saved to one
    written: list[str] = field(default_factory=list)  # relative to the casebook
    updated: list[str] = field(default_factory=list)  # the files of cases whose rows changed
    report: str | None = None  # the skipped rows' CSV (``skip_bad``)
    skipped: list[CorruptFileError] = field(default_factory=list)


def _becomes(case: Case) -> Callable[[Case], Case]:
    """A change that makes a case what ``case`` holds (its row changed in the log)."""
    return lambda _before: case


class Transfer(Base):
    """import, export."""

    def import_log(
        self,
        file: Given,
        *,
        sheet: str | None = None,
        mapping: Given | None = None,
        save_mapping: Given | None = None,
        dry_run: bool = False,
        skip_bad: bool = False,
        report: Given | None = None,
        by: str | None = None,
        keep_casectl: bool = False,
    ) -> Imported:
        """Import an old complaint log (.xlsx, .xls, .ods or .csv): each row becomes a case at
        the stage its content shows, through the loop's steps. ``mapping`` names a mapping file
        (which column holds which field; default: guessed from the headings), ``save_mapping``
        where to write the one used. The status column and the dates a row gives say how far
        its case went (closed rows come in closed); a step without its time is recorded as time
        unknown, and its clocks are unmeasured.

        Rows imported before (by their key column, else the same received time and customer)
        make no second case: an unchanged row is left alone, a changed one updates its case,
        unless the case changed in casectl too (a conflict: listed, not overwritten).

        Nothing is written unless every row is good; ``skip_bad`` writes the good ones and
        lists the others in ``report`` (default: FILE.skipped.csv beside FILE); otherwise a
        bad row refuses the import, each problem told first. ``dry_run`` writes no case.
        ``keep_casectl``: each conflict keeps the case as casectl has it, and the row is taken
        as read (no longer a conflict)."""
        path = Path(file)
        cells, chosen, text = self._log(path, sheet, mapping)
        if save_mapping is not None:
            from casectl.storage import sheets

            sheets.save_mapping(Path(save_mapping), text)
            self.info(msg("wrote the mapping to {path}", path=os.fspath(save_mapping)))
        if dry_run:  # the mapping a dry run reads the log by, before anything can refuse it
            self.info(text.rstrip())
        chosen.check(cells.rows, path.name)
        mapped = mapping is not None or save_mapping is not None
        if dry_run:
            plan, unread = self._plan(cells, chosen, by, keep_casectl)
            return Imported(plan, text, dry_run=True, mapped=mapped, skipped=unread)
        from casectl.storage import imports

        with imports.writing(self.store) as writer:  # new cases written as they are planned
            plan, unread = self._plan(cells, chosen, by, keep_casectl, writer.add)
            done = Imported(plan, text, mapped=mapped, skipped=unread)
            if plan.bad and not skip_bad:
                self._refuse(plan)
            if plan.bad:  # listed before any case takes its name: a failed report imports none
                done.report = self._report(
                    plan, report or path.parent / f"{file_stem(path.stem)}.skipped.csv"
                )
            done.written = [self.relative(p) for p in writer.finish(plan.new)]
        for case in [*plan.updated, *plan.kept]:
            _, path = self.store.update(case.id, _becomes(case))
            done.updated.append(self.relative(path))
        return done

    def preview_log(
        self, file: Given, *, sheet: str | None = None, mapping: Given | None = None
    ) -> Preview:
        """What importing ``file`` would read, before anything is imported: the mapping (given,
        else guessed) with a few values of each column, the values that will not read (each
        with its first cell), and the customers the log spells several ways or other than
        their profiles (with the name and aliases to give them)."""
        from casectl.core.transfer import preview

        path = Path(file)
        cells, chosen, _text = self._log(path, sheet, mapping)
        named = self.profiles()
        return preview.preview(
            cells.rows,
            file=cells.file,
            sheet=cells.sheet,
            mapping=chosen,
            config=self.config,
            now=self.now(),
            profiles=named.all,
        )

    def _log(
        self, path: Path, sheet: str | None, mapping: Given | None
    ) -> tuple[Sheet, Mapping, str]:
        """The log's cells, the mapping to read them by (given, else guessed), and that
        mapping as a mapping file's text."""
        from casectl.core.transfer import sheetmap
        from casectl.storage import sheets

        given = None
        if mapping is not None:
            data = sheets.load_mapping(Path(mapping))
            given = sheetmap.Mapping.from_data(data, os.fspath(mapping))
        cells = sheets.read(path, sheet or (given.sheet if given else None))
        chosen = given or sheetmap.guess(cells.rows, cells.sheet)
        return cells, chosen, sheets.mapping_text(chosen.to_data(), list(sheetmap.FIELDS))

    def _plan(
        self,
        cells: Sheet,
        mapping: Mapping,
        by: str | None,
        keep_casectl: bool = False,
        made: Callable[[Case], None] | None = None,
    ) -> tuple[Plan, list[CorruptFileError]]:
        """Every row's result, new cases with IDs minted against the casebook's (each told
        to ``made`` as it is made); the case files and profiles that could not be read are
        told (a case among them is not known to have come from this log; a profile's names
        are not matched)."""
        from casectl.core import ids
        from casectl.core.transfer import importing
        from casectl.storage.bulk import paused_gc

        loaded = self.store.cases()
        self.skipped(loaded.problems)
        named = self.profiles()
        tz = self.config.tz
        taken = set(self.store.case_files())

        def mint(received: datetime) -> str:
            case_id = ids.mint(received.astimezone(tz), taken.__contains__)
            taken.add(case_id)
            return case_id

        with paused_gc():
            plan = importing.plan(
                cells.rows,
                file=cells.file,
                sheet=cells.sheet,
                mapping=mapping,
                config=self.config,
                now=self.now(),
                by=self.user(by),
                imported=loaded.cases,
                profiles=named.all,
                mint=mint,
                keep_casectl=keep_casectl,
                made=made,
            )
        return plan, [*loaded.problems, *named.problems]

    def _refuse(self, plan: Plan) -> None:
        from casectl.render import importing as shown

        for line in shown.problems(plan):
            self.info(line)
        raise UsageError(
            msg(
                "nothing imported: {bad} rows have problems (above); fix them, or "
                "import the others with --skip-bad",
                bad=len(plan.bad),
            )
        )

    def _report(self, plan: Plan, where: Given) -> str:
        """The rows left out, with their problems, as CSV for Excel at ``where``."""
        from casectl.api.env import write_output
        from casectl.render import importing as shown

        write_output(where, shown.skipped_csv(plan))
        self.info(msg("wrote {path}", path=os.fspath(where)))
        return os.fspath(where)

    def export(
        self,
        where: Sequence[str] | ListFilter = (),
        *,
        format: str = "csv",
        table: str = "cases",
        to: Given | None = None,
    ) -> Exported:
        """This casebook's cases exported (``casectl.api.export.export``): csv or jsonl as
        text, or written to the file ``to``; xlsx and sqlite need ``to``."""
        from casectl.api import export

        alone = cast("Reading", self)  # a Casebook reads, too
        return export.export([(self.name, alone)], where, format=format, table=table, to=to)
