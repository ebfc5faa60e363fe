"""Cases in and out as library calls: import an old complaint log (every row planned through
the loop's steps, then written all at once or not at all), export cases for spreadsheets,
SQLite and BI tools.

The library writes the files these calls make (the skipped rows' report, a mapping file, an
export to a file) in the formats ``render`` gives them; what a command prints, the command
line renders from the typed result.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from casectl.api.base import Base
from casectl.errors import UsageError
from casectl.i18n import msg

if TYPE_CHECKING:
    from casectl.core.config import Config
    from casectl.core.model import Case
    from casectl.core.transfer.importing import Plan
    from casectl.core.transfer.sheetmap import Mapping
    from casectl.core.transfer.tables import Table
    from casectl.core.views.listing import ListFilter
    from casectl.errors import CorruptFileError
    from casectl.storage.sheets import Sheet

Given = str | os.PathLike[str]

FORMATS = ("csv", "jsonl", "xlsx", "sqlite")  # export's; xlsx and sqlite are only files
FILES = ("xlsx", "sqlite")
WHERE_KEYS = ("stage", "priority", "category", "owner", "customer", "text", "tag", "state")
KEYS = {  # each exported table's primary key, in a SQLite file
    "cases": ("casebook", "id"),
    "actions": ("casebook", "case_id", "id"),
    "promises": ("casebook", "case_id", "id"),
    "surveys": ("casebook", "case_id", "id"),
    "events": ("casebook", "case_id", "seq"),
    "clocks": ("casebook", "case_id", "name"),
}


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
    report: str | None = None  # the skipped rows' CSV (``skip_bad``)
    skipped: list[CorruptFileError] = field(default_factory=list)


@dataclass
class ExportedBook:
    """One casebook's part of an export: its label, settings, and the cases kept, oldest
    first, with each case's file as a path in the casebook."""

    label: str
    config: Config
    cases: list[Case] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


@dataclass
class Exported:
    """Cases exported: every casebook's part, "now" (clocks are measured as of the export), the
    format and csv table, and the export itself — the text (csv, jsonl) or the file written."""

    books: list[ExportedBook]
    now: datetime
    format: str = "csv"
    table: str = "cases"
    text: str | None = None  # csv or jsonl, when not written to a file
    written: str | None = None  # the file written
    skipped: list[CorruptFileError] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(b.cases) for b in self.books)

    def tables(self) -> dict[str, Table]:
        """The six tables (cases, actions, promises, surveys, events, clocks) of every
        casebook's cases."""
        from casectl.core.transfer import tables

        return tables.tables(((b.label, b.cases, b.config) for b in self.books), self.now)


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
    ) -> Imported:
        """Import an old complaint log (.xlsx, .xls, .ods or .csv): each row becomes a case at
        the stage its content shows, through the loop's steps. ``mapping`` names a mapping file
        (which column holds which field; default: guessed from the headings), ``save_mapping``
        where to write the one used. Rows imported before (same received time and customer)
        make no second case.

        Nothing is written unless every row is good; ``skip_bad`` writes the good ones and
        lists the others in ``report`` (default: FILE.skipped.csv beside FILE); otherwise a
        bad row refuses the import, each problem told first. ``dry_run`` writes no case."""
        path = Path(file)
        cells, chosen, text = self._log(path, sheet, mapping)
        if save_mapping is not None:
            from casectl.storage import sheets

            sheets.save_mapping(Path(save_mapping), text)
            self.info(msg("wrote the mapping to {path}", path=os.fspath(save_mapping)))
        if dry_run:  # the mapping a dry run reads the log by, before anything can refuse it
            self.info(text.rstrip())
        chosen.check(cells.rows, path.name)
        plan, unread = self._plan(cells, chosen, by)
        done = Imported(
            plan,
            text,
            dry_run=dry_run,
            mapped=mapping is not None or save_mapping is not None,
            skipped=unread,
        )
        if dry_run:
            return done
        if plan.bad and not skip_bad:
            self._refuse(plan)
        if plan.bad:  # listed before any case is written: a report that fails imports none
            done.report = self._report(plan, report or path.parent / f"{path.stem}.skipped.csv")
        done.written = [self.relative(p) for p in self.store.create_many(plan.new)]
        return done

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
        self, cells: Sheet, mapping: Mapping, by: str | None
    ) -> tuple[Plan, list[CorruptFileError]]:
        """Every row's result, new cases with IDs minted against the casebook's; the case
        files and profiles that could not be read are told (a case among them is not known
        to have come from this log; a profile's names are not matched)."""
        import gc

        from casectl.core import ids
        from casectl.core.transfer import importing

        loaded = self.store.cases()
        self.skipped(loaded.problems)
        named = self.profiles()
        tz = self.config.tz
        taken = set(self.store.case_files())

        def mint(received: datetime) -> str:
            case_id = ids.mint(received.astimezone(tz), taken.__contains__)
            taken.add(case_id)
            return case_id

        gc.disable()  # many small objects, no cycles: gc pauses would double the time
        try:
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
            )
        finally:
            gc.enable()
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
        """This casebook's cases exported: ``Casebooks.export`` on it alone."""
        from casectl.api.casebook import Casebook
        from casectl.api.many import Casebooks

        book = cast(Casebook, self)
        alone = Casebooks([(self.name, book)], several=False)
        return alone.export(where, format=format, table=table, to=to)


