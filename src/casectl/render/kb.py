"""The case library as text: a table, Markdown and JSON. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casectl.i18n import _
from casectl.render.json import dumps
from casectl.render.text import Table, md_cell

Entries = Sequence[dict[str, Any]]


def table(entries: Entries) -> Table:
    rows = [
        [
            str(e["id"]),
            str(e["category"]),
            str(e["cause"] or ""),
            str(e["title"]),
            str(e["root_cause"] or "").strip(),
        ]
        for e in entries
    ]
    return Table(["id", _("category"), _("cause"), _("title"), _("root cause")], rows, keep=(0,))


def json(entries: Entries) -> str:
    return dumps(list(entries))


def markdown(entries: Sequence[dict[str, Any]], *, title: str = "Case library") -> str:
    """The library as one Markdown document, one section a case."""
    out = [f"# {_one(title)}", "", f"{len(entries)} reviewed case(s) published to the library.", ""]
    for item in entries:
        tags = ", ".join(_one(t) for t in item["tags"]) or "—"
        out += [
            f"## {item['id']}: {_one(item['title'])}",
            "",
            f"- customer: {_one(item['customer'])}; received {item['received']}",
            f"- category: {item['category']}; priority: {item['priority']}; tags: {tags}",
            f"- cause: {item['cause'] or '—'}; attribution: {item['attribution'] or '—'}",
            "",
            "**Symptom.** " + _one(item["symptom"]),
            "",
        ]
        if item["root_cause"]:
            out += ["**Root cause.** " + _one(item["root_cause"]), ""]
        if item["resolution"] or item["actions"]:
            out += ["**What fixed it.** " + _one(item["resolution"] or ""), ""]
            out += [
                f"- {_one(a['what'])} ({a['horizon']}, {a['status']})"
                + (f": {_one(a['verification'])}" if a["verification"] else "")
                for a in item["actions"]
            ]
            out += [""] if item["actions"] else []
        if item.get("attachments"):
            out += ["**Evidence.**", "", *[_link(a) for a in item["attachments"]], ""]
        for heading, key in (("Lessons", "lessons"), ("Prevention", "prevention")):
            if item[key]:
                out += [f"**{heading}.**", "", *[f"- {_one(x)}" for x in item[key]], ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _link(attachment: dict[str, Any]) -> str:
    """An attachment as a Markdown link, relative to the casebook's root: its name escaped,
    its path percent-encoded (a space or a bracket in a name cannot end the link)."""
    from urllib.parse import quote

    from casectl.core.sections import size_text

    size = size_text(int(attachment["size"]))
    return f"- [{_one(attachment['name'])}]({quote(attachment['path'])}) ({size})"


def _one(text: str) -> str:
    """Case text on one line, its markup and terminal controls neutralised."""
    return md_cell(" ".join(text.split()))
