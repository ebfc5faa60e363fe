"""``validate`` and ``doctor`` results as text, GitHub annotations or JSON. Pure."""

from __future__ import annotations

from typing import Any

from casectl.core.loop.checks import WARNING
from casectl.i18n import N_, _, ngettext, text
from casectl.render.github import command
from casectl.render.json import dumps


def problems_text(problems: list[Any]) -> str:
    return "".join(f"{_said(p)}\n" for p in problems)


def _said(problem: Any) -> str:
    """``file:line: field: message`` with the message in the reader's language."""
    whole, message = str(problem), getattr(problem, "message", None)
    if message is None or not whole.endswith(str(message)):
        return whole
    return whole.removesuffix(str(message)) + text(message)


def problems_github(problems: list[Any]) -> str:
    """One ``::error`` annotation per problem, on its file and line."""
    lines = []
    for p in problems:
        title = f"casectl validate: {p.field}" if p.field else "casectl validate"
        message = f"{p.field}: {p.message}" if p.field else p.message
        kind = "warning" if p.message.startswith(WARNING) else "error"  # a valid file's
        lines.append(command(kind, message, file=p.file, line=p.line, title=title))
    return "".join(f"{line}\n" for line in lines)


def validate_summary(files: int, problems: list[Any]) -> str:
    problems = [p for p in problems if not p.message.startswith(WARNING)]  # a valid file's
    if not problems:
        return _("casectl validate: {files} files checked, all valid").format(files=files)
    count = len(problems)
    bad = len({p.file for p in problems})
    said = _("casectl validate: {files} files checked, {problems} {where}")
    return said.format(
        files=files,
        problems=ngettext("{count} problem", "{count} problems", count).format(count=count),
        where=ngettext("in {bad} file", "in {bad} files", bad).format(bad=bad),
    )


# doctor's checks as people read them; JSON keeps the names (``schema case``)
_CHECKS = {
    "casebook": N_("casebook"),
    "case files": N_("case files"),
    "schema": N_("schema"),
    "attachments": N_("attachments"),
    "merge driver": N_("merge driver"),
    "merges": N_("merges"),
}


def check_name(name: str) -> str:
    if name.startswith("schema "):
        return _("schema {kind}").format(kind=name.removeprefix("schema "))
    return _(_CHECKS[name]) if name in _CHECKS else name


def doctor_text(checks: list[Any]) -> str:
    lines = []
    for check in checks:
        fix = f"  → {check.fix}" if check.fix and not check.ok else ""
        state = _("ok  ") if check.ok else _("FAIL")
        said = _("{label}: {value}").format(label=check_name(check.name), value=text(check.detail))
        lines.append(f"{state}  {said}{fix}")
    return "".join(f"{line}\n" for line in lines)


def doctor_json(checks: list[Any]) -> str:
    return dumps({"ok": all(c.ok for c in checks), "checks": [c.__dict__ for c in checks]})


def _value(value: Any) -> str:
    """A conflicting value on one line: JSON for structures, the text for a scalar."""
    if value is None:
        return _("(nothing)")
    if isinstance(value, dict | list):
        return dumps(value).replace("\n", " ").replace("  ", "").strip()
    return str(value).rstrip("\n").replace("\n", "⏎")


def conflicts_text(files: list[Any]) -> str:
    if not files:
        return _("no conflicts: git holds no case file, profile or plan unmerged") + "\n"
    lines = []
    for conflicted in files:
        lines.append(conflicted.path)
        if not conflicted.blocks:
            lines.append("  " + _("unmerged, without conflict blocks: git add it when it is right"))
        for block in conflicted.blocks:
            why = f"  ({block.reason})" if block.reason else ""
            lines.append(f"  {block.field}{why}")
            ours, theirs = _("ours"), _("theirs")
            lines.append(f"    {ours}:   {_value(block.ours)}")
            lines.append(f"    {theirs}: {_value(block.theirs)}")
    return "".join(f"{line}\n" for line in lines)


def conflicts_json(files: list[Any]) -> str:
    return dumps(
        {
            "files": [
                {
                    "path": c.path,
                    "conflicts": [
                        {"field": b.field, "reason": b.reason, "ours": b.ours, "theirs": b.theirs}
                        for b in c.blocks
                    ],
                }
                for c in files
            ]
        }
    )
