"""How long adopting a team's history takes: ``casectl import`` of a 10,000-row complaint log.

    python benchmarks/import_10k.py [N]        # default 10000; the goal is under 10 s

Writes a log as a team keeps one (openpyxl, sheet 台账): a key column, Chinese headings, a
status column with mixed words (已关闭, 关闭, 已解决, 处理中, 待处理, closed), a third of the
rows without a response time, closed rows with and without a closing date, one customer in two
spellings. Then times, each as a user runs it (a new process, start-up included):

* ``import --preview`` (the mapping, values that will not read, names spelled two ways),
* ``import`` (every row through the steps, every case file written),
* ``import`` again (every row unchanged),
* ``import`` after 1 % of the rows changed (those cases updated, the rest unchanged),
* with Taskwarrior installed, the peer: ``task import`` of as many tasks made of the same rows.

Prints one line per step with the seconds it took, and the CPU time the command and its
workers spent (user, system: steadier than the wall time on a shared machine). Not a test:
nothing is asserted. ``TMPDIR`` says where the casebook is made (``bench_site.py`` says why a
new top-level folder gives the figures of a fresh machine).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
from bench_transfer import measured  # this folder: run as python benchmarks/import_10k.py

HEADINGS = ["投诉编号", "投诉时间", "客户名称", "投诉类型", "优先级", "问题描述", "处理人", "状态",
            "响应时间", "根本原因", "解决时间", "关闭时间"]  # fmt: skip
STATUSES = ["已关闭", "关闭", "已解决", "处理中", "待处理", "closed"]
NOW = "2026-12-31T18:00:00+08:00"


def make_log(path: Path, n: int, changed: int = 0) -> None:
    """The log of ``n`` rows; the first ``changed`` rows of every hundred say 已关闭 now."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(HEADINGS)
    start = datetime(2026, 1, 5, 9, 0)
    for i in range(n):
        received = start + timedelta(minutes=47 * i)
        status = STATUSES[i % len(STATUSES)]
        customer = "华东精密" if i % 97 == 0 else f"客户{i % 400:03d}有限公司"
        row: list[object] = [f"T-{i:05d}", received, customer, ["技术", "沟通", "流程"][i % 3],
                             ["紧急", "高", "中", "低"][i % 4], f"月末报表导出超时 第 {i} 次",
                             "li.wei", status, None, None, None, None]  # fmt: skip
        if i % 3:
            row[8] = received + timedelta(hours=1)
        if status in ("已关闭", "关闭", "已解决", "closed"):
            row[9] = "升级后网关超时从 300 s 变为 60 s"
            row[10] = received + timedelta(days=1)
            if status != "关闭":
                row[11] = received + timedelta(days=3)
        if changed and i % 100 < changed and status in ("处理中", "待处理"):
            row[7], row[10] = "已解决", received + timedelta(days=2)
            row[9] = "配置错误"
        sheet.append(row)
    book.save(path)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    casectl = str(Path(sys.executable).parent / "casectl")
    env = {**os.environ, "CASECTL_NOW": NOW, "CASECTL_USER": "li.wei", "NO_COLOR": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        root, log = Path(tmp) / "book", Path(tmp) / "投诉台账.xlsx"
        subprocess.run([casectl, "init", str(root)], env=env, capture_output=True, check=True)
        make_log(log, n)
        steps = [
            ("import --preview", ["import", str(log), "--preview"]),
            ("import", ["import", str(log)]),
            ("import again (all unchanged)", ["import", str(log)]),
        ]
        for label, args in steps:
            print(line(label, n, measured([casectl, *args], root, env, tell=True)))
        make_log(log, n, changed=3)
        taken = measured([casectl, "import", str(log)], root, env, tell=True)
        print(line("import after rows changed", n, taken))
        if shutil.which("task"):
            print(line("Taskwarrior: task import (JSON)", n, task_import(Path(tmp), n)))


def task_import(tmp: Path, n: int) -> tuple[float, float, float]:
    """The peer's figure: Taskwarrior importing ``n`` tasks of the same rows (description,
    entry, status, project, tags) from its own JSON, into a new data folder."""
    folder = tmp / "task"
    (folder / "data").mkdir(parents=True)
    (folder / "taskrc").write_text(f"data.location={folder / 'data'}\nconfirmation=off\n")
    start = datetime(2026, 1, 5, 9, 0)
    tasks = [
        {
            "uuid": str(uuid.UUID(int=i + 1, version=4)),
            "description": f"月末报表导出超时 第 {i} 次",
            "entry": f"{start + timedelta(minutes=47 * i):%Y%m%dT%H%M%SZ}",
            "status": "completed" if STATUSES[i % len(STATUSES)] != "处理中" else "pending",
            "end": f"{start + timedelta(minutes=47 * i, days=3):%Y%m%dT%H%M%SZ}",
            "project": f"客户{i % 400:03d}",
            "tags": ["技术", "li.wei"],
        }
        for i in range(n)
    ]
    for task in tasks:
        if task["status"] == "pending":
            del task["end"]
    source = folder / "tasks.json"
    source.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "TASKRC": str(folder / "taskrc"), "TASKDATA": str(folder / "data")}
    command = ["task", "rc.confirmation=off", "rc.hooks=off", "import", str(source)]
    return measured(command, folder, env)


def line(label: str, n: int, taken: tuple[float, float, float]) -> str:
    wall, user, system = taken
    return (
        f"{label:<34} {n:>6} rows  {wall:6.2f} s   CPU {user:5.2f} s user + {system:5.2f} s system"
    )


if __name__ == "__main__":
    main()
