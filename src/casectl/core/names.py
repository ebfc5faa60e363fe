"""Names people type: when two of them mean the same customer, and what a name may become as
a file name. Pure. docs/customers.md tells the rules.

- ``fold``: a name as compared. ``Beta Corp``, ``BetaCorp``, ``ＢｅｔａＣｏｒｐ`` and
  ``Beta\\u200bCorp`` are one customer: characters that show nothing are left out (zero-width,
  bidirectional controls, other format and control characters), then every space, and the rest
  is read as its plain form (NFKC) with case ignored.
- ``invisible``: the first character that shows nothing, so that a name typed for a profile
  can be refused naming it (``U+200B``).
- ``file_stem``: what a name becomes as a file name (without its extension) that Windows,
  macOS and Linux all hold: no separator or character Windows forbids, nothing invisible, no
  device name (``CON``, ``nul.txt``), no trailing dot or space, at most ``STEM_BYTES`` bytes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that show nothing, beside the control (Cc), format (Cf) and surrogate (Cs)
# categories: Unicode's default-ignorable code points that are letters or marks (the Hangul
# fillers, the variation selectors, the combining grapheme joiner, Mongolian selectors …).
# The zero-width (U+200B-U+200D, U+2060, U+FEFF) and bidirectional controls (U+061C,
# U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) are format characters, so among them.
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
# ASCII holds no format character: its controls are all there is to leave out.
_ASCII_CONTROLS = dict.fromkeys([*range(0x20), 0x7F])


def _shows_nothing(ch: str) -> bool:
    return unicodedata.category(ch) in _HIDDEN_CATEGORIES or bool(_IGNORABLE.match(ch))


def invisible(name: str) -> str | None:
    """The first character of ``name`` that shows nothing (a control, zero-width, bidi or other
    format character), or None."""
    if name.isprintable() and not _IGNORABLE.search(name):
        return None
    return next((ch for ch in name if _shows_nothing(ch)), None)


def without_invisible(name: str) -> str:
    """``name`` with every character that shows nothing left out."""
    if name.isascii():
        return name.translate(_ASCII_CONTROLS)
    if invisible(name) is None:
        return name
    return "".join(ch for ch in name if not _shows_nothing(ch))


# What may stand between the letters of a name in running text and leave its fold unchanged:
# spaces and the invisible characters people meet (controls, the soft hyphen, zero-width and
# bidi controls, the byte-order mark).
_GAP = r"[\s\x00-\x1f\x7f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]*"
_FULL_WIDTH = 0xFEE0  # U+FF01-U+FF5E are U+0021-U+007E written full width


def loose_pattern(name: str) -> str:
    """A regular expression (for ``re.IGNORECASE``) that finds ``name`` in running text in the
    spellings that fold as it does: spaces and invisible characters anywhere between its
    letters or none (``Beta Corp``, ``BetaCorp``, ``Beta\u200bCorp``), ASCII letters and signs
    also full width (``ＢｅｔａＣｏｒｐ``)."""
    return _GAP.join(loose_parts(name))


def loose_parts(name: str) -> list[str]:
    """``loose_pattern``'s parts, one a character of ``name`` (each matches one character)."""
    parts = []
    for ch in "".join(without_invisible(name).split()):
        plain = chr(ord(ch) - _FULL_WIDTH) if "\uff01" <= ch <= "\uff5e" else ch
        if "!" <= plain <= "~":
            parts.append(f"[{re.escape(plain)}{re.escape(chr(ord(plain) + _FULL_WIDTH))}]")
        else:
            parts.append(re.escape(ch))
    return parts


def code(ch: str) -> str:
    """A character as people look it up: ``U+200B``."""
    return f"U+{ord(ch):04X}"


@lru_cache(maxsize=8192)  # the same customers come back on every row of a casebook
def fold(name: str) -> str:
    """Which customer ``name`` means, as compared everywhere: nothing invisible, no spaces at
    all, NFKC (full-width letters as plain ones), case folded. Idempotent: the steps repeat
    until the text stops changing (NFKC can make a space, and a space left out can let two
    characters compose)."""
    if name.isascii():
        return "".join(name.translate(_ASCII_CONTROLS).split()).lower()
    text = name
    for _ in range(8):
        before = text
        text = "".join(without_invisible(text).split())
        text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
        if text == before:
            break
    return text


# --- file names -----------------------------------------------------------------------------

# A file name of at most 255 bytes is what ext4, XFS, Btrfs, APFS and NTFS hold; eCryptfs holds
# 143. A stem of 120 bytes (40 Chinese characters, 30 emoji) leaves room for an extension and
# for the temporary name of an atomic write (``.<name>.yaml.<8 random>.tmp``: 19 bytes more).
STEM_BYTES = 120
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]+')  # Windows forbids these; / and \ separate folders
_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]}
)


def reserved(stem: str) -> bool:
    """Whether Windows takes a file named ``stem`` for a device: CON, PRN, AUX, NUL, COM0-9,
    LPT0-9, with any extension (``nul.txt``) and in any case."""
    base = stem.partition(".")[0].rstrip(" ")
    return base.upper() in _DEVICES


def cut(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` bytes of UTF-8, never inside a character."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", "ignore")


def file_stem(name: str, *, max_bytes: int = STEM_BYTES, trim: str = "") -> str:
    """``name`` as a file name without its extension, safe on every common file system: what
    shows nothing left out, each run of characters Windows forbids (``< > : " / \\ | ? *``)
    made one ``-``, no leading or trailing dot or space (nor a ``trim`` character), at most
    ``max_bytes`` bytes, ``_`` after a Windows device name (``con_``, ``nul_.txt``), and never
    empty (``_``). Letters of every script stay as they are."""
    ends = " ." + trim
    text = unicodedata.normalize("NFC", without_invisible(name))
    text = cut(_FORBIDDEN.sub("-", text).strip(ends), max_bytes).rstrip(ends)
    if reserved(text):
        base, dot, rest = text.partition(".")
        text = cut(f"{base.rstrip(' ')}_{dot}{rest}", max_bytes).rstrip(ends)
    return text or "_"
