"""How long ``casectl validate`` takes on a casebook of N realistic cases.

    python benchmarks/bench_validate.py [N]        # default 1000

Builds a casebook in a temporary folder (one full case written by the step functions, copied N
times under fresh IDs), then times the whole command as a user runs it (a new process, start-up
included), and the in-process core alone. Prints the medians of a few runs.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from casectl.core import ids
from casectl.storage import templates as templates_init
from casectl.storage.validate import validate_casebook

CASE = """\
schema_version: 1
id: {id}
title: 月末报表导出超时,财务无法按时提交
customer:
  name: 华东精密制造有限公司
  contact: 张敏 (财务经理) <zhang.min@example.com>
received_at: {day}T09:15:00+08:00
channel: phone
category: technical
priority: high
owner: li.wei
impact: 财务部 12 名用户;月结流程停滞
remedy_sought: 今天内恢复导出
description: |
  客户反馈自 11 月 20 日升级后,导出超过 5 万行的报表会超时失败。
  财务月结因此停滞,客户要求今天内恢复。
response:
  at: {day}T10:02:00+08:00
  by: li.wei
  channel: phone
  summary: 电话致歉,说明排查计划
  apology: true
  promises:
  - id: p1
    what: 完成排查并反馈原因
    due: {day}T18:00:00+08:00
    made_at: {day}T10:02:00+08:00
    kept_at: {day}T16:40:00+08:00
investigation:
  evidence:
  - id: e1
    kind: log
    ref: app-server.log
    note: 导出任务在 60 s 处被网关断开
    at: {day}T11:00:00+08:00
    by: li.wei
  findings:
  - id: f1
    text: 升级脚本重置了网关超时
    at: {day}T12:00:00+08:00
    by: li.wei
  root_cause: 升级后网关超时从 300 s 变为默认的 60 s
  root_cause_at: {day}T13:00:00+08:00
  cause: deployment
  attribution: ours
  factor: objective
actions:
- id: a1
  horizon: short
  what: 恢复网关超时为 300 s
  owner: li.wei
  due: {day}T18:00:00+08:00
  added_at: {day}T13:10:00+08:00
  done_at: {day}T15:30:00+08:00
  verification: 客户导出 8 万行报表成功
- id: a2
  horizon: mid
  what: 升级检查清单加入网关配置
  owner: wang.fang
  added_at: {day}T13:12:00+08:00
updates:
- id: u1
  at: {day}T16:40:00+08:00
  by: li.wei
  channel: email
  summary: 已恢复网关超时,请验证
  keeps:
  - p1
notes:
- id: n1
  at: {day}T09:20:00+08:00
  by: li.wei
  text: 客户情绪激动,需要当天回复
timeline:
- {{at: {day}T09:15:00+08:00, by: li.wei, event: recorded}}
- {{at: {day}T10:02:00+08:00, by: li.wei, event: responded, detail: 电话致歉}}
- {{at: {day}T11:00:00+08:00, by: li.wei, event: evidence e1 added}}
- {{at: {day}T13:00:00+08:00, by: li.wei, event: investigated}}
- {{at: {day}T13:10:00+08:00, by: li.wei, event: action a1 added}}
- {{at: {day}T15:30:00+08:00, by: li.wei, event: action a1 done}}
- {{at: {day}T16:40:00+08:00, by: li.wei, event: update u1 sent}}
"""


def build(root: Path, count: int) -> None:
    templates_init.init_casebook(root, templates_init.CONFIG, templates_init.FILES)
    rng = random.Random(4)
    for _ in range(count):
        day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        case_id = ids.mint(__import__("datetime").datetime.fromisoformat(day))
        folder = root / "cases" / day[:4] / day[5:7]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{case_id}.yaml").write_text(CASE.format(id=case_id, day=day), encoding="utf-8")


def median_seconds(action: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory(prefix="casectl-bench-") as folder:
        root = Path(folder) / "book"
        build(root, count)
        size = sum(p.stat().st_size for p in root.glob("cases/*/*/*.yaml")) / count
        report = validate_casebook(root)
        assert report.ok, report.problems[:3]
        core = median_seconds(lambda: validate_casebook(root), 3)
        command = [sys.executable, "-m", "casectl", "-C", str(root), "validate"]
        env = {**os.environ, "NO_COLOR": "1"}

        def cli() -> None:
            subprocess.run(command, check=True, capture_output=True, env=env)

        whole = median_seconds(cli, 3)
        print(f"{count} cases ({size / 1024:.1f} KB each)")
        print(f"casectl validate (new process, start-up included): {whole:.2f} s")
        print(f"validate_casebook in-process:                      {core:.2f} s")


if __name__ == "__main__":
    main()
