"""How casectl scales: everyday commands timed on casebooks of 1,000 and 10,000 cases.

    python benchmarks/bench_scale.py                          # sizes 1000,10000; 3 runs each
    python benchmarks/bench_scale.py --sizes 1000,10000,100000 --runs 5
    python benchmarks/bench_scale.py --work /tmp/casectl-bench --json > figures.json
    python benchmarks/bench_scale.py --rebuild                # build the casebooks anew
    python benchmarks/bench_scale.py --casectl "python -m casectl"   # time another casectl
    python benchmarks/bench_scale.py --sizes 10000,100000 --team 10000  # the three books

To time a committed casectl while the working tree is mid-change: ``git archive HEAD src | tar -x
-C /tmp/head`` and run with ``PYTHONPATH=/tmp/head/src`` (it goes before the editable install).

Stdlib only; casectl is driven as a subprocess (``casectl`` beside this Python, else on PATH,
else ``python -m casectl``), never imported, so the script survives changes to casectl's modules.

Building. A casebook of N cases is made by copy-and-vary: ``casectl init``, then the case files of
``examples/casebook`` are used as text templates. Each copy gets a fresh ID ``C-YYMMDD-XXXXX``
(the received date in Asia/Shanghai and five Crockford base32 characters, unique in the book),
every timestamp in the file is shifted by one offset per copy (whole days plus a few minutes, so
the order inside the case is kept; received dates spread over the 12 months up to 2026-11-23, and
no event lands after that "now"), the title and the customer's name are varied a little, and the
file is written to ``cases/YYYY/MM/<ID>.yaml`` of its received month. The example casectl.yaml is
copied over the new one, the book is made a git repository with one commit, and the 1,000-case
book is checked with ``casectl validate``. Books are kept under ``--work`` (default
/tmp/casectl-bench) and reused when present; ``--rebuild`` drops them.

Timing. Every run is a new process with ``CASECTL_NOW=2026-11-23T10:00:00+08:00`` and
``CASECTL_USER=bench``, stdout and stdin on /dev/null. A cell is ``median s / peak MiB``: the
median wall time over ``--runs`` runs and the largest peak resident set size of the process
(``ru_maxrss`` from ``os.wait4``). A cell reads ``exit N`` when a run exited with an unexpected
code, ``error`` when the row could not be set up. The rows:

    list                   ``casectl list``, after one untimed run (warm OS and .casectl/ cache)
    overdue                ``casectl overdue``, warm the same way (exit 1, breaches found, is fine)
    floor: index reader    ``floor_reader.py``: stdlib Python checking every file's signature
                           against the same index and printing the open rows (what Python
                           itself costs, the floor under ``list``)
    overdue cold           ``overdue`` with .casectl/ deleted before every run
    overdue fresh clone    ``overdue`` in a fresh ``git clone`` of the book (clone not timed)
    overdue clone+cache    the same, with the source book's warm .casectl/ copied into the clone
    show ID                ``casectl show`` of one open case (warm)
    note ID "x"            ``casectl note`` on an open case, a different one each run (writes)
    respond ID --summary   ``casectl respond`` on a case in stage recorded, a new one each run
    --version              start-up alone
    --help                 start-up and the command table
    validate               ``casectl validate``: every file read and checked
    report --month 2026-11 the month's retrospective
    kb search 报表         a search of the case library
    export sqlite          ``casectl export --format sqlite -o FILE``: every case as tables

A team book (``--team N``) is shaped like a living casebook: N cases over three years, about 3 %
of them open (received within the last 90 days), the rest closed; its Taskwarrior folder holds as
many pending tasks as the book has open cases, and the rest completed. Under the table each book
tells the size of its index beside the size of its YAML.

Python runs from compiled bytecode, as an installed casectl does: the script compiles casectl once
and drops ``PYTHONDONTWRITEBYTECODE`` from the timed runs' environment. Under the table, what
``list``, ``overdue`` and ``show`` import (``python -X importtime``: milliseconds, modules).

The writing rows (note, respond) run on a scratch copy of the book, so the cached book is never
changed. When Taskwarrior's ``task`` is on PATH, a Taskwarrior data folder with the same number of
pending tasks (a third of them overdue) is built with ``task import`` and the rows ``task list``,
``task overdue``, ``task count``, ``task 1 info`` and ``task N annotate x`` (on a scratch copy) are
added, with the ratios casectl/task for list, overdue, show (info) and note (annotate), and the
floor reader's.
Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXAMPLE = REPO / "examples" / "casebook"
NOW_TEXT = "2026-11-23T10:00:00+08:00"
NOW = datetime.fromisoformat(NOW_TEXT)
SHANGHAI = timezone(timedelta(hours=8))
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
SPREAD_DAYS = 365
TEAM_SPREAD_DAYS = 3 * 365  # a team book: cases over three years ...
TEAM_OPEN_SHARE = 0.03  # ... of which about 3 % are still open, as in a living casebook
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00")
BUILD_FORMAT = "bench-scale-1"  # bump when the generated books change
TITLE_SUFFIXES = [
    "",
    "",
    "",
    " (再次反馈)",
    " (second report)",
    ",多个门店",
    " - 分公司",
    " (urgent)",
]
CUSTOMER_SUFFIXES = ["", "", " 华北分公司", " 华南分公司", " (Hong Kong)", " (Singapore)", " 二期"]
PLAIN_SCALAR = re.compile(r"[^\s'\"&*!|>%@`{}\[\],#?:-][^#]*")


# ---------------------------------------------------------------------------------------------
# Running commands


@dataclass
class Sample:
    seconds: float
    maxrss_kib: int
    code: int
    crashed: bool = False  # a Python traceback on stderr: exit 1 is then not "breaches found"


@dataclass
class Cell:
    samples: list[Sample] = field(default_factory=list)
    ok_codes: tuple[int, ...] = (0,)
    error: str | None = None  # the row could not be set up, or a run failed: why

    @property
    def median(self) -> float | None:
        return statistics.median(s.seconds for s in self.samples) if self.samples else None

    @property
    def peak_mib(self) -> float | None:
        return max(s.maxrss_kib for s in self.samples) / 1024 if self.samples else None

    @property
    def bad(self) -> str | None:
        """``exit N`` for the first run that failed, None when all went as expected."""
        for s in self.samples:
            if s.crashed:
                return f"exit {s.code} (traceback)"
            if s.code not in self.ok_codes:
                return f"exit {s.code}"
        return None

    def text(self) -> str:
        if self.bad is not None:
            return self.bad
        if self.error is not None or self.median is None:
            return "error"
        return f"{self.median:.3f} s / {self.peak_mib:.0f} MiB"

    def as_json(self) -> dict[str, Any]:
        return {
            "median_s": self.median,
            "peak_mib": self.peak_mib,
            "failed": self.bad,
            "error": self.error,
            "seconds": [round(s.seconds, 4) for s in self.samples],
            "codes": [s.code for s in self.samples],
        }


def casectl_command() -> list[str]:
    """The installed entry point, next to this Python if it is there."""
    beside = Path(sys.executable).parent / "casectl"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("casectl")
    return [found] if found else [sys.executable, "-m", "casectl"]


CASECTL = casectl_command()  # replaced by --casectl
ONLY: set[str] = set()  # the rows --only names (empty: every row)


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(CASECTL_NOW=NOW_TEXT, CASECTL_USER="bench", NO_COLOR="1")
    env.pop("CASECTL_CASEBOOK", None)
    env.pop("CASECTL_NO_CACHE", None)
    # An installed casectl runs from compiled bytecode (pip compiles it; an editable install
    # writes it on first run): a shell that forbids writing it would time the compiler instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_casectl() -> None:
    """Compile casectl's modules once, as an installation has them, before anything is timed."""
    code = "import casectl, compileall, os; compileall.compile_dir(os.path.dirname(casectl.__file__), quiet=1)"
    python = CASECTL[0] if CASECTL[0].endswith(("python", "python3")) else sys.executable
    subprocess.run([python, "-c", code], env=base_env(), check=False, capture_output=True)


