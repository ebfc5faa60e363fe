"""The site's folder on disk: written page by page, and served on localhost to preview it.

A folder is written only when it is new, empty, or a site casectl built before (it holds the
mark ``.casectl-site``); anything else is refused, so ``-o`` never overwrites a folder of
other files. Each page is written atomically and only when its text changed (``_replace``),
so a rebuild touches only the pages that did; a page of the previous build that is no longer
part of the site (a case deleted) is removed.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from casectl.errors import UsageError
from casectl.i18n import msg

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

MARK = ".casectl-site"
INPUTS = ".casectl-site-pages.json"  # the case pages' inputs at the last build (``remember``)
T = TypeVar("T")


@dataclass
class Written:
    """What a build did to the folder: pages written (new or changed), left as they were,
    and removed (no longer part of the site)."""

    folder: str
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    names: list[str] = field(default_factory=list)  # the pages it holds (``put`` in a job)
    inputs: dict[str, str] = field(default_factory=dict)  # their inputs' fingerprints
    parts: list[int] = field(default_factory=list)  # the parts of the case pages it wrote


def check_folder(folder: Path) -> None:
    """Refuse a folder that holds something other than a site casectl built."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(msg("{folder} is not a folder", folder=folder))
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARK).is_file():
        raise UsageError(
            msg(
                "{folder} holds files that are not a site casectl built; "
                "name a new or empty folder",
                folder=folder,
            )
        )


def begin(folder: Path) -> dict[str, str]:
    """Make ``folder`` a site's (refused as ``check_folder`` refuses), marked as one before
    any page is written into it, so a build cut short can be built again; the inputs of the
    pages the last build left there (``remember``), taken out until this build is done."""
    check_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    mark = folder / MARK
    if not mark.is_file():
        _replace(mark, b"casectl site\n")
    kept = folder / INPUTS
    try:
        built = json.loads(kept.read_text(encoding="utf-8"))
        kept.unlink()
    except (OSError, ValueError):
        return {}
    if not isinstance(built, dict):
        return {}
    return {
        str(name): str(inputs)
        for name, inputs in built.items()
        if (folder / str(name)).is_file()  # a page removed by hand is built again
    }


def remember(folder: Path, inputs: Mapping[str, str]) -> None:
    """Keep the inputs of the pages just built beside them, for the next build to leave the
    pages whose inputs are the same as they are."""
    text = json.dumps(dict(sorted(inputs.items())), separators=(",", ":"))
    _replace(folder / INPUTS, text.encode("utf-8"))


def code_version() -> str:
    """A fingerprint of what renders the site: casectl's version, its code and its
    translations (a couple of megabytes, read in milliseconds). A page built by other code
    is built again."""
    import hashlib

    from casectl.version import __version__

    package = Path(__file__).resolve().parent.parent
    seen = hashlib.blake2b(__version__.encode("utf-8"), digest_size=16)
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.mo")]):
        with contextlib.suppress(OSError):
            seen.update(path.read_bytes())
    return seen.hexdigest()


def write(
    folder: Path,
    files: Mapping[str, str],
    copies: Mapping[str, Path] | None = None,
    *,
    kept: Iterable[str] = (),
) -> Written:
    """Write ``files`` (path inside ``folder`` → text) into ``folder``, and ``copies`` (path
    inside ``folder`` → a casebook file: the attachments case pages link) beside them; remove
    what else the folder holds, but ``kept`` (pages written by ``put`` in the same build)."""
    check_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, str | Path] = {**files, **(copies or {})}
    done = put(folder, wanted)
    done.removed = _remove_stale(folder, set(wanted) | set(kept))
    return done


def put(folder: Path, wanted: Mapping[str, str | Path]) -> Written:
    """Write each page of ``wanted`` whose bytes differ from the folder's (text, or the
    casebook file to copy); remove nothing."""
    done = Written(str(folder))
    base = folder.resolve()
    places: dict[Path, bool] = {}  # each folder of pages: inside the site? (made once)
    for name, content in wanted.items():
        path = folder / name
        inside = places.get(path.parent)
        if inside is None:
            inside = places[path.parent] = _make_place(base, path.parent)
        if not inside or path.name in ("", ".", ".."):
            raise UsageError(msg("{name}: not a page of the site", name=name))
        if isinstance(content, Path):
            data = _kept_file(content)
            if data is None:  # gone or not a regular file: validate names it; no link lies
                continue
        else:
            data = content.encode("utf-8")
        with contextlib.suppress(OSError):
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                done.unchanged += 1
                continue
        _replace(path, data)
        done.written += 1
    return done


def _make_place(base: Path, place: Path) -> bool:
    """Make the folder ``place`` if it is inside the site's folder ``base`` (links followed),
    and say whether it is."""
    found = place.resolve()
    if found != base and base not in found.parents:
        return False
    place.mkdir(parents=True, exist_ok=True)
    return True


