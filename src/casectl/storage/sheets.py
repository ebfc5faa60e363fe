"""Reading a spreadsheet (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) or a CSV file into rows of
cell values, for ``casectl import``. The one door to spreadsheet files on the way in.

Spreadsheets are read with python-calamine (a Rust reader: 10,000 rows in about 0.2 s, where
openpyxl takes 1.2 s with merged cells); a merged range's value is given to every cell it
covers, so a customer name merged down three rows names the customer of each. CSV files are read
as UTF-8 (with or without a BOM), else as GB18030, the encoding Excel uses for Chinese CSV.
A cell's line ends are read as ``\\n`` whatever wrote them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casectl.errors import UsageError
from casectl.errors import field as option
from casectl.i18n import N_, _, msg

SPREADSHEETS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
MAX_ROWS = 1_000_000


@dataclass
class Sheet:
    """A sheet's cells: ``rows[i]`` is spreadsheet row ``i + 1``; ``sheet`` is None for CSV."""

    file: str  # the file's name, without its folder
    sheet: str | None
    rows: list[list[Any]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # every sheet of the workbook


def read(path: Path, sheet: str | None = None) -> Sheet:
    """The cells of ``path``'s sheet ``sheet`` (default: the first one with data)."""
    if not path.is_file():
        raise UsageError(msg("no such file: {path}", path=path))
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        if sheet is not None:
            raise UsageError(msg("{option}: a CSV file has no sheets", option=option("sheet")))
        return Sheet(path.name, None, _csv_rows(path))
    if suffix not in SPREADSHEETS:
        raise UsageError(
            msg(
                "{name}: not a spreadsheet casectl reads (.xlsx, .xls, .ods or .csv)",
                name=path.name,
            )
        )
    return _workbook(path, sheet)


def _csv_rows(path: Path) -> list[list[Any]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            msg("cannot read {path}: {strerror}", path=path, strerror=exc.strerror)
        ) from None
    text = _decoded(raw, path.name)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [_lines(r) for r in reader]
    except csv.Error as exc:  # a cell past the csv module's 131,072 characters, a NUL
        raise UsageError(
            msg("{name}, line {line}: {problem}", name=path.name, line=reader.line_num, problem=exc)
        ) from None


def _decoded(raw: bytes, name: str) -> str:
    """A CSV file's text: UTF-8 (with or without a BOM), else GB18030 — but a file that holds
    both (rows pasted from two sources) is refused, naming its first line that is not UTF-8,
    rather than read as mojibake."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = raw.count(b"\n", 0, exc.start) + 1
    lines = raw.splitlines()
    for line in lines:
        if line.isascii():
            continue
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if not any("\u4e00" <= ch <= "\u9fff" for ch in decoded):
            continue  # a GB18030 line may read as UTF-8 by chance; Chinese text will not
        raise UsageError(
            msg(
                "{name}: line {line} is not UTF-8 while other lines are: the file mixes two "
                "encodings; save it again as UTF-8 (in Excel: CSV UTF-8) and import that",
                name=name,
                line=bad,
            )
        )
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise UsageError(msg("{name}: neither UTF-8 nor GB18030 text", name=name)) from None


def _lines(cells: list[Any]) -> list[Any]:
    """A row with each text cell's line ends made ``\\n`` (a cell typed on Windows holds
    ``\\r\\n``), so a case file never keeps a carriage return."""
    return [
        c.replace("\r\n", "\n").replace("\r", "\n") if isinstance(c, str) and "\r" in c else c
        for c in cells
    ]


# What a workbook may unpack to: far above any complaint log (10,000 rows are a few MB), far
# below what would exhaust memory. A zip bomb is refused before any reader opens it.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_ENTRIES = 10_000


def _not_a_bomb(path: Path) -> None:
    """Refuse a zipped workbook (.xlsx, .xlsm, .xlsb, .ods) that would unpack past
    ``MAX_UNPACKED`` bytes or hold more than ``MAX_ENTRIES`` files (told from its directory,
    nothing unpacked)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip: the reader says what it is
    unpacked = sum(e.file_size for e in entries)
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED:
        raise UsageError(
            msg(
                "{name}: would unpack to {size} MiB in {count} parts, past casectl's limit of "
                "{limit} MiB and {entries} parts for a workbook; not read",
                name=path.name,
                size=unpacked // (1024 * 1024),
                count=len(entries),
                limit=MAX_UNPACKED // (1024 * 1024),
                entries=MAX_ENTRIES,
            )
        )


