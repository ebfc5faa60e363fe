"""The YAML round trip, done once, here.

Two readers and one writer:

* ``fast_load`` parses with libyaml (PyYAML's ``CSafeLoader``) using YAML 1.2 core-schema
  resolvers, so it reads exactly what ruamel writes (``no`` stays a string). It is the read path for
  everything that looks at many cases.
* ``rt_load`` keeps ruamel's round-trip document (comments, key order, quoting) for updates.
* ``dump_new`` writes a fresh document in the canonical style; ``sync`` changes an existing
  round-trip document in place so that only the values that changed are written again.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from casectl.core.model import plain
from casectl.i18n import msg
from casectl.storage import aliases

try:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(\s|$)", re.MULTILINE)
FLOW_LISTS = frozenset({"timeline"})  # lists whose items are written one per line


class YamlError(Exception):
    """The text is not YAML; ``line`` is 1-based where known."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


class _Core12Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml parser with YAML 1.2 core-schema scalars (bool is only true/false, no octal 0)."""


_Core12Loader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        list("-+0123456789"),
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "tag:yaml.org,2002:timestamp",
        r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
        r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?)$",
        list("0123456789"),
    ),
):
    _Core12Loader.add_implicit_resolver(_tag, re.compile(_regexp), _first)


def _construct_int(loader: Any, node: Any) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _construct_float(loader: Any, node: Any) -> float:
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


class DuplicateKey(yaml.MarkedYAMLError):
    """A mapping names the same key twice: which one wins is a guess no reader should make."""


def _construct_map(loader: Any, node: Any) -> Any:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.setdefault(key, key_node.start_mark.line + 1)
        except TypeError:  # an unhashable key: the model refuses it anyway
            continue
        if first != key_node.start_mark.line + 1:
            raise DuplicateKey(
                problem=f"duplicate key {key!r} (first on line {first})",
                problem_mark=key_node.start_mark,
            )
    return yaml.SafeLoader.construct_yaml_map(loader, node)


_Core12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Core12Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Core12Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def conflict_line(text: str) -> int | None:
    """The 1-based line of the first git conflict marker in ``text``, if any."""
    match = CONFLICT_MARKER.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _refuse_unsafe(text: str) -> None:
    """``YamlError`` for text marked by an unresolved merge, or whose aliases reach too far."""
    line = conflict_line(text)
    if line is not None:
        raise YamlError("unresolved git conflict markers", line)
    if aliases.reached(text, _Core12Loader) > aliases.LIMIT:
        raise YamlError(
            msg(
                "its aliases (*name) stand for more than {limit} values: not read",
                limit=aliases.LIMIT,
            )
        )


def fast_load(text: str) -> Any:
    """Parse ``text`` quickly into plain Python values; raise ``YamlError`` when it is not YAML."""
    _refuse_unsafe(text)
    try:
        return yaml.load(text, Loader=_Core12Loader)
    except DuplicateKey as exc:
        mark = exc.problem_mark
        raise YamlError(str(exc.problem), mark.line + 1 if mark else None) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not YAML"
        if "nesting depth" in problem:  # PyYAML >= 6.0.3 stops deep nesting in its parser
            raise YamlError(
                msg("nested too deeply to be a case"), mark.line + 1 if mark else None
            ) from None
        raise YamlError(
            msg("YAML syntax error: {problem}", problem=problem), mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(msg("YAML syntax error: {problem}", problem=str(exc))) from None
    except (ValueError, OverflowError) as exc:  # a date such as 2026-02-30 fails in the constructor
        raise YamlError(f"not a valid value: {exc}") from None
    except RecursionError:
        raise YamlError("nested too deeply to be a case") from None
    except Exception as exc:  # the parser tripped on something odd (a tag on the wrong value)
        raise YamlError(f"not a valid value ({type(exc).__name__})") from None


def _yaml() -> YAML:
    y = YAML()  # round-trip, YAML 1.2
    y.preserve_quotes = True
    y.width = 4096  # never fold long lines: one value, one line, clean diffs
    y.indent(mapping=2, sequence=2, offset=0)
    y.representer.add_representer(datetime, _represent_datetime)
    y.representer.ignore_aliases = lambda _data: True  # no &id001 anchors: every value as written
    return y


def _represent_datetime(representer: Any, value: datetime) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def rt_load(text: str) -> Any:
    """Parse ``text`` into ruamel's round-trip document."""
    _refuse_unsafe(text)
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not YAML"
        if "nesting depth" in problem:  # PyYAML >= 6.0.3 stops deep nesting in its parser
            raise YamlError(
                msg("nested too deeply to be a case"), mark.line + 1 if mark else None
            ) from None
        raise YamlError(
            msg("YAML syntax error: {problem}", problem=problem), mark.line + 1 if mark else None
        ) from None
    except Exception as exc:  # ruamel raises a few non-marked errors on odd input
        raise YamlError(msg("YAML syntax error: {problem}", problem=str(exc))) from None


