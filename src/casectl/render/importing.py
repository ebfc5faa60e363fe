"""``casectl import``'s results: every row as a table, JSON, and the CSV report of skipped rows.
Pure."""

from __future__ import annotations

from typing import Any

from casectl.core.importing import Plan, RowResult
from casectl.core.lifecycle import stage
from casectl.render.json import dumps
from casectl.render.text import Table, csv_text, one_line

HEADERS = ("row", "result", "id", "stage", "title or problem")


def _row(result: RowResult) -> dict[str, Any]:
    case = result.case
    return {
        "row": result.row,
        "result": result.status,
        "id": result.existing or (case.id if case is not None and not result.problems else None),
        "stage": stage(case).value if case is not None and not result.problems else None,
        "title": case.title if case is not None else None,
        "problems": list(result.problems),
    }


def table(plan: Plan) -> Table:
    rows = []
    for result in plan.rows:
        data = _row(result)
        said = "; ".join(data["problems"]) or data["title"] or "already imported"
        rows.append([str(data["row"]), data["result"], data["id"] or "", data["stage"] or "", said])
    return Table(HEADERS, rows, numeric=(0,))


def json(plan: Plan) -> str:
    return dumps(
        {
            "file": plan.file,
            "sheet": plan.sheet,
            "counts": plan.counts(),
            "rows": [_row(r) for r in plan.rows],
        }
    )


FORMATS = {"table": table, "json": json}


def summary(plan: Plan, *, dry_run: bool) -> str:
    counts = plan.counts()
    done = "would import" if dry_run else "imported"
    where = f"{plan.file}" + (f" ({plan.sheet})" if plan.sheet else "")
    return (
        f"{where}: {sum(counts.values())} rows — {counts['new']} {done}, "
        f"{counts['exists']} imported before, {counts['bad']} with problems"
    )


def problems(plan: Plan) -> list[str]:
    """Every problem, one line each, cell first."""
    return [one_line(p) for r in plan.bad for p in r.problems]


def skipped_csv(plan: Plan) -> str:
    """The rows ``--skip-bad`` left out, with their problems, for Excel (BOM, neutralised)."""
    rows = [[r.row, p] for r in plan.bad for p in r.problems]
    return "\ufeff" + csv_text(("row", "problem"), rows)
