"""A case's page: its facts, every section of its file, its clocks, its timeline, the
customer and the customer's other cases. Pure.

The sections are shown as the file holds them (every field, nested lists as tables), so a new
field of the case format shows up without a change here; every value is escaped.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from casectl.core import lifecycle
from casectl.core.clocks.sla import Clock
from casectl.core.model import Case
from casectl.i18n import N_, _, language
from casectl.render.clocks import clock_label, remaining_shown, state_label
from casectl.render.events import event_text
from casectl.render.html import escape, heading
from casectl.render.site.data import SiteData
from casectl.render.site.shell import frame, link

SECTIONS = (
    ("response", N_("Response and promises")),
    ("investigation", N_("Investigation")),
    ("actions", N_("Actions")),
    ("updates", N_("Progress updates")),
    ("resolution", N_("Resolution")),
    ("relationship", N_("Relationship repair")),
    ("review", N_("Review")),
    ("escalations", N_("Escalations")),
    ("pauses", N_("Pauses")),
    ("notes", N_("Notes")),
    ("reopenings", N_("Reopenings")),
    ("closed", N_("Closure")),
    ("amendments", N_("Amendments")),
    ("mails", N_("Mails")),
)
ATTACHED = "files"  # the site's folder of the casebook's attachment files, kept by their path
FACTS = ("received_at", "channel", "category", "priority", "owner", "tags", "people", "source")
TEXTS = (
    ("description", N_("Description")),
    ("impact", N_("Impact")),
    ("remedy_sought", N_("Remedy sought")),
)
_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?$")


def case_page(site: SiteData, case: Case) -> str:
    path = f"cases/{case.id}.html"
    work = site.work()
    facts, texts, sections = work.parts_of(case, lambda: _parts(site, case, work.fields_of(case)))
    body = [
        f'<p class="lead">{escape(site.shown(case.id))}</p>',
        heading(case.title, 1),
        translated(facts),
        *(translated(text) for text in texts),
        _clocks(site.clocks.get(case.id, [])),
        *(translated(section) for section in sections),
        _attachments(case),
        _timeline(site, case),
        _related(site, case),
    ]
    title = f"{site.shown(case.id)} {case.title}"
    return frame(path, site.language, title, body, kind="case")


def page_inputs(site: SiteData, case: Case) -> str:
    """A fingerprint of all a case's page shows in the reader's language: the site's code and
    words (``site.version``), the case as read, its customer's page, the nearest other cases,
    and, for an open case, its clocks as of now. A page whose inputs are those of the page
    built before is that page: a rebuild does not render it again."""
    work = site.work()
    told = work.told.get(case.id)
    if told is None:  # all but the language, worked out once for both
        name = case.customer.name
        related = _chosen_once(site, case)
        clocks = site.clocks.get(case.id)
        parts = [
            site.version,
            str(site.tz),
            site.label or "",
            site.stems.get(name, ""),
            case.model_dump_json(),
            repr([(c.id, c.title, lifecycle.stage(c).value) for c in related]),
            f"{site.now.isoformat()} {clocks!r}" if clocks else "",
        ]
        told = work.told[case.id] = hashlib.blake2b("\x00".join(parts).encode("utf-8"))
    seen = told.copy()
    seen.update(language().encode("utf-8"))
    return seen.hexdigest()[:32]


def _parts(site: SiteData, case: Case, data: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    """The parts of a case's page that are the same in every language but for the words
    ``translated`` puts in: its facts, its texts and the sections of its file (most of the
    page, worked out once for both languages)."""
    word = marked
    who = site.customer_page(case.customer.name)
    customer = link(f"../{who}", case.customer.name) if who else escape(case.customer.name)
    facts = [(word("customer"), customer), (word("stage"), word(lifecycle.stage(case).value))]
    if case.customer.contact:
        facts.append((word("contact"), escape(case.customer.contact)))
    facts += [
        (word(k.replace("_", " ")), _value(data[k], word))
        for k in FACTS
        if data.get(k) not in (None, [])
    ]
    shown = "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"
    texts = [
        f"<h2>{word(title)}</h2>" + f'<div class="text">{escape(data[key])}</div>'
        for key, title in TEXTS
        if data.get(key)
    ]
    sections = [
        f"<h2>{word(title)}</h2>" + _value(data[key], word)
        for key, title in SECTIONS
        if _has(data, key)
    ]
    return shown, texts, sections


_MARK = "\x00"  # around a word to translate, in the parts of a page made for every language


def marked(message: str) -> str:
    """``message`` marked for ``translated`` (escaped text never holds the mark: ``escape``
    writes control characters out visibly)."""
    return f"{_MARK}{message}{_MARK}" if _MARK not in message else escape(message)


def translated(html: str) -> str:
    """HTML made for every language with each marked word in the reader's language."""
    if _MARK not in html:
        return html
    parts = html.split(_MARK)  # the marked words are every other part
    said = _SAID.setdefault(language(), {})
    parts[1::2] = [said.get(word) or _said_once(word) for word in parts[1::2]]
    return "".join(parts)