def dump(doc: Any) -> str:
    """Serialise a round-trip document (or plain data styled by ``styled``)."""
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def prune(value: Any) -> Any:
    """Drop ``None``, ``false``, empty lists and empty mappings, recursively: a file holds what
    was said, and an absent flag reads as false."""
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            item = prune(item)
            if item is None or item is False or item == [] or item == {}:
                continue
            out[key] = item
        return out
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


# A plain scalar every YAML parser reads the same way: no indicator first, no ": " or " #".
_SAFE_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^:#]|:(?=\S)|(?<=\S)#)*(?<=\S)$")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


# Characters a block or single-quoted scalar cannot carry as they are: controls (a pasted
# coloured log brings ESC), DEL, the C1 range (NEL is a line break to YAML), the Unicode line
# and paragraph separators, a byte-order mark, and a carriage return. Double quotes escape them
# (``\e``, ``\N``, ``\r``…), which every reader reads back as written.
_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _scalar(value: str, *, flow: bool) -> Any:
    if (flow and "\n" in value) or _ESCAPE.search(value):
        return DoubleQuotedScalarString(value)
    if "\n" in value.strip("\n"):
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    if not _SAFE_PLAIN.match(value) or (flow and _FLOW_UNSAFE.search(value)) or value.endswith(":"):
        return SingleQuotedScalarString(value)
    return value


def styled(value: Any, key: str | None = None, *, flow: bool = False) -> Any:
    """Plain data to ruamel nodes in the canonical style (``|`` blocks, flow timeline items,
    quotes only where a parser could misread the text)."""
    if isinstance(value, Mapping):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = styled(v, k, flow=flow)
        if flow:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq()
        for item in value:
            seq.append(styled(item, flow=flow or key in FLOW_LISTS))
        return seq
    if isinstance(value, str):
        return _scalar(value, flow=flow)
    return value


def dump_new(data: Mapping[str, Any]) -> str:
    """A new document from plain data, in the canonical style."""
    return dump(styled(prune(plain(data))))


def _empty(value: Any) -> bool:
    return value is None or value is False or value == "" or value == [] or value == {}


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        return old == new and old.utcoffset() == new.utcoffset()
    if isinstance(old, date) and isinstance(new, date):
        return old == new
    if isinstance(old, str) and isinstance(new, str):
        return old.rstrip("\n") == new.rstrip("\n")
    return type(old) is type(new) and old == new if isinstance(old, bool | int) else old == new


def same(old: Any, new: Any) -> bool:
    """Whether two plain values are alike but for what writing and reading them may change (a
    text's final line break): what a written file must read back as."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return old.keys() == new.keys() and all(same(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    return _same(old, new)


def sync(doc: Any, old: Any, new: Any, key: str | None = None) -> Any:
    """Make round-trip ``doc`` (whose plain value is ``old``) hold ``new``, touching only changes.

    Returns the node to store at this place (``doc`` itself when it was changed in place).
    """
    if isinstance(doc, CommentedMap) and isinstance(old, Mapping) and isinstance(new, Mapping):
        _sync_map(doc, old, new)
        return doc
    if isinstance(doc, CommentedSeq) and isinstance(old, list) and isinstance(new, list):
        if _sync_seq(doc, old, new, key):
            return doc
        return styled(new, key)
    if _same(old, new):
        return doc
    return styled(new, key)


def _sync_map(doc: CommentedMap, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    for name in [k for k in doc if k not in new]:
        if not _empty(old.get(name)):
            del doc[name]
    previous: str | None = None
    for name, value in new.items():
        if name in doc:
            doc[name] = sync(doc[name], old.get(name), value, name)
        elif not _empty(value):
            position = list(doc.keys()).index(previous) + 1 if previous in doc else 0
            doc.insert(position, name, styled(value, name))
        if name in doc:
            previous = name


def _sync_seq(doc: CommentedSeq, old: list[Any], new: list[Any], key: str | None) -> bool:
    """Update items in place and append new ones; False when the list was rewritten otherwise."""
    if len(new) < len(old):
        return False
    for index, value in enumerate(new[: len(old)]):
        before = old[index]
        if isinstance(before, Mapping) and isinstance(value, Mapping):
            if before.get("id") != value.get("id"):
                return False
            doc[index] = sync(doc[index], before, value)
        elif not _same(before, value):
            return False
    for value in new[len(old) :]:
        doc.append(styled(value, flow=key in FLOW_LISTS))
    return True


def line_of(doc: Any, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the value at ``loc`` in a round-trip document, as near as known."""
    node = doc
    line: int | None = None
    for part in loc:
        try:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        except (KeyError, IndexError, AttributeError, TypeError):
            break
    return line
