"""``validate`` and ``doctor`` results as text, GitHub annotations or JSON. Pure."""

from __future__ import annotations

from typing import Any

from casectl.render.github import command
from casectl.render.json import dumps


def problems_text(problems: list[Any]) -> str:
    return "".join(f"{p}\n" for p in problems)


def problems_github(problems: list[Any]) -> str:
    """One ``::error`` annotation per problem, on its file and line."""
    lines = []
    for p in problems:
        title = f"casectl validate: {p.field}" if p.field else "casectl validate"
        message = f"{p.field}: {p.message}" if p.field else p.message
        lines.append(command("error", message, file=p.file, line=p.line, title=title))
    return "".join(f"{line}\n" for line in lines)


def validate_summary(files: int, problems: list[Any]) -> str:
    if not problems:
        return f"casectl validate: {files} files checked, all valid"
    count = len(problems)
    bad = len({p.file for p in problems})
    return (
        f"casectl validate: {files} files checked, {count} "
        f"{'problem' if count == 1 else 'problems'} in {bad} {'file' if bad == 1 else 'files'}"
    )


def doctor_text(checks: list[Any]) -> str:
    lines = []
    for check in checks:
        fix = f"  → {check.fix}" if check.fix and not check.ok else ""
        lines.append(f"{'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.detail}{fix}")
    return "".join(f"{line}\n" for line in lines)


def doctor_json(checks: list[Any]) -> str:
    return dumps({"ok": all(c.ok for c in checks), "checks": [c.__dict__ for c in checks]})
