"""No command writes its output over one of its inputs: `-o claims.yaml` would replace the
registry it was made from (review 4, #11). Each command with an output option is planted
with its registry, page or config as the output (by name, through a symbolic link, as a hard
link), and refused before it runs; its clean twin writes to another file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()

REGISTRY = """\
version: 1
# comments the user wrote
page: {title: Buses, path: page.md, as_of: 2025-01-01}
sources:
  - id: bus_stats
    title: Bus statistics
    url: https://stats.example.org/buses
claims:
  - id: journeys
    text: Buses carried 14.2 million journeys.
    kind: figure
    value: 14.2
    unit: million journeys
    mentions: [14.2 million journeys]
    citations: [{source: bus_stats}]
"""
PAGE = "# Buses\n\nBuses carried 14.2 million journeys in Northshire.\n"
URLS = "https://stats.example.org/buses\n"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims.yaml").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "urls.txt").write_text(URLS, encoding="utf-8")
    (tmp_path / "claimcheck.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    result = runner.invoke(app, ["verify", "--offline", "-f", "json", "-o", "report.json"])
    assert result.exit_code in (0, 1), result.stderr
    return tmp_path


#: Each command with an output option, as `-o TARGET` is added to it.
COMMANDS = {
    "verify": ["verify", "--offline", "-f", "json"],
    "verify, a second format": ["verify", "--offline", "-f", "json", "-o", "x.json", "-f", "csv"],
    "verify --statistics": ["verify", "--offline", "--statistics"],
    "links": ["links", "--offline"],
    "scan": ["scan"],
    "baseline": ["baseline", "--offline"],
    "list": ["list"],
    "export": ["export", "-f", "csl-json"],
    "extract": ["extract", "page.md"],
    "review": ["review", "--offline"],
}


def _refused(args: list[str], target: str, what: str, option: str = "--output") -> None:
    before = {p: p.read_bytes() for p in Path.cwd().iterdir() if p.is_file()}
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (args, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"claimcheck: {target}: error: {option} would write over the {what} this command "
        f"reads; nothing was written (give {option} another file)"
    ], lines
    assert {p: p.read_bytes() for p in Path.cwd().iterdir() if p.is_file()} == before


@pytest.mark.parametrize("command", COMMANDS)
def test_no_command_writes_over_its_registry(site: Path, command: str) -> None:
    args = COMMANDS[command]
    _refused([*args, "-o", "claims.yaml"], "claims.yaml", "registry")
    _refused([*args, "-o", str(site / "claims.yaml")], str(site / "claims.yaml"), "registry")
    (site / "link.yaml").symlink_to("claims.yaml")
    os.link(site / "claims.yaml", site / "hard.yaml")
    _refused([*args, "-o", "hard.yaml"], "hard.yaml", "registry")  # another name, one file
    # The registry named through a link, the output by its own name.
    if command in ("scan", "extract"):
        linked = [*args, "-r", "link.yaml"]
    else:
        linked = [*args[:1], "link.yaml", *args[1:]]
    _refused([*linked, "-o", "claims.yaml"], "claims.yaml", "registry")
    # The clean twin: another file is written.
    result = runner.invoke(app, [*args, "-o", "out.txt"])
    assert result.exit_code in (0, 1), result.stderr
    assert (site / "out.txt").is_file()
    assert (site / "claims.yaml").read_text(encoding="utf-8") == REGISTRY


@pytest.mark.parametrize("command", COMMANDS)
def test_no_command_writes_over_its_page_or_config(site: Path, command: str) -> None:
    args = COMMANDS[command]
    if command != "extract":  # extract's page is its argument, named on the line
        _refused([*args, "-o", "page.md"], "page.md", "page")  # the registry's page.path
    _refused([*args, "-o", "claimcheck.toml"], "claimcheck.toml", "config file")
    (site / "other.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    _refused([*args, "--config", "other.toml", "-o", "other.toml"], "other.toml", "config file")
    assert (site / "page.md").read_text(encoding="utf-8") == PAGE


def test_the_page_given_with_page_and_the_baseline(site: Path) -> None:
    (site / "elsewhere.md").write_text(PAGE, encoding="utf-8")
    _refused(
        ["verify", "--offline", "--page", "elsewhere.md", "-o", "elsewhere.md"],
        "elsewhere.md",
        "page",
    )
    _refused(["scan", "elsewhere.md", "-o", "elsewhere.md"], "elsewhere.md", "page")
    _refused(["extract", "elsewhere.md", "-o", "elsewhere.md"], "elsewhere.md", "page")
    _refused(
        ["review", "--offline", "--page", "elsewhere.md", "-o", "elsewhere.md"],
        "elsewhere.md",
        "page",
    )
    _refused(
        ["verify", "--offline", "--baseline", "report.json", "-o", "report.json"],
        "report.json",
        "baseline",
    )


def test_links_urls_and_merge_keep_their_inputs(site: Path) -> None:
    _refused(["links", "--offline", "--urls", "urls.txt", "-o", "urls.txt"], "urls.txt", "URL list")
    _refused(["merge", "report.json", "-o", "report.json"], "report.json", "report")
    # Their clean twins.
    result = runner.invoke(app, ["links", "--offline", "--urls", "urls.txt", "-o", "out.txt"])
    assert result.exit_code in (0, 1), result.stderr
    result = runner.invoke(app, ["merge", "report.json", "-f", "json", "-o", "merged.json"])
    assert result.exit_code in (0, 1), result.stderr
    assert json.loads((site / "merged.json").read_text(encoding="utf-8"))


def test_init_never_replaces_the_page_it_drafts_from(site: Path) -> None:
    _refused(["init", "page.md", "--from", "page.md", "--force"], "page.md", "page", "FILE")
    result = runner.invoke(app, ["init", "drafted.yaml", "--from", "page.md"])
    assert result.exit_code == 0, result.stderr


def test_schema_never_replaces_a_registry(site: Path) -> None:
    result = runner.invoke(app, ["schema", "-o", "claims.yaml"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "claimcheck: claims.yaml: error: --output would write over a claimcheck registry; "
        "nothing was written (give --output another file, or remove this one first if it "
        "should go)"
    ]
    assert (site / "claims.yaml").read_text(encoding="utf-8") == REGISTRY
    # Its twins: a new file, and an older schema replaced.
    for _ in range(2):
        result = runner.invoke(app, ["schema", "-o", "claims.schema.json"])
        assert result.exit_code == 0, result.stderr
        assert json.loads((site / "claims.schema.json").read_text(encoding="utf-8"))
