"""``casectl site``: the casebook as a static site — a dashboard whose figures lead to their
cases, a page per case and per customer, the searchable case library, the monthly reports.
Pure: pages as text, by path; ``storage.site`` writes them.

The site is one folder per language (``zh/``, ``en/``), the same pages in each, beside the
shared ``assets/`` and a root ``index.html`` that leads to the casebook's own language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casectl.i18n import _
from casectl.render import report_html
from casectl.render.html import escape, heading
from casectl.render.site import assets
from casectl.render.site.case import ATTACHED, case_page, page_inputs
from casectl.render.site.customers import customer_list, customer_page
from casectl.render.site.dashboard import case_list, dashboard
from casectl.render.site.data import SiteData
from casectl.render.site.library import library_page
from casectl.render.site.shell import LANGUAGES, frame, link

__all__ = ["ATTACHED", "CasePages", "case_pages", "other_pages", "pages", "shared"]


def shared(language: str) -> dict[str, str]:
    """The files outside the languages' folders: the assets and a root page that
    leads to ``language``'s folder (at once, by a refresh; by links without one)."""
    links = "".join(
        f'<li><a href="{code}/index.html" lang="{code}">{escape(name)}</a></li>'
        for code, name in LANGUAGES.items()
    )
    root = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">\n'
        f'<meta http-equiv="refresh" content="0; url={language}/index.html">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>casectl</title>\n</head>\n<body>\n<main><ul>{links}</ul></main>\n"
        "</body>\n</html>\n"
    )
    return {
        "index.html": root,
        "assets/site.css": assets.CSS.lstrip(),
        "assets/site.js": assets.JS.lstrip(),
    }


def pages(site: SiteData) -> dict[str, str]:
    """Every page of ``site`` in the reader's language, by path inside its folder."""
    return {**other_pages(site), **case_pages(site).pages}


@dataclass
class CasePages:
    """The cases' pages rendered (path → text), and every case page's inputs (path → their
    fingerprint, ``page_inputs``), those left as the last build made them included."""

    pages: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)


def case_pages(site: SiteData, part: int = 0, parts: int = 1) -> CasePages:
    """The cases' pages in the reader's language (of ``part`` of ``parts`` of the cases), but
    those whose inputs are what they were when the last build made them (``site.built``)."""
    out = CasePages()
    if site.public:
        return out
    size = -(-len(site.cases) // parts)  # a run of cases next to each other, read together:
    for case in site.cases[part * size : (part + 1) * size]:  # a process touches its memory
        path = f"cases/{case.id}.html"
        inputs = out.inputs[path] = page_inputs(site, case)
        if site.built.get(f"{site.language}/{path}") != inputs:
            out.pages[path] = case_page(site, case)
    return out


def other_pages(site: SiteData, *, library: bool = True) -> dict[str, str]:
    """Every page but the cases' in the reader's language, by path inside its folder; but the
    case library's without ``library`` (``library_pages``, made apart)."""
    out = library_pages(site) if library or site.public else {}
    if site.public:
        out["index.html"] = out["library.html"]
        return out
    out["index.html"] = dashboard(site)
    out["cases.html"] = case_list(site)
    out["customers.html"] = customer_list(site)
    for stem, view in site.customers.items():
        out[f"customers/{stem}.html"] = customer_page(site, stem, view)
    out["reports.html"] = _reports(site)
    for month, data in site.reports.items():
        out[f"reports/{month}.html"] = report_html.html(data)
    return out


def library_pages(site: SiteData) -> dict[str, str]:
    """The case library's page in the reader's language, by path inside its folder."""
    return {"library.html": library_page(site)}


def _reports(site: SiteData) -> str:
    report = _("report {month}")
    items = "".join(
        f"<li>{link(f'reports/{month}.html', report.format(month=month))}</li>"
        for month in sorted(site.reports, reverse=True)
    )
    body = [heading(_("Monthly reports"), 1), f"<ul>{items}</ul>"]
    return frame("reports.html", site.language, _("Monthly reports"), body)
