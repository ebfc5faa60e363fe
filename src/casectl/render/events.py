"""Timeline events in the reader's language.

The core writes a case's timeline in English (``action a1 done``, ``waiting on customer``) and
the case file keeps it so: files, JSON and merges never change with the language. Only where an
event is shown to a person is it read back (``core.events.parse``) and said here, one template
a kind; the detail casectl wrote for it (``B → A (customer merge)``) is said too, the words a
person gave with it are shown as written. An event casectl did not write is shown as stored.
"""

from __future__ import annotations

from casectl.core import events as ev
from casectl.i18n import N_, _, language, list_text

# Each kind of event as people read it: its fields fill the holes.
_SAID: dict[type[ev.Event], str] = {
    ev.Recorded: N_("recorded"),
    ev.Responded: N_("responded"),
    ev.EvidenceAdded: N_("evidence {evidence} added"),
    ev.FindingAdded: N_("finding {finding} added"),
    ev.Investigated: N_("investigated"),
    ev.RootCauseRevised: N_("root cause revised"),
    ev.CauseClassified: N_("cause classified"),
    ev.ActionAdded: N_("action {action} added"),
    ev.ActionDone: N_("action {action} done"),
    ev.ActionCancelled: N_("action {action} cancelled"),
    ev.UpdateSent: N_("update {update} sent"),
    ev.Resolved: N_("resolved"),
    ev.Repaired: N_("repaired"),
    ev.FollowUpDone: N_("follow-up done"),
    ev.SurveyRecorded: N_("survey recorded"),
    ev.Reviewed: N_("reviewed"),
    ev.Closed: N_("closed"),
    ev.Reopened: N_("reopened"),
    ev.PromiseKept: N_("promise {promise} kept"),
    ev.PromiseKeptLate: N_("promise {promise} kept (late)"),
    ev.PromiseWithdrawn: N_("promise {promise} withdrawn"),
    ev.PromiseRenegotiated: N_("promise {promise} renegotiated"),
    ev.PromiseRenegotiatedLate: N_("promise {promise} renegotiated after it was missed"),
    ev.Escalated: N_("escalated to {to}"),
    ev.Waiting: N_("waiting on customer"),
    ev.Resumed: N_("resumed"),
    ev.NoteAdded: N_("note {note} added"),
    ev.MailReceived: N_("mail {mail} received"),
    ev.AttachmentAdded: N_("attachment {attachment} added"),
    ev.NoteAmended: N_("note {note} amended"),
    ev.EditedByHand: N_("edited by hand"),
    ev.StepRetracted: N_("step {step} retracted"),
    ev.CustomerRenamed: N_("customer renamed"),
    ev.Imported: N_("imported"),
    ev.TimeUnknown: N_("time unknown (imported): {steps}"),
    ev.Reimported: N_("updated from the log"),
    ev.CaseReceived: N_("received: {title}"),
    ev.FirstResponse: N_("first response"),
    ev.RootCauseFound: N_("root cause: {root_cause}"),
    ev.UpdateGiven: N_("update: {summary}"),
    ev.ResolvedAs: N_("resolved: {summary}"),
    ev.SurveyAnswered: N_("survey: NPS {nps}, CSAT {csat}"),
}

# ``forced STEP`` and ``amended FIELD``: the step or field has its own words.
_FORCED = {
    "investigated": N_("root cause recorded without its requirements (forced)"),
    "resolve": N_("resolved without its requirements (forced)"),
    "repair": N_("repair recorded without its requirements (forced)"),
    "follow-up": N_("follow-up visit recorded without its requirements (forced)"),
    "review": N_("reviewed without its requirements (forced)"),
}
_AMENDED = {
    "response.summary": N_("response amended"),
    "resolution.summary": N_("resolution amended"),
    "investigation.root_cause": N_("root cause amended"),
}


def _template(event: ev.Event) -> str | None:
    if isinstance(event, ev.Forced):
        return _FORCED.get(event.step)
    if isinstance(event, ev.Amended):
        return _AMENDED.get(event.where)
    return _SAID.get(type(event))


def event_text(stored: str, detail: str | None = None) -> str:
    """A timeline event (or a customer history line) as the reader should see it: translated
    when casectl wrote it, as stored otherwise. English is the stored text, unchanged."""
    if language() == "en" or not stored:
        return stored
    event = ev.parse(stored, detail)
    template = _template(event) if event is not None else None
    if event is None or template is None:
        return stored
    if isinstance(event, ev.StepRetracted):  # the step taken back in the reader's words too
        return _(template).format(step=event_text(event.step))
    return _(template).format_map(event.as_dict())


def detail_text(stored: str, detail: str) -> str:
    """An event's detail: the words casectl wrote there translated, people's text as written."""
    event = ev.parse(stored, detail)
    if language() == "en" or event is None or event.detail != detail:
        return detail
    if isinstance(event, ev.Reviewed):
        return _(ev.PUBLISHED)
    if isinstance(event, ev.EvidenceAdded):
        return _("{label}: {value}").format(label=event.kind, value=event.ref)
    if isinstance(event, ev.CauseClassified):
        return list_text(event.values)
    if isinstance(event, ev.EditedByHand):
        return list_text(event.changed)
    if isinstance(event, ev.CustomerRenamed):
        why = _(ev.MERGE) if event.why == ev.MERGE else event.why
        said = _("{old} → {new} ({why})")
        return said.format(old=event.old, new=event.new, why=why)
    if isinstance(event, ev.Imported | ev.Reimported):
        return _("{source} row {row}").format(source=event.source, row=event.row)
    return detail
