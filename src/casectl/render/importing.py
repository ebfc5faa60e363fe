"""``casectl import``'s results: every row as a table, JSON, and the CSV report of skipped rows.
Pure."""

from __future__ import annotations

from typing import Any

from casectl.core.lifecycle import stage
from casectl.core.transfer.importing import Plan, RowResult
from casectl.i18n import N_, _, text
from casectl.render.json import dumps
from casectl.render.text import Table, csv_text, one_line

HEADERS = (N_("row"), N_("result"), "id", N_("stage"), N_("title or problem"))


def _row(result: RowResult) -> dict[str, Any]:
    case = result.case
    return {
        "row": result.row,
        "result": result.status,
        "id": result.existing or (case.id if case is not None and not result.problems else None),
        "stage": stage(case).value if case is not None and not result.problems else None,
        "time_unknown": list(case.source.time_unknown) if case and case.source else [],
        "title": case.title if case is not None else None,
        "problems": list(result.problems),
    }


def table(plan: Plan) -> Table:
    rows = []
    for result in plan.rows:
        data = _row(result)
        said = _("; ").join(map(text, data["problems"])) or data["title"] or ""
        if result.status == "conflict":
            said = _("changed in the log and in casectl since: not overwritten")
        rows.append([str(data["row"]), data["result"], data["id"] or "", data["stage"] or "", said])
    return Table([_(h) for h in HEADERS], rows, numeric=(0,), keep=(HEADERS.index("id"),))


def json(plan: Plan) -> str:
    return dumps(
        {
            "file": plan.file,
            "sheet": plan.sheet,
            "counts": plan.counts(),
            "customers_matched": plan.matched,
            "rows": [_row(r) for r in plan.rows],
        }
    )


FORMATS = {"table": table, "json": json}


def summary(plan: Plan, *, dry_run: bool) -> str:
    counts = plan.counts()
    if dry_run:
        said = _(
            "{where}: {rows} rows — {added} would be added, {updated} updated, "
            "{unchanged} unchanged, {conflict} in conflict, {bad} with problems"
        )
    else:
        said = _(
            "{where}: {rows} rows — {added} added, {updated} updated, {unchanged} unchanged, "
            "{conflict} in conflict, {bad} with problems"
        )
    where = f"{plan.file}" + (f" ({plan.sheet})" if plan.sheet else "")
    line = said.format(where=where, rows=sum(counts.values()), **counts)
    if plan.profiles and counts["added"]:  # the casebook has profiles: how many names are theirs
        line += _("; {matched} of {new} customer names matched a profile").format(
            matched=plan.matched, new=counts["added"]
        )
    return line


def conflicts(plan: Plan) -> list[str]:
    """Each conflict, one line: the row, its case, and why it was left alone."""
    said = _(
        "row {row}: {case} changed in the log and in casectl since; not overwritten "
        "(--keep-casectl keeps casectl's and takes the row as read)"
    )
    kept = _("row {row}: {case} kept as casectl has it; the row's change is taken as read")
    return [(kept if r.kept else said).format(row=r.row, case=r.existing) for r in plan.conflicts]


def problems(plan: Plan) -> list[str]:
    """Every problem, one line each, cell first."""
    return [one_line(p) for r in plan.bad for p in r.problems]


def skipped_csv(plan: Plan) -> str:
    """The rows ``--skip-bad`` left out, with their problems, for Excel (BOM, neutralised)."""
    rows = [[r.row, p] for r in plan.bad for p in r.problems]
    return "\ufeff" + csv_text(("row", "problem"), rows)
