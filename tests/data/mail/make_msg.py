"""Write outlook.msg: an Outlook message as Outlook saves one (File > Save As > Outlook Message
Format - Unicode), made from Microsoft's published specifications and nothing else:

- [MS-CFB] Compound File Binary File Format: version 3, 512-byte sectors, a 64-byte-sector
  mini stream for streams under 4096 bytes;
- [MS-OXMSG] Outlook Item (.msg) File Format: the properties stream of the message, a
  recipient and an attachment storage, ``__substg1.0_<tag>`` streams for variable-size
  properties, and the (empty) named-property mapping storage;
- [MS-OXPROPS] for the property tags.

There is no common open-source .msg writer, so this small one is kept beside the sample it made.
Run: ``python tests/data/mail/make_msg.py`` (make_samples.py runs it too).
"""

from __future__ import annotations

import base64
import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).parent
SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
UNICODE, BINARY, LONG, SYSTIME, BOOLEAN = 0x001F, 0x0102, 0x0003, 0x0040, 0x000B


@dataclass
class Node:
    """A storage or stream of the compound file."""

    name: str
    data: bytes | None = None  # None: a storage
    children: list[Node] = field(default_factory=list)
    sid: int = 0
    start: int = END
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM


def _key(node: Node) -> tuple[int, str]:
    """MS-CFB 2.6.4: siblings are ordered by name length, then by upper-case name."""
    return len(node.name), node.name.upper()


def _tree(nodes: list[Node]) -> int:
    """A balanced binary tree of siblings (every node black); its root's id."""
    if not nodes:
        return NOSTREAM
    middle = len(nodes) // 2
    root = nodes[middle]
    root.left = _tree(nodes[:middle])
    root.right = _tree(nodes[middle + 1 :])
    return root.sid


def _number(node: Node, every: list[Node]) -> None:
    node.sid = len(every)
    every.append(node)
    for child in node.children:
        _number(child, every)


def _entry(node: Node, kind: int, size: int) -> bytes:
    name = node.name.encode("utf-16-le") + b"\0\0"
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBB", len(name), kind, 1)
        + struct.pack("<III", node.left, node.right, node.child)
        + b"\0" * 16  # CLSID
        + b"\0" * 4  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<IQ", node.start, size)
    )


