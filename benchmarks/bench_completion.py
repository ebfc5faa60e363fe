"""How long a TAB takes: shell completion of case IDs, owners, customers and stages on a
casebook of N cases, and ``casectl --help`` for comparison.

    python benchmarks/bench_completion.py                       # 10,000 generated cases
    python benchmarks/bench_completion.py --casebook /tmp/book  # an existing casebook
    python benchmarks/bench_completion.py --n 1000 --runs 9

Each run is a fresh process of the installed ``casectl`` with the environment each shell's
completion script sets (``_CASECTL_COMPLETE`` and the words typed). The casebook's index is
warmed first by ``casectl list --all``, as any command does. Prints the median, min and max
wall time per question. Not a test: nothing is asserted (tests/test_completion.py checks the
answers).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cli import casectl_command
from make_casebook import NOW, generate

QUESTIONS = [
    ("bash: show <TAB> (every ID)", {"COMP_WORDS": "casectl show ", "COMP_CWORD": "2"}, "bash"),
    ("bash: show C-2611<TAB>", {"COMP_WORDS": "casectl show C-2611", "COMP_CWORD": "2"}, "bash"),
    ("zsh: respond <TAB>", {"_TYPER_COMPLETE_ARGS": "casectl respond "}, "zsh"),
    (
        "fish: list --owner <TAB>",
        {
            "_TYPER_COMPLETE_ARGS": "casectl list --owner ",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        },
        "fish",
    ),
    (
        "powershell: list --customer 华<TAB>",
        {
            "_TYPER_COMPLETE_ARGS": "casectl list --customer 华",
            "_TYPER_COMPLETE_WORD_TO_COMPLETE": "华",
        },
        "powershell",
    ),
    (
        "bash: list --stage <TAB>",
        {"COMP_WORDS": "casectl list --stage ", "COMP_CWORD": "3"},
        "bash",
    ),
    (
        "bash: sh<TAB> (command names, typer)",
        {"COMP_WORDS": "casectl sh", "COMP_CWORD": "1"},
        "bash",
    ),
]


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True)
    took = time.perf_counter() - started
    return took, len(done.stdout.splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="cases to generate (default 10000)")
    parser.add_argument("--runs", type=int, default=7, help="runs per question (default 7)")
    parser.add_argument("--casebook", type=Path, help="use this casebook instead")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="casectl-bench-completion-"))
    root = args.casebook or work / "book"
    if args.casebook is None:
        print(f"generating {args.n} cases in {root} …", file=sys.stderr)
        generate(root, args.n)
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("_CASECTL", "_TYPER", "COMP_"))
    }
    base.update(CASECTL_NOW=NOW.isoformat(), CASECTL_USER="bench", NO_COLOR="1")
    command = casectl_command()
    subprocess.run(
        [*command, "list", "--all", "--format", "json"],
        env=base,
        cwd=root,
        capture_output=True,
        check=True,
    )
    rows = []
    for name, extra, shell in QUESTIONS:
        env = {**base, **extra, "_CASECTL_COMPLETE": f"complete_{shell}"}
        samples = [timed(command, env, root) for _ in range(args.runs)]
        times = [t for t, _ in samples]
        rows.append((name, statistics.median(times), min(times), max(times), samples[0][1]))
    helps = [timed([*command, "--help"], base, root)[0] for _ in range(args.runs)]
    rows.append(("casectl --help", statistics.median(helps), min(helps), max(helps), 0))
    count = len(list(root.glob("cases/*/*/*.yaml")))
    print(
        f"{count} cases, {args.runs} runs each, python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print(f"{'question':<42} {'median':>8} {'min':>7} {'max':>7} {'lines':>6}")
    for name, med, low, high, lines in rows:
        print(f"{name:<42} {med:>7.3f}s {low:>6.3f}s {high:>6.3f}s {lines:>6}")


if __name__ == "__main__":
    main()
