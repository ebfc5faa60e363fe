"""A kill -9 campaign: casectl killed at random moments of every kind of write, then checked.

    python benchmarks/kill_campaign.py                  # 200 kills, 40 of each kind
    python benchmarks/kill_campaign.py --kills 5        # what the test suite runs

Each kill starts one casectl process in a fresh session and sends it SIGKILL after a random
delay, up to 1.25 times what that kind of command takes whole on this machine (timed first):
kills land before, during and after its writes, and about one in five finishes first. The
kinds, in turn:

- **step**: ``casectl note`` on one case; a note whose command exited 0 before the kill is an
  acknowledged write.
- **import**: ``casectl import`` of a 20-row CSV (its own customer each time); once the next
  command has run, the casebook holds all 20 rows or none.
- **index**: the first index build over 220 case files (``.casectl/`` deleted first: the build
  that spreads parsing over worker processes), ``casectl list``.
- **merge**: ``casectl customer merge`` of a duplicate profile with a case; then run again: it
  finishes what the killed one began (one profile, the case renamed).
- **wipe**: ``casectl note`` while another process deletes ``.casectl/`` in a loop.

Then it prints lost acknowledged writes (notes acknowledged but not in the file), imports left
half-done, merges not finished by running again, corrupt files (``casectl validate``'s problems
that are not leftovers), stray processes (a killed command's children still alive one second
later), and leftovers ``validate`` does not name (temporary files under the casebook that its
output does not mention). A clean run prints zeros. ``--json`` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

NOW = "2026-11-23T10:00:00+08:00"
KINDS = ("step", "import", "index", "merge", "wipe")
INDEX_CASES = 220  # past the 200 changed files from which the index build uses workers


def env() -> dict[str, str]:
    return {
        **os.environ,
        "CASECTL_NOW": NOW,
        "CASECTL_USER": "kill",
        "CASECTL_LOCK_TIMEOUT": "60",
        "LANG": "C.UTF-8",
    }


def casectl(book: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casectl", *args],
        cwd=book,
        env=env(),
        capture_output=True,
        text=True,
        check=False,
    )


def killed(book: Path, args: list[str], rng: random.Random, takes: float) -> tuple[bool, int]:
    """Run ``casectl ARGS`` and SIGKILL it after a random delay up to 1.25 times what the
    command ``takes`` whole (so about one in five finishes first): (exited 0 before the kill,
    its process group)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "casectl", *args],
        cwd=book,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        code = proc.wait(timeout=rng.uniform(0, 1.25 * takes))
        return code == 0, proc.pid
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return False, proc.pid


