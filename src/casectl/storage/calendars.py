"""Public holidays and make-up working days from the ``holidays`` package, and adding them to
casectl.yaml's calendar: new lines only, every other byte of the file as it was (hand edits,
comments, alignment, line endings)."""

from __future__ import annotations

from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

from casectl.core.clocks.public_days import Offered, Plan, plan
from casectl.errors import CasebookError, CorruptFileError, UsageError, field
from casectl.i18n import msg
from casectl.storage import locks, yamlio
from casectl.storage.casefile import CONFIG_NAME, parse_config
from casectl.storage.files import atomic_write

COMMENT_COLUMN = 33  # where casectl.yaml's comments start (the file init writes)


def offered(country: str, year: int) -> Offered:
    """``country``'s public holidays and make-up working days in ``year``, from ``holidays``.

    ``country`` is an ISO 3166 code (``CN``, ``US``), optionally with a region (``US-CA``).
    Names are in the country's own language (Chinese for CN)."""
    import holidays

    code, _, region = country.strip().upper().partition("-")
    known = holidays.list_supported_countries()
    if code not in known or (region and region not in known[code]):
        raise UsageError(
            msg(
                "{country_field}: {country!r} is not a country the holidays package knows "
                "(an ISO 3166 code such as CN, US, DE; a region as US-CA)",
                country_field=field("country"),
                country=country,
            )
        )
    language = getattr(holidays.country_holidays(code), "default_language", None)
    days = holidays.country_holidays(code, subdiv=region or None, years=year, language=language)
    names = {day: " ".join(name.split()) for day, name in days.items() if day.year == year}
    worked = sorted(getattr(days, "weekend_workdays", set()))
    chinese = str(language or "").lower().startswith("zh")
    workdays = {day: _worked_for(day, names, chinese) for day in worked if day.year == year}
    # A country that has make-up days (in any year the package knows) but none listed this
    # year: not yet published (China's State Council announces the next year's arrangement
    # late in the year before).
    unknown = not workdays and bool(worked)
    name = f"{code}-{region}" if region else code
    source = f"holidays {version('holidays')}"
    return Offered(name, year, names, workdays, source, workdays_known=not unknown)


def _worked_for(day: date, names: dict[date, str], chinese: bool = False) -> str:
    """A make-up working day's comment: the day off it pays for, when a name says so (the
    package names such a day off after the working day, ``休息日（由 2026-01-04 调休）``). In
    the language of the holidays' names: Chinese beside Chinese names (CN), else English."""
    off = [
        d
        for d, name in names.items()
        if day.isoformat() in name or day.strftime("%m/%d/%Y") in name
    ]
    if chinese:
        return f"调休上班（补 {off[0].isoformat()} 休息）" if off else "调休上班"
    return f"make-up working day for {off[0].isoformat()}" if off else "make-up working day"


def listed(text: str) -> tuple[list[date], list[date]]:
    """The holidays and make-up working days casectl.yaml lists now."""
    calendar = parse_config(text).calendar
    if calendar is None:
        return [], []
    return list(calendar.holidays), list(calendar.extra_workdays)


def add_to_config(text: str, plan: Plan) -> str:
    """``text`` (casectl.yaml) with ``plan``'s dates added to ``calendar.holidays`` and
    ``calendar.extra_workdays``, each on a line of its own with its name as a comment, in date
    order among the dates already there; nothing else changes."""
    for key, items in (("holidays", plan.holidays), ("extra_workdays", plan.workdays)):
        if items:
            text = _add_items(text, key, items)
    parse_config(text)  # what is written reads back, or nothing is written
    return text


def _doc(text: str) -> Any:
    try:
        return yamlio.rt_load(text)
    except yamlio.YamlError as exc:
        raise CorruptFileError(CONFIG_NAME, exc.problem, line=exc.line) from None


def _refuse(problem: str) -> CorruptFileError:
    return CorruptFileError(
        CONFIG_NAME,
        msg("{problem}; write it as a block mapping or list, then run this again", problem=problem),
    )


def _add_items(text: str, key: str, items: list[tuple[date, str]]) -> str:
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    doc: Any = _doc(text)
    if not _is_mapping(doc):
        raise _refuse(msg("casectl.yaml is not a mapping"))
    calendar: Any = doc.get("calendar")
    if "calendar" not in doc:  # add the section at the end
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        block = [f"calendar:{newline}", f"  {key}:{newline}"]
        block += [_item("  ", day, name, newline) for day, name in items]
        return "".join([*lines, *block])
    if calendar is None:  # `calendar:` with nothing under it
        at = doc.lc.key("calendar")[0]
        block = [f"  {key}:{newline}", *(_item("  ", d, n, newline) for d, n in items)]
        return "".join([*lines[: at + 1], *block, *lines[at + 1 :]])
    if not _is_mapping(calendar) or calendar.fa.flow_style():
        raise _refuse(msg("calendar is written on one line"))
    indent = " " * calendar.lc.key(next(iter(calendar)))[1] if calendar else "  "
    if key not in calendar:
        at = _end_of_block(lines, doc.lc.key("calendar")[0])
        block = [f"{indent}{key}:{newline}", *(_item(indent, d, n, newline) for d, n in items)]
        return "".join([*lines[:at], *block, *lines[at:]])
    seq: Any = calendar[key]
    key_line = calendar.lc.key(key)[0]
    if seq is None:
        line = lines[key_line]
        head, _, comment = line.rstrip("\r\n").partition("#")
        body = f"{indent}{key}:"
        kept = (body.ljust(len(head)) + "#" + comment) if comment else body
        block = [kept + newline, *(_item(indent, d, n, newline) for d, n in items)]
        return "".join([*lines[:key_line], *block, *lines[key_line + 1 :]])
    if not _is_list(seq):
        raise _refuse(msg("calendar.{key} is not a list", key=key))
    if seq.fa.flow_style() or not seq:  # `[]` has no style of its own
        line, column = calendar.lc.value(key)
        if line != key_line:
            raise _refuse(msg("calendar.{key} starts on the line after its key", key=key))
        return _unflow(lines, key_line, column, indent, key, list(seq), items, newline)
    return _insert(lines, seq, items, newline)


