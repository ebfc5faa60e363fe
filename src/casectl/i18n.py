"""Messages in the reader's language: the marks the code puts on text people read, and the one
translator the command line switches on (docs/language.md).

Below the command line text is only *marked*: ``msg("{case} has no root cause", case=cid)`` is an
English ``str`` that remembers its template and values, and ``N_("Stage")`` marks a label. Nothing
is translated there, so the core stays pure. The command line picks the language
(``storage.language``) and calls ``use``; ``render`` and ``cli`` translate with ``_``/``ngettext``
and turn a ``Msg`` into the reader's language with ``text``. Placeholders are named, so a
translation may put them in its own order. ``python docs/gen_messages.py`` extracts every mark
into the catalog.

This module reads no file and no environment: it is handed a catalog, or keeps English.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any, Protocol

ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)


class Catalog(Protocol):
    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...

    def pgettext(self, context: str, message: str, /) -> str: ...


# The language of the run in progress: a context variable, not a module global, so a program
# that uses the library for several readers at once (threads, asyncio tasks) keeps each one's.
_speaking: ContextVar[tuple[Catalog | None, str]] = ContextVar(
    "casectl_speaking", default=(None, ENGLISH)
)


def language_of(tag: str | None) -> str | None:
    """The language a tag names (``zh_CN``, ``zh``, ``zh-Hans``, ``zh_CN.UTF-8``, ``en_US``,
    ``C``): ``zh_CN``, ``en``, or None when it names neither (then the next setting decides).

    Chinese in the Simplified script selects zh-CN; Traditional (``zh-Hant``, ``zh_TW``,
    ``zh_HK``, ``zh_MO``) is not shipped and falls back to English.
    """
    if not tag or not tag.strip():
        return None
    parts = tag.strip().split(".")[0].split("@")[0].replace("-", "_").lower().split("_")
    if parts[0] in ("c", "posix", "en"):
        return ENGLISH
    if parts[0] != "zh":
        return None
    rest = set(parts[1:])
    if "hant" in rest or (rest & {"tw", "hk", "mo"} and "hans" not in rest):
        return ENGLISH
    return CHINESE


def use(catalog: Catalog | None, language: str = ENGLISH) -> None:
    """Translate with ``catalog`` from now on (None: English)."""
    chosen = catalog if language != ENGLISH else None
    _speaking.set((chosen, language if chosen is not None else ENGLISH))


def language() -> str:
    """The language messages are shown in: ``en`` or ``zh_CN``."""
    return _speaking.get()[1]


def html_lang() -> str:
    """The language as an HTML ``lang`` attribute (BCP 47): ``en`` or ``zh-CN``."""
    return _speaking.get()[1].replace("_", "-")


def _(message: str) -> str:
    """``message`` in the reader's language (as it is when the catalog lacks it)."""
    catalog = _speaking.get()[0]
    return catalog.gettext(message) if catalog is not None and message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` things, in the reader's language."""
    catalog = _speaking.get()[0]
    if catalog is not None:
        return catalog.ngettext(singular, plural, n)
    return singular if n == 1 else plural


def pgettext(context: str, message: str) -> str:
    """``message`` in the reader's language where the same English word means two things
    (``pgettext("action", "open")`` is 未完成, a case's ``open`` 未关闭)."""
    catalog = _speaking.get()[0]
    return catalog.pgettext(context, message) if catalog is not None else message


def N_(message: str) -> str:
    """Mark a label for the catalog; it is translated where it is shown (``_``)."""
    return message


class Msg(str):
    """A message built below the command line: its English text, and the template and values
    it was made from, so the command line can show it in the reader's language.

    Values that are ``Msg`` are translated too; a tuple of values is joined as a list.
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Msg:
        english = template.format(**{k: _english(v) for k, v in params.items()})
        made = super().__new__(cls, english)
        made.template = template
        made.params = params
        return made

    def __reduce__(self) -> Any:  # copies and pickles keep the template
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Msg:
    return Msg(template, **params)


def msg(template: str, /, **params: Any) -> Msg:
    """A message to translate later: ``template`` with named ``{fields}`` filled from ``params``."""
    return Msg(template, **params)


def _english(value: Any) -> Any:
    if isinstance(value, Listed):
        return ", ".join(str(v) for v in value)
    if isinstance(value, tuple):
        return "; ".join(str(_english(v)) for v in value)
    return value


def text(value: Any) -> str:
    """``value`` in the reader's language: a ``Msg`` translated (and its ``Msg`` values with it),
    anything else as it is (text from people and files is never looked up)."""
    if isinstance(value, Msg):
        done = {k: _values(v) for k, v in value.params.items()}
        return _(value.template).format(**done)
    return str(value)


def label(value: Any) -> str:
    """A label marked with ``N_`` (or a ``Msg``) in the reader's language."""
    return text(value) if isinstance(value, Msg) else _(str(value))


def _values(value: Any) -> Any:
    if isinstance(value, Msg):
        return text(value)
    if isinstance(value, BaseException) and value.args and isinstance(value.args[0], Msg):
        return text(value.args[0])  # a ValueError("…") from the core, said again by the CLI
    if isinstance(value, Listed):
        return list_text(text(v) for v in value)
    if isinstance(value, tuple):
        return _("; ").join(text(v) for v in value)
    return value


# "{field}: {problem}" and "{where}: {problem}" (errors.CorruptFileError) read the same in
# every language; marked here so the catalog has them.
N_("{field}: {problem}")
N_("{where}: {problem}")


def joined(parts: Iterable[Any]) -> tuple[Any, ...]:
    """Several messages as one value of a ``Msg``: joined with "; " in English, "；" in Chinese."""
    return tuple(parts)


class Listed(tuple[Any, ...]):
    """Names or IDs as one value of a ``Msg``: "a, b" in English, "a、b" in Chinese."""


def listed(parts: Iterable[Any]) -> Listed:
    """Several names or IDs as one value of a ``Msg`` (see ``Listed``)."""
    return Listed(parts)


def list_text(parts: Iterable[Any]) -> str:
    """Names or IDs in a row, in the reader's language: "a, b" or "a、b"."""
    return _(", ").join(str(p) for p in parts)