def import_ms(args: list[str], cwd: Path) -> tuple[float, int]:
    """What ``python -X importtime`` says a command imports: total milliseconds, modules."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "casectl", *args],
        env=base_env(),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    selfs = [
        int(line.split("|")[0].split(":")[1])
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and line.split("|")[0].split(":")[1].strip().isdigit()
    ]
    return sum(selfs) / 1000, len(selfs)


# The timed processes are started by a small helper Python, not by this script: on Linux an
# exec'd process's ru_maxrss starts at the peak RSS of the process that forked it (exec records
# the old memory map's high-water mark), so children of this script, which holds every case ID of
# a large book, would all look at least as big as it is. The helper stays at about 10 MiB.
RUNNER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    cmd, env, cwd, errpath = json.loads(line)
    with open(errpath, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    print(json.dumps([took, usage.ru_maxrss, proc.returncode]), flush=True)
"""


class Runner:
    """The helper process; one request (a JSON line) per timed run."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None

    def run(self, command: Sequence[str], env: dict[str, str], cwd: Path | None) -> Sample:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", RUNNER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        with tempfile.NamedTemporaryFile(prefix="bench-stderr-") as err:
            request = [list(command), env, str(cwd) if cwd else None, err.name]
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline()
            if not answer:
                raise RuntimeError("the runner helper died")
            took, maxrss, code = json.loads(answer)
            stderr = Path(err.name).read_bytes().decode("utf-8", "replace")
        crashed = "Traceback (most recent call last)" in stderr
        if code not in (0, 1) or crashed:
            tail = stderr.strip().splitlines()[-2:]
            log(f"    {' '.join(command)} exited {code}: {' | '.join(tail)}")
        return Sample(float(took), int(maxrss), int(code), crashed)

    def close(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            self.proc.stdin.close()
            self.proc.wait()


RUN = Runner()


def run_once(command: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> Sample:
    """One run, stdout to /dev/null: wall time, the process's peak RSS (KiB), exit code."""
    return RUN.run(command, env, cwd)


