"""Customers on the site: the list, and a page each — profile, key people, contact rhythm,
cases, satisfaction over time and the journey map. Pure.

The journey map puts every touchpoint on one timeline — cases coming in and being resolved,
contacts, surveys — each marked by how it went: ``good`` (a promoter, CSAT 4 or 5, a case
resolved), ``bad`` (a detractor, CSAT 1 or 2, a case that came in), ``open`` (a case still
open), ``neutral`` (the rest). Colour is never the only sign: each mark also says it in words.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from casectl.i18n import N_, _
from casectl.render.customers import rhythm_line
from casectl.render.html import escape, heading
from casectl.render.site.data import SiteData
from casectl.render.site.shell import frame, link, said, when

TONES = {
    "good": N_("went well"),
    "bad": N_("went badly"),
    "open": N_("still open"),
    "neutral": N_("neutral"),
}


def customer_list(site: SiteData) -> str:
    head = "".join(
        f"<th{' class=n' if i else ''}>{escape(h)}</th>"
        for i, h in enumerate((_("customer"), _("open"), _("total"), "NPS"))
    )
    rows = "".join(
        f"<tr><td>{link(f'customers/{quote(stem)}.html', view['customer'])}</td>"
        f'<td class="n">{view["open"]}</td><td class="n">{view["total"]}</td>'
        f'<td class="n">{escape(_score(view.get("last_nps")))}</td></tr>'
        for stem, view in sorted(
            site.customers.items(), key=lambda kv: (-kv[1]["open"], kv[1]["customer"])
        )
    )
    body = [heading(_("Customers"), 1), f"<table><thead><tr>{head}</tr></thead>{rows}</table>"]
    return frame("customers.html", site.language, _("Customers"), body)


def _score(value: Any) -> str:
    return "—" if value is None else str(value)


def customer_page(site: SiteData, stem: str, view: dict[str, Any]) -> str:
    body = [heading(view["customer"], 1)]
    profile = view.get("profile")
    if profile:
        facts = [
            (k, ", ".join(map(str, v)) if isinstance(v, list) else str(v))
            for k, v in profile.items()
            if v not in (None, [], {}) and k != "name" and not isinstance(v, dict)
        ]
        body.append("<dl>" + "".join(f"<dt>{said(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts))
        body.append("</dl>")
        body.append(f"<p>{escape(rhythm_line(view))}</p>")
    if view.get("people"):
        body.append(heading(_("Key people")) + _people(view["people"]))
    body.append(heading(_("Cases")) + _cases(site, view["cases"]))
    if view["surveys"]:
        body.append(heading(_("Satisfaction over time")) + _surveys(view["surveys"]))
    body.append(heading(_("Journey")) + _journey(site, view))
    return frame(f"customers/{stem}.html", site.language, view["customer"], body, kind="customer")


def _people(people: list[dict[str, Any]]) -> str:
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{escape(p.get(k) or '')}</td>" for k in ("name", "role", "influence"))
        + f"<td>{escape(p.get('attitude') or '')}</td></tr>"
        for p in people
    )
    head = "".join(f"<th>{said(h)}</th>" for h in ("name", "role", "influence", "attitude"))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _cases(site: SiteData, cases: list[dict[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td>{link('../cases/' + c['id'] + '.html', site.shown(c['id']))}</td>"
        f"<td>{escape(c['title'])}</td><td>{said(c['stage'])}</td>"
        f"<td>{escape(when(c['received']))}</td></tr>"
        for c in reversed(cases)
    )
    head = "".join(
        f"<th>{escape(h)}</th>" for h in (_("case"), _("title"), _("stage"), _("received"))
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _surveys(surveys: list[dict[str, Any]]) -> str:
    rows = "".join(
        f"<li><time>{escape(when(s['at']))}</time> "
        f'<span class="meter" style="width:{(s.get("csat") or 0) * 2}rem"></span> '
        f"NPS {escape(_score(s.get('nps')))} · CSAT {escape(_score(s.get('csat')))}"
        f"{(' · ' + escape(s['comment'])) if s.get('comment') else ''}</li>"
        for s in surveys
    )
    return f'<ul class="surveys">{rows}</ul>'


def _tone_of_survey(s: dict[str, Any]) -> str:
    nps, csat = s.get("nps"), s.get("csat")
    if (nps is not None and nps <= 6) or (csat is not None and csat <= 2):
        return "bad"
    if (nps is not None and nps >= 9) or (csat is not None and csat >= 4):
        return "good"
    return "neutral"


def _journey(site: SiteData, view: dict[str, Any]) -> str:
    """Cases, contacts and surveys on one timeline, oldest first, each marked by how it
    went."""
    marks: list[tuple[str, str, str, str]] = []  # at, tone, what, case id
    for c in view["cases"]:
        tone = "open" if c["open"] else "bad"
        came = _("case came in: {title}").format(title=c["title"])
        marks.append((c["received"], tone, came, c["id"]))
        if c.get("resolved"):
            marks.append((c["resolved"], "good", _("case resolved"), c["id"]))
    for t in view.get("touchpoints") or []:
        summary = t.get("summary") or t.get("channel") or ""
        marks.append((t["at"], "neutral", _("contact: {summary}").format(summary=summary), ""))
    for s in view["surveys"]:
        marks.append((s["at"], _tone_of_survey(s), _("survey answered"), s["case"]))
    marks.sort(key=lambda m: m[0])
    items = "".join(
        f'<li class="{tone}"><time>{escape(when(at))}</time> '
        f'<span class="tone">{said(TONES[tone])}</span> {escape(what)}'
        f"{(' ' + link(f'../cases/{case}.html', site.shown(case))) if case else ''}</li>"
        for at, tone, what, case in marks
    )
    return f'<ol class="journey">{items}</ol>'