def _attachments(case: Case) -> str:
    """The files kept as evidence, each a link to its copy in the site (``ATTACHED``), with
    its size and type; the file's own name is shown as text, never trusted as a path."""
    if not case.attachments:
        return ""
    from urllib.parse import quote

    items = []
    for a in case.attachments:
        href = "../../" + quote(f"{ATTACHED}/{a.path}")  # a.path: checked, inside attachments/
        about = ", ".join(x for x in (f"{a.size:,} B", a.type or "") if x)
        items.append(f"<li>{link(href, a.name)} <small>{escape(about)}</small></li>")
    return heading(_("Attachments")) + '<ul class="attachments">' + "".join(items) + "</ul>"


def _has(data: dict[str, Any], key: str) -> bool:
    value = data.get(key)
    if isinstance(value, dict):
        return any(v not in (None, [], {}, False) for v in value.values())
    return bool(value)


_SAID: dict[str, dict[str, str]] = {}  # language → message → as the reader reads it


def _said_once(message: str) -> str:
    """``message`` in the reader's language, escaped: looked up once per language (a site
    shows the same few dozen names a million times)."""
    said = _SAID.setdefault(language(), {})
    found = said.get(message)
    if found is None:
        found = said[message] = escape(_(message))
    return found


def value_html(value: Any) -> str:
    """A value of the case file as HTML: a mapping as a list of terms, a list of mappings as
    a table, other lists as a list, text escaped (times shortened)."""
    return _value(value, _said_once)


def marked_html(value: Any) -> str:
    """``value_html`` with its words marked for ``translated``."""
    return _value(value, marked)


def _value(value: Any, word: Callable[[str], str]) -> str:
    """``value_html``, each field's name and yes or no given by ``word`` (the reader's
    language, or ``marked`` for ``translated``)."""
    if isinstance(value, dict):
        terms = "".join(
            f"<dt>{word(k.replace('_', ' '))}</dt><dd>{_value(v, word)}</dd>"
            for k, v in value.items()
            if v not in (None, [], {})
        )
        return f"<dl>{terms}</dl>"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return _table(value, word)
        return "<ul>" + "".join(f"<li>{_value(v, word)}</li>" for v in value) + "</ul>"
    if isinstance(value, bool):
        return word(N_("yes") if value else N_("no"))
    text = str(value)
    return escape(text[:16].replace("T", " ") if _TIME.match(text) else text)


def _table(rows: Sequence[dict[str, Any]], word: Callable[[str], str]) -> str:
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    head = "".join(f"<th>{word(k.replace('_', ' '))}</th>" for k in keys)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{_value(row[k], word) if k in row else ''}</td>" for k in keys)
        + "</tr>"
        for row in rows
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="wide">{table}</div>'


