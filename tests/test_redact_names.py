"""The case library's redaction finds names as one pattern of every name would (the longest
first, each in the spellings that fold as it does), however it looks for them: a Hypothesis
test against that one pattern, on names and texts made of the awkward parts — full-width
letters, spaces and invisible characters inside a name, a name inside a longer word, Chinese."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from casectl.core.learning.kb import _LABELS, Redactor

PIECES = ["Beta", "beta", "ＢＥＴＡ", "Corp", "corp", " ", "\u200b", ".", "li", "wei", "li.wei",
          "co", "华东", "精密", "华东精密", "客户", "-", "x", "7", "\n", "Ｌｉ", "ſ"]  # fmt: skip
names = st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map("".join), max_size=6)
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
KINDS = ["customer", "contact", "person"]


def one_pattern(redactor: Redactor, value: str) -> str:
    """What the redaction was first written as: one pattern of every name."""
    alternatives = redactor.alternatives()
    pattern = re.compile("|".join(f"({b})" for b, _ in alternatives) or r"(?!)", re.IGNORECASE)
    kinds = [kind for _, kind in alternatives]
    return pattern.sub(lambda m: _LABELS[kinds[(m.lastindex or 1) - 1]], value)


@settings(max_examples=300, deadline=None)
@given(names=names, kinds=st.lists(st.sampled_from(KINDS), min_size=6, max_size=6), text=texts)
def test_names_are_found_as_one_pattern_finds_them(
    names: list[str], kinds: list[str], text: str
) -> None:
    redactor = Redactor()
    for name, kind in zip(names, kinds, strict=False):
        redactor.add(name, kind)
    assert redactor._known(text) == one_pattern(redactor, text)


def test_a_name_is_found_in_its_other_spellings_and_not_inside_a_word() -> None:
    redactor = Redactor()
    redactor.add("Beta Corp", "customer")
    redactor.add("li.wei", "person")
    redactor.add("华东精密", "customer")
    said = redactor._known(
        "ＢｅｔａＣｏｒｐ 与 beta\u200bcorp 找 li.wei，coli.weight 不是；华东 精密"
    )
    assert said == "[customer] 与 [customer] 找 [person]，coli.weight 不是；[customer]"
    assert redactor.removed["customer"] == 2 and redactor.removed["person"] == 1
