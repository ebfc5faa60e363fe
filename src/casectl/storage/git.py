"""git plumbing for teamwork: register the merge driver, check ``.gitattributes``, the doctor's
checks, and git's own text merge as the driver's fallback. Runs ``git``; imports no typer/rich.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from casectl.errors import CasebookError
from casectl.storage.store import CASES_DIR, CONFIG_NAME

DRIVER_KEY = "merge.casectl.driver"
NAME_KEY = "merge.casectl.name"
DRIVER = "casectl merge-driver %O %A %B %L %P"
DRIVER_NAME = "casectl: merge case files field by field"
ATTRIBUTE = f"{CASES_DIR}/**/*.yaml merge=casectl"
SCHEMA_DIR = "schemas"


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise CasebookError(f"cannot run git: {exc}") from None


def repo_top(root: Path) -> Path | None:
    """The top of the git work tree holding ``root``, or None when it is not in one."""
    done = git("rev-parse", "--show-toplevel", cwd=root)
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def driver_configured(root: Path) -> str | None:
    done = git("config", "--get", DRIVER_KEY, cwd=root)
    return done.stdout.strip() if done.returncode == 0 else None


def attribute_applies(root: Path) -> bool:
    """Whether git would use the casectl driver for a case file in this casebook."""
    sample = f"{CASES_DIR}/2000/01/C-000101-AAAAA.yaml"
    done = git("check-attr", "merge", "--", sample, cwd=root)
    return done.returncode == 0 and done.stdout.strip().endswith(": merge: casectl")


def setup(root: Path, *, scope: str = "local") -> list[str]:
    """Register the driver (in the repository's config, or ``--global``) and make sure
    ``.gitattributes`` routes case files to it. Returns what was done, for the user."""
    if repo_top(root) is None:
        raise CasebookError(f"{root} is not in a git repository; run git init first")
    done: list[str] = []
    for key, value in ((NAME_KEY, DRIVER_NAME), (DRIVER_KEY, DRIVER)):
        result = git("config", f"--{scope}", key, value, cwd=root)
        if result.returncode != 0:
            raise CasebookError(f"git config {key} failed: {result.stderr.strip()}")
    done.append(f"git config --{scope} {DRIVER_KEY} '{DRIVER}'")
    attributes = root / ".gitattributes"
    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if ATTRIBUTE not in (line.strip() for line in text.splitlines()):
        sep = "" if not text or text.endswith("\n") else "\n"
        attributes.write_text(text + sep + ATTRIBUTE + "\n", encoding="utf-8")
        done.append(f"added '{ATTRIBUTE}' to {attributes.name} (commit it)")
    else:
        done.append(f"{attributes.name} already has '{ATTRIBUTE}'")
    if not attribute_applies(root):
        done.append("warning: git does not apply merge=casectl to case files here; "
                    "check .gitattributes files further up or in .git/info/attributes")
    return done


def merge_file(ours: Path, base: Path, theirs: Path, marker_size: int) -> int:
    """git's own line merge of the three files into ``ours``; the number of conflicts."""
    result = subprocess.run(
        ["git", "merge-file", f"--marker-size={marker_size}", "-L", "ours", "-L", "base",
         "-L", "theirs", str(ours), str(base), str(theirs)],
        capture_output=True, text=True, check=False, timeout=60,
    )
    if result.returncode < 0:  # pragma: no cover - git merge-file crashed
        raise CasebookError(f"git merge-file failed: {result.stderr.strip()}")
    return result.returncode


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str | None = None


def doctor(root: Path | None, error: str | None = None) -> list[Check]:
    """Is the casebook in order: settings, files, git, the driver, the schema files."""
    if root is None:
        return [Check("casebook", False, error or "no casebook found", "casectl init")]
    from casectl.core import schema
    from casectl.storage import validate

    checks = [Check("casebook", True, str(root))]
    report = validate.validate_casebook(root)
    config_bad = [p for p in report.problems if p.file.endswith(CONFIG_NAME)]
    checks.append(
        Check(CONFIG_NAME, not config_bad, config_bad[0].message if config_bad else "valid",
              "casectl validate" if config_bad else None)
    )
    cases_bad = len({p.file for p in report.problems}) - (1 if config_bad else 0)
    checks.append(
        Check("case files", cases_bad == 0,
              f"{report.files - 1} checked, {cases_bad} with problems",
              "casectl validate" if cases_bad else None)
    )
    for kind in schema.KINDS:
        path = root / SCHEMA_DIR / f"{kind}.schema.json"
        if path.exists():
            fresh = path.read_text(encoding="utf-8") == schema.render(kind)
            checks.append(
                Check(f"schema {kind}", fresh,
                      f"{SCHEMA_DIR}/{path.name} is " + ("current" if fresh else "out of date"),
                      None if fresh else f"casectl schema {kind} --output {SCHEMA_DIR}/{path.name}")
            )
    if not any(c.name.startswith("schema") for c in checks):
        checks.append(Check("schema", True, "no schemas/ files (optional, see docs/teamwork.md)"))
    if repo_top(root) is None:
        checks.append(Check("git", False, "not in a git repository", "git init"))
        return checks
    checks.append(Check("git", True, f"work tree at {repo_top(root)}"))
    configured = driver_configured(root)
    checks.append(
        Check("merge driver", configured is not None and "casectl merge-driver" in configured,
              configured or f"{DRIVER_KEY} is not set", None if configured else "casectl git setup")
    )
    applies = attribute_applies(root)
    checks.append(
        Check(".gitattributes", applies,
              f"'{ATTRIBUTE}'" if applies else "case files are not routed to the driver",
              None if applies else "casectl git setup")
    )
    found = shutil.which("casectl")
    checks.append(
        Check("casectl on PATH", found is not None, found or "git cannot start the driver",
              None if found else "install casectl where git's PATH finds it")
    )
    return checks
