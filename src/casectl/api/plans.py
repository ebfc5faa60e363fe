"""The month's plan as library calls: add an item, mark it done, read a month's plan."""

from __future__ import annotations

from casectl.api.base import Base


class Plans(Base):
    """plan add, plan done, plan list."""