def capture(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    done = subprocess.run(
        list(command),
        env=env or base_env(),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    return done.returncode, done.stdout, done.stderr


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Building a casebook by copy-and-vary


@dataclass
class Template:
    """A case file split around its timestamps: text, stamp, text, stamp, ..., text."""

    name: str
    case_id: str
    received: datetime
    latest: datetime  # the latest time that is not a due date: must stay <= NOW
    chunks: list[str]
    stamps: list[datetime]


def load_templates(example: Path) -> list[Template]:
    templates = []
    for path in sorted((example / "cases").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        id_match = re.search(r"^id: (\S+)$", text, re.M)
        received_match = re.search(r"^received_at: (\S+)$", text, re.M)
        if not id_match or not received_match:
            log(f"  skipped template {path.name}: no id or received_at")
            continue
        chunks: list[str] = []
        stamps: list[datetime] = []
        at = 0
        latest = datetime.fromisoformat(received_match.group(1))
        for m in STAMP.finditer(text):
            chunks.append(text[at : m.start()])
            stamp = datetime.fromisoformat(m.group())
            stamps.append(stamp)
            if not text[: m.start()].endswith("due: "):
                latest = max(latest, stamp)
            at = m.end()
        chunks.append(text[at:])
        templates.append(
            Template(
                path.name,
                id_match.group(1),
                datetime.fromisoformat(received_match.group(1)),
                latest,
                chunks,
                stamps,
            )
        )
    if not templates:
        raise SystemExit(f"no case templates under {example / 'cases'}")
    return templates


def vary_line(text: str, key: str, suffix: str) -> str:
    """Append ``suffix`` to the plain scalar on the first line ``key: value``."""
    if not suffix:
        return text
    pattern = re.compile(rf"^({re.escape(key)}: )(.+)$", re.M)
    m = pattern.search(text)
    if not m or not PLAIN_SCALAR.fullmatch(m.group(2)):
        return text
    return text[: m.end(2)] + suffix + text[m.end(2) :]


def new_id(received: datetime, rng: random.Random, taken: set[str]) -> str:
    day = received.astimezone(SHANGHAI).strftime("%y%m%d")
    while True:
        case_id = f"C-{day}-{''.join(rng.choice(ALPHABET) for _ in range(5))}"
        if case_id not in taken:
            taken.add(case_id)
            return case_id


def is_closed(t: Template) -> bool:
    return bool(re.search(r"^closed:", "".join(t.chunks), re.M))


def write_cases(
    root: Path, templates: list[Template], count: int, seed: int, shape: str = "stress"
) -> None:
    """``stress``: copies of every template in turn over the last year (most cases open);
    ``team``: a living team's book, three years of cases of which ``TEAM_OPEN_SHARE`` are open
    (received within the last 90 days), the rest closed."""
    rng = random.Random(seed)
    taken: set[str] = set()
    made_dirs: set[Path] = set()
    closed = [t for t in templates if is_closed(t)] or templates
    still_open = [t for t in templates if not is_closed(t)] or templates
    for n in range(count):
        spread = SPREAD_DAYS
        if shape == "team":
            is_open = rng.random() < TEAM_OPEN_SHARE
            t = rng.choice(still_open if is_open else closed)
            spread = 90 if is_open else TEAM_SPREAD_DAYS
        else:
            t = templates[n % len(templates)]
        # The latest day this copy may be received so that nothing in it lands after NOW.
        room = NOW - t.latest
        max_days = room.days
        days = max_days - rng.randrange(max(1, spread - (t.latest - t.received).days))
        offset = timedelta(days=days, minutes=5 * rng.randrange(-18, 19))
        if t.latest + offset > NOW:
            offset -= timedelta(days=1)
        received = t.received + offset
        case_id = new_id(received, rng, taken)
        parts = [t.chunks[0]]
        for stamp, chunk in zip(t.stamps, t.chunks[1:], strict=True):
            parts.append((stamp + offset).isoformat())
            parts.append(chunk)
        text = "".join(parts).replace(t.case_id, case_id)
        text = vary_line(text, "title", rng.choice(TITLE_SUFFIXES))
        text = vary_line(text, "  name", rng.choice(CUSTOMER_SUFFIXES))
        local = received.astimezone(SHANGHAI)
        folder = root / "cases" / f"{local:%Y}" / f"{local:%m}"
        if folder not in made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        (folder / f"{case_id}.yaml").write_text(text, encoding="utf-8")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@dataclass
class Built:
    root: Path
    build_s: float = 0.0
    git_s: float = 0.0
    reused: bool = False
    validate: str = "not run"


def build_book(
    work: Path, count: int, templates: list[Template], seed: int, shape: str = "stress"
) -> Built:
    name = f"book-{count}" if shape == "stress" else f"{shape}-{count}"
    root = work / name
    marker = work / f"{name}.built"
    stamp = f"{BUILD_FORMAT} seed={seed} templates={len(templates)} shape={shape}"
    if marker.exists() and marker.read_text() == stamp and (root / "casectl.yaml").exists():
        log(f"reusing {root}")
        return Built(root, reused=True)
    log(f"building {root} ({count:,} cases)")
    marker.unlink(missing_ok=True)
    if root.exists():
        shutil.rmtree(root)
    started = time.perf_counter()
    code, _out, err = capture([*CASECTL, "init", str(root)])
    if code != 0:
        raise SystemExit(f"casectl init {root} failed ({code}): {err.strip()}")
    shutil.copyfile(EXAMPLE / "casectl.yaml", root / "casectl.yaml")
    write_cases(root, templates, count, seed, shape)
    built = Built(root, build_s=time.perf_counter() - started)
    started = time.perf_counter()
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", f"{count} generated cases", cwd=root)
    built.git_s = time.perf_counter() - started
    marker.write_text(stamp)
    log(f"  wrote {count:,} cases in {built.build_s:.2f} s, git init+commit {built.git_s:.2f} s")
    return built


def check_valid(built: Built) -> None:
    code, out, err = capture([*CASECTL, "-C", str(built.root), "validate"])
    if code == 0:
        built.validate = "ok"
    else:
        lines = (out + err).strip().splitlines()
        built.validate = f"exit {code}: " + " | ".join(lines[:5])
    log(f"  validate {built.root.name}: {built.validate}")


# ---------------------------------------------------------------------------------------------
# The casectl rows


def open_cases(root: Path) -> list[dict[str, Any]]:
    code, out, err = capture([*CASECTL, "-C", str(root), "list", "--format", "json", "--all"])
    if code != 0:
        raise RuntimeError(f"list --format json --all exited {code}: {err.strip()[:200]}")
    cases: list[dict[str, Any]] = json.loads(out)
    return [c for c in cases if c.get("stage") != "closed"]


def timed_runs(
    command: Sequence[str],
    runs: int,
    *,
    ok: tuple[int, ...] = (0,),
    warm: bool = True,
    before: Callable[[], None] | None = None,
    cwd: Path | None = None,
) -> Cell:
    cell = Cell(ok_codes=ok)
    env = base_env()
    if warm:
        run_once(command, env, cwd)
    for _ in range(runs):
        if before is not None:
            before()
        cell.samples.append(run_once(command, env, cwd))
    return cell


def guarded(make: Callable[[], Cell]) -> Cell:
    try:
        return make()
    except Exception as exc:  # a row that cannot be set up reads "error", the rest go on
        log(f"    error: {exc}")
        return Cell(error=str(exc))


def clone_rows(root: Path, runs: int, work: Path) -> tuple[Cell, Cell]:
    plain = Cell(ok_codes=(0, 1))
    cached = Cell(ok_codes=(0, 1))
    env = base_env()
    cache = root / ".casectl"
    run_once([*CASECTL, "-C", str(root), "overdue"], env)  # the source book's cache is warm
    for _ in range(runs):
        for cell, copy_cache in ((plain, False), (cached, True)):
            with tempfile.TemporaryDirectory(dir=work, prefix="clone-") as tmp:
                clone = Path(tmp) / "book"
                subprocess.run(
                    ["git", "clone", "-q", str(root), str(clone)], check=True, capture_output=True
                )
                if copy_cache:
                    if not cache.is_dir():
                        cell.error = "the source book has no .casectl/ after a run"
                        continue
                    shutil.copytree(cache, clone / ".casectl")
                cell.samples.append(run_once([*CASECTL, "-C", str(clone), "overdue"], env))
    return plain, cached


def casectl_rows(built: Built, runs: int, work: Path) -> dict[str, Cell]:
    root = built.root
    c = [*CASECTL, "-C", str(root)]
    cells: dict[str, Cell] = {}

    def row(name: str, make: Callable[[], Cell]) -> None:
        if ONLY and name not in ONLY:
            return
        log(f"  {name}")
        cells[name] = guarded(make)

    def drop_cache() -> None:
        shutil.rmtree(root / ".casectl", ignore_errors=True)

    row("list", lambda: timed_runs([*c, "list"], runs))
    row("overdue", lambda: timed_runs([*c, "overdue"], runs, ok=(0, 1)))
    floor = [sys.executable, str(HERE / "floor_reader.py"), str(root)]
    row("floor: index reader", lambda: timed_runs(floor, runs))
    row("overdue cold", lambda: timed_runs([*c, "overdue"], runs, ok=(0, 1), before=drop_cache))
    if not ONLY or {"overdue fresh clone", "overdue clone+cache"} & ONLY:
        log("  overdue fresh clone, overdue clone+cache")
        try:
            fresh, cached = clone_rows(root, runs, work)
            cells["overdue fresh clone"], cells["overdue clone+cache"] = fresh, cached
        except Exception as exc:
            log(f"    error: {exc}")
            cells["overdue fresh clone"] = cells["overdue clone+cache"] = Cell(error=str(exc))

    try:
        opened = open_cases(root)
    except Exception as exc:
        log(f"  cannot list open cases: {exc}")
        opened = []
    show_id = opened[0]["id"] if opened else "C-NONE"
    row("show ID", lambda: timed_runs([*c, "show", show_id], runs))
    row("--version", lambda: timed_runs([*CASECTL, "--version"], runs))
    row("--help", lambda: timed_runs([*CASECTL, "--help"], runs))
    row("validate", lambda: timed_runs([*c, "validate"], runs))
    row("report --month 2026-11", lambda: timed_runs([*c, "report", "--month", "2026-11"], runs))
    row("kb search 报表", lambda: timed_runs([*c, "kb", "search", "报表"], runs))
    exported = work / f"export-{root.name}.sqlite"
    row(
        "export sqlite",
        lambda: timed_runs([*c, "export", "--format", "sqlite", "-o", str(exported)], runs),
    )
    exported.unlink(missing_ok=True)

    if ONLY and not {'note ID "x"', "respond ID --summary x"} & ONLY:
        return cells
    # The writing rows, on a scratch copy so the cached book stays as built.
    scratch = work / f"scratch-{root.name}"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(".git", ".casectl"))
    s = [*CASECTL, "-C", str(scratch)]
    run_once([*s, "list"], base_env())  # warm the scratch copy's cache
    recorded = [o["id"] for o in opened if o.get("stage") == "recorded"]
    others = [o["id"] for o in opened if o.get("stage") != "recorded"] or recorded[runs:]
    row('note ID "x"', lambda: writes([[*s, "note", i, "x"] for i in others], runs))
    row(
        "respond ID --summary x",
        lambda: writes([[*s, "respond", i, "--summary", "x"] for i in recorded], runs),
    )
    shutil.rmtree(scratch, ignore_errors=True)
    return cells


def import_figures(root: Path) -> dict[str, tuple[float, int]]:
    """What ``list``, ``overdue`` and ``show`` import on this book (the index warm)."""
    opened = open_cases(root)
    show_id = opened[0]["id"] if opened else "C-NONE"
    commands = {"list": ["list"], "overdue": ["overdue"], "show": ["show", show_id]}
    return {name: import_ms(args, root) for name, args in commands.items()}


def writes(commands: list[list[str]], runs: int) -> Cell:
    if len(commands) < runs:
        raise RuntimeError(f"only {len(commands)} suitable open cases for {runs} runs")
    cell = Cell()
    env = base_env()
    for command in commands[:runs]:
        cell.samples.append(run_once(command, env))
    return cell


# ---------------------------------------------------------------------------------------------
# Taskwarrior, side by side


def task_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(TASKRC=str(folder / "taskrc"), TASKDATA=str(folder / "data"))
    return env


TASK = ["task", "rc.confirmation=off", "rc.hooks=off", "rc.color=off"]


def build_tasks(
    work: Path, count: int, seed: int, shape: str = "stress"
) -> tuple[Path, float, bool]:
    """``count`` tasks: all pending for the stress book; for the team book as many pending as it
    has open cases (``TEAM_OPEN_SHARE``) and the rest completed, over the same three years."""
    name = f"task-{count}" if shape == "stress" else f"task-{shape}-{count}"
    folder = work / name
    marker = work / f"{name}.built"
    if marker.exists() and (folder / "data" / "pending.data").exists():
        log(f"reusing {folder}")
        return folder, 0.0, True
    pending = count if shape == "stress" else round(count * TEAM_OPEN_SHARE)
    spread = SPREAD_DAYS if shape == "stress" else TEAM_SPREAD_DAYS
    log(f"building {folder} ({pending:,} pending of {count:,} tasks)")
    marker.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "data").mkdir(parents=True)
    (folder / "taskrc").write_text(
        f"data.location={folder / 'data'}\nconfirmation=off\nhooks=off\nnews.version=2.6.0\n"
    )
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    projects = ["erp.migration", "erp.reports", "wms.interface", "sso", "training", "billing"]
    tasks = []
    for n in range(count):
        entry = now - timedelta(minutes=rng.randrange(spread * 24 * 60))
        task: dict[str, Any] = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "status": "pending",
            "description": f"Complaint {n}: {rng.choice(['报表导出超时', 'SSO login loop', '重复发货'])}",
            "entry": f"{entry:%Y%m%dT%H%M%SZ}",
            "project": rng.choice(projects),
            "tags": rng.sample(["customer", "urgent", "finance", "ops", "报表"], 2),
            "priority": rng.choice(["H", "M", "L"]),
        }
        if n >= pending:  # done: completed an hour to a month after it came in
            ended = entry + timedelta(minutes=rng.randrange(60, 30 * 24 * 60))
            task.update(status="completed", end=f"{min(ended, now):%Y%m%dT%H%M%SZ}")
            tasks.append(task)
            continue
        kind = n % 3
        if kind == 0:  # overdue
            task["due"] = f"{now - timedelta(hours=rng.randrange(1, 24 * 60)):%Y%m%dT%H%M%SZ}"
        elif kind == 1:
            task["due"] = (
                f"{now + timedelta(hours=rng.randrange(24 * 30, 24 * 365)):%Y%m%dT%H%M%SZ}"
            )
        tasks.append(task)
    source = folder / "import.json"
    source.write_text(json.dumps(tasks, ensure_ascii=False))
    started = time.perf_counter()
    done = subprocess.run(
        [*TASK, "import", str(source)],
        env=task_env(folder),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"task import exited {done.returncode}: {done.stderr.strip()[:300]}")
    marker.write_text("ok")
    log(f"  task import of {count:,} tasks took {took:.2f} s")
    return folder, took, False


