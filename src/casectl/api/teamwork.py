"""The casebook itself and working as a team, as library calls: validate, doctor, git setup,
the merge driver, schemas, init, hand edits, the calendar. Those that need no opened casebook
are functions of this module."""

from __future__ import annotations

from casectl.api.base import Base


class Teamwork(Base):
    """validate, calendar update, edit."""
