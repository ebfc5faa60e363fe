"""Every field a case file can hold is a word the catalog holds (``render.field_words``): a
case's page in Chinese names no field in English."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from casectl.core.model import Case
from casectl.render.field_words import FIELD_WORDS


def field_names(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    if model in seen:
        return set()
    seen.add(model)
    found = set()
    for name, info in model.model_fields.items():
        found.add(name.replace("_", " "))
        for kind in typing.get_args(info.annotation) or (info.annotation,):
            for inner in typing.get_args(kind) or (kind,):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    found |= field_names(inner, seen)
    return found


def test_every_field_of_a_case_is_a_word_of_the_catalog() -> None:
    assert field_names(Case, set()) <= set(FIELD_WORDS)
