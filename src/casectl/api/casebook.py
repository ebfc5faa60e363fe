"""``casectl.Casebook``: one casebook opened for the library — every step and query of the
command line as a method returning typed results (``casectl.api.results``).

    >>> from casectl import Casebook
    >>> book = Casebook("examples/casebook", now="2026-11-23T10:00:00+08:00")
    >>> flagged = book.overdue()
    >>> flagged.gate.breaches
    ...

The parts live in their own modules (steps, mail, aftercare, reading, customers, learning,
plans, transfer, notify, teamwork); this class only joins them.
"""

from __future__ import annotations

from casectl.api.aftercare import Aftercare
from casectl.api.closing import BulkClose
from casectl.api.customers import Customers
from casectl.api.learning import Learning
from casectl.api.mail import Mail
from casectl.api.notify import Notify
from casectl.api.plans import Plans
from casectl.api.reading import Reading
from casectl.api.site import Site
from casectl.api.steps import Steps
from casectl.api.teamwork import Teamwork
from casectl.api.transfer import Transfer


class Casebook(
    Mail,
    Steps,
    Aftercare,
    BulkClose,
    Reading,
    Customers,
    Learning,
    Plans,
    Transfer,
    Notify,
    Teamwork,
    Site,
):
    """A casebook: ``Casebook(path)`` opens the one at ``path`` (None: found from the working
    directory as git finds .git, or ``CASECTL_CASEBOOK``). ``now`` fixes "now" (a datetime or
    ISO text; default ``CASECTL_NOW``, else the clock); ``user`` is who acts by default;
    ``notices`` receives what a person should be told along the way (default: kept in
    ``notices``)."""
