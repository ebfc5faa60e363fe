"""git plumbing: register the merge driver, check ``.gitattributes``, git's own text merge as
the driver's fallback, and who the user is. The only module that runs ``git``.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path, PureWindowsPath

from casectl.core.layout import CASES_DIR, PLANS_DIR, PROFILES_DIR
from casectl.errors import CasebookError
from casectl.i18n import msg
from casectl.storage.files import atomic_write

DRIVER_KEY = "merge.casectl.driver"
NAME_KEY = "merge.casectl.name"


# The script git's ``sh`` runs: casectl when its Python can import it, else git's own line merge
# (conflict markers, both sides kept), so a moved or recreated environment never loses a side.
# ``$0`` is the Python; ``$1``…``$5`` are %O %A %B %L %P. No ``%`` and no single quote in it.
FALLBACK_SCRIPT = (
    'if "$0" -c "import casectl" 2>/dev/null; then exec "$0" -m casectl merge-driver "$@"; fi; '
    'echo "casectl merge: cannot start casectl with $0 (run casectl git setup); '
    'git merge-file keeps both sides in $5" >&2; '
    'git merge-file --marker-size="$4" -L ours -L base -L theirs "$2" "$1" "$3"'
)
DRIVER_ARGUMENTS = "%O %A %B %L %P"


def driver_command(python: str = sys.executable) -> str:
    """The driver as git runs it: this Python by its absolute path, so the driver runs where
    ``casectl`` is not on git's PATH (a GUI client, a shell without the virtual environment),
    inside a ``sh -c`` line that falls back to ``git merge-file`` when that Python cannot start
    casectl. git runs it through ``sh`` on every platform (Git for Windows brings its own), so
    a Windows path is written with forward slashes, which both ``sh`` and Windows read as the
    same file."""
    if PureWindowsPath(python).drive:
        python = PureWindowsPath(python).as_posix()
    script = shlex.quote(FALLBACK_SCRIPT)
    return f"sh -c {script} {shlex.quote(python)} {DRIVER_ARGUMENTS}"


def _words(configured: str) -> list[str]:
    try:
        return shlex.split(configured)
    except ValueError:
        return []


def driver_python(configured: str) -> str | None:
    """The Python a configured driver runs, when it names one (``casectl …`` names none)."""
    words = _words(configured)
    if words[:3] == ["sh", "-c", FALLBACK_SCRIPT] and len(words) > 3:
        return words[3]
    return words[0] if words[1:3] == ["-m", "casectl"] else None


def driver_current(configured: str) -> bool:
    """Whether a configured driver is this casectl's form, with the fallback to a line merge
    (an older registration loses THEIRS when git cannot start it)."""
    return _words(configured)[:3] == ["sh", "-c", FALLBACK_SCRIPT]


def unmerged(root: Path) -> list[str]:
    """Case files, customer profiles and plans git holds as unmerged (a merge not finished),
    relative to ``root``."""
    done = git("ls-files", "-u", "-z", "--", CASES_DIR, PROFILES_DIR, PLANS_DIR, cwd=root)
    if done.returncode != 0:
        return []
    return sorted({entry.split("\t", 1)[1] for entry in done.stdout.split("\0") if "\t" in entry})


DRIVER_NAME = "casectl: merge case files field by field"
ATTRIBUTE = f"{CASES_DIR}/**/*.yaml merge=casectl"
PROFILE_ATTRIBUTE = f"{PROFILES_DIR}/*.yaml merge=casectl"
PLAN_ATTRIBUTE = f"{PLANS_DIR}/*.yaml merge=casectl"
ATTRIBUTES = (ATTRIBUTE, PROFILE_ATTRIBUTE, PLAN_ATTRIBUTE)


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise CasebookError(msg("cannot run git: {exc}", exc=exc)) from None


def repo_top(root: Path) -> Path | None:
    """The top of the git work tree holding ``root``, or None when it is not in one."""
    done = git("rev-parse", "--show-toplevel", cwd=root)
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def driver_configured(root: Path) -> str | None:
    done = git("config", "--get", DRIVER_KEY, cwd=root)
    return done.stdout.strip() if done.returncode == 0 else None


SAMPLES = (
    f"{CASES_DIR}/2000/01/C-000101-AAAAA.yaml",
    f"{PROFILES_DIR}/sample.yaml",
    f"{PLANS_DIR}/2000-01.yaml",
)


def attribute_applies(root: Path) -> bool:
    """Whether git would use the casectl driver for case files, customer profiles and plans in
    this casebook."""
    return not unrouted(root)


def unrouted(root: Path) -> list[str]:
    """Which of cases/, customers/ and plans/ git would not send to the casectl driver."""
    done = git("check-attr", "merge", "--", *SAMPLES, cwd=root)
    routed = {
        line.split(": merge: ")[0]
        for line in done.stdout.splitlines()
        if done.returncode == 0 and line.endswith(": merge: casectl")
    }
    return [sample.split("/")[0] + "/" for sample in SAMPLES if sample not in routed]


def setup(root: Path, *, scope: str = "local") -> list[str]:
    """Register the driver (in the repository's config, or ``--global``) and make sure
    ``.gitattributes`` routes case files to it. Returns what was done, for the user."""
    if repo_top(root) is None:
        raise CasebookError(msg("{root} is not in a git repository; run git init first", root=root))
    done: list[str] = []
    command = driver_command()
    for key, value in ((NAME_KEY, DRIVER_NAME), (DRIVER_KEY, command)):
        result = git("config", f"--{scope}", key, value, cwd=root)
        if result.returncode != 0:
            raise CasebookError(
                msg("git config {key} failed: {stderr}", key=key, stderr=result.stderr.strip())
            )
    done.append(f"git config --{scope} {DRIVER_KEY} {shlex.quote(command)}")
    attributes = root / ".gitattributes"
    for line in ATTRIBUTES:
        text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
        if line not in (have.strip() for have in text.splitlines()):
            sep = "" if not text or text.endswith("\n") else "\n"
            try:
                atomic_write(attributes, text + sep + line + "\n")
            except OSError as exc:
                raise CasebookError(
                    msg(
                        "{rel}: cannot write ({strerror}); it is unchanged",
                        rel=attributes.name,
                        strerror=exc.strerror,
                    )
                ) from None
            done.append(
                msg("added '{line}' to {file} (commit it)", line=line, file=attributes.name)
            )
        else:
            done.append(msg("{file} already has '{line}'", file=attributes.name, line=line))
    if not attribute_applies(root):
        done.append(
            msg(
                "warning: git does not apply merge=casectl to case files here; "
                "check .gitattributes files further up or in .git/info/attributes"
            )
        )
    return done


def merge_file(ours: Path, base: Path, theirs: Path, marker_size: int) -> int:
    """git's own line merge of the three files into ``ours``; the number of conflicts."""
    result = subprocess.run(
        [
            "git",
            "merge-file",
            f"--marker-size={marker_size}",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
            str(ours),
            str(base),
            str(theirs),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if result.returncode < 0:  # pragma: no cover - git merge-file crashed
        raise CasebookError(msg("git merge-file failed: {stderr}", stderr=result.stderr.strip()))
    return result.returncode


def user_name(cwd: Path | None = None) -> str | None:
    """git's ``user.name``, or None when git has none (or is not installed)."""
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None
