"""Learning from cases as library calls: the retrospective report (and the scorecard), the
case library (kb search, kb export) and letters to the customer."""

from __future__ import annotations

from casectl.api.base import Base


class Learning(Base):
    """report, kb, letter."""