def task_rows(
    work: Path, count: int, runs: int, seed: int, shape: str = "stress"
) -> tuple[dict[str, Cell], float]:
    folder, took, _reused = build_tasks(work, count, seed, shape)
    env = task_env(folder)
    cells: dict[str, Cell] = {}
    for name, args in (
        ("task list", ["list"]),
        ("task overdue", ["overdue"]),
        ("task count", ["count"]),
        ("task info 1", ["1", "info"]),
    ):
        log(f"  {name}")
        cell = Cell(ok_codes=(0, 1))  # task exits 1 when a report has nothing to show
        run_once([*TASK, *args], env)
        for _ in range(runs):
            cell.samples.append(run_once([*TASK, *args], env))
        cells[name] = cell
    log("  task annotate")  # on a scratch copy: the built folder stays as built
    scratch = work / f"scratch-{folder.name}"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(folder, scratch)
    (scratch / "taskrc").write_text(
        (folder / "taskrc").read_text().replace(str(folder), str(scratch))
    )
    cell = Cell()
    env = task_env(scratch)
    for n in range(runs):
        cell.samples.append(run_once([*TASK, str(n + 2), "annotate", "x"], env))
    cells["task annotate"] = cell
    shutil.rmtree(scratch, ignore_errors=True)
    return cells, took


