"""Faults a casebook must survive: writers killed mid-write, and many writers at once.

    python benchmarks/fault_injection.py                   # 100 kill trials, 8 x 10 writers
    python benchmarks/fault_injection.py --trials 240 --writers 16 --notes 5

1. **kill -9.** ``casectl note`` is started on one case and killed with SIGKILL after a random
   0-400 ms (start-up takes about 0.25 s, so kills land before, during and after the write).
2. **Concurrent writers.** ``--writers`` processes each add ``--notes`` notes, half of them to
   one shared case (one lock, taken in turn) and half to cases of their own (separate locks).

Then ``casectl validate`` checks every file, and the script prints: trials, corrupt files,
leftover temporary files (an interrupted write's ``.C-….yaml.*.tmp``; the next write of that
case removes it), lost updates (notes that exited 0 but are not in the file), and writers that
failed. Not a test: it asserts nothing; CI runs the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-11-23T10:00:00+08:00"


def casectl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASECTL_NOW": NOW, "CASECTL_USER": "fault", "CASECTL_LOCK_TIMEOUT": "60"}
    return subprocess.run(
        [sys.executable, "-m", "casectl", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def record(book: Path, title: str) -> str:
    done = casectl(
        "record",
        "--customer",
        "故障注入",
        "--title",
        title,
        "--category",
        "technical",
        "--priority",
        "high",
        cwd=book,
    )
    if done.returncode != 0:
        raise SystemExit(f"record failed: {done.stderr}")
    return done.stdout.strip()


def kill_trials(book: Path, case_id: str, trials: int, seed: int) -> int:
    """Start and SIGKILL a note ``trials`` times; how many were killed before they finished."""
    rng = random.Random(seed)
    env = {**os.environ, "CASECTL_NOW": NOW, "CASECTL_USER": "fault"}
    killed = 0
    for trial in range(trials):
        proc = subprocess.Popen(
            [sys.executable, "-m", "casectl", "note", case_id, f"kill trial {trial}"],
            cwd=book,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.0, 0.4))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
    return killed


def concurrent(
    book: Path, shared: str, writers: int, notes: int
) -> tuple[int, int, dict[str, list[str]]]:
    """Writers at once; (notes written, writers failed, the notes each case should hold)."""
    own = [record(book, f"writer {w}") for w in range(writers)]
    expected: dict[str, list[str]] = {shared: [], **{c: [] for c in own}}
    procs = []
    for w in range(writers):
        script = []
        for n in range(notes):
            target = shared if n % 2 == 0 else own[w]
            text = f"writer {w} note {n}"
            expected[target].append(text)
            script.append((target, text))
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", _WRITER, json.dumps(script)],
                cwd=book,
                env={
                    **os.environ,
                    "CASECTL_NOW": NOW,
                    "CASECTL_USER": f"w{w}",
                    "CASECTL_LOCK_TIMEOUT": "60",
                },
            )
        )
    failed = sum(p.wait() != 0 for p in procs)
    return writers * notes, failed, expected


_WRITER = """
import json, subprocess, sys
bad = 0
for case_id, text in json.loads(sys.argv[1]):
    done = subprocess.run([sys.executable, "-m", "casectl", "note", case_id, text], capture_output=True)
    bad += done.returncode != 0
sys.exit(1 if bad else 0)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--notes", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="casectl-faults-") as folder:
        book = Path(folder) / "book"
        if casectl("init", str(book), cwd=Path(folder)).returncode != 0:
            raise SystemExit("casectl init failed")
        target = record(book, "kill -9 target")
        started = time.monotonic()
        killed = kill_trials(book, target, args.trials, args.seed)
        leftovers = len(list(book.glob("cases/**/.*.tmp")))
        written, failed, expected = concurrent(book, target, args.writers, args.notes)
        checked = casectl("validate", "--format", "json", cwd=book)
        report = json.loads(checked.stdout)
        corrupt = len({p["file"] for p in report["problems"] if ".tmp" not in p["file"]})
        lost = 0
        for case_id, texts in expected.items():
            shown = casectl("show", case_id, "--format", "json", cwd=book)
            notes = (
                {n["text"] for n in json.loads(shown.stdout)["notes"]}
                if shown.returncode == 0
                else set()
            )
            lost += sum(t not in notes for t in texts)
        print(f"kill -9 trials: {args.trials} ({killed} killed before they finished)")
        print(f"concurrent writers: {args.writers} x {args.notes} notes ({written} in all)")
        print(f"corrupt files: {corrupt}")
        print(f"leftover temporary files after the kills: {leftovers}")
        print(f"lost updates: {lost} of {written}")
        print(f"writers that failed: {failed}")
        print(
            f"casectl validate: {'all valid' if report['ok'] else 'problems'} ({report['files']} files)"
        )
        print(f"took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
