"""Shell completion that answers before the command line loads: case IDs (open ones first),
owners, customers, stages, priorities and categories.

The shells' scripts are typer's (``casectl --install-completion``); each TAB runs casectl with
``_CASECTL_COMPLETE`` set. Loading typer and building every command takes about 0.2 s, too long
for a TAB, so ``answer`` handles the completions that need the casebook itself — from the
index and the files' names (``api.complete``), in the shells' formats as typer writes them —
and leaves the rest (command and option names, ``--format`` values, paths) to typer.
The tables below are checked against the command tree by tests/test_completion.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

COMPLETE_VAR = "_CASECTL_COMPLETE"

# Commands (with their group) whose first argument is a case ID.
ID_FIRST = frozenset(
    {
        "respond", "investigate", "update", "resolve", "repair", "follow-up", "survey",
        "review", "close", "reopen", "escalate", "wait", "resume", "note", "attach", "amend",
        "undo", "show", "edit", "letter", "action add", "action done", "action cancel",
        "promise keep", "promise withdraw", "promise renegotiate",
    }
)  # fmt: skip
GROUPS = frozenset({"action", "promise", "kb", "git", "calendar", "plan", "customer", "site"})
# `casectl customer NAME`: the word after `customer` is a customer or one of these.
CUSTOMER_COMMANDS = ("show", "add", "set", "merge", "person")
POSITIONAL = {
    "customer show": "customer",
    "customer set": "customer",
    "customer merge": "customer",
    "customer person add": "customer",
    "touch": "customer",
}
VALUE_OF = {
    "--owner": "owner",
    "--by": "owner",
    "--to": "owner",
    "--customer": "customer",
    "--stage": "stage",
    "--priority": "priority",
    "--category": "category",
}
# Options whose values complete only in one command: record's contact from the key people.
VALUE_IN = {("record", "--contact"): "person", ("record", "--person"): "person"}
# Options that take no value (the rest take one), and the commands where such a name takes one.
FLAGS = frozenset(
    {
        "--all", "--apology", "--breached", "--closed", "--debug", "--dry-run", "--excel",
        "--force", "--github", "--global", "--help", "--imported", "--install-completion",
        "--keep-casectl", "--merge", "--no-apology", "--no-pager", "--no-publish", "--notify",
        "--ours", "--preview", "--public", "--publish", "--redact", "--show-completion",
        "--skip-bad", "--stdin", "--theirs", "--update-baseline", "--version", "--wide", "--yes",
        "-h", "-y",
    }
)  # fmt: skip
VALUED_IN = {"repair": frozenset({"--apology"})}  # repair --apology written|verbal
HELP_WIDTH = 60


def answer(env: Mapping[str, str]) -> tuple[str, int] | None:
    """The completion ``env`` asks for, as the shell's script reads it, and the exit code;
    None when typer should answer (not a question about the casebook's values)."""
    instruction, _, shell = env.get(COMPLETE_VAR, "").partition("_")
    if instruction != "complete" or shell not in ("bash", "zsh", "fish", "powershell", "pwsh"):
        return None
    args, incomplete = _arguments(shell, env)
    wanted = _wanted(args, incomplete)
    if wanted is None:
        return None
    kind, casebook = wanted
    items = values(kind, incomplete, casebook or env.get("CASECTL_CASEBOOK") or None)
    return _format(shell, items, env)


def values(kind: str, incomplete: str, casebook: str | None = None) -> list[tuple[str, str]]:
    """The completions of ``kind`` that start with ``incomplete``, with a help text each."""
    from casectl.api import complete

    if kind == "customer or command":
        folded = incomplete.casefold()
        commands = [(c, "") for c in CUSTOMER_COMMANDS if c.startswith(folded)]
        return commands + values("customer", incomplete, casebook)
    return [(value, _help(what)) for value, what in complete.values(kind, incomplete, casebook)]


def _help(text: str) -> str:
    """One line of printable text, cut to fit beside the value."""
    line = " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text).split())
    return line if len(line) <= HELP_WIDTH else line[: HELP_WIDTH - 1] + "…"


def _split(text: str) -> list[str]:
    """Words as the shell gave them (click's ``split_arg_string``)."""
    import shlex

    lex = shlex.shlex(text, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    words: list[str] = []
    try:
        words.extend(lex)
    except ValueError:  # an open quote: the rest is the word being typed
        words.append(lex.token)
    return words


def _arguments(shell: str, env: Mapping[str, str]) -> tuple[list[str], str]:
    """The words before the one being completed, and that one, as each of typer's scripts
    passes them."""
    if shell == "bash":
        words = _split(env.get("COMP_WORDS", ""))
        cword = int(env.get("COMP_CWORD", "0") or 0)
        return words[1:cword], words[cword] if cword < len(words) else ""
    line = env.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)
    if shell in ("powershell", "pwsh"):
        incomplete = env.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        return (words[1:-1] if incomplete else words[1:]), incomplete
    args = words[1:]
    if args and not line.endswith(" "):
        return args[:-1], args[-1]
    return args, ""


def _wanted(args: Sequence[str], incomplete: str) -> tuple[str, str | None] | None:
    """What is being completed (a kind of value) and the ``-C`` casebook, when casectl answers
    it here."""
    casebook, i = None, 0
    while i < len(args) and args[i].startswith("-"):  # the global options
        word = args[i]
        if word in ("-C", "--casebook"):
            casebook, i = (args[i + 1] if i + 1 < len(args) else None), i + 2
        elif word.startswith("--casebook="):
            casebook, i = word.split("=", 1)[1], i + 1
        elif word == "--debug":
            i += 1
        else:
            return None
    if i >= len(args):
        return None  # the command's name
    command, i = args[i], i + 1
    if command == "customer" and (i >= len(args) or args[i] not in CUSTOMER_COMMANDS):
        if i >= len(args) and not incomplete.startswith("-"):
            return "customer or command", casebook
        command = "customer show"  # `casectl customer NAME …`: NAME is taken
    elif command in GROUPS:
        if i >= len(args):
            return None
        command, i = f"{command} {args[i]}", i + 1
        if command == "customer person" and i < len(args):
            command, i = f"{command} {args[i]}", i + 1
    positionals, pending = 0, None
    for word in args[i:]:
        if pending is not None:
            pending = None
        elif word == "--":
            return None
        elif word.startswith("-"):
            flag = word in FLAGS and word not in VALUED_IN.get(command, ())
            pending = None if "=" in word or flag else word
        else:
            positionals += 1
    if pending is not None:
        kind = VALUE_OF.get(pending) or VALUE_IN.get((command, pending))
        return (kind, casebook) if kind else None
    if incomplete.startswith("-") or positionals:
        return None
    if command in ID_FIRST:
        return "case", casebook
    if command in POSITIONAL:
        return POSITIONAL[command], casebook
    return None


def _format(shell: str, items: list[tuple[str, str]], env: Mapping[str, str]) -> tuple[str, int]:
    """The answer in the form typer's script for ``shell`` reads."""
    if shell == "bash":
        return "\n".join(re.sub(r"([^\w@%+=:,./-])", r"\\\1", v) for v, _ in items), 0
    if shell == "zsh":
        if not items:
            return "_files", 0

        def escape(s: str) -> str:
            s = s.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`")
            return s.replace(":", r"\\:")

        lines = [f'"{escape(v)}":"{escape(h)}"' if h else f'"{escape(v)}"' for v, h in items]
        return "_arguments '*: :((" + "\n".join(lines) + "))'", 0
    if shell == "fish":
        if env.get("_TYPER_COMPLETE_FISH_ACTION", "") == "is-args":
            return "", 0 if items else 1
        return "\n".join(f"{v}\t{h}" if h else v for v, h in items), 0
    return "\n".join(f"{v}:::{h or ' '}" for v, h in items), 0


def typer_ids(incomplete: str) -> list[tuple[str, str]]:
    """Case IDs for typer's own completion (when ``answer`` left a question to it)."""
    return values("case", incomplete)  # the casebook: CASECTL_CASEBOOK, else found from here
