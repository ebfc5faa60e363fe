"""Notifications as library calls: what became due since each target's last run, sent."""

from __future__ import annotations

from casectl.api.base import Base


class Notify(Base):
    """notify, escalate --notify."""
