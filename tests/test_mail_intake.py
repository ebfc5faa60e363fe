"""Complaints by mail (docs/intake.md): ``record --from-email``, ``intake`` and ``attach`` on
the sample mails of tests/data/mail/ (made by make_samples.py and make_msg.py), and hostile
mails that must leave the casebook byte for byte as it was."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli, case_file, item_ids

DATA = Path(__file__).parent / "data" / "mail"
sys.path.insert(0, str(DATA))
import make_msg  # noqa: E402
import make_samples  # noqa: E402

NOW = "2026-11-25T10:00:00+08:00"  # a Wednesday; every sample was written before it
CONFIG = """\
schema_version: 1
timezone: Asia/Shanghai
calendar:
  workdays: [mon, tue, wed, thu, fri]
  hours: ["09:00-12:00", "13:30-18:00"]
sla:
  clock: business
  high: {first_response: 4h, investigation: 1d, resolution: 3d, update_every: 8h}
  medium: {first_response: 1d, investigation: 2d, resolution: 5d, update_every: 1d}
"""


@pytest.fixture
def book(casebook: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A business-hours casebook (Mon-Fri 09:00-12:00, 13:30-18:00), now a Wednesday."""
    monkeypatch.setenv("CASECTL_NOW", NOW)
    (casebook / "casectl.yaml").write_text(CONFIG, encoding="utf-8")
    return casebook


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree(root: Path) -> str:
    """A hash of every file of the casebook but its local cache: what a commit would hold."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(".casectl") or not path.is_file():
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def from_email(run: Cli, name: str | Path, *extra: str) -> Any:
    path = name if isinstance(name, Path) else DATA / name
    result = run(
        "record", "--from-email", str(path), "--category", "technical", "--priority", "high",
        "--format", "json", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result
    return result


def samples(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in names or [p.name for p in DATA.glob("*.eml")] + ["outlook.msg"]:
        shutil.copy(DATA / name, folder / name)
    return folder


# --- the samples are what their scripts make ------------------------------------------------


def test_samples_are_what_the_scripts_write() -> None:
    for name, make in make_samples.SAMPLES.items():
        assert (DATA / name).read_bytes() == make(), name
    assert (DATA / "outlook.msg").read_bytes() == make_msg.compound_file(make_msg.message())


# --- record --from-email ----------------------------------------------------------------------


def test_a_gbk_mail_becomes_a_case_with_its_attachments_and_its_sla_from_the_date(
    run: Cli, book: Path
) -> None:
    case = from_email(run, "gbk-complaint.eml").json()
    assert case["title"] == "月末报表导出超时，财务无法按时提交"
    assert case["customer"] == {"name": "hdjm.com.cn", "contact": "张敏 <zhang.min@hdjm.com.cn>"}
    assert case["channel"] == "email"
    assert "联系财务部张喆" in case["description"]  # 喆 is GBK's, not GB2312's
    # received when the customer wrote (Friday 17:30), not when it was recorded (Wednesday)
    assert case["received_at"] == "2026-11-20T17:30:00+08:00"
    first = next(c for c in case["sla"] if c["name"] == "first_response")
    assert first["due"] == "2026-11-23T14:00:00+08:00"  # 30 min on Friday, 3 h 30 on Monday
    mail = case["mails"][0]
    assert mail["message_id"] == "<202611201730001234567@hdjm.com.cn>"
    assert mail["at"] == "2026-11-20T17:30:00+08:00"
    files = {a["name"]: a for a in case["attachments"]}
    assert set(files) == {"报错截图.png", "app-server-2026-11-20.log"}
    png, log = files["报错截图.png"], files["app-server-2026-11-20.log"]
    assert png["sha256"] == sha(make_samples.PNG) and png["size"] == len(make_samples.PNG)
    assert png["type"] == "image/png" and png["mail"] == mail["id"]
    assert log["sha256"] == sha(make_samples.LOG.encode())
    for item in (png, log):
        kept = book / item["path"]
        assert item["path"].startswith(f"attachments/{case['id']}/{item['sha256'][:16]}-")
        assert sha(kept.read_bytes()) == item["sha256"]
    assert run("validate").exit_code == 0


def test_the_customer_is_found_through_a_profiles_alias_and_key_people(
    run: Cli, book: Path
) -> None:
    assert run("customer", "add", "华东精密制造有限公司", "--alias", "hdjm").exit_code == 0
    case = from_email(run, "gbk-complaint.eml").json()
    assert case["customer"]["name"] == "华东精密制造有限公司"  # hdjm.com.cn → the alias hdjm
    person = ("customer", "person", "add", "华东", "--name", "刘洋", "--role", "信息部")
    assert run(*person, "--contact", "liu.yang@hdjm.com.cn").exit_code == 0
    case = from_email(run, "outlook.msg").json()
    assert case["customer"] == {
        "name": "华东精密制造有限公司",
        "contact": "刘洋 (信息部) <liu.yang@hdjm.com.cn>",
    }


def test_an_html_only_mail_is_read_as_text_never_as_html(run: Cli, book: Path) -> None:
    case = from_email(run, "html-only.eml").json()
    assert case["title"] == "Invoices page is blank since Monday"
    assert case["customer"]["contact"] == "John Carter <john.carter@northwind.example>"
    assert case["received_at"] == "2026-11-23T21:05:00+08:00"  # 08:05 in Denver's -05:00
    text = case["description"]
    assert "- Chrome and Edge\n- cleared the cache" in text
    assert "<" not in text and "alert" not in text and "color" not in text
    assert "tracker.example" not in text  # nothing it names is fetched or kept


def test_a_forward_takes_the_original_sender_and_date(run: Cli, book: Path) -> None:
    result = from_email(run, "forwarded.eml")
    case = result.json()
    assert case["customer"]["contact"] == "Liu Yang <liu.yang@hdjm.com.cn>"
    assert case["received_at"] == "2026-11-19T16:12:00+08:00"  # Sent:, not the forward's Date
    assert case["title"] == "Login takes two minutes every morning"
    assert case["description"].startswith("Dear Wang Fang,")
    assert case["mails"][0]["forwarded_by"] == "Wang Fang <wang.fang@example.com>"
    assert "please take this one" in case["mails"][0]["text"]
    assert "forwarded by Wang Fang" in result.stderr and "(forward header)" in result.stderr
    attached = from_email(run, "forwarded-attached.eml").json()
    assert attached["customer"]["contact"] == "张敏 <zhang.min@hdjm.com.cn>"
    assert attached["received_at"] == "2026-11-18T10:20:00+08:00"
    assert attached["mails"][0]["original_id"] == "<original-printer@hdjm.com.cn>"


def test_an_outlook_msg_becomes_a_case(run: Cli, book: Path) -> None:
    case = from_email(run, "outlook.msg").json()
    assert case["title"] == "库存报表数字不对"
    assert case["customer"]["contact"] == "刘洋 <liu.yang@hdjm.com.cn>"
    assert case["received_at"] == "2026-11-20T17:45:00+08:00"
    (csv,) = case["attachments"]
    assert csv["name"] == "库存对比.csv" and csv["sha256"] == sha(make_msg.CSV)


def test_options_win_over_the_mail_and_a_mail_is_recorded_once(run: Cli, book: Path) -> None:
    case = from_email(run, "html-only.eml", "--customer", "Northwind", "--title", "Blank page")
    assert case.json()["customer"]["name"] == "Northwind"
    assert case.json()["title"] == "Blank page"
    again = run("record", "--from-email", str(DATA / "html-only.eml"), "--category",
                "technical", "--priority", "low")  # fmt: skip
    assert again.exit_code == 2 and "is in C-" in again.stderr


def test_show_lists_the_mails_and_attachments(run: Cli, book: Path) -> None:
    case_id = from_email(run, "gbk-complaint.eml").json()["id"]
    shown = run("show", case_id).stdout
    assert "Mails from the customer" in shown and "Attachments" in shown
    (mail_id,) = item_ids(run, case_id, "mails")
    assert "报错截图.png" in shown and f"mail {mail_id} received" in shown


# --- intake -------------------------------------------------------------------------------------


def test_intake_records_threads_and_adds_nothing_the_second_time(
    run: Cli, book: Path, tmp_path: Path
) -> None:
    inbox = samples(tmp_path)
    before = tree(book)
    dry = run("intake", str(inbox), "--dry-run", "--format", "json")
    assert dry.exit_code == 0 and tree(book) == before  # a dry run writes nothing
    assert dry.json()["counts"] == {"recorded": 6, "threaded": 1, "skipped": 0, "refused": 0}
    done = run("intake", str(inbox), "--format", "json")
    assert done.exit_code == 0, done
    items = {Path(i["file"]).name: i for i in done.json()["items"]}
    assert done.json()["counts"] == dry.json()["counts"]
    reply = items["reply.eml"]
    assert reply["action"] == "threaded" and reply["by"] == "References"
    assert reply["case"] == items["gbk-complaint.eml"]["case"]
    case = run("show", reply["case"], "--format", "json").json()
    answer = case["mails"][1]
    assert answer["at"] == "2026-11-23T14:20:00+08:00"
    assert answer["text"].startswith("李工") and "原始邮件" not in answer["text"]
    assert any(e["event"] == f"mail {answer['id']} received" for e in case["timeline"])
    after = tree(book)
    again = run("intake", str(inbox), "--format", "json")
    assert again.json()["counts"]["skipped"] == 7 and tree(book) == after


def test_a_reply_naming_a_case_in_its_subject_is_threaded_onto_it(
    run: Cli, book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casectl.core import ids

    minted = ids.mint
    monkeypatch.setattr(ids, "mint", lambda received, taken=None: "C-261120-7QH4K")
    from_email(run, "gbk-complaint.eml")
    monkeypatch.setattr(ids, "mint", minted)
    done = run("intake", str(samples(tmp_path, "case-id-subject.eml")), "--format", "json")
    (item,) = done.json()["items"]
    assert (item["action"], item["case"], item["by"]) == ("threaded", "C-261120-7QH4K", "subject")


def test_a_reply_ends_the_wait_on_the_customer(run: Cli, book: Path, tmp_path: Path) -> None:
    case_id = from_email(run, "gbk-complaint.eml").json()["id"]
    run("respond", case_id, "--summary", "已收到", "--no-apology", "--at", "2026-11-23T09:30")
    assert run("wait", case_id, "--reason", "等客户复测", "--at", "2026-11-23T10:00").exit_code == 0
    run("intake", str(samples(tmp_path, "reply.eml")))
    case = run("show", case_id, "--format", "json").json()
    assert case["waiting"] is False
    assert case["pauses"][0]["end"] == "2026-11-23T14:20:00+08:00"


def test_intake_of_a_maildir(run: Cli, book: Path, tmp_path: Path) -> None:
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    shutil.copy(DATA / "html-only.eml", maildir / "new" / "1700000000.M1P1.host")
    done = run("intake", str(maildir), "--format", "json")
    assert done.json()["counts"]["recorded"] == 1


# --- hostile mails ------------------------------------------------------------------------------


def hostile(tmp_path: Path) -> dict[str, bytes]:
    head = "From: x <x@evil.example>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0800\r\n"
    part = (
        "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
        'filename="{name}"\r\n\r\nx\r\n'
    )
    mixed = 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
    return {
        "traversal.eml": (
            head
            + "Subject: logs\r\nMessage-ID: <t@evil>\r\n"
            + mixed
            + part.format(name="../../../.bashrc")
            + "--b--\r\n"
        ).encode(),
        "many.eml": (
            head
            + "Subject: many\r\nMessage-ID: <m@evil>\r\n"
            + mixed
            + "".join(part.format(name=f"f{n}.txt") for n in range(10_000))
            + "--b--\r\n"
        ).encode(),
        "injection.eml": (
            head + "Subject: =?utf-8?q?hello=0D=0ABcc:_all@example.com?=\r\n"
            "Message-ID: <i@evil>\r\n\r\nbody\r\n"
        ).encode(),
        "huge.eml": (
            head + "Subject: huge\r\nMessage-ID: <h@evil>\r\n\r\n" + "x" * 300 * 1024 + "\r\n"
        ).encode(),
    }


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("traversal.eml", "climbs out of its folder"),
        ("many.eml", "more than 100 attachments"),
        ("injection.eml", "header injection"),
        ("huge.eml", "past casectl's limit"),
    ],
)
def test_a_hostile_mail_is_refused_and_leaves_the_casebook_unchanged(
    run: Cli, book: Path, tmp_path: Path, name: str, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(hostile(tmp_path)[name])
    before = tree(book)
    result = run("record", "--from-email", str(path), "--category", "technical",
                 "--priority", "low")  # fmt: skip
    assert result.exit_code == 2 and said in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert tree(book) == before


def test_intake_refuses_hostile_mails_one_by_one(run: Cli, book: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, data in hostile(tmp_path).items():
        (inbox / name).write_bytes(data)
    (book / "casectl.yaml").write_text(CONFIG + "mail: {max_size: 1MB}\n", encoding="utf-8")
    (inbox / "big.eml").write_bytes(b"Subject: big\r\n\r\n" + b"y" * (1024 * 1024 + 1))
    before = tree(book)
    done = run("intake", str(inbox), "--format", "json")
    assert done.exit_code == 1
    assert [i["action"] for i in done.json()["items"]] == ["refused"] * 5
    assert any("mail.max_size" in i["error"] for i in done.json()["items"])
    assert tree(book) == before


def test_an_attachment_past_the_size_cap_is_refused(run: Cli, book: Path) -> None:
    (book / "casectl.yaml").write_text(CONFIG + "attachments: {max_size: 100B}\n", "utf-8")
    before = tree(book)
    result = run("record", "--from-email", str(DATA / "gbk-complaint.eml"), "--category",
                 "technical", "--priority", "low")  # fmt: skip
    assert result.exit_code == 2 and "app-server-2026-11-20.log" in result.stderr
    assert "attachments.max_size" in result.stderr and tree(book) == before


# --- attach -------------------------------------------------------------------------------------


def test_attach_keeps_files_once_and_validate_checks_them(
    run: Cli, book: Path, record: Any, tmp_path: Path
) -> None:
    case_id = record()
    log, shot = tmp_path / "app.log", tmp_path / "屏幕截图 1.png"
    log.write_text("timeout after 60 s\n", encoding="utf-8")
    shot.write_bytes(make_samples.PNG)
    result = run("attach", case_id, str(log), str(shot), str(log))
    assert result.exit_code == 0
    assert result.stdout.strip() == ", ".join(item_ids(run, case_id, "attachments"))
    case = run("show", case_id, "--format", "json").json()
    assert [a["name"] for a in case["attachments"]] == ["app.log", "屏幕截图 1.png"]
    assert run("attach", case_id, str(log)).stdout.strip() == ""  # the same content: kept once
    assert len(list((book / "attachments" / case_id).iterdir())) == 2
    assert run("validate").exit_code == 0
    (book / case["attachments"][0]["path"]).write_text("changed\n", encoding="utf-8")
    checked = run("validate")
    assert checked.exit_code == 1 and "attachments[0]" in checked.stdout
    assert "SHA-256" in checked.stdout or "bytes" in checked.stdout
    (book / "attachments" / case_id / "stray.bin").write_bytes(b"x")
    assert "no case names this file" in run("validate").stdout


def test_attach_refuses_a_file_past_the_cap(
    run: Cli, book: Path, record: Any, tmp_path: Path
) -> None:
    case_id = record()
    (book / "casectl.yaml").write_text(CONFIG + "attachments: {max_size: 1KB}\n", "utf-8")
    big = tmp_path / "big.zip"
    big.write_bytes(b"PK" + b"\0" * 2000)
    before = tree(book)
    result = run("attach", case_id, str(big))
    assert result.exit_code == 2 and "past the limit of 1 KB" in result.stderr
    assert tree(book) == before


def test_doctor_suggests_git_lfs_for_large_attachments(
    run: Cli, book: Path, record: Any, tmp_path: Path
) -> None:
    case_id = record()
    big = tmp_path / "dump.bin"
    big.write_bytes(b"\0" * (2 * 1024 * 1024))
    assert run("attach", case_id, str(big)).exit_code == 0
    assert "filter=lfs" in run("doctor").stdout
    assert "# attachments/** filter=lfs" in (book / ".gitattributes").read_text(encoding="utf-8")


# --- the rules, directly ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "title"),
    [
        ("Re: RE: 回复：转发: [C-261120-7QH4K] 报表导出超时", "报表导出超时"),
        ("FW: Export fails", "Export fails"),
        ("Fwd:  hello   world", "hello world"),
        ("答复: AW: Re[2]: 登录慢", "登录慢"),
        ("Regarding the invoice", "Regarding the invoice"),
    ],
)
def test_subject_to_title(subject: str, title: str) -> None:
    from casectl.core.transfer.mailtext import clean_subject

    assert clean_subject(subject) == title


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Friday, November 20, 2026 5:30 PM", "2026-11-20T17:30:00+08:00"),
        ("2026年11月20日(星期五) 下午5:30", "2026-11-20T17:30:00+08:00"),
        ("2026年11月20日 17:30", "2026-11-20T17:30:00+08:00"),
        ("Fri, 20 Nov 2026 17:30:00 +0000", "2026-11-20T17:30:00+00:00"),
        ("Fri, Nov 20, 2026 at 5:30 PM", "2026-11-20T17:30:00+08:00"),
    ],
)
def test_dates_in_quoted_header_blocks(text: str, when: str) -> None:
    from zoneinfo import ZoneInfo

    from casectl.core.transfer.mailtext import loose_date

    found = loose_date(text, ZoneInfo("Asia/Shanghai"))
    assert found is not None and found.isoformat() == when


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("报错截图.png", "报错截图.png"),
        ("C:\\Users\\zm\\Desktop\\log.txt", "log.txt"),
        ("CON.txt", "_CON.txt"),
        ("nul", "_nul"),
        ("a<b>c|d?.log ", "a_b_c_d_.log"),
        ("evil\u202etxt.exe", "evil_txt.exe"),
        ("...", "attachment"),
        ("x" * 300 + ".png", "x" * 116 + ".png"),
    ],
)
def test_safe_names(name: str, safe: str) -> None:
    from casectl.core.loop.attachments import safe_name, traverses

    assert safe_name(name) == safe and not traverses(name)


def test_a_name_that_climbs_out_is_caught() -> None:
    from casectl.core.loop.attachments import traverses

    assert traverses("../x") and traverses("a\\..\\..\\x") and not traverses("a..b.txt")


def test_html_to_text_keeps_lines_and_drops_what_is_not_text() -> None:
    from casectl.core.transfer.mailtext import html_to_text

    html = (
        "<style>p{}</style><p>Hello&nbsp;<b>world</b></p><script>alert(1)</script>"
        "<ul><li>one</li><li>two</li></ul>line<br>break<!-- hidden --><div>x</div>"
    )
    assert html_to_text(html) == "Hello world\n\n- one\n- two\n\nline\nbreak\nx"


def test_sizes() -> None:
    from casectl.core.sections import byte_size, size_text

    assert byte_size("25MB") == 25 * 1024**2 == byte_size("25 MiB")
    assert byte_size(500) == 500 and byte_size("1.5KB") == 1536
    assert size_text(25 * 1024**2) == "25 MB"
    with pytest.raises(ValueError, match="not a size"):
        byte_size("big")


def test_the_library_takes_a_folder_in(book: Path, tmp_path: Path) -> None:
    from casectl import Casebook

    opened = Casebook(book, now=NOW, user="li.wei")
    done = opened.intake(samples(tmp_path, "gbk-complaint.eml", "reply.eml"))
    assert [i.action for i in done.items] == ["recorded", "threaded"]
    assert any("no customer profile matched" in n.message for n in opened.notices)
    case = opened.case(done.items[0].case or "")
    assert len({m.id for m in case.mails}) == 2 and all(m.id[0] == "c" for m in case.mails)
    read = opened.read_mail(DATA / "gbk-complaint.eml")
    assert read.held_by == case.id and read.guess.customer == "hdjm.com.cn"


def test_a_customers_reply_counts_as_its_last_contact_the_complaint_does_not(
    run: Cli, book: Path, tmp_path: Path
) -> None:
    from casectl.core.customers.rhythm import case_contact
    from casectl.storage.casefile import parse_case

    case_id = from_email(run, "gbk-complaint.eml").json()["id"]
    case = parse_case(case_file(book, case_id).read_text(encoding="utf-8"), "x")
    assert case_contact(case) is None  # the complaint itself is no contact
    run("intake", str(samples(tmp_path, "reply.eml")))
    case = parse_case(case_file(book, case_id).read_text(encoding="utf-8"), "x")
    assert case_contact(case) == case.mails[1].at


def test_the_case_library_links_the_evidence() -> None:
    from casectl.render.kb import markdown

    entry = {
        "id": "C-1", "title": "t", "customer": "c", "received": "2026-11-20", "category": "technical",
        "priority": "high", "tags": [], "cause": None, "attribution": None, "symptom": "s",
        "root_cause": None, "resolution": None, "actions": [], "lessons": [], "prevention": [],
        "attachments": [{"name": "屏幕 [1].png", "path": "attachments/C-1/0123456789abcdef-屏幕 [1].png",
                         "size": 2048, "type": "image/png"}],
    }  # fmt: skip
    assert (
        "- [屏幕 \\[1\\].png](attachments/C-1/0123456789abcdef-%E5%B1%8F%E5%B9%95%20%5B1%5D.png) (2 KB)"
        in markdown([entry])
    )


def test_two_clones_attaching_files_merge_cleanly() -> None:
    from casectl.core.teamwork.merge import merge_data

    base = {"id": "C-1", "attachments": [], "mails": []}

    def side(name: str, sha_: str, at: str) -> dict[str, Any]:
        path = f"attachments/C-1/{sha_[:16]}-{name}"
        mail = {"id": "c1", "message_id": f"<{name}>", "at": at, "sender": "x"}
        item = {"id": "t1", "name": name, "path": path, "sha256": sha_, "size": 1, "mail": "c1"}
        return {"id": "C-1", "mails": [mail], "attachments": [item]}

    merged = merge_data(
        base, side("a.log", "a" * 64, "2026-11-20T10:00:00+08:00"),
        side("b.png", "b" * 64, "2026-11-21T10:00:00+08:00"),
    )  # fmt: skip
    assert not merged.conflicts
    assert [a["id"] for a in merged.data["attachments"]] == ["t1", "t2"]
    assert [m["id"] for m in merged.data["mails"]] == ["c1", "c2"]
    assert [a["mail"] for a in merged.data["attachments"]] == ["c1", "c2"]


def test_on_a_terminal_an_unsure_customer_is_asked_for(
    run: Cli, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casectl.cli import prompts

    assert run("customer", "add", "华东精密制造有限公司", "--alias", "华东").exit_code == 0
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    result = run("record", "--from-email", str(DATA / "gbk-complaint.eml"), "--category",
                 "technical", "--priority", "high", input="华东\n")  # fmt: skip
    assert result.exit_code == 0, result
    assert "Customer" in result.stderr and "hdjm.com.cn" in result.stderr  # the guess offered
    case_id = result.stdout.strip().splitlines()[-1]
    shown = run("show", case_id, "--format", "json").json()
    assert shown["customer"]["name"] == "华东精密制造有限公司"


def test_a_header_that_reorders_text_is_refused(run: Cli, book: Path, tmp_path: Path) -> None:
    path = tmp_path / "bidi.eml"
    path.write_bytes(
        b"From: =?utf-8?b?" + __import__("base64").b64encode("Bob \u202egnp.exe".encode())
        + b"?= <bob@evil.example>\r\nSubject: hi\r\n\r\nbody\r\n"
    )  # fmt: skip
    result = run(
        "record", "--from-email", str(path), "--category", "technical", "--priority", "low"
    )
    assert result.exit_code == 2 and "from header" in result.stderr


def test_raw_gbk_headers_and_bodies_without_a_charset_are_read() -> None:
    from zoneinfo import ZoneInfo

    from casectl.core.transfer.mail import Limits, parse

    raw = (
        "From: 张喆 <zz@hdjm.com.cn>\r\nSubject: 回复：报表导出\r\n"
        "Date: Fri, 20 Nov 2026 17:30:00 +0800\r\n\r\n导出还是失败。\r\n"
    ).encode("gbk")
    mail = parse(raw, ZoneInfo("Asia/Shanghai"), Limits(100, 1 << 20), "raw.eml")
    assert (mail.name, mail.title, mail.text) == ("张喆", "报表导出", "导出还是失败。")


def test_an_outlook_msg_without_extract_msg_is_refused_with_the_install_command(
    run: Cli, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "extract_msg", None)  # import fails as if not installed
    result = run("record", "--from-email", str(DATA / "outlook.msg"), "--category", "technical",
                 "--priority", "low")  # fmt: skip
    assert result.exit_code == 2 and "pip install extract-msg" in result.stderr


def test_what_the_mail_gives_cannot_be_given_beside_it(run: Cli, book: Path) -> None:
    result = run("record", "--from-email", str(DATA / "html-only.eml"), "--received-at",
                 "2026-11-20", "--category", "technical", "--priority", "low")  # fmt: skip
    assert result.exit_code == 2 and "--received-at" in result.stderr
    kept = from_email(run, "html-only.eml", "--impact", "40 users", "--remedy", "fix today")
    assert (kept.json()["impact"], kept.json()["remedy_sought"]) == ("40 users", "fix today")
