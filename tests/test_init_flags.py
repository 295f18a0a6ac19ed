"""`init --url` and `--title` are refused as `add source --url` is (review 18, item 4).

Planted: `--url` that is not an http(s) address (`javascript:`, words, empty), one with a
user name and password (L010), an empty or blank `--title`: exit 2, one line naming the flag,
no file written (each was written with exit 0, then rejected by `verify`, R002, or passed
with a password in it). Clean twins: the same commands with a plain address and title write
a registry that verifies with no error. With `--from`, the flags stand instead of what the
page states (they were dropped without a word) and are refused alike. Subjects: a city
budget, glaciers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (["--url", "javascript:alert(1)"], "--url 'javascript:alert(1)': not http(s)"),
        (["--url", "not a url"], "--url 'not a url': not http(s)"),
        (["--url", ""], "--url '': not http(s)"),
        (["--url", "https://clerk:pw@budget.example.org/2025"], "a user name before the host"),
        (["--url", "https://budget.example.org/a b"], "malformed"),
        (["--title", ""], "--title '': expected some text"),
        (["--title", "   "], "--title '   ': a page's title is some words, not blank"),
    ],
)
def test_init_refuses_a_flag_verify_would_reject(
    tmp_path: Path, flags: list[str], says: str
) -> None:
    path = tmp_path / "claims.yaml"
    result = runner.invoke(app, ["init", str(path), *flags])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("claimcheck: error: ") and says in line, line
    assert "nothing was written" in line and ":pw@" not in line  # the password not shown
    assert not path.exists()


@pytest.mark.parametrize(
    ("title", "url"),
    [
        ("City budget 2025/26", "https://budget.example.org/2025"),
        ("Glacier retreat", "HTTPS://glaciers.example.org:8443/alps?year=2024#mass"),
        ("Glacier retreat: the Rhône", "http://glaciers.example.org/a%20b"),
    ],
)
def test_init_writes_a_plain_title_and_address(tmp_path: Path, title: str, url: str) -> None:
    path = tmp_path / "claims.yaml"
    result = runner.invoke(app, ["init", str(path), "--title", title, "--url", url])
    assert result.exit_code == 0, result.stderr
    page = load_registry(path).registry.page
    assert page is not None and (page.title, page.url) == (title, url)
    verified = runner.invoke(app, ["verify", str(path), "--offline", "-f", "concise"])
    assert verified.exit_code == 0, verified.stdout


BUDGET = """\
# Council budget

Published 3 March 2025

The council will spend £48.3 million on social care in 2025/26.
"""


def test_init_from_takes_the_flags_instead_of_the_page(tmp_path: Path) -> None:
    page = tmp_path / "budget.md"
    page.write_text(BUDGET, encoding="utf-8")
    path = tmp_path / "claims.yaml"
    flags = ["--title", "City budget 2025/26", "--url", "https://budget.example.org/2025"]
    result = runner.invoke(app, ["init", str(path), "--from", str(page), *flags])
    assert result.exit_code == 0, result.stderr
    registry = load_registry(path).registry
    assert registry.page is not None
    assert (registry.page.title, registry.page.url) == (flags[1], flags[3])
    assert registry.claims  # drafted as without the flags
    # The clean twin: without flags, the page's own title.
    twin = tmp_path / "twin.yaml"
    assert runner.invoke(app, ["init", str(twin), "--from", str(page)]).exit_code == 0
    page_of_twin = load_registry(twin).registry.page
    assert page_of_twin is not None and page_of_twin.title == "Council budget"


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (["--url", "javascript:alert(1)"], "--url 'javascript:alert(1)': not http(s)"),
        (["--url", "https://a:pw@glaciers.example.org/"], "a user name before the host"),
        (["--title", ""], "--title '': expected some text"),
    ],
)
def test_init_from_refuses_a_bad_flag(tmp_path: Path, flags: list[str], says: str) -> None:
    page = tmp_path / "glaciers.md"
    page.write_text("# Glaciers\n\nThe glacier lost 3.2 metres of ice in 2024.\n", encoding="utf-8")
    path = tmp_path / "claims.yaml"
    result = runner.invoke(app, ["init", str(path), "--from", str(page), *flags])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert says in line and "nothing was written" in line, line
    assert not path.exists() and not list(tmp_path.glob(".claimcheck-init-*"))
