"""Text that ships with casectl or lives in the casebook's ``templates/``: the files
``casectl init`` writes, and the letter templates."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from casectl.core.loop.checks import CASES_DIR
from casectl.errors import CasebookError, UsageError
from casectl.i18n import msg
from casectl.storage import reading
from casectl.storage.casefile import CONFIG_NAME
from casectl.storage.files import atomic_write

CONFIG = """\
# casectl casebook settings. Docs: docs/case-format.md and docs/sla.md.
schema_version: 1
timezone: Asia/Shanghai          # IANA name; times are stored with their UTC offset
# language: zh_CN                # the team's interface language (en, zh_CN); CASECTL_LANG wins

# Business hours. Leave the calendar out (and use sla.clock: calendar) for a 24x7 clock.
calendar:
  workdays: [mon, tue, wed, thu, fri]
  hours: ["09:00-12:00", "13:30-18:00"]
  holidays: []                   # e.g. [2026-10-01, 2026-10-02]
  extra_workdays: []             # make-up working days on weekends (调休)

sla:
  clock: business                # business (needs the calendar) or calendar (24x7)
  # Targets per priority. On the business clock h and m count working time, d working days.
  # A target may name its own clock: "24h calendar" is 24 hours as they pass, nights and
  # weekends included (long form: {within: 24h, clock: calendar}).
  # First response: within 24 hours of the complaint, whatever the day (the complaint policy).
  urgent: {first_response: 24h calendar, investigation: 8h, resolution: 1d, update_every: 4h}
  high:   {first_response: 24h calendar, investigation: 1d, resolution: 3d, update_every: 8h}
  medium: {first_response: 24h calendar, investigation: 2d, resolution: 5d, update_every: 1d}
  low:    {first_response: 24h calendar, investigation: 5d, resolution: 10d}

follow_up_after: 30d             # calendar days after resolution
follow_up_tolerance: 7d          # a visit counts from this long before its due
review_within: 7d                # calendar days after resolution
warn_before: 25%                 # of the target, or a duration such as 2h

# How often each tier of customer (a profile's tier: casectl customer add --tier) should hear
# from the team; on the SLA clock above (d: working days on the business clock). docs/customers.md
rhythm:
  key: 14d
  standard: 30d

# people:                        # optional: the team, for reports
#   - {id: li.wei, name: 李伟, email: li.wei@example.com}
"""

GITIGNORE = """\
# casectl's local cache and lock: never committed
.casectl/
# what an interrupted write leaves (casectl removes it on its next write there)
.*.yaml.*.tmp
"""

GITATTRIBUTES = """\
# Merge case files, customer profiles and plans field by field (casectl git setup registers
# the driver)
cases/**/*.yaml merge=casectl
customers/*.yaml merge=casectl
plans/*.yaml merge=casectl
# Files kept as evidence (casectl attach, intake): screenshots and logs. With Git LFS
# installed (git lfs install), keep them out of the history's weight by uncommenting:
# attachments/** filter=lfs diff=lfs merge=lfs -text
"""

FILES = {".gitignore": GITIGNORE, ".gitattributes": GITATTRIBUTES}


def bundled_letter(kind: str, lang: str) -> str:
    """A bundled letter template's text (package data under ``casectl/letter_templates``)."""
    ref = resources.files("casectl").joinpath("letter_templates", f"{kind}.{lang}.txt")
    return ref.read_text(encoding="utf-8")


def letter_template(kind: str, lang: str, root: Path | None) -> tuple[str, str]:
    """The template text and where it came from: the casebook's ``templates/`` first."""
    name = f"{kind}.{lang}.txt"
    if root is not None:
        override = root / "templates" / name
        try:
            return reading.read_text(override, reading.TEMPLATE), f"templates/{name}"
        except FileNotFoundError:
            pass
        except reading.Unreadable as exc:
            raise UsageError(
                msg("templates/{name}: {problem}", name=name, problem=exc.problem)
            ) from None
        except OSError as exc:
            raise UsageError(
                msg("templates/{name}: cannot read: {exc}", name=name, exc=exc.strerror)
            ) from None
    return bundled_letter(kind, lang), f"bundled {name}"


def _write(path: Path, text: str) -> None:
    """``atomic_write``, its failure one line (exit 3): a ``.gitignore`` that is a link is
    refused, not replaced."""
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise CasebookError(
            msg(
                "{rel}: cannot write ({strerror}); it is unchanged", rel=path, strerror=exc.strerror
            )
        ) from None


def init_casebook(root: Path, config_text: str, extra_files: dict[str, str]) -> list[Path]:
    """Create a casebook at ``root`` (``casectl init``): casectl.yaml, ``cases/`` and
    ``extra_files``, adding missing lines to those already there; refuse when a casebook is
    there already."""
    if (root / CONFIG_NAME).exists():
        raise UsageError(
            msg(
                "{value} exists already: refusing to overwrite a casebook", value=root / CONFIG_NAME
            )
        )
    root.mkdir(parents=True, exist_ok=True)
    written = [root / CONFIG_NAME]
    _write(root / CONFIG_NAME, config_text)
    (root / CASES_DIR).mkdir(exist_ok=True)
    keep = root / CASES_DIR / ".gitkeep"
    if not keep.exists():
        _write(keep, "")
    for name, content in extra_files.items():
        target = root / name
        if target.exists():
            existing = target.read_text(encoding="utf-8")
            missing = [ln for ln in content.splitlines() if ln and ln not in existing.splitlines()]
            if missing:
                sep = "" if existing.endswith("\n") or not existing else "\n"
                _write(target, existing + sep + "\n".join(missing) + "\n")
        else:
            _write(target, content)
        written.append(target)
    return written
