"""Every format says how many baseline entries the run did not look at (K5).

An entry the run did not look at (of a rule not selected, on a claim `--changed-only` did not
check, of a link not checked) is neither known nor fixed; the counts said only "0 known
findings left out, 0 fixed since", which reads as a clean baseline of a run that looked at
nothing. The JSON's `baseline` now has `unchecked` (and `links_unchecked`) when there are
some, and the terminal, concise, markdown and HTML summaries say `N not looked at (M of links
not checked)`; a JSON report read back (merge) says the same, and merged shards count only
the link entries no shard looked at. Planted on two subjects (rules not selected; links not
checked, against a loopback server), each with its clean twin (every rule run; online).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.linkserver import HOSTS, Server, serve

runner = CliRunner()
TODAY = ("--today", "2026-11-24")
ONLINE = (
    "--online",
    "--allow-private",
    "--no-cache",
    "--timeout",
    "2",
    "--retries",
    "0",
    "--host-interval",
    "0",
)
OFFLINE = ("--offline", "--no-cache")
#: The formats whose summary says what the findings leave out (JSON holds the counts).
SUMMARIES = ("terminal", "concise", "markdown", "html")

PARKS = """\
version: 1
page: {title: Parks}
claims:
  - id: parks
    text: The town has 31 parks.
    kind: fact
  - id: trees
    text: The parks hold 12,000 trees.
    kind: fact
"""


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def _gallery(server: Server) -> str:
    """A gallery citing a catalogue whose url is dead and a guide whose url is alive."""
    dead, alive = json.dumps(server.url("/404", HOSTS[1])), json.dumps(server.url("/ok", HOSTS[0]))
    return f"""\
version: 1
sources:
  - {{id: catalogue, title: Catalogue, kind: webpage, url: {dead}}}
  - {{id: guide, title: Guide, kind: webpage, url: {alive}}}
claims:
  - id: works
    text: The gallery holds 900 works.
    kind: fact
    citations: [{{source: catalogue}}, {{source: guide}}]
"""


def _verify(registry: Path, base: Path, fmt: str, *args: str) -> str:
    result = runner.invoke(
        app, ["verify", str(registry), *TODAY, "--baseline", str(base), "-f", fmt, *args]
    )
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _baseline(registry: Path, *args: str) -> Path:
    base = registry.parent / "base.json"
    made = runner.invoke(app, ["baseline", str(registry), *TODAY, *args, "-o", str(base)])
    assert made.exit_code == 0, made.output
    return base


def _says_everywhere(registry: Path, base: Path, line: str | None, *args: str) -> None:
    """Each summary format has `line` (None: no "not looked at" in any), as does the JSON
    report rendered again by merge."""
    for fmt in SUMMARIES:
        out = _verify(registry, base, fmt, *args)
        if line is None:
            assert "not looked at" not in out, (fmt, out)
        else:
            assert line in out, (fmt, out)
    report = registry.parent / "report.json"
    report.write_text(_verify(registry, base, "json", *args), encoding="utf-8")
    merged = runner.invoke(app, ["merge", str(report)])
    assert merged.exit_code in (0, 1), merged.output
    assert (line is None and "not looked at" not in merged.stdout) or (
        line is not None and line in merged.stdout
    )


def test_entries_of_rules_not_selected(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(PARKS, encoding="utf-8")
    base = _baseline(registry, "--offline")
    counts = json.loads(_verify(registry, base, "json", "--offline", "--select", "T"))
    assert counts["baseline"] == {"known": 0, "fixed": 0, "unchecked": 2}
    line = "baseline: 0 known findings left out, 0 fixed since, 2 not looked at"
    _says_everywhere(registry, base, line, "--offline", "--select", "T")
    # The clean twin: every rule run, both S001s known; nothing left unlooked at.
    counts = json.loads(_verify(registry, base, "json", "--offline"))
    assert counts["baseline"] == {"known": 2, "fixed": 0}
    _says_everywhere(registry, base, None, "--offline")


def test_entries_of_links_not_checked(server: Server, tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(_gallery(server), encoding="utf-8")
    base = _baseline(registry, *ONLINE)
    counts = json.loads(_verify(registry, base, "json", *OFFLINE))["baseline"]
    assert counts == {
        "known": 0,
        "fixed": 0,
        "links_known": 0,
        "links_fixed": 0,
        "unchecked": 1,
        "links_unchecked": 1,
    }
    line = "0 fixed since, 1 not looked at (1 of links not checked)"
    _says_everywhere(registry, base, line, *OFFLINE)
    # The clean twin: online, the dead link is known.
    counts = json.loads(_verify(registry, base, "json", *ONLINE))["baseline"]
    assert counts == {"known": 1, "fixed": 0, "links_known": 1, "links_fixed": 0}
    _says_everywhere(registry, base, None, *ONLINE)


def test_shards_count_the_others_links_and_merge_counts_none(
    server: Server, tmp_path: Path
) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(_gallery(server), encoding="utf-8")
    base = _baseline(registry, *ONLINE)
    whole = json.loads(_verify(registry, base, "json", *ONLINE))["baseline"]
    shards = []
    for k in (1, 2, 3):
        out = tmp_path / f"shard{k}.json"
        out.write_text(
            _verify(registry, base, "json", *ONLINE, "--shard", f"{k}/3"), encoding="utf-8"
        )
        shards.append(out)
    each = [json.loads(s.read_text(encoding="utf-8"))["baseline"] for s in shards]
    # The shards that do not check the dead link's host did not look at it.
    assert sum(1 for c in each if c.get("links_unchecked") == 1) == 2
    merged = runner.invoke(app, ["merge", *map(str, shards), "-f", "json"])
    assert merged.exit_code in (0, 1), merged.output
    assert json.loads(merged.stdout)["baseline"] == whole
    # A shard's run offline among them leaves the link not looked at by the merged run too.
    offline = tmp_path / "shard2.json"
    offline.write_text(
        _verify(registry, base, "json", *OFFLINE, "--shard", "2/3"), encoding="utf-8"
    )
    merged = runner.invoke(app, ["merge", *map(str, shards), "-f", "json"])
    assert merged.exit_code in (0, 1), merged.output
    assert json.loads(merged.stdout)["baseline"] == {
        "known": 0,
        "fixed": 0,
        "links_known": 0,
        "links_fixed": 0,
        "unchecked": 1,
        "links_unchecked": 1,
    }
