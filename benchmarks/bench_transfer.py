"""How long ``casectl import`` and ``casectl export`` take for N rows / cases.

    python benchmarks/bench_transfer.py [N]        # default 10000

Writes a complaint log of N rows with openpyxl (Chinese headings; a quarter of the rows only
received, a quarter responded, half resolved with a satisfaction score), then times, each as a
user runs it (a new process, start-up included):

* ``import --dry-run`` (read the sheet, every row through the steps, nothing written),
* ``import`` (the same, and every case file written),
* ``import`` again (every row found imported before),
* ``export`` in each format.

Prints one line per step with the seconds it took.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

HEADINGS = ["投诉时间", "客户名称", "投诉类型", "优先级", "问题描述", "处理人", "响应时间",
            "根本原因", "解决时间", "解决方案", "满意度"]  # fmt: skip


def make_log(path: Path, n: int) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(HEADINGS)
    start = datetime(2026, 1, 5, 9, 0)
    for i in range(n):
        received = start + timedelta(minutes=37 * i)
        row: list[object] = [received, f"客户{i % 400:03d}有限公司", ["技术", "沟通", "流程"][i % 3],
                             ["紧急", "高", "中", "低"][i % 4], f"月末报表导出超时 第 {i} 次\n财务无法提交",
                             "li.wei", None, None, None, None, None]  # fmt: skip
        if i % 4:
            row[6] = received + timedelta(hours=1)
        if i % 2:
            row[7] = "升级后网关超时从 300 s 变为 60 s"
            row[8] = received + timedelta(days=1)
            row[9] = "恢复网关超时"
            row[10] = 1 + i % 5
        sheet.append(row)
    book.save(path)


def timed(args: list[str], cwd: Path, env: dict[str, str], *, tell: bool = False) -> float:
    """Seconds one run of ``args`` took (it must exit 0 or 1); ``tell``: print its last
    line on stderr (the command's summary)."""
    return measured(args, cwd, env, tell=tell)[0]


def measured(
    args: list[str], cwd: Path, env: dict[str, str], *, tell: bool = False
) -> tuple[float, float, float]:
    """``timed``, and the CPU seconds the run and its workers spent: in user code, in the
    kernel (steadier than the wall time on a shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-500:]}")
    if tell:
        print(f"  {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ''}")
    return took, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    casectl = [sys.executable, "-m", "casectl"]
    env = {**os.environ, "CASECTL_NOW": "2027-06-01T10:00:00+08:00", "CASECTL_USER": "bench"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        log = folder / "log.xlsx"
        began = time.perf_counter()
        make_log(log, n)
        print(f"write a {n:,}-row log with openpyxl: {time.perf_counter() - began:.2f} s")
        subprocess.run([*casectl, "init", "book"], cwd=folder, env=env, capture_output=True)
        book = folder / "book"
        steps = [
            ("import --dry-run", ["import", str(log), "--dry-run", "--format", "json"]),
            ("import", ["import", str(log)]),
            ("import again (all found)", ["import", str(log)]),
            ("export --format csv", ["export", "--format", "csv", "-o", "../out.csv"]),
            ("export --format jsonl", ["export", "--format", "jsonl", "-o", "../out.jsonl"]),
            ("export --format sqlite", ["export", "--format", "sqlite", "-o", "../out.db"]),
            ("export --format xlsx", ["export", "--format", "xlsx", "-o", "../out.xlsx"]),
        ]
        for name, args in steps:
            print(f"{name:28} {n:,} rows: {timed([*casectl, *args], book, env):6.2f} s", flush=True)


if __name__ == "__main__":
    main()
