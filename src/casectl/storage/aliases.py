"""How many values a YAML text reaches through its aliases (``*name``), counted before the text
is loaded: a few hundred bytes of nested aliases (a "billion laughs") stand for billions of
values, which every reader that walks the result — the models, the problem finder, the round
trip — would visit one by one. ``yamlio`` refuses a text past ``LIMIT`` before loading it.

Hand-written settings may use an anchor or a merge key (``<<: *targets``) and reach a few
dozen values so; casectl never writes an alias.
"""

from __future__ import annotations

from typing import Any

import yaml

LIMIT = 10_000  # values reached through aliases, in one document


def reached(text: str, loader: Any, limit: int = LIMIT) -> int:
    """The number of values ``text``'s aliases reach (each counted as often as it is reached),
    stopping once past ``limit``; 0 for text without an alias, and for text the parser refuses
    (the loader then says what is wrong)."""
    if "*" not in text:
        return 0
    sizes: dict[str, int] = {}  # anchor -> values in the node it names, aliases expanded
    open_nodes: list[list[Any]] = [[0, None]]  # [values so far, anchor] of each open node
    through = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                open_nodes.append([1, event.anchor])
            elif isinstance(event, yaml.CollectionEndEvent):
                size, anchor = open_nodes.pop()
                if anchor is not None:
                    sizes[anchor] = size
                open_nodes[-1][0] += size
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                open_nodes[-1][0] += 1
            elif isinstance(event, yaml.AliasEvent):
                size = sizes.get(event.anchor or "", 1)
                through += size
                open_nodes[-1][0] += size
                if through > limit:
                    return through
    except yaml.YAMLError:
        return 0
    return through
