"""The one HTML page shell, escaper and table every casectl page is built from. Pure.

A page is self-contained: no script, no web font, no network. Its ``Content-Security-Policy``
lets nothing load and nothing run — only the page's own inline styles apply — so a page opened
from a git host, a mail or a shared folder stays inert whatever a case's text holds. It reads
the same offline, on a git host's file view and printed to PDF (a print stylesheet).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from casectl.i18n import html_lang
from casectl.render.text import STEERING_CHARACTERS, visible

# Nothing from anywhere (no script, image, font, frame, form target or base URL); the page's
# own <style> and style attributes (the charts' colours) only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",
"Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d232b;
line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #d5dae1;padding-bottom:.2rem}
p.lead{color:#555;margin-top:0}
table{border-collapse:collapse;margin:.6rem 0;font-size:.92rem}
th,td{border-bottom:1px solid #e3e7ec;padding:.25rem .7rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
"""
PRINT = """
@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,table{break-inside:avoid}}
"""


# What ``escape`` changes: markup, and what ``text.visible`` writes out (a line feed stays).
_CHANGED = re.compile(f"[&<>\"'{STEERING_CHARACTERS}]")


def escape(text: object) -> str:
    """Text for HTML, in an element or an attribute: characters that steer a terminal or
    reorder text (controls, bidi overrides) written out visibly (``text.visible``), then
    ``&``, ``<``, ``>`` and quotes escaped. (Most text has none of them, and is given back
    as it is after one search: a site escapes millions of values.)"""
    shown = text if type(text) is str else str(text)
    if not _CHANGED.search(shown):
        return shown
    return html.escape(visible(shown), quote=True)


def page(
    title: str, body: Iterable[str], *, style: str = "", head: str = "", csp: str = CSP
) -> str:
    """A whole page: ``title`` (text, escaped here), ``body`` (HTML, one part a line), and the
    page's own CSS (``style``) between the shared one and the print stylesheet. A site's page
    adds ``head`` (HTML: its stylesheet and script, its own files) under its ``csp``."""
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang()}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}{style}{PRINT}</style>\n{head}</head>\n"
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """Rows of text under headers; ``numeric`` columns right-aligned. Every cell escaped."""

    def cell(tag: str, i: int, text: str) -> str:
        return f"<{tag}{' class=n' if i in numeric else ''}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(r)) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def heading(text: str, level: int = 2) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


def bullets(items: Sequence[str], nothing: str) -> str:
    """A list, or ``nothing`` as a paragraph when there are no items."""
    if not items:
        return f"<p>{escape(nothing)}</p>"
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
