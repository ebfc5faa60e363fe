"""The floor under ``casectl list``: the least a Python program does to list a casebook's open
cases from casectl's index while making sure no case file changed behind it — every file's
signature (size, times, inode) compared with its row, then the open cases' rows printed.

    python benchmarks/floor_reader.py /path/to/casebook > /dev/null

Stdlib only, no casectl module: ``bench_scale.py`` times it beside ``casectl list`` to show how
much of a command's time is Python itself reading the same index. Exit 1 when the index is
missing or does not match the files (run any casectl command first).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys


def main(root: str) -> int:
    db = sqlite3.connect(f"file:{root}/.casectl/index.sqlite?mode=ro", uri=True)
    known = dict(db.execute("SELECT path, stat FROM files"))
    cases = os.path.join(root, "cases")
    seen = 0
    for year in sorted(e.path for e in os.scandir(cases) if e.is_dir(follow_symlinks=False)):
        for month in sorted(e.path for e in os.scandir(year) if e.is_dir(follow_symlinks=False)):
            for entry in os.scandir(month):
                if not entry.name.endswith(".yaml"):
                    continue
                s = entry.stat(follow_symlinks=False)
                rel = os.path.relpath(entry.path, root).replace(os.sep, "/")
                if known.get(rel) != f"{s.st_size}:{s.st_mtime_ns}:{s.st_ctime_ns}:{s.st_ino}":
                    return 1
                seen += 1
    if seen != len(known):
        return 1
    out = []
    for (row,) in db.execute("SELECT row FROM files WHERE open = 1 ORDER BY path"):
        r = json.loads(row)
        out.append(f"{r['id']}  {r['stage']}  {r['priority']}  {r['customer']}  {r['title']}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