# ---------------------------------------------------------------------------------------------
# Output


ROWS = [
    "list",
    "overdue",
    "floor: index reader",
    "overdue cold",
    "overdue fresh clone",
    "overdue clone+cache",
    "show ID",
    'note ID "x"',
    "respond ID --summary x",
    "--version",
    "--help",
    "validate",
    "report --month 2026-11",
    "kb search 报表",
    "export sqlite",
]
TASK_ROWS = ["task list", "task overdue", "task count", "task info 1", "task annotate"]
RATIOS = [
    ("list ratio casectl/task", "list", "task list"),
    ("overdue ratio casectl/task", "overdue", "task overdue"),
    ("show ratio casectl/task info", "show ID", "task info 1"),
    ("note ratio casectl/task annotate", 'note ID "x"', "task annotate"),
    ("floor ratio reader/task list", "floor: index reader", "task list"),
]


def width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


def ratio(results: dict[str, dict[str, Cell]], size: str, ours: str, theirs: str) -> str:
    a, b = results[size].get(ours), results[size].get(theirs)
    if a is None or b is None or a.median is None or b.median is None or a.bad or b.bad:
        return "-"
    return f"{a.median / b.median:.1f}x"


def table(sizes: list[str], results: dict[str, dict[str, Cell]], names: list[str]) -> str:
    header = ["", *sizes]
    lines = [
        [name, *(results[n][name].text() if name in results[n] else "-" for n in sizes)]
        for name in names
        if any(name in results[n] for n in sizes)
    ]
    lines += [
        [label, *(ratio(results, n, ours, theirs) for n in sizes)]
        for label, ours, theirs in RATIOS
        if any("task list" in results[n] for n in sizes)
    ]
    rows = [header, *lines]
    widths = [max(width(r[i]) for r in rows) for i in range(len(header))]
    out = []
    for index, r in enumerate(rows):
        out.append("  ".join(pad(text, widths[i]) for i, text in enumerate(r)).rstrip())
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def index_mib(root: Path) -> float:
    """The size of the book's index (after the timed runs built it)."""
    index = root / ".casectl" / "index.sqlite"
    return round(index.stat().st_size / 2**20, 1) if index.exists() else 0.0