def _clocks(clocks: Sequence[Clock]) -> str:
    if not clocks:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in (_("clock"), _("state"), _("due"), _("left")))
    rows = "".join(
        f'<tr class="{escape(c.state.value)}"><td>{escape(clock_label(c))}</td>'
        f"<td>{escape(state_label(c.state.value))}</td>"
        f"<td>{escape(c.due.isoformat()[:16].replace('T', ' '))}</td>"
        f"<td>{escape(remaining_shown(c))}</td></tr>"
        for c in clocks
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    return heading(_("Clocks")) + table


def _timeline(site: SiteData, case: Case) -> str:
    """The case's timeline: each event's time and who (the same in every language, worked
    out once) and what happened, in the reader's language."""
    work = site.work()
    events = work.timelines.get(case.id)
    if events is None:
        events = work.timelines[case.id] = [
            (
                f"<li><time>{escape(e.at.astimezone(site.tz).strftime('%Y-%m-%d %H:%M'))}</time> "
                f"{escape(e.by)}: ",
                e.event,
                e.detail,
            )
            for e in case.timeline
        ]
    said, lang = work.said, language()  # an event's words: a few hundred kinds in a casebook
    items = "".join(
        f"{lead}{said.get((lang, what, why)) or _said_event(said, lang, what, why)}</li>"
        for lead, what, why in events
    )
    return heading(_("Timeline")) + f'<ol class="timeline">{items}</ol>' if items else ""


def _said_event(
    said: dict[tuple[str, str, str | None], str], lang: str, what: str, why: str | None
) -> str:
    found = said[(lang, what, why)] = escape(event_text(what, why))
    return found


RELATED = 10  # the customer's other cases a case's page lists (the customer's page has all)


def _related(site: SiteData, case: Case) -> str:
    """The customer's other cases nearest in time to this one (their list worked out once
    for every language)."""
    work = site.work()
    items = work.related.get(case.id)
    if items is None:
        items = work.related[case.id] = "".join(
            f"<li>{link(f'{c.id}.html', site.shown(c.id))} {escape(c.title)}"
            f" ({marked(lifecycle.stage(c).value)})</li>"
            for c in _chosen_once(site, case)
        )
    if not items:
        return ""
    return heading(_("The customer's other cases")) + f"<ul>{translated(items)}</ul>"


def _chosen_once(site: SiteData, case: Case) -> list[Case]:
    """``_chosen`` of the case among its customer's cases, worked out once."""
    work = site.work()
    found = work.chosen.get(case.id)
    if found is None:
        name = case.customer.name
        found = work.chosen[case.id] = _chosen(case, work.by_customer[name], work.received[name])
    return found


def _chosen(case: Case, related: Sequence[Case], times: Sequence[datetime]) -> list[Case]:
    """The ``RELATED`` other cases nearest in time to ``case``, oldest first."""
    at = case.received_at
    nearest = sorted(
        (c for c in _near(case, related, times) if c.id != case.id),
        key=lambda c: abs(c.received_at - at),
    )
    return sorted(nearest[:RELATED], key=lambda c: c.received_at)


def _near(case: Case, related: Sequence[Case], times: Sequence[datetime]) -> Sequence[Case]:
    """The cases of ``related`` no further from ``case`` in time than its ``RELATED``-th
    nearest other case: every case ``_related`` can choose, in their order, found by halving
    rather than by measuring all of a customer's thousand cases for each of them."""
    if len(related) <= 2 * RELATED + 1:
        return related
    at = case.received_at
    i = bisect.bisect_left(times, at)
    window = related[max(0, i - RELATED - 1) : i + RELATED + 1]
    gaps = sorted(abs(c.received_at - at) for c in window if c.id != case.id)
    reach = gaps[RELATED - 1]  # the window holds RELATED others on each side, or all of them
    return related[bisect.bisect_left(times, at - reach) : bisect.bisect_right(times, at + reach)]
