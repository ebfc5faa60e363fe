"""Write the sample mails in this folder, byte for byte as a mail client would: CRLF line ends,
RFC 2047 headers, base64 and quoted-printable parts. The files are committed; this script is
how they were made (run it from anywhere: ``python tests/data/mail/make_samples.py``).

- gbk-complaint.eml: Foxmail-style, GB2312/GBK labels (the body holds 喆, which GB2312 lacks:
  readers must read GB18030), a PNG screenshot with a GB2312-encoded name and a log attached.
- html-only.eml: English, an HTML body and no plain part.
- forwarded.eml: a manager's Outlook forward (``FW:``) carrying the customer's From and Sent.
- forwarded-attached.eml: a forward that attaches the original as message/rfc822.
- reply.eml: the customer's reply to gbk-complaint.eml (In-Reply-To, References, a quote).
- case-id-subject.eml: a mail whose subject names a case, ``[C-261120-7QH4K]``.
- outlook.msg: written by make_msg.py (MS-OXMSG in an MS-CFB file).
"""

from __future__ import annotations

import base64
import quopri
from pathlib import Path

HERE = Path(__file__).parent
PNG = base64.b64decode(  # a 1x1 PNG: the screenshot
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
LOG = (
    "2026-11-20 17:02:11 INFO  export job 8812 started (rows: 80000)\n"
    "2026-11-20 17:03:11 ERROR gateway closed the connection after 60 s\n"
)


def words(text: str, label: str, codec: str | None = None) -> str:
    """``text`` as an RFC 2047 encoded word in base64."""
    return f"=?{label}?B?{base64.b64encode(text.encode(codec or label)).decode()}?="


def b64_lines(data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    return "\r\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))


def mail(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def gbk_complaint() -> bytes:
    text = (
        "李工，您好：\n\n"
        "自 11 月 20 日升级后，导出超过 5 万行的月末报表会超时失败，财务部 12 名同事无法按时提交月结。\n"
        "截图和服务器日志见附件。请尽快处理，有问题请联系财务部张喆。\n\n"
        "张敏\n华东精密制造有限公司 财务经理\n"
    )
    html = "<html><body><p>李工，您好：</p><p>自 11 月 20 日升级后，导出超过 5 万行的月末报表会超时失败。</p></body></html>"
    return mail(
        "Received: from mx.hdjm.com.cn (mx.hdjm.com.cn [203.0.113.7]) by mx.example.com;",
        " Fri, 20 Nov 2026 17:30:12 +0800",
        f'From: "{words("张敏", "GB2312")}" <zhang.min@hdjm.com.cn>',
        f"To: {words('李伟', 'GB2312')} <li.wei@example.com>",
        f"Subject: {words('月末报表导出超时，财务无法按时提交', 'gbk')}",
        "Date: Fri, 20 Nov 2026 17:30:00 +0800",
        "Message-ID: <202611201730001234567@hdjm.com.cn>",
        "X-Mailer: Foxmail 7.2.25.228[cn]",
        "Mime-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="----=_001_NextPart1"',
        "",
        "This is a multi-part message in MIME format.",
        "",
        "------=_001_NextPart1",
        'Content-Type: multipart/alternative; boundary="----=_002_NextPart2"',
        "",
        "------=_002_NextPart2",
        'Content-Type: text/plain; charset="gb2312"',
        "Content-Transfer-Encoding: base64",
        "",
        b64_lines(text.encode("gb18030")),
        "",
        "------=_002_NextPart2",
        'Content-Type: text/html; charset="gb2312"',
        "Content-Transfer-Encoding: base64",
        "",
        b64_lines(html.encode("gb18030")),
        "",
        "------=_002_NextPart2--",
        "",
        "------=_001_NextPart1",
        f'Content-Type: image/png; name="{words("报错截图.png", "GB2312")}"',
        "Content-Transfer-Encoding: base64",
        f'Content-Disposition: attachment; filename="{words("报错截图.png", "GB2312")}"',
        "",
        b64_lines(PNG),
        "",
        "------=_001_NextPart1",
        'Content-Type: application/octet-stream; name="app-server-2026-11-20.log"',
        "Content-Transfer-Encoding: base64",
        'Content-Disposition: attachment; filename="app-server-2026-11-20.log"',
        "",
        b64_lines(LOG.encode()),
        "",
        "------=_001_NextPart1--",
    )


def html_only() -> bytes:
    html = (
        "<html><head><style>p { color: #333 }</style><script>alert('x')</script></head><body>"
        "<p>Hello team,</p><p>Since Monday the <b>Invoices</b> page is blank for all 40 users "
        "in our Denver office.</p><ul><li>Chrome and Edge</li><li>cleared the cache</li></ul>"
        "<p>Please call me at +1 303 555 0142.</p><p>Regards,<br>John Carter<br>"
        "Northwind Traders</p><img src='https://tracker.example/pixel.gif'></body></html>"
    )
    return mail(
        'From: "John Carter" <john.carter@northwind.example>',
        "To: support@example.com",
        "Subject: Invoices page is blank since Monday",
        "Date: Mon, 23 Nov 2026 08:05:00 -0500",
        "Message-ID: <CAJ8n2x=invoices-blank@mail.northwind.example>",
        "MIME-Version: 1.0",
        'Content-Type: text/html; charset="utf-8"',
        "Content-Transfer-Encoding: quoted-printable",
        "",
        quopri.encodestring(html.encode()).decode().replace("\n", "\r\n"),
    )


def forwarded() -> bytes:
    body = (
        "Li Wei, please take this one: Huadong's plant cannot log in in the mornings.\n\n"
        "Wang Fang\n\n"
        "-----Original Message-----\n"
        "From: Liu Yang [mailto:liu.yang@hdjm.com.cn]\n"
        "Sent: Thursday, November 19, 2026 4:12 PM\n"
        "To: Wang Fang <wang.fang@example.com>\n"
        "Subject: Login takes two minutes every morning\n\n"
        "Dear Wang Fang,\n\n"
        "Since the upgrade every login between 8 and 9 am takes about two minutes.\n"
        "Forty operators on the shop floor wait at shift start.\n\n"
        "Liu Yang\nIT, Huadong Precision\n"
    )
    return mail(
        "From: Wang Fang <wang.fang@example.com>",
        "To: Li Wei <li.wei@example.com>",
        "Subject: FW: Login takes two minutes every morning",
        "Date: Mon, 23 Nov 2026 09:02:00 +0800",
        "Message-ID: <AM0PR01MB1234FW@example.com>",
        "Thread-Topic: Login takes two minutes every morning",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        b64_lines(body.encode()),
    )


def forwarded_attached() -> bytes:
    inner = mail(
        "From: =?utf-8?B?5byg5pWP?= <zhang.min@hdjm.com.cn>",
        "To: wang.fang@example.com",
        "Subject: =?utf-8?B?5omT5Y2w5py65rKh5pyJ5Y+N5bqU?=",
        "Date: Wed, 18 Nov 2026 10:20:00 +0800",
        "Message-ID: <original-printer@hdjm.com.cn>",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        b64_lines("打印机没有反应，出库单打不出来。\n".encode()),
    )
    return mail(
        "From: Wang Fang <wang.fang@example.com>",
        "To: Li Wei <li.wei@example.com>",
        "Subject: =?utf-8?B?6L2s5Y+ROiDmiZPljbDmnLrmsqHmnInlj43lupQ=?=",
        "Date: Mon, 23 Nov 2026 09:10:00 +0800",
        "Message-ID: <fw-printer@example.com>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b1"',
        "",
        "--b1",
        'Content-Type: text/plain; charset="utf-8"',
        "",
        "Please handle.",
        "--b1",
        "Content-Type: message/rfc822",
        'Content-Disposition: attachment; filename="original.eml"',
        "",
        inner.decode("ascii").rstrip("\r\n"),
        "--b1--",
    )


def reply() -> bytes:
    text = (
        "李工：\n\n今天上午又试了一次，8 万行的报表还是超时。请问什么时候能修好？\n\n张敏\n\n"
        "------------------ 原始邮件 ------------------\n"
        '发件人: "李伟"<li.wei@example.com>;\n'
        "发送时间: 2026年11月23日(星期一) 上午10:02\n"
        '收件人: "张敏"<zhang.min@hdjm.com.cn>;\n'
        "主题: 回复: 月末报表导出超时，财务无法按时提交\n\n"
        "张经理，您好：已收到，我们正在排查。\n"
    )
    return mail(
        f'From: "{words("张敏", "GB2312")}" <zhang.min@hdjm.com.cn>',
        "To: li.wei@example.com",
        f"Subject: {words('回复: 月末报表导出超时，财务无法按时提交', 'gbk')}",
        "Date: Mon, 23 Nov 2026 14:20:00 +0800",
        "Message-ID: <202611231420009876543@hdjm.com.cn>",
        "In-Reply-To: <li.wei.1002@example.com>",
        "References: <202611201730001234567@hdjm.com.cn>",
        " <li.wei.1002@example.com>",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="GB18030"',
        "Content-Transfer-Encoding: base64",
        "",
        b64_lines(text.encode("gb18030")),
    )


def case_id_subject() -> bytes:
    return mail(
        "From: Liu Yang <liu.yang@hdjm.com.cn>",
        "To: support@example.com",
        "Subject: Re: [C-261120-7QH4K] export still slow",
        "Date: Tue, 24 Nov 2026 09:30:00 +0800",
        "Message-ID: <liu.yang.0930@hdjm.com.cn>",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="us-ascii"',
        "",
        "The export of 80,000 rows still stops after a minute. Log attached next time.",
        "",
        "On Mon, 23 Nov 2026 at 15:00, Li Wei <li.wei@example.com> wrote:",
        "> We raised the gateway timeout to 300 s.",
    )


SAMPLES = {
    "gbk-complaint.eml": gbk_complaint,
    "html-only.eml": html_only,
    "forwarded.eml": forwarded,
    "forwarded-attached.eml": forwarded_attached,
    "reply.eml": reply,
    "case-id-subject.eml": case_id_subject,
}


def main() -> None:
    for name, make in SAMPLES.items():
        (HERE / name).write_bytes(make())
    from make_msg import main as make_msg  # the Outlook sample

    make_msg()


if __name__ == "__main__":
    main()