def compound_file(root: Node) -> bytes:
    """The tree under ``root`` as an MS-CFB version 3 file."""
    every: list[Node] = []
    _number(root, every)
    for node in every:
        node.child = _tree(sorted(node.children, key=_key))
    mini, minifat = bytearray(), []
    big: list[tuple[Node, bytes]] = []
    for node in every[1:]:
        if node.data is None:
            continue
        if len(node.data) < CUTOFF:
            first = len(mini) // MINI
            count = max(1, -(-len(node.data) // MINI)) if node.data else 0
            node.start = first if count else END
            minifat += [first + i + 1 for i in range(count - 1)] + ([END] if count else [])
            mini += node.data.ljust(count * MINI, b"\0")
        else:
            big.append((node, node.data))
    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        count = -(-len(data) // SECTOR)
        first = len(sectors)
        for i in range(count):
            sectors.append(data[i * SECTOR : (i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(first + i + 1 if i < count - 1 else END)
        return first if count else END

    for node, data in big:
        node.start = place(data)
    root.start = place(bytes(mini)) if mini else END
    minifat_bytes = b"".join(struct.pack("<I", n) for n in minifat)
    minifat_start = place(minifat_bytes.ljust(-(-len(minifat_bytes) // SECTOR) * SECTOR, b"\xff"))
    directory = b"".join(
        _entry(
            n,
            5 if n is root else (1 if n.data is None else 2),
            len(mini) if n is root else len(n.data or b""),
        )
        for n in every
    )
    unused = b"\0" * 66 + b"\0\0" + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM) + b"\0" * 48
    while len(directory) % SECTOR:
        directory += unused
    directory_start = place(directory)
    fat_count = 1
    while (len(fat) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    fat_start = len(sectors)
    fat += [FATSECT] * fat_count
    fat_bytes = b"".join(struct.pack("<I", n) for n in fat)
    fat_bytes = fat_bytes.ljust(fat_count * SECTOR, b"\xff")
    sectors += [fat_bytes[i * SECTOR : (i + 1) * SECTOR] for i in range(fat_count)]
    difat = [fat_start + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack(
            "<IIIIIIIII",
            0,
            fat_count,
            directory_start,
            0,
            CUTOFF,
            minifat_start,
            -(-len(minifat_bytes) // SECTOR),
            END,
            0,
        )
        + b"".join(struct.pack("<I", n) for n in difat)
    )
    assert len(header) == SECTOR
    return header + b"".join(sectors)


def _filetime(when: datetime) -> int:
    return int((when - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)


def properties(values: dict[int, object], header: bytes) -> list[Node]:
    """MS-OXMSG 2.4: the ``__properties_version1.0`` stream of fixed values and sizes, and a
    ``__substg1.0_`` stream for each string or binary value. Keys are property tags."""
    entries, streams = [], []
    for tag, value in sorted(values.items()):
        kind = tag & 0xFFFF
        if kind == UNICODE:
            data = str(value).encode("utf-16-le")
            entries.append(struct.pack("<IIII", tag, 6, len(data) + 2, 0))
            streams.append(Node(f"__substg1.0_{tag:08X}", data))
        elif kind == BINARY:
            data = bytes(value)  # type: ignore[call-overload]
            entries.append(struct.pack("<IIII", tag, 6, len(data), 0))
            streams.append(Node(f"__substg1.0_{tag:08X}", data))
        elif kind == SYSTIME:
            entries.append(struct.pack("<IIQ", tag, 6, _filetime(value)))  # type: ignore[arg-type]
        else:
            entries.append(struct.pack("<IIQ", tag, 6, int(value)))  # type: ignore[call-overload]
    return [Node("__properties_version1.0", header + b"".join(entries)), *streams]


SENT = datetime(2026, 11, 20, 9, 45, tzinfo=UTC)  # 17:45 in Shanghai, a Friday
SUBJECT = "库存报表数字不对"


def _words(text: str) -> str:
    return f"=?utf-8?B?{base64.b64encode(text.encode()).decode()}?="


HEADERS = (
    "Received: from mx.hdjm.com.cn by mail.example.com; Fri, 20 Nov 2026 17:45:09 +0800\r\n"
    f"From: {_words('刘洋')} <liu.yang@hdjm.com.cn>\r\n"
    "To: Li Wei <li.wei@example.com>\r\n"
    f"Subject: {_words(SUBJECT)}\r\n"
    "Date: Fri, 20 Nov 2026 17:45:00 +0800\r\n"
    "Message-ID: <DB9PR02MB7001.outlook@hdjm.com.cn>\r\n"
    "MIME-Version: 1.0\r\n"
    'Content-Type: multipart/mixed; boundary="_000_"\r\n\r\n'
)
BODY = (
    "李工：\r\n\r\n11 月库存报表里成品仓的数量与系统实时库存对不上，差 312 件。"
    "截图见附件，麻烦排查。\r\n\r\n刘洋\r\n华东精密 信息部\r\n"
)
CSV = b"sku,report,live\r\nHD-4410,1200,888\r\n"


def message() -> Node:
    top = {
        0x001A001F: "IPM.Note",
        0x0037001F: SUBJECT,
        0x0E1D001F: SUBJECT,
        0x0C1A001F: "刘洋",
        0x0C1F001F: "liu.yang@hdjm.com.cn",
        0x0C1E001F: "SMTP",
        0x5D01001F: "liu.yang@hdjm.com.cn",
        0x0042001F: "刘洋",
        0x0065001F: "liu.yang@hdjm.com.cn",
        0x0E04001F: "Li Wei",
        0x1000001F: BODY,
        0x1035001F: "<DB9PR02MB7001.outlook@hdjm.com.cn>",
        0x007D001F: HEADERS,
        0x00390040: SENT,
        0x0E060040: SENT,
        0x0E070003: 0x1 | 0x10,  # read, has attachments
        0x340D0003: 0x00040000,  # store supports Unicode
    }
    recipient = {
        0x3001001F: "Li Wei",
        0x3003001F: "li.wei@example.com",
        0x39FE001F: "li.wei@example.com",
        0x3002001F: "SMTP",
        0x0C150003: 1,  # To
    }
    attachment = {
        0x3707001F: "库存对比.csv",
        0x3704001F: "KUCUN~1.CSV",
        0x3703001F: ".csv",
        0x370E001F: "text/csv",
        0x37010102: CSV,
        0x37050003: 1,  # attached by value
        0x0E200003: len(CSV),
    }
    head = b"\0" * 8 + struct.pack("<IIII", 1, 1, 1, 1) + b"\0" * 8
    named = Node(
        "__nameid_version1.0",
        children=[
            Node("__substg1.0_00020102", b""),
            Node("__substg1.0_00030102", b""),
            Node("__substg1.0_00040102", b""),
        ],
    )
    return Node(
        "Root Entry",
        children=[
            *properties(top, head),
            named,
            Node("__recip_version1.0_#00000000", children=properties(recipient, b"\0" * 8)),
            Node("__attach_version1.0_#00000000", children=properties(attachment, b"\0" * 8)),
        ],
    )


def main() -> None:
    (HERE / "outlook.msg").write_bytes(compound_file(message()))


if __name__ == "__main__":
    main()