def alive_in_group(group: int) -> list[int]:
    """Processes still in process group ``group`` (Linux: /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def strays(groups: list[int]) -> int:
    """Processes of killed commands still alive after about a second."""
    deadline = time.monotonic() + 1.5
    left = [p for g in groups for p in alive_in_group(g)]
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = [p for g in groups for p in alive_in_group(g)]
    return len(left)


def record(book: Path, customer: str) -> str:
    done = casectl(
        book, "record", "--customer", customer, "--title", "kill", "--category", "technical",
        "--priority", "high",
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"record failed: {done.stderr}")
    return done.stdout.strip().split(":")[0]


def index_book(root: Path, template: str, case_id: str) -> None:
    """``INDEX_CASES`` copies of one case file under new IDs, for the first index build."""
    folder = root / "cases" / "2026" / "11"
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    for n in range(INDEX_CASES):
        tail = "".join(alphabet[(n // 32**k) % 32] for k in range(4))
        new = f"C-261123-Z{tail}"
        (folder / f"{new}.yaml").write_text(template.replace(case_id, new), encoding="utf-8")


def import_log(work: Path, customer: str) -> Path:
    """A 20-row complaint log of ``customer``."""
    rows = "".join(
        f"2026-11-{1 + n:02d} 10:00,{customer},row {n},technical,high\n" for n in range(20)
    )
    log = work / f"{customer}.csv"
    log.write_text("received,customer,title,category,priority\n" + rows, encoding="utf-8")
    return log


def timings(book: Path, big: Path, work: Path) -> dict[str, float]:
    """How long each kind of command takes whole here (the machine may be busy)."""

    def took(root: Path, *args: str) -> float:
        started = time.perf_counter()
        done = casectl(root, *args)
        if done.returncode != 0:
            raise SystemExit(f"casectl {' '.join(args)} failed: {done.stderr}")
        return time.perf_counter() - started

    shared = record(book, "计时")
    casectl(book, "customer", "add", "计时甲")
    casectl(book, "customer", "add", "计时甲公司")
    shutil.rmtree(big / ".casectl", ignore_errors=True)
    return {
        "step": took(book, "note", shared, "timing"),
        "import": took(book, "import", str(import_log(work, "计时"))),
        "index": took(big, "list", "--all"),
        "merge": took(book, "customer", "merge", "计时甲", "计时甲公司"),
    }


def campaign(kills: int, seed: int, work: Path) -> dict[str, int]:
    rng = random.Random(seed)
    book, big = work / "book", work / "big"
    for root in (book, big):
        root.mkdir()
        casectl(root, "init")
    shared = record(book, "杀进程")
    first = record(big, "索引")
    path = next((big / "cases").rglob(f"{first}.yaml"))
    index_book(big, path.read_text(encoding="utf-8"), first)
    takes = timings(book, big, work)
    figures: Counter[str] = Counter()
    acked: list[str] = []
    groups: list[int] = []
    imports: list[tuple[str, int]] = []
    merges: list[str] = []
    for trial in range(kills):
        kind = KINDS[trial % len(KINDS)]
        figures[f"kills.{kind}"] += 1
        if kind in ("step", "wipe"):
            deleter = None
            if kind == "wipe":
                deleter = subprocess.Popen(
                    [sys.executable, "-c", WIPER, str(book / ".casectl")], start_new_session=True
                )
            text = f"note-{trial}"
            ok, group = killed(book, ["note", shared, text], rng, takes["step"])
            if deleter is not None:
                deleter.kill()
                deleter.wait()
            if ok:
                acked.append(text)
        elif kind == "import":
            customer = f"导入{trial}"
            log = import_log(work, customer)
            _ok, group = killed(book, ["import", str(log)], rng, takes["import"])
            imports.append((customer, 20))
        elif kind == "index":
            shutil.rmtree(big / ".casectl", ignore_errors=True)
            _ok, group = killed(big, ["list", "--all"], rng, takes["index"])
        else:
            keep, gone = f"合并{trial}", f"合并{trial}公司"
            casectl(book, "customer", "add", keep)
            casectl(book, "customer", "add", gone)
            record(book, gone)
            _ok, group = killed(book, ["customer", "merge", keep, gone], rng, takes["merge"])
            merges.append(keep)
        groups.append(group)
    figures["stray processes"] = strays(groups)
    listed = json.loads(casectl(book, "list", "--all", "--format", "json").stdout or "[]")
    customers = Counter(str(row.get("customer")) for row in _rows(listed))
    figures["imports half-done"] = sum(customers[c] not in (0, n) for c, n in imports)
    figures["imports whole"] = sum(customers[c] == n for c, n in imports)
    for keep in merges:
        again = casectl(book, "customer", "merge", keep, f"{keep}公司")
        ok = again.returncode == 0 or "name the same customer" in again.stderr
        gone_left = (book / "customers" / f"{keep}公司.yaml").exists()
        unfinished = not ok or gone_left or _still_named(book, f"{keep}公司")
        figures["merges not finished"] += int(unfinished)
    shown = casectl(book, "show", shared, "--format", "json").stdout
    figures["lost acknowledged writes"] = sum(t not in shown for t in acked)
    figures["acknowledged writes"] = len(acked)
    for root in (book, big):
        checked = casectl(root, "validate")
        said = checked.stdout + checked.stderr
        temporaries = [p for p in root.rglob("*.tmp") if ".casectl" not in p.parts]
        figures["unnamed leftovers"] += sum(p.name not in said for p in temporaries)
        figures["leftovers named"] += len(temporaries)
        problems = [line for line in said.splitlines() if ": " in line and ".tmp" not in line]
        figures["corrupt files"] += len(problems) if checked.returncode != 0 else 0
    return dict(figures)


def _rows(listed: object) -> list[dict[str, object]]:
    if isinstance(listed, dict):
        return list(listed.get("cases", []))
    return list(listed) if isinstance(listed, list) else []


def _still_named(book: Path, name: str) -> bool:
    return any(f"name: {name}\n" in p.read_text(encoding="utf-8") for p in book.rglob("C-*.yaml"))


WIPER = """
import shutil, sys
while True:
    shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="how many kills (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        figures = campaign(args.kills, args.seed, Path(tmp))
    figures["seconds"] = round(time.perf_counter() - started)
    if args.json:
        print(json.dumps(figures, sort_keys=True))
        return
    for name, value in sorted(figures.items()):
        print(f"{name:28} {value}")


if __name__ == "__main__":
    main()
