"""Which clocks of an imported case cannot be measured: those a step the log gives no time for
starts or stops (``Source.time_unknown``; docs/decisions.md). Pure. Such a clock is
``unmeasured``: neither met nor breached, never flagged, left out of the met rates."""

from __future__ import annotations

from casectl.core.model import Case

NOTE = "time unknown (imported)"
# The clocks a step without its time leaves unmeasured: those it starts or stops.
BY_STEP: dict[str, tuple[str, ...]] = {
    "response": ("first_response", "investigation", "update_every"),
    "updates": ("update_every",),
    "root_cause": ("investigation",),
    "resolution": ("resolution", "update_every", "follow_up", "review"),
    "follow_up": ("follow_up",),
    "review": ("review",),
}


def kinds(case: Case) -> set[str]:
    """The kinds of the case's clocks that cannot be measured."""
    if case.source is None:
        return set()
    return {kind for step in case.source.time_unknown for kind in BY_STEP.get(step, ())}
