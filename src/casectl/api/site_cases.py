"""The case pages of a site (``Site.site``): rendered again only where their inputs changed
since the last build, written only where their bytes did, and for a big casebook by two
forked processes while the building one goes on with the rest (and then helps them)."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from casectl.render.site import CasePages
    from casectl.render.site.data import SiteData
    from casectl.storage.site import Written

LANGUAGES = ("zh", "en")  # the site's languages, a folder each
T = TypeVar("T")
PARALLEL_FROM = 2000  # cases: a smaller casebook's pages are all rendered in one process


CHUNK = 250  # cases a process takes at a time: the last ones done by whichever is free


def start(
    data: SiteData, folder: Path, also: Callable[[], Written] | None = None
) -> Callable[[], list[Written]]:
    """Write the case pages of both languages into ``folder``, and what ``also`` writes; the
    function returned waits for what was written (each part's pages, counted, with every case
    page's name and inputs). From ``PARALLEL_FROM`` cases, two forked processes take the cases
    ``CHUNK`` at a time, a third does ``also``, and this one, once it has done the rest of the
    site, takes what chunks are left when it waits; below, or where forking does not pay, they
    are written here and now."""
    import multiprocessing

    from casectl.storage import site as store

    forks = "fork" in multiprocessing.get_all_start_methods()  # not on Windows
    if not data.public and len(data.cases) >= PARALLEL_FROM and forks:
        chunks = -(-len(data.cases) // CHUNK)
        taken = multiprocessing.get_context("fork").Value("i", 0)  # the next chunk, shared

        def share() -> Written:
            return _through(data, folder, taken, chunks)

        wait = store.in_background([share, share, *([also] if also else [])])
        if wait is not None:

            def finish() -> list[Written]:
                parts = [share(), *wait()]  # what is left taken here too
                done = {c for part in parts for c in part.parts}
                lost = [c for c in range(chunks) if c not in done]  # a process that died
                return parts + [write(data, folder, c, chunks) for c in lost]

            return finish
    done = [write(data, folder), *([also()] if also else [])]
    return lambda: done


def _through(data: SiteData, folder: Path, taken: Any, chunks: int) -> Written:
    """The chunks of case pages this process takes, one after the other, until none is
    left; ``taken``: the next chunk's number, shared by the processes."""
    from casectl.storage import site as store

    done = store.Written(str(folder))
    while True:
        with taken.get_lock():
            chunk = taken.value
            taken.value += 1
        if chunk >= chunks:
            return done
        part = write(data, folder, chunk, chunks)
        done.written += part.written
        done.unchanged += part.unchanged
        done.inputs.update(part.inputs)
        done.names += part.names
        done.parts.append(chunk)


def write(data: SiteData, folder: Path, part: int = 0, parts: int = 1) -> Written:
    """The case pages of ``part`` of ``parts`` of the cases, in both languages: each
    language's written once rendered, the second part's in the other order, so that two
    processes seldom write into one folder at once (creating files in one folder is done one
    at a time: two processes there take twice as long as in two folders)."""
    from casectl.render import site as render
    from casectl.storage import site as store

    done = store.Written(str(folder))
    turn = part % len(LANGUAGES)
    for lang in LANGUAGES[turn:] + LANGUAGES[:turn]:

        def made(lang: str = lang) -> CasePages:
            return render.case_pages(replace(data, language=lang), part, parts)

        pages = speaking(lang, made)
        put = store.put(folder, {f"{lang}/{p}": text for p, text in pages.pages.items()})
        done.written += put.written
        done.unchanged += put.unchanged + len(pages.inputs) - len(pages.pages)  # as last built
        done.inputs.update({f"{lang}/{p}": key for p, key in pages.inputs.items()})
    done.names = list(done.inputs)
    done.parts = [part]
    return done


def speaking(lang: str, render: Callable[[], T]) -> T:
    """``render()`` with the reader's language ``lang`` (zh or en), in a context of its own,
    so the run's language is left as it was."""
    from casectl import i18n
    from casectl.storage.language import catalog

    def run() -> T:
        language = i18n.CHINESE if lang == "zh" else i18n.ENGLISH
        i18n.use(catalog(language), language)
        return render()

    return contextvars.copy_context().run(run)
