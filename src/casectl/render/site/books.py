"""The front page of a site of several casebooks: each casebook with its open and breached
cases, leading to its own site (a folder each). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from casectl.i18n import _
from casectl.render.html import escape, heading, page


@dataclass(frozen=True)
class Book:
    """A casebook of the site: its label, its folder in the site, its language's folder
    there, and its open and breached cases."""

    label: str
    folder: str
    language: str
    open: int
    breached: int


def books_page(books: Sequence[Book], *, public: bool = False) -> str:
    """The casebooks, each a link to its site, its figures links to their cases (a
    ``public`` site has neither figures nor cases: the links alone)."""
    named = [_("casebook")] if public else [_("casebook"), _("open"), _("breached")]
    head = "".join(f"<th{' class=n' if i else ''}>{escape(h)}</th>" for i, h in enumerate(named))
    rows = "".join(
        f'<tr><td><a href="{escape(quote(b.folder))}/index.html">{escape(b.label)}</a></td>'
        + (
            ""
            if public
            else f'<td class="n">{_figure(b, "open", b.open)}</td>'
            f'<td class="n">{_figure(b, "breached", b.breached)}</td>'
        )
        + "</tr>"
        for b in books
    )
    body = [
        heading(_("Casebooks"), 1),
        f"<main><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></main>",
    ]
    return page(_("Casebooks"), body)


def _figure(book: Book, key: str, count: int) -> str:
    href = f"{quote(book.folder)}/{book.language}/cases.html?f={key}"
    return f'<a href="{escape(href)}">{count}</a>'
