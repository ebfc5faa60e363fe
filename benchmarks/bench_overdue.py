"""How long ``casectl overdue`` takes: on a casebook you name, or on N generated cases.

    python benchmarks/bench_overdue.py                           # 1,000 generated cases
    python benchmarks/bench_overdue.py --cases 10000 --runs 3
    python benchmarks/bench_overdue.py --casebook examples/casebook

Each run is a fresh process (``python -m casectl overdue --format json``), as CI runs it, with
``CASECTL_NOW`` fixed; the median, min and max wall times are printed, then an in-process split
into reading the cases, computing the clocks and rendering. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

NOW = "2026-11-23T10:00:00+08:00"


def generate(root: Path, count: int, seed: int = 7) -> None:
    """A casebook of ``count`` cases in every stage, received over the 120 days before NOW."""
    from casectl.core import ids
    from casectl.core.model import Case
    from casectl.storage.casefile import render_case
    from casectl.storage.files import atomic_write
    from casectl.storage.store import Casebook

    subprocess.run(
        [sys.executable, "-m", "casectl", "init", str(root)], check=True, capture_output=True
    )
    book = Casebook.open(root)
    rng = random.Random(seed)
    now = datetime.fromisoformat(NOW)
    taken: set[str] = set()
    for n in range(count):
        received = now - timedelta(minutes=rng.randrange(120 * 24 * 60))
        case_id = ids.mint(received, taken.__contains__)
        taken.add(case_id)
        case = Case.model_validate(_case_data(rng, case_id, received, now, n))
        atomic_write(book.path_for(case), render_case(case))


def _case_data(
    rng: random.Random, case_id: str, received: datetime, now: datetime, n: int
) -> dict[str, Any]:
    def later(start: datetime, most_hours: int) -> datetime:
        return min(start + timedelta(minutes=rng.randrange(10, most_hours * 60)), now)

    data: dict[str, Any] = {
        "id": case_id,
        "title": f"第 {n} 号投诉:报表导出超时",
        "customer": {"name": f"客户 {n % 97}"},
        "received_at": received,
        "category": rng.choice(["technical", "communication", "process", "attitude"]),
        "priority": rng.choice(["urgent", "high", "medium", "medium", "low"]),
        "owner": rng.choice(["li.wei", "wang.fang", "zhang.min", "chen.jie"]),
    }
    progress = rng.random()
    if progress < 0.15:
        return data  # recorded, waiting for a first response
    responded = later(received, 30)
    data["response"] = {
        "at": responded,
        "by": data["owner"],
        "promises": [{"id": "p1", "what": "反馈原因", "due": responded + timedelta(hours=48)}],
    }
    data["updates"] = [
        {"id": f"u{i}", "at": later(responded, 24 * (i + 1)), "by": "li.wei", "summary": "进展"}
        for i in range(rng.randrange(3))
    ]
    if rng.random() < 0.2:
        start = later(responded, 20)
        end = None if rng.random() < 0.3 else later(start, 30)
        data["pauses"] = [{"id": "w1", "start": start, "end": end, "reason": "等客户日志"}]
    if progress < 0.35:
        return data
    found = later(responded, 60)
    data["investigation"] = {"root_cause": "网关超时", "root_cause_at": found}
    data["actions"] = [
        {
            "id": "a1",
            "horizon": "short",
            "what": "改超时",
            "added_at": found,
            "due": found + timedelta(hours=8),
            "done_at": later(found, 10),
        },
        {
            "id": "a2",
            "horizon": "mid",
            "what": "加检查",
            "added_at": found,
            "due": found + timedelta(days=20),
        },
    ]
    if progress < 0.55:
        return data
    data["resolution"] = {"at": later(found, 30), "by": data["owner"], "summary": "已恢复"}
    if progress > 0.8:
        done = later(data["resolution"]["at"], 200)
        data["review"] = {"at": done, "by": "lead", "lessons": ["核对配置"]}
        data["relationship"] = {"at": done, "follow_up": {"done_at": done}}
        data["actions"][1]["done_at"] = done
        data["closed"] = {"at": done, "by": "lead"}
    return data


def time_processes(root: Path, runs: int) -> list[float]:
    env = {**os.environ, "CASECTL_NOW": NOW, "CASECTL_CASEBOOK": str(root), "NO_COLOR": "1"}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "casectl", "overdue", "--format", "json", "--fail-on", "never"],
            env=env,
            stdout=subprocess.DEVNULL,
            check=False,
        )
        times.append(time.perf_counter() - started)
    return times


def split(root: Path) -> dict[str, float]:
    """Where the time goes, measured in this process."""
    from casectl.core.views import gate as rules
    from casectl.render import overdue as shown
    from casectl.storage.store import Casebook

    marks = {}
    started = time.perf_counter()
    book = Casebook.open(root)
    loaded = book.cases()
    marks["read"] = time.perf_counter() - started
    started = time.perf_counter()
    gate = rules.overdue(loaded.cases, book.config, datetime.fromisoformat(NOW))
    marks["clocks"] = time.perf_counter() - started
    started = time.perf_counter()
    paths = {case_id: book.relative(p) for case_id, p in book.case_files().items()}
    report = shown.Report(gate, book.config, paths, loaded.problems)
    shown.to_json(report)
    shown.to_junit(report)
    marks["render json+junit"] = time.perf_counter() - started
    marks["cases"] = len(loaded.cases)
    marks["clocks checked"] = len(gate.checked)
    marks["flagged"] = len(gate.items)
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000, help="cases to generate")
    parser.add_argument("--runs", type=int, default=5, help="processes to time")
    parser.add_argument("--casebook", type=Path, help="time this casebook instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.casebook:
            root = args.casebook.resolve()
            label = str(args.casebook)
        else:
            root = Path(tmp) / "book"
            started = time.perf_counter()
            generate(root, args.cases)
            label = f"{args.cases} generated cases"
            print(f"generated {args.cases} cases in {time.perf_counter() - started:.1f}s")
        times = time_processes(root, args.runs)
        print(f"casectl overdue --format json on {label}, {args.runs} runs:")
        print(
            f"  median {statistics.median(times):.3f}s  min {min(times):.3f}s  "
            f"max {max(times):.3f}s"
        )
        parts = split(root)
        print(
            "  in-process: "
            + ", ".join(
                f"{k} {v:.3f}s" if isinstance(v, float) else f"{k} {v}" for k, v in parts.items()
            )
        )


if __name__ == "__main__":
    main()
