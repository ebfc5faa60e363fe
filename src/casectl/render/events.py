"""Timeline events in the reader's language.

The core writes a case's timeline in English (``action a1 done``, ``waiting on customer``) and
the case file keeps it so: files, JSON and merges never change with the language. Only where an
event is shown to a person is it looked up here: the names casectl writes, exactly or as a
pattern with an ID in it, are translated with the catalog; anything else (an event written by
hand, or by another version) is shown as stored.
"""

from __future__ import annotations

import re

from casectl.i18n import N_, _, language

# Events written without a value: the stored name and its label.
_EXACT = frozenset(
    (
        N_("recorded"),
        N_("responded"),
        N_("investigated"),
        N_("root cause revised"),
        N_("cause classified"),
        N_("resolved"),
        N_("repaired"),
        N_("follow-up done"),
        N_("survey recorded"),
        N_("reviewed"),
        N_("closed"),
        N_("reopened"),
        N_("waiting on customer"),
        N_("resumed"),
        N_("edited by hand"),
        N_("customer renamed"),
        N_("imported"),
        N_("first response"),
        N_("published to the case library"),
    )
)

# Events with a value in them (an ID, a step, a field): a pattern and the message it is.
_PATTERNS = [
    (re.compile(rf"^{english}$".replace("{id}", r"(?P<id>[A-Za-z0-9_.-]+)")), template)
    for english, template in (
        ("evidence {id} added", N_("evidence {id} added")),
        ("finding {id} added", N_("finding {id} added")),
        ("action {id} added", N_("action {id} added")),
        ("action {id} done", N_("action {id} done")),
        ("action {id} cancelled", N_("action {id} cancelled")),
        ("update {id} sent", N_("update {id} sent")),
        ("note {id} added", N_("note {id} added")),
        ("mail {id} received", N_("mail {id} received")),
        ("attachment {id} added", N_("attachment {id} added")),
        (r"promise {id} kept \(late\)", N_("promise {id} kept (late)")),
        ("promise {id} kept", N_("promise {id} kept")),
        ("promise {id} withdrawn", N_("promise {id} withdrawn")),
        (
            "promise {id} renegotiated after it was missed",
            N_("promise {id} renegotiated after it was missed"),
        ),
        ("promise {id} renegotiated", N_("promise {id} renegotiated")),
    )
]

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
_NOTE_AMENDED = re.compile(r"^notes\[(?P<id>[^\]]+)\]\.text$")
_ESCALATED = re.compile(r"^escalated to (?P<to>.+)$", re.DOTALL)
# The customer history's own lines (core.customers): a label, then text people wrote.
_PREFIXED = {
    "received": N_("received: {value}"),
    "root cause": N_("root cause: {value}"),
    "update": N_("update: {value}"),
    "resolved": N_("resolved: {value}"),
}
_SURVEY = re.compile(r"^survey: NPS (?P<nps>\S+), CSAT (?P<csat>\S+)$")


def event_text(stored: str) -> str:
    """A timeline event (or a customer history line) as the reader should see it: translated
    when casectl wrote it, as stored otherwise. English is the stored text, unchanged."""
    if language() == "en" or not stored:
        return stored
    if stored in _EXACT:
        return _(stored)
    for pattern, template in _PATTERNS:
        found = pattern.match(stored)
        if found:
            return _(template).format(id=found["id"])
    return _with_value(stored)


def _with_value(stored: str) -> str:
    head, _space, rest = stored.partition(" ")
    if head == "forced" and rest in _FORCED:
        return _(_FORCED[rest])
    if head == "amended":
        if rest in _AMENDED:
            return _(_AMENDED[rest])
        note = _NOTE_AMENDED.match(rest)
        if note:
            return _(N_("note {id} amended")).format(id=note["id"])
    escalated = _ESCALATED.match(stored)
    if escalated:
        return _(N_("escalated to {to}")).format(to=escalated["to"])
    survey = _SURVEY.match(stored)
    if survey:
        said = _(N_("survey: NPS {nps}, CSAT {csat}"))
        return said.format(nps=survey["nps"], csat=survey["csat"])
    label, colon, value = stored.partition(": ")
    if colon and label in _PREFIXED:
        return _(_PREFIXED[label]).format(value=value)
    return stored


def detail_text(event: str, detail: str) -> str:
    """An event's detail: the words casectl wrote there translated, people's text as written."""
    if event == "reviewed" and detail in _EXACT:
        return _(detail)
    return detail
