"""`extract` and the registry's page (review 18, items 12b and 12c).

12b, planted: `extract page.txt` with no registry said only "no such file"; it now says how
to start one from the page (`claimcheck init --from page.txt`, the registry named when it is
not the default). Clean twin: with a registry, the drafts are printed.

12c, planted: `extract --append` into a registry that names no page (`page.path`) appended
drafts no `verify` would ever check against the page: a figure then changed on the page
passed. Now `page.path` is set to the page in the same write (or, with no `page:`, a `page:`
with the page's title and path), said on stderr, so the changed figure is reported (P002,
P003). Clean twins: a registry that names the page already keeps its `page:` byte for byte;
one that names another page is still refused. Subjects: a football club, a city budget.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()

ROVERS_PAGE = "# Rovers' season\n\nThe Rovers drew 8,412 fans a game in 2024.\n"
BUDGET_PAGE = "# City budget\n\nThe council will spend £48.3 million on social care in 2025.\n"


def _repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


@pytest.mark.parametrize(
    ("registry", "says"),
    [
        (None, "(start a registry from the page: claimcheck init --from "),
        ("budget.yaml", "(start a registry from the page: claimcheck init "),
    ],
)
def test_extract_with_no_registry_says_how_to_start_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: str | None, says: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text(BUDGET_PAGE, encoding="utf-8")
    args = ["extract", "page.md"] + (["-r", registry] if registry else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert says in line and "--from page.md" in line, line
    if registry:
        assert f"claimcheck init {registry} --from page.md" in line
    assert not (tmp_path / (registry or "claims.yaml")).exists()
    # The clean twin: with a registry there, the drafts are printed.
    (tmp_path / (registry or "claims.yaml")).write_text(
        "version: 1\npage: {title: City budget}\nsources: []\nclaims: []\n", encoding="utf-8"
    )
    printed = runner.invoke(app, args)
    assert printed.exit_code == 0, printed.stderr
    assert "48.3" in printed.stdout


@pytest.mark.parametrize(
    ("text", "page_text", "changed", "head"),
    [
        (
            "version: 1\n# the season\npage:\n  # as published\n  title: Rovers' season\n"
            "sources: []\nclaims: []\n",
            ROVERS_PAGE,
            ("8,412", "9,000"),
            "version: 1\n# the season\npage:\n  path: page.md\n  # as published\n"
            "  title: Rovers' season\n",
        ),
        (
            "version: 1\npage: {title: City budget}\nsources: []\nclaims: []\n",
            BUDGET_PAGE,
            ("48.3", "52.1"),
            'version: 1\npage: {title: City budget, path: "page.md"}\n',
        ),
        (
            "version: 1\nsources: []\nclaims: []\n",
            BUDGET_PAGE,
            ("48.3", "52.1"),
            "version: 1\npage:\n  title: City budget\n  path: page.md\nsources: []\n",
        ),
    ],
    ids=["rovers block page", "budget flow page", "budget no page"],
)
def test_append_sets_the_page_so_verify_checks_the_drafts(
    tmp_path: Path, text: str, page_text: str, changed: tuple[str, str], head: str
) -> None:
    _repo(tmp_path)
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(page_text, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    assert "so that verify checks them against it" in result.stderr
    assert registry.read_text(encoding="utf-8").startswith(head)
    loaded = load_registry(registry)
    assert loaded.registry.page is not None and loaded.registry.page.path == "page.md"
    assert loaded.registry.claims  # the drafts
    clean = runner.invoke(app, ["verify", str(registry), "--offline", "-f", "concise"])
    assert " P00" not in clean.stdout, clean.stdout
    # The mutation: the page's figure changes; the drafted mention is checked against it.
    page.write_text(page_text.replace(*changed), encoding="utf-8")
    mutated = runner.invoke(app, ["verify", str(registry), "--offline", "-f", "concise"])
    assert " P002 " in mutated.stdout or " P003 " in mutated.stdout, mutated.stdout


def test_a_registry_that_names_the_page_keeps_its_page(tmp_path: Path) -> None:
    _repo(tmp_path)
    text = "version: 1\npage:\n  title: Rovers' season\n  path: page.md\nsources: []\nclaims: []\n"
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    (tmp_path / "page.md").write_text(ROVERS_PAGE, encoding="utf-8")
    result = runner.invoke(
        app, ["extract", str(tmp_path / "page.md"), "-r", str(registry), "--append"]
    )
    assert result.exit_code == 0, result.stderr
    assert "so that verify" not in result.stderr
    after = registry.read_text(encoding="utf-8")
    assert after.startswith(text.removesuffix("claims: []\n")) and "8,412" in after


def test_a_registry_that_names_another_page_is_refused(tmp_path: Path) -> None:
    _repo(tmp_path)
    text = "version: 1\npage:\n  title: Rovers\n  path: other.md\nsources: []\nclaims: []\n"
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    (tmp_path / "page.md").write_text(ROVERS_PAGE, encoding="utf-8")
    result = runner.invoke(
        app, ["extract", str(tmp_path / "page.md"), "-r", str(registry), "--append"]
    )
    assert result.exit_code == 2 and "the registry's page is other.md" in result.stderr
    assert registry.read_text(encoding="utf-8") == text


def test_crlf_is_kept_when_the_page_is_set(tmp_path: Path) -> None:
    _repo(tmp_path)
    text = "version: 1\r\npage:\r\n    title: City budget\r\nsources: []\r\nclaims: []\r\n"
    registry = tmp_path / "claims.yaml"
    registry.write_bytes(text.encode("utf-8"))
    (tmp_path / "page.md").write_text(BUDGET_PAGE, encoding="utf-8")
    result = runner.invoke(
        app, ["extract", str(tmp_path / "page.md"), "-r", str(registry), "--append"]
    )
    assert result.exit_code == 0, result.stderr
    after = registry.read_bytes().decode("utf-8")
    assert after.startswith("version: 1\r\npage:\r\n    path: page.md\r\n    title: City budget")
    assert "\n" not in after.replace("\r\n", "")
