"""How long casectl's everyday commands take on a casebook of N cases.

    python benchmarks/bench_cli.py                 # 1,000 generated cases, 5 runs each
    python benchmarks/bench_cli.py --n 10000 --runs 3
    python benchmarks/bench_cli.py --casebook examples/casebook

Each run is a fresh process of the installed ``casectl`` (as a user or CI runs it) with
``CASECTL_NOW`` and ``CASECTL_USER`` fixed and stdout piped; the script prints the median, min
and max wall time per command. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_casebook import NOW, generate

Args = Callable[[int], list[str]]


def casectl_command() -> list[str]:
    """The installed entry point, next to this Python if it is there."""
    beside = Path(sys.executable).parent / "casectl"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("casectl")
    return [found] if found else [sys.executable, "-m", "casectl"]


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()}")
    return took


def open_case(root: Path, ids: list[str]) -> str:
    """An open case from the middle of ``ids`` (``note`` refuses closed cases)."""
    from casectl.core.lifecycle import is_open
    from casectl.storage.store import Casebook

    book = Casebook.open(root)
    middle = len(ids) // 2
    for case_id in ids[middle:] + ids[:middle]:
        if is_open(book.load(case_id)):
            return case_id
    raise SystemExit("no open case to time show and note on")


def bench(root: Path, case_id: str, runs: int) -> list[tuple[str, list[float]]]:
    base = casectl_command()
    env = {
        **os.environ,
        "CASECTL_NOW": NOW.isoformat(),
        "CASECTL_USER": "bench",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    env.pop("CASECTL_CASEBOOK", None)
    book = ["-C", str(root)]
    commands: list[tuple[str, Args]] = [
        ("casectl --help", lambda _i: ["--help"]),
        ("casectl list", lambda _i: [*book, "list"]),
        (
            "casectl list --all --format json",
            lambda _i: [*book, "list", "--all", "--format", "json"],
        ),
        ("casectl show ID", lambda _i: [*book, "show", case_id]),
        ("casectl show ID --format json", lambda _i: [*book, "show", case_id, "--format", "json"]),
        (
            "casectl record …",
            lambda i: [
                *book,
                "record",
                "--customer",
                "华东精密制造有限公司",
                "--title",
                f"月末报表导出超时 #{i}",
                "--category",
                "technical",
                "--priority",
                "high",
            ],
        ),
        ("casectl note ID TEXT", lambda i: [*book, "note", case_id, f"基准测试备注 {i}"]),
    ]
    results = []
    for label, args in commands:
        timed([*base, *args(-1)], env)  # warm the page cache and Python's bytecode cache
        results.append((label, [timed([*base, *args(i)], env) for i in range(runs)]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="cases to generate (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per command (default 5)")
    parser.add_argument("--casebook", type=Path, help="time an existing casebook instead")
    parser.add_argument("--keep", action="store_true", help="keep the generated casebook")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="casectl-bench-"))
    try:
        if args.casebook:
            root = folder / "book"
            shutil.copytree(args.casebook, root, ignore=shutil.ignore_patterns(".casectl"))
            made = sorted(path.stem for path in root.glob("cases/*/*/*.yaml"))
        else:
            root = folder / "book"
            started = time.perf_counter()
            made = generate(root, args.n)
            print(f"generated {len(made)} cases in {time.perf_counter() - started:.1f} s: {root}")
        size, case_id = len(made), open_case(root, made)
        print(
            f"casebook: {size} cases; {args.runs} runs per command; {' '.join(casectl_command())}"
        )
        print(f"{'command':<36} {'median':>8} {'min':>8} {'max':>8}")
        for label, times in bench(root, case_id, args.runs):
            print(
                f"{label:<36} {statistics.median(times):>7.3f}s {min(times):>7.3f}s "
                f"{max(times):>7.3f}s"
            )
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