def _workbook(path: Path, wanted: str | None) -> Sheet:
    from python_calamine import CalamineError, CalamineWorkbook

    if path.suffix.lower() != ".xls":
        _not_a_bomb(path)

    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise UsageError(
            msg("{name}: cannot read the workbook ({exc})", name=path.name, exc=exc)
        ) from None
    names = list(book.sheet_names)
    if wanted is not None and wanted not in names:
        raise UsageError(
            msg(
                "{option}: {name} has no sheet {wanted!r} (it has: {items})",
                option=option("sheet"),
                name=path.name,
                wanted=wanted,
                items=", ".join(names),
            )
        )
    chosen = wanted
    rows: list[list[Any]] = []
    for name in [wanted] if wanted is not None else names:
        assert name is not None
        found = book.get_sheet_by_name(name)
        rows = [_lines(r) for r in found.to_python(skip_empty_area=False)]
        if any(any(c not in ("", None) for c in r) for r in rows):
            chosen = name
            _fill_merged(rows, found.merged_cell_ranges or [])
            break
        chosen = name
    if len(rows) > MAX_ROWS:
        raise UsageError(
            msg("{name}: more than {max_rows:,} rows", name=path.name, max_rows=MAX_ROWS)
        )
    return Sheet(path.name, chosen, rows, names)


def _fill_merged(rows: list[list[Any]], ranges: list[Any]) -> None:
    """Give every cell of a merged range the value of its top-left cell."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            line = rows[r]
            for c in range(left, right + 1):
                if c >= len(line):
                    line.extend([""] * (c + 1 - len(line)))
                line[c] = value


MAPPING_HEAD = (
    N_("casectl import mapping (docs/spreadsheets.md). Edit, then: casectl import FILE --map THIS"),
    N_("columns:  case field: the column heading that holds it"),
    N_(
        "values:   case field: the sheet's words and casectl's value, e.g. priority: {特急: urgent}"
    ),
    N_("defaults: case field: value used when the cell is empty, e.g. category: technical"),
)


def load_mapping(path: Path) -> Any:
    """A mapping file's data (YAML)."""
    from casectl.storage import reading, yamlio

    try:
        text = reading.read_text(path, reading.MAPPING, follow=True)
    except reading.Unreadable as exc:
        raise UsageError(
            msg(
                "{option}: cannot read {path}: {strerror}",
                option=option("map"),
                path=path,
                strerror=exc.problem,
            )
        ) from None
    except OSError as exc:
        raise UsageError(
            msg(
                "{option}: cannot read {path}: {strerror}",
                option=option("map"),
                path=path,
                strerror=exc.strerror,
            )
        ) from None
    try:
        return yamlio.fast_load(text)
    except yamlio.YamlError as exc:
        raise UsageError(
            msg("{path}:{value}: {problem}", path=path, value=exc.line or 1, problem=exc.problem)
        ) from None


def mapping_text(data: dict[str, Any], fields: list[str]) -> str:
    """A mapping as the file ``--save-map`` writes: a comment on how to edit it, then YAML."""
    from casectl.storage import yamlio

    kept = {k: v for k, v in data.items() if v not in (None, {}, [])}
    head = [
        *(_(line) for line in MAPPING_HEAD),
        _("fields: {fields}").format(fields=", ".join(fields)),
    ]
    return "".join(f"# {line}\n" for line in head) + yamlio.dump_new(kept)


def save_mapping(path: Path, text: str) -> None:
    from casectl.storage.files import write_output

    write_output(str(path), text)
