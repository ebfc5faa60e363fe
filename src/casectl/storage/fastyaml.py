"""New files in the canonical style, written directly: the same text ruamel's dump of
``yamlio.styled`` data gives, about ten times faster — what an import of 10,000 rows spends
most of its time on.

Only the subset casectl's files use is written here: mappings with plain keys, lists, text,
whole numbers, ``true``, times. Text is styled by ``yamlio._scalar`` (plain, ``'single'``,
``|`` literal); anything else — double-quoted text, a literal that needs an indicator, a plain
scalar a YAML reader would take for another type, a line past ruamel's width — answers None, and
the caller asks ruamel. tests/test_yaml_roundtrip.py holds the two equal on generated cases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ruamel.yaml.emitter import Emitter
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

from casectl.storage import yamlio

_STR = "tag:yaml.org,2002:str"
_KEY_OK = frozenset("abcdefghijklmnopqrstuvwxyz_0123456789")
_LONGEST = 1000  # ruamel folds past its width (4096); text this long goes to ruamel
_RESOLVER = VersionedResolver(version=(1, 2))
_EMITTER = Emitter(None, allow_unicode=True)  # its own judgement of which styles a text allows


class _Unsure(Exception):
    """A value outside the subset: ruamel writes the file."""


def dump(data: Mapping[str, Any]) -> str | None:
    """``data`` (pruned plain data, as ``yamlio.dump_new`` takes it) as YAML text, or None."""
    out: list[str] = []
    try:
        _mapping(data, "", out)
    except _Unsure:
        return None
    return "".join(out)


def _key(key: Any) -> str:
    if key in _KEYS:
        return key  # type: ignore[no-any-return]
    if not isinstance(key, str) or not key or not set(key) <= _KEY_OK or key[0].isdigit():
        raise _Unsure
    _KEYS.add(key)
    return key


_KEYS: set[str] = set()  # the keys found plain (a case file has a few dozen names)


def _mapping(data: Mapping[str, Any], indent: str, out: list[str], first: str = "") -> None:
    """The mapping's lines; ``first`` replaces the indent of the first line (a list's ``- ``)."""
    lead = first or indent
    for key, value in data.items():
        name = _key(key)
        if isinstance(value, Mapping):
            out.append(f"{lead}{name}:\n")
            _mapping(value, indent + "  ", out)
        elif isinstance(value, list):
            out.append(f"{lead}{name}:\n")
            _sequence(value, indent, out, flow=name in yamlio.FLOW_LISTS)
        else:
            out.append(f"{lead}{name}: {_block_scalar(value, indent + '  ')}")
        lead = indent


def _sequence(items: list[Any], indent: str, out: list[str], *, flow: bool) -> None:
    for item in items:
        if flow:
            if not isinstance(item, Mapping):
                raise _Unsure
            pairs = ", ".join(f"{_key(k)}: {_flow_scalar(v)}" for k, v in item.items())
            out.append(f"{indent}- {{{pairs}}}\n")
        elif isinstance(item, Mapping):
            if not item:
                raise _Unsure
            _mapping(item, indent + "  ", out, first=indent + "- ")
        elif isinstance(item, list):
            raise _Unsure
        else:
            text = _block_scalar(item, indent + "  ")
            if text.startswith("|"):
                raise _Unsure  # a literal in a list: rare, ruamel's
            out.append(f"{indent}- {text}")


def _other(value: Any) -> str:
    if value is True:
        return "true"
    if isinstance(value, bool):
        raise _Unsure
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise _Unsure


def _analysis(text: str) -> Any:
    try:
        return _EMITTER.analyze_scalar(text)
    except Exception:  # a case its detached emitter cannot judge: ruamel writes it
        raise _Unsure from None


def _plain(text: str, *, flow: bool) -> str:
    if len(text) > _LONGEST or _RESOLVER.resolve(ScalarNode, text, (True, False)) != _STR:
        raise _Unsure
    seen = _analysis(text)
    if not (seen.allow_flow_plain if flow else seen.allow_block_plain):
        raise _Unsure
    return text


def _quoted(text: str) -> str:
    if len(text) > _LONGEST or not _analysis(text).allow_single_quoted:
        raise _Unsure
    return "'" + text.replace("'", "''") + "'"


def _block_scalar(value: Any, indent: str) -> str:
    """A value after ``key: `` in block style, with its line end."""
    if not isinstance(value, str):
        return _other(value) + "\n"
    return _known(_block_text, value, indent)


def _block_text(value: str, indent: str) -> str:
    styled = yamlio._scalar(value, flow=False)
    if isinstance(styled, LiteralScalarString):
        body = str(styled)
        lines = body[:-1].split("\n")
        if (
            not _analysis(body).allow_block
            or body.endswith("\n\n")
            or lines[0][:1] in (" ", "\t")
            or any(line != line.rstrip() for line in lines)
            or len(body) > _LONGEST
        ):
            raise _Unsure
        return "|\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in lines)
    if isinstance(styled, SingleQuotedScalarString):
        return _quoted(value) + "\n"
    if type(styled) is not str:  # double-quoted: escapes are ruamel's business
        raise _Unsure
    return _plain(value, flow=False) + "\n"


def _flow_scalar(value: Any) -> str:
    if not isinstance(value, str):
        return _other(value)
    return _known(_flow_text, value, "")


def _flow_text(value: str, _indent: str) -> str:
    styled = yamlio._scalar(value, flow=True)
    if isinstance(styled, SingleQuotedScalarString):
        return _quoted(value)
    if type(styled) is not str:
        raise _Unsure
    return _plain(value, flow=True)


# A text's written form depends on the text (and a literal's indent) alone, and an import's
# cases repeat most of theirs (owners, customers, event names): each is styled once.
_STYLED: dict[tuple[Any, str, str], str | None] = {}
_STYLED_MAX = 100_000


def _known(style: Callable[[str, str], str], value: str, indent: str) -> str:
    key = (style, value, indent)
    try:
        found = _STYLED[key]
    except KeyError:
        if len(_STYLED) >= _STYLED_MAX:
            _STYLED.clear()
        try:
            found = _STYLED[key] = style(value, indent)
        except _Unsure:
            _STYLED[key] = None
            raise
    if found is None:
        raise _Unsure
    return found
