"""The frame of every page of the site: ``render.html``'s shell with the site's navigation,
its language switch, its own stylesheet and script, and a policy that lets only those run.
Pure.

Each language is a folder (``zh/``, ``en/``) holding the same pages under the same paths, so
the switch links to the same path in the other folder. Every link is relative: the site works
from ``file://``, from a sub-folder of GitHub or GitLab Pages, or from ``casectl site serve``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from casectl.i18n import N_, _
from casectl.render.html import escape, page

# Scripts and stylesheets from the site's own files only; nothing from anywhere else; the
# pages' style attributes (a bar's width) apply.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'"
)
LANGUAGES = {"zh": "中文", "en": "English"}
SECTIONS = (
    ("index.html", N_("Dashboard")),
    ("cases.html", N_("Cases")),
    ("customers.html", N_("Customers")),
    ("library.html", N_("Case library")),
    ("reports.html", N_("Monthly reports")),
)
PUBLIC_SECTIONS = (("library.html", N_("Case library")),)


def said(text: str) -> str:
    """A label or a choice's code in the reader's language, escaped for HTML."""
    return escape(_(text))


def up(path: str) -> str:
    """The way from the page at ``path`` (inside a language's folder) up to that folder."""
    return "../" * path.count("/")


def link(href: str, text: str, *, cls: str = "") -> str:
    """A link to one of the site's own pages (``href`` built here, never from a case's text)."""
    klass = f' class="{cls}"' if cls else ""
    return f'<a href="{escape(href)}"{klass}>{escape(text)}</a>'


def data_block(name: str, data: Any) -> str:
    """Data for the page's script, as JSON in an inert ``<script type="application/json">``
    that the script reads with ``textContent``: ``<``, ``>`` and ``&`` are written as escapes
    so no text in it can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="{name}">{text}</script>'


def frame(
    path: str,
    lang: str,
    title: str,
    body: Iterable[str],
    *,
    kind: str = "page",
    public: bool = False,
) -> str:
    """A page of the site at ``path`` in the folder of ``lang``: the navigation, a skip
    link, the language switch, ``body`` in ``<main>``, the site's stylesheet and script."""
    top = up(path)
    root = "../" + top
    sections: Sequence[tuple[str, str]] = PUBLIC_SECTIONS if public else SECTIONS
    named = [(top + href, _(name)) for href, name in sections]
    items = "".join(f"<li>{link(href, name)}</li>" for href, name in named)
    other = "".join(
        f'<li><a href="{escape(root + code + "/" + quote(path))}" lang="{code}" hreflang="{code}"'
        f' class="lang">{escape(name)}</a></li>'
        for code, name in LANGUAGES.items()
        if code != lang
    )
    head = (
        f'<link rel="stylesheet" href="{root}assets/site.css">\n'
        f'<script src="{root}assets/site.js" defer></script>\n'
    )
    skip, site = _("Skip to content"), _("Site")
    nav = (
        f'<a class="skip" href="#main">{escape(skip)}</a>'
        f'<header><nav aria-label="{escape(site)}"><ul>{items}{other}</ul></nav></header>'
    )
    parts = [nav, f'<main id="main" data-page="{kind}">', *body, "</main>"]
    return page(title, parts, head=head, csp=CSP)


def figure_link(top: str, key: str, text: str) -> str:
    """A figure as a link to the list of the cases behind it (``cases.html?f=KEY``)."""
    href = f"{top}cases.html?f={quote(key, safe=':')}"
    return f'<a href="{escape(href)}" data-figure="{escape(key)}">{escape(text)}</a>'


def bars(top: str, items: Sequence[tuple[str, str, int]], label: str) -> str:
    """A chart of bars, each one a link to the cases it counts: (figure key, name, count)."""
    largest = max((n for _, _, n in items), default=0) or 1
    rows = "".join(
        f'<li><a href="{escape(top)}cases.html?f={escape(quote(key, safe=":"))}"'
        f' data-figure="{escape(key)}"><span class="name">{escape(name)}</span>'
        f'<span class="bar" style="width:{round(60 * n / largest)}%"></span>'
        f'<span class="n">{n}</span></a></li>'
        for key, name, n in items
    )
    return f'<ul class="bars" aria-label="{escape(label)}">{rows}</ul>'


def when(text: str | None) -> str:
    """An ISO time as people read it: ``2026-11-23 09:15``."""
    return (text or "")[:16].replace("T", " ")