def export_filter(where: Sequence[str] | ListFilter = ()) -> ListFilter:
    """What an export keeps: ``KEY=VALUE`` texts (keys: stage, priority, category, owner,
    customer, text, tag, state=open|closed|all) as a list filter — every case, open or
    closed, unless ``state`` says otherwise; a ``ListFilter`` as it is."""
    from casectl.core.model import Category, Priority, Stage, one_of
    from casectl.core.views import listing
    from casectl.errors import field as option

    if isinstance(where, listing.ListFilter):
        return where
    wanted = listing.ListFilter(state="all")
    for pair in where:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(
                msg("{where}: {pair!r} is not KEY=VALUE", where=option("where"), pair=pair)
            )
        key = one_of(key, WHERE_KEYS, "where")
        value = value.strip()
        if key == "stage":
            wanted.stages.append(Stage(_where_choice(key, value, [s.value for s in Stage])))
        elif key == "priority":
            wanted.priorities.append(_where_choice(key, value, [p.value for p in Priority]))
        elif key == "category":
            wanted.categories.append(_where_choice(key, value, [c.value for c in Category]))
        elif key == "tag":
            wanted.tags.append(value)
        elif key == "state":
            wanted.state = _where_choice(key, value, ["open", "closed", "all"])
        else:
            setattr(wanted, key, value)
    return wanted


def _where_choice(key: str, value: str, allowed: list[str]) -> str:
    """A ``KEY=VALUE``'s value as one of ``allowed``; a usage error naming the pair's key
    (``where stage=``) and the allowed values otherwise."""
    from casectl.errors import field as option

    wanted = value.strip().lower()
    if wanted not in allowed:
        raise UsageError(
            msg(
                "{where} {key}=: {value!r} is not one of: {items}",
                where=option("where"),
                key=key,
                value=value,
                items=", ".join(allowed),
            )
        )
    return wanted


def write_export(found: Exported, to: Given) -> None:
    """``found`` written to the file ``to`` in its format: csv (one table) and jsonl as text;
    xlsx a sheet a table; sqlite a table each, keyed by casebook and ID."""
    from casectl.api.env import write_output
    from casectl.render import export as shown
    from casectl.storage import exports

    if found.format == "xlsx":
        exports.write_xlsx(Path(to), shown.sheets(found.tables().values()))
    elif found.format == "sqlite":
        exports.write_sqlite(Path(to), found.tables().values(), KEYS)
    else:
        write_output(to, export_text(found))


def export_text(found: Exported) -> str:
    """A csv or jsonl export's text: the chosen table as Excel-safe CSV, or one case a
    line as ``show --format json`` gives it (with its casebook)."""
    from casectl.render import export as shown

    if found.format == "jsonl":
        parts = [(b.label, b.cases, b.config, b.paths) for b in found.books]
        return shown.jsonl(parts, found.now)
    return shown.csv(found.tables()[found.table])