def yaml_mib(root: Path) -> float:
    return round(sum(p.stat().st_size for p in (root / "cases").rglob("*.yaml")) / 2**20, 1)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes", type=parse_sizes, default=[1000, 10000], help="e.g. 1000,10000,100000"
    )
    parser.add_argument(
        "--team",
        type=parse_sizes,
        default=[],
        help="team books too (three years, about 3 %% open), e.g. 10000",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per cell (default 3)")
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/casectl-bench"), help="where books are kept"
    )
    parser.add_argument(
        "--casectl",
        help="the casectl command line to time (default: casectl beside this Python, else on PATH,"
        " else python -m casectl)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="build the books anew")
    parser.add_argument("--no-task", action="store_true", help="skip Taskwarrior")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--only", default="", help='only these rows, comma-separated (e.g. "list,overdue")'
    )
    args = parser.parse_args(argv)
    try:
        return bench(args)
    finally:
        RUN.close()


def bench(args: argparse.Namespace) -> int:
    runs: int = max(1, args.runs)
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.rebuild:
        for marker in work.glob("*.built"):
            marker.unlink()

    if args.casectl:
        CASECTL[:] = shlex.split(args.casectl)
    ONLY.update(r.strip() for r in args.only.split(",") if r.strip())
    log(f"casectl: {' '.join(CASECTL)}")
    compile_casectl()
    templates = load_templates(EXAMPLE)
    task_found = shutil.which("task") is not None and not args.no_task
    task_note = "" if task_found else "Taskwarrior: `task` not on PATH, skipped"
    if args.no_task:
        task_note = "Taskwarrior: skipped (--no-task)"
    results: dict[str, dict[str, Cell]] = {}
    imports: dict[str, dict[str, tuple[float, int]]] = {}
    builds: dict[str, Built] = {}
    task_import: dict[str, float | str] = {}
    books = [("stress", n) for n in args.sizes] + [("team", n) for n in args.team]
    for shape, size in books:
        label = f"{size:,} cases" if shape == "stress" else f"team {size:,}"
        built = build_book(work, size, templates, args.seed, shape)
        if size == 1000 or (not built.reused and size <= 10000):
            check_valid(built)
        builds[label] = built
        log(f"timing {label}")
        results[label] = casectl_rows(built, runs, work)
        imports[label] = import_figures(built.root)
        if task_found:
            try:
                cells, took = task_rows(work, size, runs, args.seed, shape)
                results[label].update(cells)
                task_import[label] = took
            except Exception as exc:
                log(f"  taskwarrior: {exc}")
                task_import[label] = f"error: {exc}"

    if args.json:
        print(
            json.dumps(
                {
                    "now": NOW_TEXT,
                    "runs": runs,
                    "casectl": CASECTL,
                    "pythonpath": os.environ.get("PYTHONPATH"),
                    "books": list(results),
                    "build": {
                        n: {
                            "root": str(b.root),
                            "index_mib": index_mib(b.root),
                            "yaml_mib": yaml_mib(b.root),
                            "reused": b.reused,
                            "write_s": round(b.build_s, 3),
                            "git_s": round(b.git_s, 3),
                            "validate": b.validate,
                        }
                        for n, b in builds.items()
                    },
                    "taskwarrior": task_import if task_found else task_note,
                    "imports_ms": {
                        n: {c: {"ms": ms, "modules": k} for c, (ms, k) in f.items()}
                        for n, f in imports.items()
                    },
                    "rows": {
                        n: {name: cell.as_json() for name, cell in cells.items()}
                        for n, cells in results.items()
                    },
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    where = f" (PYTHONPATH={os.environ['PYTHONPATH']})" if os.environ.get("PYTHONPATH") else ""
    print(f"casectl: {' '.join(CASECTL)}{where}")
    print(f"CASECTL_NOW={NOW_TEXT}; cells: median of {runs} runs / peak RSS of the process")
    print()
    print(table(list(results), results, ROWS + TASK_ROWS))
    print()
    for n, figures in imports.items():
        said = ", ".join(f"{c} {ms:.0f} ms ({k} modules)" for c, (ms, k) in figures.items())
        print(f"imports (python -X importtime), {n}: {said}")
    for n, b in builds.items():
        how = "reused" if b.reused else f"wrote in {b.build_s:.2f} s, git commit {b.git_s:.2f} s"
        sizes = f"index {index_mib(b.root):.1f} MiB, YAML {yaml_mib(b.root):.1f} MiB"
        print(f"book {n}: {b.root} ({how}); validate: {b.validate}; {sizes}")
    for n, imported in task_import.items():
        if isinstance(imported, str):
            print(f"taskwarrior {n}: {imported}")
        else:
            print(f"taskwarrior {n}: " + (f"import {imported:.2f} s" if imported else "reused"))
    if task_note:
        print(task_note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
