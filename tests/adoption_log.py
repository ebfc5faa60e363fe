"""A team's complaint log as a support lead brings it to casectl: Chinese headings, a status
column with mixed words, some rows without a response time, one customer spelled two ways.
Written as .xlsx (openpyxl) or .csv, for the adoption tests and the docs' walk-through."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl

HEADINGS = [
    "投诉编号", "投诉时间", "客户名称", "投诉类型", "优先级", "问题描述", "处理人", "状态",
    "响应时间", "根本原因", "解决时间", "关闭时间",
]  # fmt: skip
# A 投诉编号, B 投诉时间, C 客户名称, D 投诉类型, E 优先级, F 问题描述, G 处理人, H 状态,
# I 响应时间, J 根本原因, K 解决时间, L 关闭时间
ROWS: list[list[Any]] = [
    ["T-001", "2026-10-08 09:00", "华东精密制造有限公司", "技术", "高", "月末报表导出超时",
        "li.wei", "已关闭", "2026-10-08 10:00", "升级后网关超时变为 60 s", "2026-10-09 15:00",
        "2026-10-20 10:00"],
    ["T-002", "2026-10-09 10:00", "华东精密", "技术", "中", "登录失败", "li.wei", "已解决", "",
        "证书过期", "2026-10-12 16:00", ""],
    ["T-003", "2026-10-12 14:00", "苏州新材料", "流程", "低", "发票延误", "wang.fang", "关闭",
        "", "", "", ""],
    ["T-004", "2026-10-15 09:30", "苏州新材料", "沟通", "中", "回复太慢", "wang.fang", "处理中",
        "2026-10-15 11:00", "", "", ""],
    ["T-005", "2026-10-20 09:00", "华东精密制造有限公司", "技术", "高", "报表列错位", "li.wei",
        "待处理", "", "", "", ""],
    ["T-006", "2026-10-21 09:00", "ACME Ltd", "技术", "中", "接口偶发 502", "li.wei",
        "in progress", "", "", "", ""],
]  # fmt: skip


def write(path: Path, rows: list[list[Any]] | None = None) -> Path:
    """The log at ``path``: .xlsx (sheet 台账) or .csv (UTF-8 with a BOM, as Excel saves it)."""
    rows = ROWS if rows is None else rows
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out).writerows([HEADINGS, *rows])
        return path
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "台账"
    for values in [HEADINGS, *rows]:
        sheet.append(values)
    book.save(path)
    return path
