"""``casectl doctor``: is the casebook in order — settings, case files, git, the merge driver,
the schema files kept in the repository."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from casectl.core.teamwork import schema
from casectl.i18n import listed, msg
from casectl.storage import validate
from casectl.storage.casefile import CONFIG_NAME
from casectl.storage.git import (
    ATTRIBUTES,
    DRIVER_KEY,
    driver_configured,
    driver_current,
    driver_python,
    repo_top,
    unmerged,
    unrouted,
)

SCHEMA_DIR = "schemas"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str | None = None


def doctor(root: Path | None, error: str | None = None) -> list[Check]:
    """Is the casebook in order: settings, files, git, the driver, the schema files."""
    if root is None:
        return [Check("casebook", False, error or msg("no casebook found"), "casectl init")]
    checks = [Check("casebook", True, str(root))]
    report = validate.validate_casebook(root)
    config_bad = [p for p in report.problems if p.file.endswith(CONFIG_NAME)]
    checks.append(
        Check(
            CONFIG_NAME,
            not config_bad,
            config_bad[0].message if config_bad else msg("valid"),
            "casectl validate" if config_bad else None,
        )
    )
    cases_bad = len({p.file for p in report.problems}) - (1 if config_bad else 0)
    checks.append(
        Check(
            "case files",
            cases_bad == 0,
            msg("{files} checked, {bad} with problems", files=report.files - 1, bad=cases_bad),
            "casectl validate" if cases_bad else None,
        )
    )
    for kind in schema.KINDS:
        path = root / SCHEMA_DIR / f"{kind}.schema.json"
        if path.exists():
            fresh = path.read_text(encoding="utf-8") == schema.render(kind)
            kept = f"{SCHEMA_DIR}/{path.name}"
            checks.append(
                Check(
                    f"schema {kind}",
                    fresh,
                    msg("{path} is current", path=kept)
                    if fresh
                    else msg("{path} is out of date", path=kept),
                    None if fresh else f"casectl schema {kind} --output {SCHEMA_DIR}/{path.name}",
                )
            )
    if not any(c.name.startswith("schema") for c in checks):
        checks.append(
            Check("schema", True, msg("no schemas/ files (optional, see docs/teamwork.md)"))
        )
    checks.append(attachments_check(root))
    return checks + git_checks(root)


def git_checks(root: Path) -> list[Check]:
    """git, the merge driver, unfinished merges, .gitattributes."""
    checks: list[Check] = []
    if repo_top(root) is None:
        checks.append(Check("git", False, msg("not in a git repository"), "git init"))
        return checks
    checks.append(Check("git", True, msg("work tree at {top}", top=str(repo_top(root)))))
    checks.append(driver_check(root))
    stuck = unmerged(root)
    checks.append(
        Check(
            "merges",
            not stuck,
            msg("git holds {files} as unmerged", files=listed(stuck))
            if stuck
            else msg("none unfinished"),
            msg("casectl conflicts (or resolve by hand, casectl validate, then git add)")
            if stuck
            else None,
        )
    )
    missing = unrouted(root)
    checks.append(
        Check(
            ".gitattributes",
            not missing,
            ", ".join(f"'{a}'" for a in ATTRIBUTES)
            if not missing
            else msg("{files} not routed to the driver", files=listed(missing)),
            "casectl git setup" if missing else None,
        )
    )
    return checks


def driver_check(root: Path) -> Check:
    """The merge driver registered, its Python there, and in the form that falls back to git's
    line merge when that Python cannot start casectl."""
    configured = driver_configured(root)
    python = driver_python(configured) if configured else None
    runs = python is not None and os.access(python, os.X_OK)
    current = configured is not None and driver_current(configured)
    if configured is None:
        detail = msg("{key} is not set", key=DRIVER_KEY)
    elif python is None:
        detail = msg(
            "{configured} (needs casectl on git's PATH; casectl git setup names its Python)",
            configured=configured,
        )
    elif not runs:
        detail = msg("{configured}: {python} is gone", configured=configured, python=str(python))
    elif not current:
        detail = msg(
            "{configured}: an old registration, without the fallback to a line merge",
            configured=configured,
        )
    else:
        detail = msg(
            "{python} (falls back to git merge-file when it cannot start casectl)",
            python=str(python),
        )
    ok = runs and current
    return Check("merge driver", ok, detail, None if ok else "casectl git setup")


LFS_PATTERN = "attachments/** filter=lfs diff=lfs merge=lfs -text"
LFS_FROM = 1024 * 1024  # a file from this size on is a large binary in git's history


def attachments_check(root: Path) -> Check:
    """How many attachment files the casebook keeps and how large; Git LFS suggested for
    large ones that .gitattributes does not send there (a suggestion, not a failure)."""
    from casectl.core.layout import ATTACHMENTS_DIR
    from casectl.core.sections import size_text
    from casectl.storage.attachments import stored

    files = stored(root)
    if not files:
        return Check("attachments", True, msg("none"))
    sizes = [(root / f).stat().st_size for f in files if (root / f).is_file()]
    detail: str = msg("{count} files, {size}", count=len(files), size=size_text(sum(sizes)))
    try:
        attributes = (root / ".gitattributes").read_text(encoding="utf-8")
    except OSError:
        attributes = ""
    in_lfs = any(
        line.strip().startswith(ATTACHMENTS_DIR) and "filter=lfs" in line
        for line in attributes.splitlines()
    )
    if not in_lfs and any(size >= LFS_FROM for size in sizes):
        detail = msg(
            "{detail}; large binaries belong in Git LFS: git lfs install, then add "
            "'{pattern}' to .gitattributes",
            detail=detail,
            pattern=LFS_PATTERN,
        )
    return Check("attachments", True, detail)