def _is_mapping(value: Any) -> bool:
    return isinstance(value, dict)


def _is_list(value: Any) -> bool:
    return isinstance(value, list)


def _item(indent: str, day: date, name: str, newline: str) -> str:
    body = f"{indent}- {day.isoformat()}"
    return f"{body.ljust(COMMENT_COLUMN - 1)} # {name}{newline}"


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _end_of_block(lines: list[str], key_line: int) -> int:
    """The index of the line after the mapping that starts at ``key_line`` (top level): the next
    line indented no deeper, leaving comments and blank lines before it to what follows."""
    end = len(lines)
    for i in range(key_line + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#") and not lines[i][0].isspace():
            end = i
            break
    while end > key_line + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip()[0] == "#"):
        end -= 1
    return end


def _unflow(
    lines: list[str],
    key_line: int,
    start: int,
    indent: str,
    key: str,
    existing: list[Any],
    items: list[tuple[date, str]],
    newline: str,
) -> str:
    """``holidays: [2026-10-01]   # note`` becomes a block list, its comment kept in place."""
    line = lines[key_line].rstrip("\r\n")
    end = _closing_bracket(line, start)
    if end is None:
        raise _refuse(msg("calendar.{key} spans several lines", key=key))
    key_text = line[:start] + " " * (end + 1 - start) + line[end + 1 :]  # comment stays put
    block = [key_text.rstrip() + newline]
    merged: list[tuple[date | None, str | None, Any]] = [(_as_date(v), None, v) for v in existing]
    for day, name in items:
        at = next((i for i, (d, _, _) in enumerate(merged) if d is not None and d > day), None)
        merged.insert(len(merged) if at is None else at, (day, name, None))
    for when, label, raw in merged:
        if label is None:
            block.append(f"{indent}- {raw.isoformat() if isinstance(raw, date) else raw}{newline}")
        else:
            assert when is not None
            block.append(_item(indent, when, label, newline))
    return "".join([*lines[:key_line], *block, *lines[key_line + 1 :]])


def _closing_bracket(line: str, start: int) -> int | None:
    """Where the flow list opened at ``line[start]`` closes on the same line, if it does."""
    quote = None
    for i in range(start, len(line)):
        char = line[i]
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "]":
            return i
    return None


def _insert(lines: list[str], seq: Any, items: list[tuple[date, str]], newline: str) -> str:
    """New items into a block list, each before the first item dated after it."""
    if not seq:
        raise _refuse(msg("an empty block list"))  # pragma: no cover - YAML has no such thing
    where = [(seq.lc.item(i)[0], _as_date(value)) for i, value in enumerate(seq)]
    indent = " " * (seq.lc.item(0)[1] - 2)
    inserts: dict[int, list[str]] = {}
    last = max(line for line, _ in where)
    for day, name in items:
        at = next((line for line, d in where if d is not None and d > day), last + 1)
        inserts.setdefault(at, []).append(_item(indent, day, name, newline))
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(inserts.pop(i, []))
        if i == last and not line.endswith(("\n", "\r")):
            line += newline
        out.append(line)
    out.extend(inserts.pop(len(lines), []))
    return "".join(out)


def update_casebook(root: Path, country: str, years: list[int]) -> list[tuple[Offered, Plan]]:
    """Add ``country``'s dates for ``years`` to the casebook's casectl.yaml, under the
    casebook's lock; what each year offered and added."""
    path = root / CONFIG_NAME
    with locks.casebook(root):
        try:
            text = _read(path)
        except OSError as exc:
            raise CasebookError(
                msg(
                    "{config_name}: cannot read: {strerror}",
                    config_name=CONFIG_NAME,
                    strerror=exc.strerror,
                )
            ) from None
        new, done = add_years(text, country, years)
        if new != text:
            try:
                atomic_write(path, new)
            except OSError as exc:
                raise CasebookError(
                    msg(
                        "{config_name}: cannot write ({strerror}); it is unchanged",
                        config_name=CONFIG_NAME,
                        strerror=exc.strerror,
                    )
                ) from None
    return done


def add_years(text: str, country: str, years: list[int]) -> tuple[str, list[tuple[Offered, Plan]]]:
    """casectl.yaml's ``text`` with ``country``'s dates for ``years`` added (``init`` and
    ``calendar update``)."""
    done = []
    for year in years:
        found = offered(country, year)
        holidays, workdays = listed(text)
        step = plan(holidays, workdays, found)
        text = add_to_config(text, step)
        done.append((found, step))
    return text, done


def _read(path: Path) -> str:
    from casectl.storage import reading

    try:
        return reading.read_text(path, reading.SETTINGS)  # CRLF kept as it is
    except reading.Unreadable as exc:
        raise CasebookError(
            msg("{config_name}: {problem}", config_name=CONFIG_NAME, problem=exc.problem)
        ) from None
