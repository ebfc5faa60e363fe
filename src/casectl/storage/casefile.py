"""Case files and ``casectl.yaml`` as text, to and from their models.

``parse_case`` and ``parse_config`` read text (libyaml, then pydantic) and raise
``CorruptFileError`` naming the file, the line and the field; ``render_case`` writes a case the
canonical way, so the same case always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from casectl.core.config import Config
from casectl.core.layout import CONFIG_NAME
from casectl.core.model import Case, migrate, plain
from casectl.core.problems import flatten
from casectl.errors import CorruptFileError
from casectl.i18n import msg
from casectl.storage import fastyaml, nativeyaml, yamlio

__all__ = ["CONFIG_NAME", "case_data", "parse_case", "parse_config", "render_case", "update_text"]


def _problems(exc: ValidationError, text: str, docs: str) -> list[tuple[str, str, int | None]]:
    """Every problem as (field, message with the offending value, line)."""
    try:
        doc = yamlio.rt_load(text)
    except yamlio.YamlError:
        doc = None
    found = []
    for problem in flatten(exc, docs=docs):
        message, value = problem.message, problem.value
        shown = repr(value)
        if (
            problem.kind not in ("missing", "extra_forbidden")
            and isinstance(value, str | int | float)
            and shown not in message
        ):
            message = f"{message}: {shown}"
        line = yamlio.line_of(doc, problem.loc) if doc is not None else None
        found.append((problem.path, message, line))
    return found


def corrupt(name: str, exc: ValidationError, text: str, docs: str) -> CorruptFileError:
    """The first problem as the error; the others ride along for ``validate``."""
    (where, message, line), *rest = _problems(exc, text, docs)
    error = CorruptFileError(name, message, line=line, field=where)
    error.more = [CorruptFileError(name, m, line=n, field=w) for w, m, n in rest]
    return error


def parse_config(text: str, name: str = CONFIG_NAME) -> Config:
    """``casectl.yaml``'s settings from its text."""
    try:
        data = yamlio.fast_load(text) or {}
    except yamlio.YamlError as exc:
        raise CorruptFileError(name, exc.problem, line=exc.line) from None
    if not isinstance(data, dict):
        raise CorruptFileError(name, msg("expected a mapping of settings"))
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise corrupt(name, exc, text, "docs/sla.md") from None


def parse_case(text: str, name: str) -> Case:
    """A case from its file text; ``CorruptFileError`` names the file, line and field."""
    try:
        return _parse_case(text, name)
    except RecursionError:
        raise CorruptFileError(name, msg("nested too deeply to be a case")) from None


def _parse_case(text: str, name: str) -> Case:
    quick = nativeyaml.native_load(text)
    if isinstance(quick, dict):
        try:
            return Case.model_validate(migrate(quick))
        except ValidationError:
            pass  # read it again the reference way, which gives the exact problem
    try:
        data = yamlio.fast_load(text)
    except yamlio.YamlError as exc:
        raise CorruptFileError(name, exc.problem, line=exc.line) from None
    if not isinstance(data, dict):
        raise CorruptFileError(name, msg("expected a case (a mapping of fields)"))
    try:
        return Case.model_validate(migrate(data))
    except ValidationError as exc:
        raise corrupt(name, exc, text, "docs/case-format.md") from None


def case_data(case: Case) -> dict[str, Any]:
    """What a case file holds, as plain data in the canonical key order: the model's dump as
    ``yamlio.prune(plain(...))`` makes it, in one walk (a case holds about a hundred values,
    most of them empty; an import makes thousands of cases)."""
    data: dict[str, Any] = _pruned(case.model_dump(mode="python"))
    return data


def _pruned(value: Any) -> Any:
    """``yamlio.prune(plain(value))`` of a model's dump (dicts, lists, tuples, enums, scalars)."""
    kind = type(value)
    if kind is dict:
        out = {}
        for key, item in value.items():
            item = _pruned(item)
            if item is None or item is False or item == [] or item == {}:
                continue
            out[str(key)] = item
        return out
    if kind is list or kind is tuple:
        return [_pruned(item) for item in value]
    if kind is str or value is None or kind is bool or kind is int or kind is datetime:
        return value
    return yamlio.prune(plain(value))  # an enum, or what else a dump may hold: the long way


def render_case(case: Case) -> str:
    """A case serialised the canonical way: the same case always gives the same bytes (written
    directly where it can be, else by ruamel: the same text either way, ``storage.fastyaml``)."""
    data = case_data(case)
    return fastyaml.dump(data) or yamlio.dump_new(data)


def render_many(cases: list[Case]) -> list[str]:
    """``render_case`` of each case (an import's thousands: well under a millisecond each)."""
    return [render_case(c) for c in cases]


def update_text(
    text: str, before: Any, after: Any, data: Callable[[Any], dict[str, Any]] = case_data
) -> str | None:
    """``text`` changed to hold ``after`` (a case, or what ``data`` turns into a file's plain
    data), keeping its hand-written parts and its line endings (a file saved with CRLF stays
    CRLF); None when unchanged."""
    if before == after:
        return None
    ending = _ending(text)
    if ending != "\n":
        text = text.replace(ending, "\n")
    doc = yamlio.rt_load(text)
    doc = yamlio.sync(doc, yamlio.fast_load(text), data(after))
    out = yamlio.dump(doc)
    return out if ending == "\n" else out.replace("\n", ending)


def _ending(text: str) -> str:
    """The line ending of ``text``'s first line: ``\n``, ``\r\n`` or another run of CRs."""
    first = text.find("\n")
    if first <= 0 or text[first - 1] != "\r":
        return "\n"
    start = first - 1
    while start > 0 and text[start - 1] == "\r":
        start -= 1
    return text[start : first + 1]
