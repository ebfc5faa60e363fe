"""GitHub Actions workflow commands (``::error file=…::message``), escaped as GitHub reads them.
The one home of that escaping. Pure."""

from __future__ import annotations

from casectl.render.text import visible


def escape_data(text: str) -> str:
    """A workflow command's message (controls shown, never sent to the log raw)."""
    text = visible(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (``file=``, ``title=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: str | int | None) -> str:
    """One workflow command line; properties that are None are left out."""
    given = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{name}{' ' + given if given else ''}::{escape_data(message)}"
