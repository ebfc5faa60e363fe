"""Cases in and out as library calls: import an old complaint log, export cases."""

from __future__ import annotations

from casectl.api.base import Base


class Transfer(Base):
    """import, export."""
