"""The case library's page, searchable in the browser, and its search index. Pure.

Every entry is written into the page; the index, built here, maps each term to the entries
holding it, and the page's script shows the entries that hold every term of the query.
Chinese has no spaces between words, so a run of Han (or kana, hangul) characters is indexed
by its single characters and its character pairs (bigrams): 报表 is a pair of 月末报表导出超时
and finds it, as 月末 or 超时 do. Other text is indexed by words, lower-cased; a word of the
query matches every indexed word it begins.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from casectl.i18n import N_, _
from casectl.render.html import escape, heading
from casectl.render.site.case import marked, marked_html, translated
from casectl.render.site.data import SiteData
from casectl.render.site.shell import data_block, frame, link, said

_RUNS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+|[^\W_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
SHOWN = (
    ("symptom", N_("Symptom")),
    ("impact", N_("Impact")),
    ("findings", N_("Findings")),
    ("root_cause", N_("Root cause")),
    ("resolution", N_("Resolution")),
    ("actions", N_("Actions")),
    ("lessons", N_("Lessons")),
    ("prevention", N_("Prevention")),
)
SEARCHED = (
    "title",
    "symptom",
    "impact",
    "findings",
    "root_cause",
    "resolution",
    "lessons",
    "prevention",
    "tags",
    "category",
    "cause",
)


def terms(text: str) -> set[str]:
    """The index terms of ``text``: Han runs as characters and character pairs, other runs
    as lower-case words. The page's script splits a query by the same rule."""
    found: set[str] = set()
    folded = unicodedata.normalize("NFKC", text).lower()
    for run in _RUNS.findall(folded):
        if _CJK.match(run):
            found.update(run)
            found.update(run[i : i + 2] for i in range(len(run) - 1))
        else:
            found.add(run)
    return found


def _text(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _text(v)
    elif isinstance(value, list):
        for v in value:
            yield from _text(v)
    elif value is not None:
        yield str(value)


def index(entries: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Each term → the positions of the entries holding it."""
    out: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        # One look at all the entry's texts, a line apart: no run of a term crosses a line
        # break, so these are the terms of each text together.
        held = terms("\n".join(text for key in SEARCHED for text in _text(entry.get(key))))
        for term in held:
            out.setdefault(term, []).append(i)
    return dict(sorted(out.items()))


def _index(site: SiteData) -> str:
    """The library's search index in its data block, made once for both languages."""
    work = site.work()
    if work.search is None:
        work.search = data_block("search-index", index(site.library))
    return work.search


def library_page(site: SiteData) -> str:
    entries = site.library
    categories = sorted({e["category"] for e in entries if e.get("category")})
    causes = sorted({e["cause"] for e in entries if e.get("cause")})
    search = _("Search the case library")
    lead = _("Reviewed cases and their lessons.")
    if site.redacted:
        lead += " " + _("Redacted: {what}.").format(what=site.redacted)
    counted = _("{n} of {all} entries")
    body = [
        heading(_("Case library"), 1),
        f'<p class="lead">{escape(lead)}</p>',
        '<form class="filters" role="search">',
        f'<label>{escape(search)} <input type="search" id="q" name="q"></label>',
        _select("category", _("category"), categories),
        _select("cause", _("root cause"), causes),
        "</form>",
        f'<p id="found" aria-live="polite" data-template="{escape(counted)}">'
        f"{escape(counted.format(n=len(entries), all=len(entries)))}</p>",
        *(translated(_entry(site, i, e)) for i, e in enumerate(entries)),
        _index(site),
    ]
    return frame(
        "library.html", site.language, _("Case library"), body, kind="library", public=site.public
    )


def _select(name: str, label: str, values: list[str]) -> str:
    options = "".join(f'<option value="{escape(v)}">{said(v)}</option>' for v in values)
    every = _("all")
    return (
        f'<label>{escape(label)} <select id="{name}" name="{name}">'
        f'<option value="">{escape(every)}</option>{options}</select></label>'
    )


def _entry(site: SiteData, i: int, entry: dict[str, Any]) -> str:
    """An entry as HTML with its words marked for ``translated``: the same in both languages,
    made once."""
    found = site.work().entries.get(i)
    if found is None:
        found = site.work().entries[i] = _entry_marked(site, i, entry)
    return found


def _entry_marked(site: SiteData, i: int, entry: dict[str, Any]) -> str:
    title = escape(entry["title"])
    if not site.public:
        title = link(f"cases/{entry['id']}.html", entry["title"])
    chips = " · ".join(
        marked(str(entry[k])) for k in ("category", "cause", "attribution") if entry.get(k)
    )
    parts = [
        f'<article class="entry" data-i="{i}" data-category="{escape(entry.get("category") or "")}"'
        f' data-cause="{escape(entry.get("cause") or "")}">',
        f"<h2>{title}</h2>",
        f'<p class="lead">{escape(site.shown(entry["id"]))} · {escape(entry.get("received") or "")}'
        f" · {chips}</p>",
        "<dl>",
        *(
            f"<dt>{marked(name)}</dt><dd>{marked_html(entry[key])}</dd>"
            for key, name in SHOWN
            if entry.get(key)
        ),
        "</dl></article>",
    ]
    return "".join(parts)
