"""Complaints that arrive by mail, as library calls: a mail file read (``read_mail``), recorded
as a case (``record_from_email``), a folder of mails taken in — new complaints recorded,
replies threaded onto their cases, mails taken in before skipped (``intake``) — and files
kept as evidence (``attach``). docs/intake.md tells the flow.

Every check a mail must pass (size, attachment count and names, headers, text) is made before
anything is written: a mail that fails one leaves the casebook as it was. Attachment files are
written under the case's lock with the case; if the case cannot be written they are removed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from casectl.api.base import When
from casectl.api.steps import Steps, choice, needed
from casectl.errors import CasectlError, UsageError
from casectl.i18n import N_, msg

if TYPE_CHECKING:
    from casectl.api.results import StepResult
    from casectl.core.customers.profile import Profile
    from casectl.core.loop.attachments import Received
    from casectl.core.model import Case
    from casectl.core.transfer.intake import Guess, Intake, Taken
    from casectl.core.transfer.mail import Email
    from casectl.storage.attachments import Content

PathLike = str | os.PathLike[str]
NEW = "(new)"  # the case a dry run would record


@dataclass(frozen=True)
class MailRead:
    """A mail file read, not yet taken in: the mail, what identifies it (its Message-ID),
    the customer it seems to be from, and the case that holds it already, if one does."""

    mail: Email
    key: str
    guess: Guess
    held_by: str | None = None


@dataclass(frozen=True)
class _Asked:
    """What the caller gave for a case recorded from a mail (None: the mail's)."""

    customer: str | None = None
    contact: str | None = None
    title: str | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    impact: str | None = None
    remedy: str | None = None
    people: tuple[str, ...] = ()
    at: When = None
    by: str | None = None


@dataclass
class _Run:
    """What one intake carries from mail to mail."""

    known: dict[str, str]
    cases: set[str]
    profiles: list[Profile]
    category: str
    priority: str
    owner: str | None
    dry_run: bool
    by: str | None


class Mail(Steps):
    """record --from-email, intake, attach."""

    def _parse(self, path: Path) -> tuple[Email, bytes, str]:
        from casectl.core.transfer import intake
        from casectl.core.transfer.mail import Limits, parse
        from casectl.storage import mailfiles

        raw = mailfiles.read(path, self.config.mail.max_size)
        limits = self.config.attachments
        mail = parse(raw, self.config.tz, Limits(limits.max_count, limits.max_size), str(path))
        return mail, raw, intake.message_key(mail, raw)

    def _known(self) -> dict[str, str]:
        """Every Message-ID the casebook's cases hold, with its case (from the index)."""
        scan = self.store.entries()
        self.skipped(scan.problems)
        return {key: e.id for e in scan.entries for key in e.row.get("_mails", [])}

    def _written_at(self, mail: Email, where: str) -> datetime:
        """When the customer wrote: the Date header, in the team's zone; now when it has none
        or one later than now (said)."""
        from casectl.api.base import FUTURE_SLACK

        now = self.now()
        if mail.date is None:
            self.warn(msg("{file}: no readable Date header; taken as written now", file=where))
            return now
        if mail.date - now > FUTURE_SLACK:
            self.warn(
                msg(
                    "{file}: dated {date}, later than now; taken as written now",
                    file=where,
                    date=mail.date.isoformat(),
                )
            )
            return now
        return mail.date.astimezone(self.config.tz).replace(microsecond=0)

    def read_mail(self, path: PathLike) -> MailRead:
        """A mail file (.eml or Outlook .msg) read and checked, nothing written: the customer
        it seems to be from (through the profiles and their aliases), and the case holding it
        already, if one does."""
        from casectl.core.transfer.intake import customer_of

        mail, _, key = self._parse(Path(path))
        known = self._known()
        held = known.get(key) or (known.get(mail.original_id) if mail.original_id else None)
        return MailRead(mail, key, customer_of(mail, self.profiles().all), held)

    def record_from_email(
        self,
        path: PathLike,
        *,
        category: str,
        priority: str,
        customer: str | None = None,
        contact: str | None = None,
        title: str | None = None,
        owner: str | None = None,
        tags: Sequence[str] = (),
        impact: str | None = None,
        remedy: str | None = None,
        people: Sequence[str] = (),
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """A new case from a mail: title from its subject, description from its text, the
        customer from its sender, contact from From, received from Date, its attachments kept
        as evidence. A forward's original sender and date are used when it carries them.
        What is given here wins over the mail."""
        read = self.read_mail(path)
        if read.held_by is not None:
            raise UsageError(
                msg(
                    "{file}: this mail ({message_id}) is in {case} already",
                    file=str(path),
                    message_id=read.key,
                    case=read.held_by,
                )
            )
        asked = _Asked(
            customer, contact, title, owner, tuple(tags), impact, remedy, tuple(people), at, by
        )
        return self._record_mail(
            str(path), read.mail, read.key, read.guess, category, priority, asked
        )

    def _record_mail(
        self,
        where: str,
        mail: Email,
        key: str,
        guess: Guess,
        category: str,
        priority: str,
        asked: _Asked,
    ) -> StepResult:
        from casectl.api.results import StepResult
        from casectl.core import ids
        from casectl.core.choices import Category, Priority
        from casectl.core.loop import attachments, steps
        from casectl.core.transfer import intake

        actor = self.who(asked.at, asked.by)
        written = min(self._written_at(mail, where), actor.at)
        named, contact = self._mail_customer(where, guess, asked.customer, asked.contact)
        self._tell_forward(where, mail)
        fields = {
            "customer": named,
            "title": needed(asked.title or mail.title, "title"),
            "contact": contact,
            "description": mail.text or None,
            "category": choice(category, Category, "category"),
            "priority": choice(priority, Priority, "priority"),
            "channel": "email",
            "owner": asked.owner or actor.by,
            "tags": list(dict.fromkeys(asked.tags)),
            "impact": asked.impact,
            "remedy_sought": asked.remedy,
            "people": list(asked.people),
            "received_at": written,
        }
        item = intake.received(mail, key, reply=False, at=written)
        contents = _contents(mail)
        made: list[Path] = []
        tz = self.config.tz

        def make(taken: Callable[[str], bool]) -> Case:
            case = steps.record(ids.mint(written.astimezone(tz), taken), actor, **fields)
            case, _, _ = attachments.add_mail(case, actor, item, [c.file() for c in contents])
            made.extend(self._keep(case, contents))
            return case

        case, path = self._writing(lambda: self.store.create(make), made)
        return StepResult(case=case, path=self.relative(path), done=N_("recorded"))

    def _mail_customer(
        self, where: str, guess: Guess, customer: str | None, contact: str | None
    ) -> tuple[str, str | None]:
        """The customer and contact a mail's case names: as given, else as the sender says
        (an unsure guess told); through the profiles, as ``record`` names them."""
        if customer is None and not guess.sure:
            self.info(
                msg(
                    "{file}: customer: {name} (no customer profile matched the sender)",
                    file=where,
                    name=guess.customer,
                )
            )
        named, line, _ = self._customer_for_record(
            customer or guess.customer, contact or guess.contact, []
        )
        return named, line

    def _tell_forward(self, where: str, mail: Email) -> None:
        if mail.forward is not None:
            self.info(
                msg(
                    "{file}: forwarded by {who}; customer, contact and received are the "
                    "original's ({how})",
                    file=where,
                    who=mail.forwarded_by or "?",
                    how=msg(mail.forward),
                )
            )
        if mail.html_only:
            self.info(msg("{file}: the mail has only HTML; its text was taken from it", file=where))

    def _keep(self, case: Case, contents: Sequence[Content]) -> list[Path]:
        """The files of ``contents`` the case names, written (under the case's lock)."""
        from casectl.core.loop.attachments import home
        from casectl.storage.attachments import keep

        named = {a.path for a in case.attachments}
        wanted = [c for c in contents if home(case.id, c.file().sha256, c.name) in named]
        return keep(self.root, case.id, wanted)

    def _writing(
        self, write: Callable[[], tuple[Case, Path]], made: list[Path]
    ) -> tuple[Case, Path]:
        """``write`` the case; the attachment files made for it removed if it fails."""
        from casectl.storage.attachments import remove

        try:
            return write()
        except BaseException:
            remove(made)
            raise

    def _thread(
        self, case_id: str, mail: Email, key: str, by: str | None, where: str
    ) -> StepResult:
        """A reply kept on its case (and its attachments with it)."""
        from casectl.api.results import StepResult
        from casectl.core.lifecycle import is_open
        from casectl.core.loop import attachments
        from casectl.core.transfer import intake

        actor = self.actor(self.now(), by)
        item: Received = intake.received(mail, key, reply=True, at=self._written_at(mail, where))
        contents = _contents(mail)
        made: list[Path] = []

        def change(case: Case) -> Case:
            new, _, _ = attachments.add_mail(case, actor, item, [c.file() for c in contents])
            made.extend(self._keep(new, contents))
            return new

        case, path = self._writing(lambda: self.store.update(case_id, change), made)
        if not is_open(case):
            command = f"casectl reopen {case.id} --reason TEXT"
            self.warn(
                msg(
                    "{case} is closed; the mail was kept on it (reopen it with: {command})",
                    case=case.id,
                    command=command,
                )
            )
        return StepResult(case=case, path=self.relative(path), done=N_("mail threaded"))

    def intake(
        self,
        folder: PathLike,
        *,
        category: str = "technical",
        priority: str = "medium",
        owner: str | None = None,
        dry_run: bool = False,
        by: str | None = None,
    ) -> Intake:
        """Take in the mails of a folder (or a maildir), oldest first: a new complaint becomes
        a case, a reply is kept on the case it answers, a mail a case holds already is skipped
        (running it twice adds nothing). A mail that cannot be taken in is ``refused`` with
        the reason, and the others are still taken in. ``dry_run``: say what it would do."""
        from casectl.core.choices import Category, Priority
        from casectl.core.transfer.intake import Intake, Taken
        from casectl.storage import mailfiles

        choice(category, Category, "category")
        choice(priority, Priority, "priority")
        done = Intake(dry_run=dry_run)
        read: list[tuple[datetime, str, Email, str]] = []
        for path in mailfiles.in_folder(Path(folder)):
            try:
                mail, _, key = self._parse(path)
            except CasectlError as exc:
                done.items.append(Taken(str(path), "refused", error=exc.message))
                continue
            read.append((mail.date or self.now(), str(path), mail, key))
        read.sort(key=lambda r: (r[0], r[1]))
        run = _Run(
            known=self._known(),
            cases=set(self.store.case_files()),
            profiles=self.profiles().all,
            category=category,
            priority=priority,
            owner=owner,
            dry_run=dry_run,
            by=by,
        )
        done.items += [self._take(where, mail, key, run) for _, where, mail, key in read]
        return done

    def _take(self, where: str, mail: Email, key: str, run: _Run) -> Taken:
        """One mail of an intake, decided and (unless a dry run) done."""
        from casectl.core.transfer.intake import Taken, customer_of, decide

        subject = " ".join(mail.subject.split())
        decision = decide(mail, key, run.known, lambda case_id: case_id in run.cases)
        if decision.action == "skip":
            return Taken(where, "skipped", decision.case_id, subject, decision.by)
        action = "recorded" if decision.action == "record" else "threaded"
        if run.dry_run:
            run.known[key] = decision.case_id or NEW
            return Taken(where, action, decision.case_id, subject, decision.by)
        try:
            if decision.case_id is None:
                guess = customer_of(mail, run.profiles)
                asked = _Asked(owner=run.owner, by=run.by)
                result = self._record_mail(
                    where, mail, key, guess, run.category, run.priority, asked
                )
                run.cases.add(result.case.id)
            else:
                result = self._thread(decision.case_id, mail, key, run.by, where)
        except CasectlError as exc:
            return Taken(where, "refused", decision.case_id, subject, decision.by, exc.message)
        for own in (key, mail.original_id):
            if own:
                run.known[own] = result.case.id
        return Taken(where, action, result.case.id, subject, decision.by)

    def attach(
        self, case_id: str, files: Sequence[PathLike], *, at: When = None, by: str | None = None
    ) -> StepResult:
        """Files kept as evidence on a case, under ``attachments/<ID>/``; one the case holds
        already (the same content) is not kept twice. ``item`` names the ids added."""
        from casectl.api.results import StepResult
        from casectl.core.loop import attachments
        from casectl.storage.attachments import read_local

        limits = self.config.attachments
        if len(files) > limits.max_count:
            raise UsageError(
                msg(
                    "{count} files at once, more than {limit} (casectl.yaml attachments.max_count)",
                    count=len(files),
                    limit=limits.max_count,
                )
            )
        contents = [read_local(Path(f), limits.max_size) for f in files]
        actor = self.who(at, by)
        made: list[Path] = []
        added: list[str] = []

        def change(case: Case) -> Case:
            new, ids, again = attachments.attach(case, actor, [c.file() for c in contents])
            for name in again:
                self.info(msg("{name} is attached already (the same content)", name=name))
            added[:] = ids
            made.extend(self._keep(new, contents))
            return new

        case, path = self._writing(lambda: self.store.update(case_id, change), made)
        return StepResult(
            case=case,
            path=self.relative(path),
            done=N_("files attached") if added else N_("nothing new attached"),
            item=", ".join(added) or None,
        )


def _contents(mail: Email) -> list[Content]:
    from casectl.storage.attachments import Content

    return [Content(p.name, p.type, p.data) for p in mail.attachments]
