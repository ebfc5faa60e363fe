"""Plain language for customers: the words engineers use that a customer (a finance manager, a
plant director) may not know, and the plain words to say instead. A starter glossary in
Chinese and English ships here; a team adds its own in casectl.yaml (``glossary.terms``) and
may leave the starter out (``glossary.starter: false``). Pure.

The check only ever suggests: a step or a letter that uses a term is still written, with a
warning naming the term and its plain words ("用非技术语言讲清复杂问题").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from casectl.core.sections import Glossary

# term → plain words. Chinese terms match anywhere; English ones as whole words, in any case.
STARTER: dict[str, str] = {
    "缓存失效": "系统里临时保存的数据过期了",
    "缓存": "系统临时保存的数据",
    "异步队列阻塞": "后台排队处理的任务卡住了",
    "异步队列": "后台排队处理的任务",
    "队列阻塞": "排队处理的任务卡住了",
    "死锁": "两个操作互相等待，都无法继续",
    "内存泄漏": "程序占用的内存越来越多",
    "回滚": "恢复到之前的版本",
    "热修复": "不停机的紧急修复",
    "热补丁": "不停机的紧急修复",
    "网关超时": "系统之间的连接等待太久被中断",
    "并发": "多人同时操作",
    "数据库锁": "数据正被占用，暂时不能修改",
    "中间件": "连接各个系统的基础软件",
    "堆栈": "程序出错时留下的记录",
    "宕机": "系统停止服务",
    "负载均衡": "把访问分摊到多台服务器",
    "空指针": "程序遇到了意料之外的空值",
    "cache invalidation": "stored copies of the data went out of date",
    "cache": "a stored copy of the data",
    "race condition": "two things happened at once and got in each other's way",
    "deadlock": "two operations each waiting for the other",
    "memory leak": "the program kept using more and more memory",
    "rollback": "going back to the previous version",
    "hotfix": "an urgent fix applied without stopping the system",
    "async queue": "the list of jobs done in the background",
    "stack trace": "the record the program left when it failed",
    "null pointer": "a missing value the program did not expect",
    "gateway timeout": "the connection between two systems waited too long and was cut",
    "regression": "something that worked before stopped working",
    "latency": "delay",
    "middleware": "the software that connects the systems",
}


class Jargon(NamedTuple):
    """A term found in a text, and the plain words to say instead."""

    term: str
    plain: str


def terms(glossary: Glossary) -> dict[str, str]:
    """The team's glossary: the starter list (unless left out) with the team's own terms."""
    return {**(STARTER if glossary.starter else {}), **glossary.terms}


def _pattern(term: str) -> re.Pattern[str]:
    if term.isascii():
        return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
    return re.compile(re.escape(term))


def jargon(text: str | None, glossary: Mapping[str, str]) -> list[Jargon]:
    """The glossary's terms in ``text``, longest first; a term inside a longer one found
    (缓存 in 缓存失效) is not told twice."""
    if not text:
        return []
    found: list[Jargon] = []
    taken: list[tuple[int, int]] = []
    for term in sorted(glossary, key=len, reverse=True):
        spans = [m.span() for m in _pattern(term).finditer(text)]
        fresh = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in taken)]
        if fresh:
            found.append(Jargon(term, glossary[term]))
            taken.extend(fresh)
    return found
