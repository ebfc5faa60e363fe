"""One site of several casebooks (``casectl -C east -C west site build``): each casebook's
site in a folder of its own, named by its label, its cases named ``label:ID``; a front page
lists the casebooks with their open and breached cases."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from casectl.api.site import SiteBuilt, SiteWatch, serve
from casectl.api.site_cases import speaking

if TYPE_CHECKING:
    from casectl.api.casebook import Casebook

    Books = Sequence[tuple[str, Casebook]]  # each casebook with its label


def build(books: Books, folder: str | Path, *, public: bool = False) -> SiteBuilt:
    """Each casebook's site into ``folder``/its label, and the front page; what is left of
    a casebook no longer read, or of a site of one casebook built there before, removed."""
    from casectl.core.names import file_stem
    from casectl.render.site.books import Book, books_page
    from casectl.storage import site as store

    out = Path(folder)
    store.begin(out)
    total = SiteBuilt(str(out), 0, 0, 0, 0, public)
    shown: list[Book] = []
    kept: list[str] = []
    for label, book in books:
        place = file_stem(label)
        built = book.site(out / place, public=public)
        for name in ("written", "unchanged", "removed", "cases", "open", "breached"):
            setattr(total, name, getattr(total, name) + getattr(built, name))
        total.skipped += built.skipped
        shown.append(Book(label, place, built.language, built.open, built.breached))
        kept += store.files_in(out, place)
    first = shown[0].language
    front = speaking(first, lambda: {"index.html": books_page(shown, public=public)})
    done = store.write(out, front, kept=kept)
    total.written += done.written
    total.unchanged += done.unchanged
    total.removed += done.removed
    return total


def watch(books: Books, folder: str | Path) -> SiteWatch:
    """The site of ``books`` in ``folder``, built now and kept up to date with them."""
    from casectl.storage import site as store

    def signature() -> object:
        return tuple(store.signature(book.root) for _label, book in books)

    found = SiteWatch(lambda: build(books, folder), signature)
    found.build()
    return found


def serve_all(books: Books, ready: Callable[[str], None], port: int) -> None:
    """The site of ``books`` served on localhost (``Site.serve_site``)."""
    serve(lambda folder: watch(books, folder), ready, port)
