"""SARIF and GitHub annotations locate files from the repository's root, as code scanning
reads them. Once, SARIF's `artifactLocation.uri` was the path as given: `Q1 report #2
(100%).md` unencoded (a URI reader takes `#2 (100%).md` for a fragment), `../claims.yaml` from
a subdirectory, `/tmp/...` for an absolute path, and no `originalUriBaseIds`."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.render.base import RenderOptions, repository_path
from claimcheck.render.sarif import artifact_location

runner = CliRunner()
ODD = "Q1 report #2 (100%) é.md"
ARGS = ("--offline", "--today", "2025-04-01")


def write_repository(root: Path, page: str) -> Path:
    """A repository (a `.git` folder is what marks its root) with a registry in `site/` whose
    page has an unregistered figure (P001, located in the page)."""
    (root / ".git").mkdir(parents=True)
    site = root / "site"
    (site / "sub").mkdir(parents=True)
    (site / page).write_text(
        "# Ferry times\n\nFerries left on time 91% of the time in 2024, with 6 storms.\n",
        encoding="utf-8",
    )
    registry = site / "claims.yaml"
    registry.write_text(
        "version: 1\npage:\n  title: Ferry times\n"
        f"  path: {json.dumps(page)}\n  as_of: 2025-03-01\n"
        "sources:\n  - {id: port, title: Port statistics, url: https://example.org/port}\n"
        "claims:\n  - id: ferries\n    text: Ferries left on time 91% of the time in 2024.\n"
        "    kind: figure\n    value: 91\n    unit: percent\n    period: 2024\n"
        "    mentions: ['on time 91% of the time in 2024']\n    citations: [{source: port}]\n",
        encoding="utf-8",
    )
    return registry


def sarif_locations(cwd: Path, registry: str) -> tuple[list[dict[str, str]], dict[str, object]]:
    with contextlib.chdir(cwd):
        result = runner.invoke(app, ["verify", registry, *ARGS, "-f", "sarif"])
    assert result.exit_code == 0, result.stderr
    run = json.loads(result.stdout)["runs"][0]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert {r["ruleId"] for r in run["results"]} == {"P001"}
    return locations, run.get("originalUriBaseIds", {})


@pytest.mark.parametrize("page", [ODD, "page.md"])  # planted, and its plain twin
def test_sarif_uris_are_encoded_and_relative_to_the_root(tmp_path: Path, page: str) -> None:
    registry = write_repository(tmp_path, page)
    expected = "site/" + page
    # From the root, from a subdirectory (`../claims.yaml`), and by an absolute path: one URI.
    for cwd, given in (
        (tmp_path, "site/claims.yaml"),
        (registry.parent / "sub", "../claims.yaml"),
        (registry.parent, str(registry)),
    ):
        locations, bases = sarif_locations(cwd, given)
        for location in locations:
            assert location["uriBaseId"] == "%SRCROOT%"
            parts = urlsplit(location["uri"])
            assert (parts.scheme, parts.fragment, parts.query) == ("", "", "")
            assert unquote(parts.path) == expected, location
            assert " " not in location["uri"] and "#" not in location["uri"]
        assert bases == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
        if page == "page.md":  # nothing to encode: the path itself
            assert {loc["uri"] for loc in locations} == {"site/page.md"}


def test_github_annotations_name_the_file_from_the_root(tmp_path: Path) -> None:
    registry = write_repository(tmp_path, ODD)
    for cwd, given in ((registry.parent / "sub", "../claims.yaml"), (tmp_path, str(registry))):
        with contextlib.chdir(cwd):
            result = runner.invoke(app, ["verify", given, *ARGS, "-f", "github"])
        files = {line.split("file=")[1].split(",")[0] for line in result.stdout.splitlines()}
        # The runner's own escaping of a property: % as %25, nothing else in this name.
        assert files == {"site/Q1 report #2 (100%25) é.md"}, result.stdout


def test_a_file_outside_the_repository_is_an_absolute_file_uri(tmp_path: Path) -> None:
    registry = write_repository(tmp_path / "elsewhere", ODD)
    (tmp_path / "elsewhere" / ".git").rmdir()  # not in a repository at all
    here = tmp_path / "repo"
    (here / ".git").mkdir(parents=True)
    locations, bases = sarif_locations(here, str(registry))
    for location in locations:
        assert "uriBaseId" not in location
        assert location["uri"] == (registry.parent / ODD).as_uri()
    assert bases == {"%SRCROOT%": {"uri": here.as_uri() + "/"}}


def test_repository_path_is_path_arithmetic() -> None:
    root = PurePosixPath("/r")
    options = RenderOptions(cwd=PurePosixPath("/r/a/b"), root=root)
    assert repository_path("../c/./d.yaml", options) == "a/c/d.yaml"
    assert repository_path("/r/x.md", options) == "x.md"
    assert repository_path("../../../elsewhere.md", options) is None
    # No directories known (a report rendered in a test): the paths are the root's.
    assert repository_path("site/a b.md", RenderOptions()) == "site/a b.md"
    assert artifact_location("site/a b#1.md", RenderOptions()) == {
        "uri": "site/a%20b%231.md",
        "uriBaseId": "%SRCROOT%",
    }
    assert artifact_location("/abs/x.md", RenderOptions()) == {"uri": "file:///abs/x.md"}
