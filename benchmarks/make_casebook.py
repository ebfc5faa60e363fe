"""Generate a casebook of N realistic cases, fast, for benchmarks.

    python benchmarks/make_casebook.py /tmp/book --n 10000 [--seed 1]

Cases are built as data, validated by casectl's own model and written with its own serializer
(``casectl.storage.store.render_case``, ``atomic_write``), so every file is exactly what casectl would
write, without paying for one CLI process per step. They are received over the 180 days before
2026-11-23 (the "now" the benchmarks use), in Chinese and English, spread over every stage, and
about 3 KB each, like the files the design's speed figures were measured on.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

NOW = datetime.fromisoformat("2026-11-23T10:00:00+08:00")

CUSTOMERS = [
    ("华东精密制造有限公司", "张敏 (财务经理) <zhang.min@example.com>"),
    ("苏州恒远电子有限公司", "周晓 (IT 主管) <zhou.xiao@hengyuan.example>"),
    ("杭州云帆连锁餐饮", "吴婷 (培训负责人)"),
    ("南京瑞丰医药股份有限公司", "钱总 (财务总监)"),
    ("上海景和物业管理有限公司", "孙磊 <sun.lei@jinghe.example>"),
    ("宁波海诚进出口有限公司", "黄丽 (会计主管)"),
    ("Northwind Logistics Ltd.", "Karen O'Neill (PMO) <k.oneill@northwind.example>"),
    ("Bluewater Retail Group", "Tom Becker (IT ops) <tom.becker@bluewater.example>"),
    ("Harbor Point Hotels", "Mei Lin (Finance) <mei.lin@harborpoint.example>"),
    ("成都天府新材料有限公司", "罗刚 (信息部)"),
]
PEOPLE = ["li.wei", "chen.jing", "liu.yang", "sam.taylor", "wang.fang", "zhou.lei"]
# (category, title, description, root cause, cause, attribution, factor)
COMPLAINTS = [
    (
        "technical",
        "月末报表导出超时,财务无法按时提交",
        "客户反馈升级后,导出超过 5 万行的报表会超时失败。\n财务月结因此停滞,需要当天恢复。",
        "升级后网关超时从 300 s 变为默认的 60 s",
        "deployment",
        "ours",
        "objective",
    ),
    (
        "technical",
        "ERP 与 WMS 接口重复推送出库单",
        "同一张出库单在 WMS 中出现两次,仓库按两张单各发了一次货。",
        "接口重试时没有携带幂等键,WMS 把重试当作新单据",
        "defect",
        "ours",
        "objective",
    ),
    (
        "technical",
        "数据迁移后库存数量与旧系统不一致",
        "切换到新 ERP 后抽查 200 个物料,37 个的库存数量与旧系统期末数不一致。",
        "迁移脚本的批次映射沿用测试环境的旧表结构",
        "deployment",
        "ours",
        "objective",
    ),
    (
        "technical",
        "Users stuck in an SSO login loop after certificate renewal",
        "After the IdP signing certificate was renewed, the portal redirects users back to the\n"
        "login page endlessly.",
        "The portal pins the IdP certificate thumbprint; the renewal was not applied",
        "deployment",
        "shared",
        "objective",
    ),
    (
        "technical",
        "Supplier payment files rejected by the bank",
        "Since the bank's gateway upgrade every payment file is rejected; 142 payments are late.",
        "The bank switched to pain.001.001.09 without notice; our export writes .03",
        "third-party",
        "third-party",
        "objective",
    ),
    (
        "communication",
        "Go-live date moved without telling the customer's PMO",
        "The customer learned in the steering meeting that go-live had moved by two weeks.",
        "No owner for customer communication of plan changes",
        "process",
        "ours",
        "subjective",
    ),
    (
        "process",
        "关键用户培训照本宣科,门店店长没学会月结",
        "培训只是念操作手册,没有结合门店实际单据,现场提问也没有得到回答。",
        "培训准备流程缺少用户场景调研",
        "process",
        "ours",
        "subjective",
    ),
    (
        "attitude",
        "实施顾问在需求评审会上态度生硬",
        "客户财务总监投诉:评审会上我方顾问多次打断发言,并说需求不合理。",
        "顾问超负荷且评审会缺少主持人,需求分歧演变为对抗",
        "communication",
        "ours",
        "subjective",
    ),
    (
        "technical",
        "Month-end exchange rate import fails for JPY",
        "The automatic month-end rate import stops at JPY with 'rate out of range'.",
        "The rate table stores 4 decimals; JPY cross rates need 6",
        "defect",
        "ours",
        "objective",
    ),
    (
        "process",
        "需求变更没有走审批就上线,客户审计提出异议",
        "客户审计发现 10 月上线的报表口径变更没有书面审批记录。",
        "变更流程允许口头确认,客户方没有留存记录",
        "requirement",
        "shared",
        "subjective",
    ),
]
STAGES = [  # (stage, weight): most cases in a living casebook are closed
    ("recorded", 6),
    ("responded", 8),
    ("investigated", 14),
    ("resolved", 8),
    ("repaired", 6),
    ("reviewed", 6),
    ("closed", 52),
]


def _at(start: datetime, minutes: float) -> datetime:
    return (start + timedelta(minutes=round(minutes))).replace(second=0, microsecond=0)


def case_data(rng: random.Random, case_id: str, received: datetime, stage: str) -> dict[str, Any]:
    """One case as plain data, up to ``stage``, with times that only move forward."""
    customer, contact = rng.choice(CUSTOMERS)
    category, title, description, root, cause, attribution, factor = rng.choice(COMPLAINTS)
    owner = rng.choice(PEOPLE)
    zh = not title.isascii()
    events: list[dict[str, Any]] = [{"at": received, "by": owner, "event": "recorded"}]
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": case_id,
        "title": title,
        "customer": {"name": customer, "contact": contact},
        "received_at": received,
        "channel": rng.choice(["phone", "email", "ticket", "meeting", "chat"]),
        "category": category,
        "priority": rng.choice(["urgent", "high", "high", "medium", "medium", "medium", "low"]),
        "owner": owner,
        "tags": rng.sample(["erp", "报表", "接口", "数据迁移", "培训", "sso", "payments"], 2),
        "impact": "财务部 12 名用户;月结流程停滞" if zh else "320 back-office users",
        "remedy_sought": "今天内恢复" if zh else "Restore service today",
        "description": description,
        "timeline": events,
    }
    order = [name for name, _ in STAGES]
    reached = order.index(stage)
    t = _at(received, rng.uniform(20, 180))
    if reached >= 1:
        data["response"] = {
            "at": t,
            "by": owner,
            "channel": "phone",
            "apology": True,
            "summary": "电话致歉,说明排查计划" if zh else "Apologised and explained the plan",
            "promises": [
                {
                    "id": "p1",
                    "what": "反馈排查结果" if zh else "Report the cause",
                    "due": t + timedelta(hours=48),
                    "made_at": t,
                }
            ],
        }
        events.append({"at": t, "by": owner, "event": "responded"})
    if reached >= 2:
        t = _at(t, rng.uniform(60, 1500))
        data["investigation"] = {
            "evidence": [
                {
                    "id": "e1",
                    "kind": "log",
                    "ref": f"app-{received:%Y%m%d}.log",
                    "note": "网关 60 s 断开" if zh else "timeout after 60 s",
                    "at": t,
                    "by": owner,
                },
                {
                    "id": "e2",
                    "kind": "interview",
                    "ref": "项目经理" if zh else "project manager",
                    "at": t,
                    "by": owner,
                },
            ],
            "findings": [
                {
                    "id": "f1",
                    "text": "只在升级后出现" if zh else "Only since the upgrade",
                    "at": t,
                    "by": owner,
                }
            ],
            "root_cause": root,
            "root_cause_at": t,
            "cause": cause,
            "attribution": attribution,
            "factor": factor,
        }
        events.extend(
            [
                {
                    "at": t,
                    "by": owner,
                    "event": "evidence e1 added",
                    "detail": f"log: app-{received:%Y%m%d}.log",
                },
                {"at": t, "by": owner, "event": "evidence e2 added"},
                {"at": t, "by": owner, "event": "finding f1 added"},
                {"at": t, "by": owner, "event": "investigated", "detail": root},
                {"at": t, "by": owner, "event": "update u1 sent"},
                {"at": t, "by": owner, "event": "action a1 added", "detail": data["title"][:20]},
                {"at": t, "by": owner, "event": "action a2 added"},
            ]
        )
        data["response"]["promises"][0]["kept_at"] = t
        data["updates"] = [
            {
                "id": "u1",
                "at": t,
                "by": owner,
                "channel": "email",
                "keeps": ["p1"],
                "summary": "说明原因与修复计划" if zh else "Explained the cause and the fix plan",
            }
        ]
        data["actions"] = [
            {
                "id": "a1",
                "horizon": "short",
                "what": "修复并验证" if zh else "Fix and verify",
                "owner": owner,
                "due": t + timedelta(hours=8),
                "added_at": t,
            },
            {
                "id": "a2",
                "horizon": "mid",
                "owner": "wang.fang",
                "added_at": t,
                "what": "检查清单加入此项" if zh else "Add the check to the go-live list",
                "due": t + timedelta(days=20),
            },
        ]
    if reached >= 3:
        t = _at(t, rng.uniform(60, 600))
        data["actions"][0].update(
            done_at=t, verification="客户确认" if zh else "Customer confirmed"
        )
        events.append({"at": t, "by": owner, "event": "action a1 done"})
        data["resolution"] = {
            "at": t,
            "by": owner,
            "confirmed_by": contact.split(" ")[0],
            "summary": "已修复并经客户确认" if zh else "Fixed and confirmed",
        }
        events.append({"at": t, "by": owner, "event": "resolved"})
    if reached >= 4:
        resolved = t
        t = _at(t, rng.uniform(600, 3000))
        data["relationship"] = {
            "at": t,
            "by": "zhou.lei",
            "apology": {"kind": "written", "ref": f"L-{rng.randrange(1000, 9999)}"},
            "compensation": ["免费延长维保 1 个月" if zh else "One month of extra maintenance"],
            "follow_up": {"due": resolved + timedelta(days=30)},
            "surveys": [
                {"id": "s1", "at": t, "nps": rng.randint(3, 10), "csat": rng.randint(2, 5)}
            ],
        }
        events.append({"at": t, "by": "zhou.lei", "event": "repaired"})
    if reached >= 5:
        t = _at(t, rng.uniform(600, 3000))
        data["review"] = {
            "at": t,
            "by": "wang.fang",
            "publish": rng.random() < 0.3,
            "lessons": ["升级前后比对配置" if zh else "Compare settings before and after upgrades"],
            "prevention": ["检查清单 v4" if zh else "Checklist v4"],
        }
        events.append({"at": t, "by": "wang.fang", "event": "reviewed"})
    if reached >= 6:
        t = _at(t, rng.uniform(1440, 40000))
        data["actions"][1].update(done_at=t)
        data["relationship"]["follow_up"].update(
            done_at=t, by=owner, notes="回访顺利" if zh else "Visit went well"
        )
        t = _at(t, 30)
        data["closed"] = {"at": t, "by": owner}
        events.append({"at": t, "by": owner, "event": "closed"})
    if rng.random() < 0.5:
        note_at = _at(received, 5)
        data["notes"] = [
            {
                "id": "n1",
                "at": note_at,
                "by": owner,
                "text": "客户要求书面说明" if zh else "Customer asks for a written note",
            }
        ]
        events.insert(1, {"at": note_at, "by": owner, "event": "note n1 added"})
    return data


Plan = tuple[int, str, datetime, str]  # (seed, case ID, received, stage)


def _write(root: Path, plans: list[Plan]) -> None:
    """Build, validate and write the planned cases (in a worker process)."""
    from casectl.core.model import Case
    from casectl.storage.casefile import render_case
    from casectl.storage.files import atomic_write
    from casectl.storage.store import Casebook

    book = Casebook.open(root)
    stages = [name for name, _ in STAGES]
    for seed, case_id, received, stage in plans:
        data = case_data(random.Random(seed), case_id, received, stage)
        while data["timeline"][-1]["at"] > NOW:  # a recent case cannot be that far along yet
            stage = stages[stages.index(stage) - 1]
            data = case_data(random.Random(seed), case_id, received, stage)
        case = Case.model_validate(data)
        atomic_write(book.path_for(case), render_case(case))


def generate(root: Path, count: int, seed: int = 1, jobs: int | None = None) -> list[str]:
    """Create a casebook at ``root`` (via ``casectl init``) holding ``count`` cases; their IDs.

    Rendering with ruamel costs ~10 ms a case, so the cases are written by ``jobs`` processes
    (default: one per CPU).
    """
    from casectl.core import ids

    subprocess.run(
        [sys.executable, "-m", "casectl", "init", str(root)], check=True, capture_output=True
    )
    rng = random.Random(seed)
    stages = [name for name, _ in STAGES]
    weights = [weight for _, weight in STAGES]
    taken: set[str] = set()
    plans: list[Plan] = []
    for _ in range(count):
        received = _at(NOW - timedelta(days=180), rng.uniform(0, 180 * 24 * 60 - 600))
        stage = rng.choices(stages, weights)[0]
        if stage == "closed" and NOW - received < timedelta(days=60):
            stage = "investigated"
        case_id = ids.mint(received, taken.__contains__)  # NOW's zone is the casebook's
        taken.add(case_id)
        plans.append((rng.randrange(2**32), case_id, received, stage))
    jobs = max(1, min(jobs or os.cpu_count() or 1, count // 50 or 1))
    if jobs == 1:
        _write(root, plans)
    else:
        with ProcessPoolExecutor(jobs) as pool:
            for done in [pool.submit(_write, root, plans[i::jobs]) for i in range(jobs)]:
                done.result()
    return [case_id for _, case_id, _, _ in plans]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="where to create the casebook (must not exist)")
    parser.add_argument("--n", type=int, default=1000, help="how many cases (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: CPUs)")
    args = parser.parse_args()
    started = time.perf_counter()
    generate(args.path, args.n, args.seed, args.jobs)
    took = time.perf_counter() - started
    print(f"{args.n} cases in {args.path} ({took:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
