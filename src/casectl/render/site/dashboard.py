"""The dashboard and the list of cases behind each of its figures. Pure.

Every figure links to ``cases.html?f=KEY``; that page lists every case, and its script shows
only the rows of the figure named (the figure's rows are in the page's JSON block, written
here), so a click on a bar lists exactly the cases it counts.
"""

from __future__ import annotations

from casectl.core.model import Case
from casectl.core.views.dashboard import NOBODY
from casectl.i18n import N_, _
from casectl.render.html import escape, heading
from casectl.render.report_words import number
from casectl.render.site.data import SiteData
from casectl.render.site.shell import bars, data_block, figure_link, frame, link, said

AGE_NAMES = {
    "0-1d": N_("under 1 day"),
    "1-3d": N_("1 to 3 days"),
    "3-7d": N_("3 to 7 days"),
    "7-30d": N_("7 to 30 days"),
    "30d+": N_("over 30 days"),
}


def figure_name(key: str) -> str:
    """A figure's key as people read it: ``stage:recorded`` → ``Stage: recorded``."""
    kind, _sep, value = key.partition(":")
    if kind == "stage":
        return _("Open cases at stage {stage}").format(stage=_(value))
    if kind == "age":
        return _("Open cases received {age} ago").format(age=_(AGE_NAMES.get(value, value)))
    if kind == "owner":
        who = _("nobody") if value == NOBODY else value
        return _("Open cases owned by {owner}").format(owner=who)
    if kind == "team":
        return _("Open cases of team {team}").format(team=_team(value))
    if kind == "team-breached":
        return _("Open cases of team {team} with a breached clock").format(team=_team(value))
    if kind == "received":
        return _("Cases received in {month}").format(month=value)
    if kind == "resolved":
        return _("Cases resolved in {month}").format(month=value)
    names = {
        "open": N_("Open cases"),
        "breached": N_("Open cases with a breached clock"),
        "due-soon": N_("Open cases with a clock due soon"),
        "all": N_("Every case"),
    }
    return _(names.get(key, key))


def dashboard(site: SiteData) -> str:
    board = site.board
    top = ""
    as_of = site.now.astimezone(site.tz).strftime("%Y-%m-%d %H:%M")
    stages = [(f"stage:{s}", _(s), board.count(f"stage:{s}")) for s in board.stages]
    ages = [(f"age:{a}", _(AGE_NAMES[a]), board.count(f"age:{a}")) for a in board.ages]
    owners = [
        (f"owner:{o}", _("nobody") if o == NOBODY else o, board.count(f"owner:{o}"))
        for o in board.owners
    ]
    now_line = _("As of {now}").format(now=as_of)
    charts = [
        (_("Open cases by stage"), stages, _("stage")),
        (_("Backlog age"), ages, _("age")),
        (_("Open cases by owner"), owners, _("owner")),
    ]
    body = [
        heading(site.name, 1),
        f'<p class="lead">{escape(now_line)}</p>',
        '<div class="tiles">',
        _tile(top, "open", _("open"), board.count("open")),
        _tile(top, "breached", _("breached"), board.count("breached"), "bad"),
        _tile(top, "due-soon", _("due soon"), board.count("due-soon"), "warn"),
        "</div>",
        '<div class="grid">',
        *(
            f"<section>{heading(title)}{bars(top, items, name)}</section>"
            for title, items, name in charts
        ),
        "</div>",
        *_teams(site),
        heading(_("Month by month")),
        _months(site),
    ]
    return frame("index.html", site.language, _("Dashboard"), body, kind="dashboard")


def _team(name: str) -> str:
    return _("no team") if name == NOBODY else name


def _teams(site: SiteData) -> list[str]:
    """Open and breached cases per team, each number a link to its cases; nothing when
    casectl.yaml names no team."""
    if not site.board.teams:
        return []
    head = "".join(
        f"<th{' class=n' if i else ''}>{escape(h)}</th>"
        for i, h in enumerate([_("team"), _("open"), _("breached")])
    )
    rows = "".join(
        f"<tr><td>{escape(_team(team))}</td>"
        f'<td class="n">{_count(site, f"team:{team}")}</td>'
        f'<td class="n">{_count(site, f"team-breached:{team}")}</td></tr>'
        for team in site.board.teams
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    return [heading(_("Open cases by team")) + table]


def _tile(top: str, key: str, name: str, count: int, tone: str = "") -> str:
    return (
        f'<p class="tile {tone}">{figure_link(top, key, str(count))}<span>{escape(name)}</span></p>'
    )


def _months(site: SiteData) -> str:
    head = "".join(
        f"<th{' class=n' if i else ''}>{escape(h)}</th>"
        for i, h in enumerate(
            [_("month"), _("received"), _("resolved"), "NPS", "CSAT", _("Monthly reports")]
        )
    )
    rows = []
    for month in reversed(site.board.months):
        label = month.label
        report = (
            link(f"reports/{label}.html", _("report {month}").format(month=label))
            if label in site.reports
            else ""
        )
        rows.append(
            f"<tr><td>{escape(label)}</td>"
            f'<td class="n">{_count(site, f"received:{label}")}</td>'
            f'<td class="n">{_count(site, f"resolved:{label}")}</td>'
            f'<td class="n">{escape(number(month.nps))}</td>'
            f'<td class="n">{escape(number(month.csat))}</td><td>{report}</td></tr>'
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _count(site: SiteData, key: str) -> str:
    return figure_link("", key, str(site.board.count(key)))


def case_list(site: SiteData) -> str:
    """Every case, one row each; the figures' rows in the page's JSON block."""
    order = {case.id: i for i, case in enumerate(site.cases)}
    figures = {
        key: [order[i] for i in ids if i in order] for key, ids in site.board.figures.items()
    }
    names = {key: figure_name(key) for key in figures}
    names["all"] = figure_name("all")
    rows = "".join(_row(site, i, case) for i, case in enumerate(site.cases))
    head = "".join(
        f"<th>{escape(h)}</th>"
        for h in (_("case"), _("title"), _("customer"), _("stage"), _("priority"), _("owner"))
    )
    count = _("{n} case(s)")
    body = [
        f'<h1 id="figure">{escape(figure_name("all"))}</h1>',
        f'<p class="lead" id="shown" data-all="{len(site.cases)}">'
        f"{escape(count.format(n=len(site.cases)))}</p>",
        f'<table id="cases"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>',
        data_block("figures", {"figures": figures, "names": names, "count": _("{n} case(s)")}),
    ]
    return frame("cases.html", site.language, _("Cases"), body, kind="cases")


def _row(site: SiteData, i: int, case: Case) -> str:
    from casectl.core import lifecycle

    who = site.customer_page(case.customer.name)
    customer = link(who, case.customer.name) if who else escape(case.customer.name)
    return (
        f'<tr data-i="{i}"><td>{link(f"cases/{case.id}.html", site.shown(case.id))}</td>'
        f"<td>{escape(case.title)}</td><td>{customer}</td>"
        f"<td>{said(lifecycle.stage(case).value)}</td>"
        f"<td>{said(case.priority.value)}</td><td>{escape(case.owner or '')}</td></tr>"
    )
