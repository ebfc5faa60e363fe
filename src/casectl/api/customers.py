"""Customers as library calls: every customer, one customer's view, the profiles' steps
(add, set, person add, merge, touch), and finding a customer by what people type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casectl.api.base import Base

if TYPE_CHECKING:
    from casectl.core.customers.profile import Profile


class Customers(Base):
    """customer …, touch."""

    def find_customer(self, typed: str) -> Profile | None:
        """The profile ``typed`` names (its name, an alias, or a unique prefix), if any."""
        return self.profiles().find(typed)

    def close_customers(self, typed: str) -> list[str]:
        """Profiled customers whose names look like ``typed`` (to offer when none matches)."""
        from casectl.core.customers import profile as rules

        return rules.close_matches(self.profiles().all, typed)
