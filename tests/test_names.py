"""The one rule for comparing names (``fold``) and the one rule for what a name becomes as a
file name (``file_stem``), tested where they live: ``casectl.core.names``."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casectl.core.customers.profile import slug, typed_name
from casectl.core.names import (
    STEM_BYTES,
    code,
    cut,
    file_stem,
    fold,
    invisible,
    loose_pattern,
    reserved,
    without_invisible,
)
from casectl.errors import UsageError

# The characters that make look-alike names: zero-width, bidi controls, a word joiner, the BOM.
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
BIDI = [
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]
HIDDEN = [*ZERO_WIDTH, *BIDI, "\u00ad", "\x1b", "\x07", "\x00", "\x7f", "\x85", "\U000e0041"]


# --- fold ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Beta Corp", "betacorp"),
        ("BetaCorp", "betacorp"),
        ("beta   corp", "betacorp"),
        ("ＢｅｔａＣｏｒｐ", "betacorp"),  # full width
        ("Ｂｅｔａ　Ｃｏｒｐ", "betacorp"),  # with an ideographic space
        ("Beta\u200bCorp", "betacorp"),  # zero-width space
        ("Beta\u202eCorp", "betacorp"),  # right-to-left override
        ("\ufeffBeta Corp\u200e", "betacorp"),
        ("Beta\x1b[31mCorp", "beta[31mcorp"),  # ESC goes; what follows it is text
        ("Beta\u00adCorp", "betacorp"),  # a soft hyphen shows nothing either
        ("华东精密", "华东精密"),
        ("华东\u200b精密", "华东精密"),
        ("华东 精密", "华东精密"),
        ("Straße", "strasse"),
        ("ＨＤＪＭ", "hdjm"),
        ("a\u00a8", "ä"),  # NFKC makes a space and a combining mark: they meet again
        ("", ""),
        ("\u200b\u200d", ""),
    ],
)
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


def test_names_that_look_alike_fold_alike_and_others_do_not() -> None:
    same = ["Beta Corp", "BetaCorp", "ＢｅｔａＣｏｒｐ", "Beta\u200bCorp", "BETA CORP"]
    assert len({fold(n) for n in same}) == 1
    assert fold("Beta Corp") != fold("Beta Corp Ltd")
    assert fold("华东精密") != fold("华东精密制造有限公司")  # an alias says so, never the fold


def test_fold_is_the_one_every_profile_uses() -> None:
    from casectl.core.customers import profile

    assert profile.fold is fold


names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from([*HIDDEN, " ", "\u3000", "\u00a8", "\u0301", "ǰ", "ß", "Ａ", "ﬁ"]),
    max_size=20,
)


@settings(max_examples=400, deadline=None)
@given(names)
def test_fold_is_idempotent(name: str) -> None:
    assert fold(fold(name)) == fold(name)


@settings(max_examples=400, deadline=None)
@given(names, st.integers(min_value=0), st.sampled_from([*ZERO_WIDTH, *BIDI]))
def test_a_zero_width_or_bidi_character_anywhere_changes_nothing(
    name: str, where: int, hidden: str
) -> None:
    at = where % (len(name) + 1)
    assert fold(name[:at] + hidden + name[at:]) == fold(name)


@settings(max_examples=200, deadline=None)
@given(names)
def test_fold_leaves_no_space_and_nothing_invisible(name: str) -> None:
    folded = fold(name)
    assert not any(ch.isspace() for ch in folded)
    assert invisible(folded) is None


# --- invisible characters --------------------------------------------------------------------


@pytest.mark.parametrize("hidden", HIDDEN)
def test_invisible_finds_each_character_that_shows_nothing(hidden: str) -> None:
    assert invisible(f"华东{hidden}精密") == hidden
    assert without_invisible(f"华东{hidden}精密") == "华东精密"


@pytest.mark.parametrize("name", ["华东精密制造有限公司", "Beta Corp", "Café", "Ａｃｍｅ", "😀"])
def test_visible_names_have_nothing_invisible(name: str) -> None:
    assert invisible(name) is None
    assert without_invisible(name) == name


@pytest.mark.parametrize(
    ("ch", "said"), [("\u200b", "U+200B"), ("\x1b", "U+001B"), ("\U000e0041", "U+E0041")]
)
def test_a_character_is_named_by_its_code(ch: str, said: str) -> None:
    assert code(ch) == said


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("华东\u200b精密", "U+200B"),
        ("Evil\x1b[31mCorp", "U+001B"),
        ("\u202eproC ateB", "U+202E"),
        ("Beta\tCorp", "U+0009"),
        ("Beta\u2066Corp", "U+2066"),
    ],
)
def test_a_typed_profile_name_with_an_invisible_character_is_refused(typed: str, said: str) -> None:
    with pytest.raises(UsageError) as caught:
        typed_name(typed)
    message = str(caught.value)
    assert said in message and "\x1b" not in message and "\u202e" not in message


def test_a_typed_profile_name_loses_its_outer_spaces() -> None:
    assert typed_name("  华东精密  ") == "华东精密"


# --- file names ------------------------------------------------------------------------------

DEVICES = ["CON", "PRN", "AUX", "NUL", "COM1", "COM9", "LPT1", "LPT9", "COM0", "COM¹", "CONIN$"]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("spelled", [str, str.lower, str.title])
@pytest.mark.parametrize("extension", ["", ".txt", ".tar.gz"])
def test_a_windows_device_name_gets_an_underscore(
    device: str, spelled: object, extension: str
) -> None:
    name = spelled(device) + extension  # type: ignore[operator]
    assert reserved(name)
    stem = file_stem(name)
    assert not reserved(stem) and not reserved(stem + ".yaml")
    base, _, rest = name.partition(".")
    assert stem == f"{base}_" + (f".{rest}" if rest else "")


@pytest.mark.parametrize(
    "name", ["CONSOLE", "console", "NULL", "COM10", "LPT", "AUXILIARY", "X.CON"]
)
def test_names_that_only_start_like_a_device_stay_as_they_are(name: str) -> None:
    assert not reserved(name)
    assert file_stem(name) == name


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("华东精密制造有限公司", "华东精密制造有限公司"),
        ("Northwind Logistics Ltd.", "Northwind Logistics Ltd"),  # no trailing dot
        ('a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j"),  # what Windows forbids
        ("a//b", "a-b"),
        ("../../etc/passwd", "-..-etc-passwd"),  # no separator, no leading dot
        (".hidden", "hidden"),
        ("  spaced  ", "spaced"),
        ("trailing. . .", "trailing"),
        ("华东\u200b精密", "华东精密"),
        ("\u202eevil\u202c", "evil"),
        ("bell\x07\x1b[2J", "bell[2J"),
        ("", "_"),
        ("...", "_"),
        ("\u200b", "_"),
        ("Cafe\u0301", "Café"),  # NFC: one character, as the same name typed elsewhere
    ],
)
def test_file_stem(name: str, stem: str) -> None:
    assert file_stem(name) == stem


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("😀" * 80, 30),  # 4 bytes each: 30 fit in 120 bytes
        ("华" * 80, 40),  # 3 bytes each
        ("a" * 300, 120),
        ("é" * 100, 60),
        ("华东" + "a" * 200, 116),
        ("a" + "华" * 50, 40),  # the 41st character would end at byte 121
    ],
)
def test_a_long_name_is_cut_to_the_byte_limit_between_characters(name: str, letters: int) -> None:
    stem = file_stem(name)
    assert len(stem.encode("utf-8")) <= STEM_BYTES
    assert name.startswith(stem) and len(stem) == letters
    # the atomic write's temporary name beside the file fits in 143 bytes (eCryptfs), and so
    # in the 255 of every other common file system
    assert len(f".{stem}.yaml.abcdefgh.tmp".encode()) <= 143


def test_a_cut_never_leaves_a_trailing_dot_or_space() -> None:
    assert file_stem("a" * 119 + ". b") == "a" * 119
    assert file_stem("con." + "x" * 200) == "con_." + "x" * (STEM_BYTES - 5)


def test_cut_counts_bytes_not_characters() -> None:
    assert cut("华东精密", 7) == "华东"
    assert cut("华东精密", 12) == "华东精密"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_every_name_gives_a_file_name_every_system_holds(name: str) -> None:
    stem = file_stem(name)
    assert stem and len(stem.encode("utf-8")) <= STEM_BYTES
    assert not re.search(r'[<>:"/\\|?*]', stem)
    assert invisible(stem) is None
    assert not reserved(stem)
    assert not stem.endswith((".", " ")) and not stem.startswith((".", " "))
    assert file_stem(stem) == stem  # a stem is its own stem


# --- a profile's file name -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("华东精密制造有限公司", "华东精密制造有限公司"),
        ("Northwind Logistics Ltd.", "northwind-logistics-ltd"),
        ("ＡＣＭＥ  Ltd", "acme-ltd"),
        ("A & B (China) Co.", "a-b-china-co"),
        ("CON", "con_"),
        ("nul.txt", "nul_.txt"),
        ("Lpt9", "lpt9_"),
        ("华东\u200b精密", "华东精密"),
        ("😀" * 80, "😀" * 30),
        ("华" * 80, "华" * 40),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_a_slug_cut_at_the_limit_ends_in_no_dash() -> None:
    name = "a" * 119 + " b"
    assert slug(name) == "a" * 119


@pytest.mark.parametrize("name", ["///", "...", "-", "\u200b"])
def test_a_name_with_nothing_for_a_file_name_is_refused(name: str) -> None:
    with pytest.raises(UsageError, match="no file name"):
        slug(name)


# --- finding a name in running text (the case library's redaction) ----------------------------


@pytest.mark.parametrize(
    "text",
    ["Beta Corp", "BetaCorp", "beta  corp", "ＢｅｔａＣｏｒｐ", "Beta\u200bCorp", "BETA\u202eCORP"],
)
def test_loose_pattern_finds_every_spelling_that_folds_the_same(text: str) -> None:
    assert re.fullmatch(loose_pattern("Beta Corp"), text, re.IGNORECASE)
    assert fold(text) == fold("Beta Corp")


@pytest.mark.parametrize("text", ["Beta-Corp", "Beta Co", "Bet Corp"])
def test_loose_pattern_finds_no_other_name(text: str) -> None:
    assert not re.fullmatch(loose_pattern("Beta Corp"), text, re.IGNORECASE)


def test_loose_pattern_reads_a_full_width_name_as_the_plain_one() -> None:
    assert re.fullmatch(loose_pattern("ＨＤＪＭ"), "hdjm", re.IGNORECASE)
    assert re.fullmatch(loose_pattern("华东 精密"), "华东精密")