def _kept_file(path: Path) -> bytes | None:
    """The bytes of an attachment the casebook keeps; None when it is not a regular file."""
    import stat

    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        return path.read_bytes()
    except OSError:
        return None


def _replace(path: Path, data: bytes) -> None:
    """Write ``path`` anew through a temporary file beside it, renamed over it: a reader sees
    the old page or the new one, never half. Not flushed to disk one by one (``atomic_write``
    is, for the casebook's own files): a site is rebuilt from the casebook, and twenty
    thousand flushes take minutes. The folder exists (``put`` made it)."""
    name = os.path.join(path.parent, f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:  # left by a build cut short
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(name, 0o644)  # readable by a web server, whatever the umask
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _remove_stale(folder: Path, kept: set[str]) -> int:
    """Remove the files ``kept`` does not name, and the folders left empty; a name beginning
    with a dot is left alone (the mark, and what git or a host keeps there), and so is a
    link. One walk, a folder after what it holds."""
    removed = 0
    top = os.fspath(folder)
    for here, folders, names in os.walk(top, topdown=False):
        inside = os.path.relpath(here, top).replace(os.sep, "/")
        parts = [] if inside == "." else inside.split("/")
        if any(part.startswith(".") for part in parts) or (parts and os.path.islink(here)):
            continue
        prefix = "" if not parts else inside + "/"
        for name in names:
            path = os.path.join(here, name)
            if name.startswith(".") or prefix + name in kept or os.path.islink(path):
                continue
            if os.path.isfile(path):
                os.unlink(path)
                removed += 1
        for name in folders:
            path = os.path.join(here, name)
            if not name.startswith(".") and not os.path.islink(path):
                with contextlib.suppress(OSError):  # not empty: it holds what is kept
                    os.rmdir(path)
    return removed


def files_in(folder: Path, part: str) -> list[str]:
    """The files under ``folder``/``part``, by their path inside ``folder``."""
    return [p.relative_to(folder).as_posix() for p in (folder / part).rglob("*") if p.is_file()]


def temporary_folder() -> Path:
    """A new folder to build a preview into (``site serve``)."""
    return Path(tempfile.mkdtemp(prefix="casectl-site-"))


def remove(folder: Path) -> None:
    """Remove a preview's temporary folder."""
    shutil.rmtree(folder, ignore_errors=True)


def signature(root: Path) -> int:
    """A fingerprint of the casebook's files (each one's path, size and time of change), the
    folders whose names begin with a dot left out (``.git``, ``.casectl``): it changes when a
    file is written, added or removed. One walk of the folders, no file read."""
    seen = []
    for top, folders, names in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(names):
            with contextlib.suppress(OSError):
                st = os.stat(os.path.join(top, name))
                seen.append((top, name, st.st_size, st.st_mtime_ns))
    return hash(tuple(seen))


CHECK_EVERY = 1.0  # seconds: the least time between two looks for a change (site serve)


def serve(
    folder: Path,
    port: int,
    ready: Callable[[str], None],
    check: Callable[[], object] | None = None,
) -> None:
    """Serve ``folder`` read-only (GET and HEAD) on localhost until interrupted; ``ready``
    is told the address once the server listens. ``check`` (rebuild what changed) is called
    before a page is sent, at most once every ``CHECK_EVERY`` seconds, one request at a
    time: a page asked for after a change is the page rebuilt."""
    import threading
    import time

    lock = threading.Lock()
    last = [time.monotonic()]

    def look() -> None:
        with lock:
            if check is not None and time.monotonic() - last[0] >= CHECK_EVERY:
                check()
                last[0] = time.monotonic()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def send_head(self) -> Any:  # the file, as the standard handler opens it
            if self.path.split("?")[0].endswith(("/", ".html")):
                look()
            return super().send_head()

    handler = functools.partial(Quiet, directory=os.fspath(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        ready(f"http://127.0.0.1:{server.server_address[1]}/")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def in_background(jobs: Sequence[Callable[[], T]]) -> Callable[[], list[T]] | None:
    """Start each of ``jobs`` in a process of its own, forked from this one (so it has all
    this process has read, without copying it over); the function returned waits for their
    results, in order, and raises what a job raised. None, and nothing started, where that
    does not pay: one core only, or a system that cannot fork."""
    import multiprocessing

    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    forking = multiprocessing.get_context("fork")
    started = []
    for job in jobs:
        here, there = forking.Pipe(duplex=False)
        process = forking.Process(target=_run, args=(job, there), daemon=True)
        process.start()
        there.close()
        started.append((job, process, here))

    def results() -> list[T]:
        out: list[T] = []
        for job, process, here in started:
            try:
                ok, value = here.recv()
            except EOFError:  # the process died (killed, out of memory): the job done here
                ok, value = True, job()
            process.join()
            if not ok:
                raise value
            out.append(value)
        return out

    return results


def _run(job: Callable[[], object], there: Connection) -> None:
    try:
        there.send((True, job()))
    except BaseException as exc:  # told to the parent, which raises it
        there.send((False, exc))
    finally:
        there.close()
