"""What the docs tell people to install is what works: casectl is not on PyPI, so every install
line names the repository (pinned to a tag) or a wheel, and every example pins the same
version, the one casectl says it is."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted(
    [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "examples" / "ci").glob("*.yml")]
)
PIN = re.compile(r"casectl(?:\.git)?@(v\d+\.\d+\.\d+)|\brev: (v\d+\.\d+\.\d+)")


def test_no_install_line_names_a_package_index_casectl() -> None:
    for path in TEXTS:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            said = re.search(r"pip install (-\S+ )*['\"]?casectl\b(?!\.git)(\[\w+\])?['\"]?", line)
            assert said is None or "git+" in line or "@ " in line, f"{path.name}:{n}: {line}"


def pins() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in TEXTS:
        for match in PIN.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1) or match.group(2), set()).add(path.name)
    return found


def test_every_example_pins_one_version_the_one_casectl_is() -> None:
    from casectl import __version__

    found = pins()
    assert list(found) == [f"v{__version__}"], found
    assert {"github-actions.yml", "gitlab-ci.yml", "ci.md", "README.md"} <= next(
        iter(found.values())
    )


def test_the_changelog_has_the_version_with_its_date() -> None:
    from casectl import __version__

    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.index("## [Unreleased]") < text.index(f"## [{__version__}] – ")
