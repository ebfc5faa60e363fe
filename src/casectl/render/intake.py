"""What ``intake`` did with each mail, as a table and as JSON; a case's mails and attachments
as the ``show`` panel lists them. Pure. Every header and body text passes through the
neutralisers of ``render.text`` (a table cell is made one visible line)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casectl.i18n import _, pgettext, text
from casectl.render.json import dumps
from casectl.render.text import Table, one_line

if TYPE_CHECKING:
    from casectl.core.transfer.intake import Intake

ACTIONS = {  # what the table says, done and in a dry run
    "recorded": (pgettext("intake", "recorded"), pgettext("intake", "would record")),
    "threaded": (pgettext("intake", "threaded"), pgettext("intake", "would thread")),
    "skipped": (pgettext("intake", "skipped"), pgettext("intake", "would skip")),
    "refused": (pgettext("intake", "refused"), pgettext("intake", "would refuse")),
}


def action_text(action: str, dry_run: bool) -> str:
    said = ACTIONS.get(action)
    return (said[1] if dry_run else said[0]) if said else action


def table(done: Intake) -> Table:
    """One row a mail: its file, what was done, the case, the subject (or why it was refused)."""
    rows = [
        [
            one_line(item.file),
            action_text(item.action, done.dry_run),
            item.case or "",
            one_line(text(item.error) if item.error else item.subject),
        ]
        for item in done.items
    ]
    return Table(
        [_("file"), pgettext("intake", "action"), _("case"), _("subject")], rows, keep=(2,)
    )


def as_json(done: Intake) -> str:
    """``{"dry_run", "counts", "items": [{file, action, case, subject, by, error}]}``."""
    counts = {a: done.count(a) for a in ("recorded", "threaded", "skipped", "refused")}
    items: list[dict[str, Any]] = [
        {
            "file": i.file,
            "action": i.action,
            "case": i.case,
            "subject": i.subject,
            "by": i.by or None,
            "error": i.error,
        }
        for i in done.items
    ]
    return dumps({"dry_run": done.dry_run, "counts": counts, "items": items})


def summary(done: Intake) -> str:
    """``2 recorded, 1 threaded, 3 skipped, 0 refused`` (``would …`` in a dry run)."""
    line = _("{recorded} recorded, {threaded} threaded, {skipped} skipped, {refused} refused")
    if done.dry_run:
        line = _(
            "dry run: would record {recorded}, thread {threaded}, skip {skipped}, "
            "refuse {refused}; nothing was written"
        )
    return line.format(**{a: done.count(a) for a in ("recorded", "threaded", "skipped", "refused")})
