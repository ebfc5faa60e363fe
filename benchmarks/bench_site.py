"""How long ``casectl site build`` takes on the 10,000-case team book.

    python benchmarks/bench_site.py                 # the team book of bench_scale.py, 3 runs
    python benchmarks/bench_site.py --runs 5 --work /tmp/casectl-bench

Uses (or builds) the team book ``bench_scale.py --team 10000`` makes: 10,000 cases over three
years, about 3 % open. Times, each as a user runs it (a new process, start-up included, with
``CASECTL_NOW`` fixed and from compiled bytecode):

* ``first build``: ``site build -o DIR`` into a new folder (every page rendered and written);
* ``rebuild, unchanged``: the same folder again (no page written);
* ``rebuild after a note``: ``casectl note`` on one open case of a copy of the book, then the
  same folder again (its pages, the dashboard's and its customer's written);
* ``public build``: ``site build --public`` into a new folder (the redacted case library).

A line is the median wall time over ``--runs`` runs, the largest peak memory of the process
(its workers are smaller), the median CPU seconds of the command and its workers (user, system:
steadier than the wall time on a shared machine) and the pages the last run wrote. The folders
built are kept until every run is done. They are made under ``TMPDIR``: on ext4 without a
journal, the kernel skips inodes freed within the dirty-time expiry (12 hours by default) one by
one when it makes a file, so a folder where many files were removed lately makes files several
times slower. ``TMPDIR=/a-new-top-level-folder`` times a first build as a fresh machine makes it.
Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_scale  # this folder: run as python benchmarks/bench_site.py


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, float, float, str]:
    """One run: wall seconds, user and system CPU seconds (with its workers), peak MiB, and
    the summary line it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - began
    err = proc.stderr.read() if proc.stderr else ""
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(args)} failed: {err[-500:]}")
    user = after.ru_utime - before.ru_utime
    system = after.ru_stime - before.ru_stime
    said = err.strip().splitlines()[-1] if err.strip() else ""
    return took, user, system, usage.ru_maxrss / 1024, said


def line(label: str, samples: list[tuple[float, float, float, float, str]]) -> str:
    wall = statistics.median(s[0] for s in samples)
    user = statistics.median(s[1] for s in samples)
    system = statistics.median(s[2] for s in samples)
    peak = max(s[3] for s in samples)
    written = samples[-1][4].split(": ", 1)[-1]
    return (
        f"{label:<24} {wall:6.2f} s / {peak:4.0f} MiB   CPU {user:5.2f} + {system:5.2f} s"
        f"   ({written})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per line (default 3)")
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/casectl-bench"), help="where books are kept"
    )
    parser.add_argument("--size", type=int, default=10000, help="cases in the team book")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    bench_scale.compile_casectl()
    templates = bench_scale.load_templates(bench_scale.EXAMPLE)
    book = bench_scale.build_book(work, args.size, templates, 1, "team").root
    casectl = bench_scale.CASECTL
    env = bench_scale.base_env()
    with tempfile.TemporaryDirectory(prefix="casectl-site-bench-") as tmp:
        out = Path(tmp)
        firsts = [run([*casectl, "-C", str(book), "site", "build", "-o", str(out / f"first-{i}")], env)
                  for i in range(runs)]  # fmt: skip
        print(line("first build", firsts))
        site = str(out / "first-0")
        again = [run([*casectl, "-C", str(book), "site", "build", "-o", site], env)
                 for _ in range(runs)]  # fmt: skip
        print(line("rebuild, unchanged", again))
        copy = out / "book"
        shutil.copytree(book, copy, ignore=shutil.ignore_patterns(".git"))
        open_ids = [r["id"] for r in bench_scale.open_cases(copy)]
        noted = []
        for i in range(runs):
            note = [*casectl, "-C", str(copy), "note", open_ids[i % len(open_ids)], f"bench {i}"]
            subprocess.run(note, env=env, check=True, capture_output=True)
            noted.append(run([*casectl, "-C", str(copy), "site", "build", "-o", site], env))
        print(line("rebuild after a note", noted))
        public = [
            run([*casectl, "-C", str(book), "site", "build", "--public", "-o", str(out / f"p{i}")], env)
            for i in range(runs)
        ]  # fmt: skip
        print(line("public build", public))
    return 0


if __name__ == "__main__":
    sys.exit(main())
