"""Exports (ClaimReview, CSL-JSON), the CSL-JSON import, and the integration files."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry
from tests.conftest import DATA

runner = CliRunner()
COMPLETE = DATA / "registries" / "valid" / "complete.yaml"
ROOT = Path(__file__).parent.parent


def test_claimreview_only_for_reviewed_claims_and_nothing_invented() -> None:
    reviews = json.loads(runner.invoke(app, ["export", str(COMPLETE), "-f", "claimreview"]).stdout)
    assert [r["identifier"] for r in reviews] == [
        "offences_2025",
        "victims_range",
        "minister_quote",
        "inquiry_status",
        "judgement",
    ]
    first = reviews[0]
    assert first["@type"] == "ClaimReview" and first["reviewRating"]["alternateName"] == "Accurate"
    assert first["datePublished"] == "2026-10-01" and first["author"]["name"] == "editor"
    assert "datePublished" not in reviews[1] and "author" not in reviews[1]


def test_csl_json_round_trip_adds_only_new_sources(tmp_path: Path) -> None:
    items = json.loads(runner.invoke(app, ["export", str(COMPLETE), "-f", "csl-json"]).stdout)
    assert items[0]["issued"] == {"date-parts": [[2025, 7, 24]]} and items[2]["ISBN"]
    registry = tmp_path / "claims.yaml"
    registry.write_text(COMPLETE.read_text(encoding="utf-8"), encoding="utf-8")
    items.append(
        {
            "id": "Smith 2024",
            "type": "article-journal",
            "title": "A study",
            "DOI": "10.1000/xyz",
            "issued": {"date-parts": [[2024, 3]]},
        }
    )
    items.append(
        {
            "id": "dup",
            "type": "webpage",
            "title": "Same URL",
            "URL": "https://stats.example.org/crime-2025/",
        }
    )
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps(items), encoding="utf-8")
    result = runner.invoke(app, ["import-sources", str(csl), "-r", str(registry)])
    assert result.exit_code == 0, result.stderr
    assert "added 1 source (4 already listed)" in result.stderr
    sources = load_registry(registry).registry.sources
    added = sources[-1]
    assert (added.id, added.kind, added.doi, str(added.published)) == (
        "smith_2024",
        "article-journal",
        "10.1000/xyz",
        "2024-03",
    )
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    refused = runner.invoke(app, ["import-sources", str(bad), "-r", str(registry)])
    assert refused.exit_code == 2 and "CSL-JSON" in refused.stderr


CSL_REGISTRY = "version: 1\npage: {title: Harbours}\nsources: []\nclaims: []\n"


def _csl(path: Path, items: list[dict[str, object]]) -> Path:
    """Items written one a line, as reference managers export them (lines to point at)."""
    path.write_text("[\n" + ",\n".join(json.dumps(i) for i in items) + "\n]\n", encoding="utf-8")
    return path


def _harbour(**fields: object) -> dict[str, object]:
    return {"id": "dues", "type": "report", "title": "Harbour dues", **fields}


@pytest.mark.parametrize(
    ("bad", "good", "message", "field"),
    [
        (
            {"issued": {"date-parts": [[2025, 2, 29]]}},
            {"issued": {"date-parts": [[2024, 2, 29]]}},  # a leap year
            "item 2 (id 'dues'), `issued`: no such date: 2025-02-29",
            '"issued"',
        ),
        (
            {"URL": "javascript:alert(1)"},
            {"URL": "HTTPS://harbour.example.org/dues"},
            "item 2 (id 'dues'), `URL`: expected an http(s) URL (https://...), got "
            "'javascript:alert(1)'",
            '"URL"',
        ),
        (
            {"URL": "file:///etc/passwd"},
            {"URL": "http://harbour.example.org/dues"},
            "item 2 (id 'dues'), `URL`: expected an http(s) URL",
            '"URL"',
        ),
    ],
    ids=["no such date", "javascript: URL", "file: URL"],
)
def test_an_item_the_registry_would_reject_is_refused_at_its_place(
    tmp_path: Path, bad: dict[str, object], good: dict[str, object], message: str, field: str
) -> None:
    """Checked as the loader checks a source, and named by its place in the CSL file: its
    line and column (at the field), its position and its id; nothing is imported."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(CSL_REGISTRY, encoding="utf-8")
    first: dict[str, object] = {"id": "fees", "type": "webpage", "title": "Fees"}
    first["URL"] = "https://example.org/f"
    csl = _csl(tmp_path / "zotero.json", [first, _harbour(**bad)])
    result = runner.invoke(app, ["import-sources", str(csl), "-r", str(registry)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    column = csl.read_text(encoding="utf-8").splitlines()[2].index(field) + 1
    assert line.startswith(f"claimcheck: {csl}:3:{column}: error: {message}"), line
    assert "nothing was imported" in line and "(give the item" in line
    assert registry.read_text(encoding="utf-8") == CSL_REGISTRY
    # The clean twin: the same item with a good value.
    csl = _csl(tmp_path / "zotero.json", [first, _harbour(**good)])
    result = runner.invoke(app, ["import-sources", str(csl), "-r", str(registry)])
    assert result.exit_code == 0, result.stderr
    assert [s.id for s in load_registry(registry).registry.sources] == ["fees", "dues"]


def test_a_source_url_that_is_not_http_is_an_error_offline(tmp_path: Path) -> None:
    """`verify --offline` and the import agree: the loader refuses the address (R002)."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        CSL_REGISTRY.replace(
            "sources: []",
            "sources:\n  - id: dues\n    title: Harbour dues\n    url: javascript:alert(1)",
        ).replace(
            "claims: []",
            "claims:\n  - id: c\n    text: Dues rose.\n    kind: fact\n"
            "    citations: [{source: dues}]",
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["verify", str(registry), "--offline", "-f", "concise"])
    assert result.exit_code == 1
    assert f"{registry}:6:10: R002 [error] expected an http(s) URL" in result.stdout
    twin = registry.read_text(encoding="utf-8").replace("javascript:alert(1)", "https://e.org/d")
    registry.write_text(twin, encoding="utf-8")
    result = runner.invoke(app, ["verify", str(registry), "--offline", "-f", "concise"])
    assert "R002" not in result.stdout, result.stdout


def test_csl_types_map_one_to_one_and_old_kinds_to_their_nearest() -> None:
    from claimcheck.exports import csl_type, source_kind
    from claimcheck.model import CSL_TYPES

    for csl in CSL_TYPES:
        assert source_kind(csl) == csl and csl_type(csl) == csl
    # The first version's kinds export as today; an unknown type imports with no kind rather
    # than a guess, and a source with no kind exports as CSL's generic document.
    assert csl_type("statistics") == "dataset" and csl_type("court") == "legal_case"
    assert csl_type("other") == "webpage" and csl_type(None) == "document"
    assert source_kind("no-such-type") is None and source_kind(None) is None


def test_import_keeps_the_csl_type_and_leaves_an_unknown_one_open(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text("version: 1\nsources:\n  - {id: a, title: A}\nclaims: []\n")
    items = [
        {"id": "r", "type": "report", "title": "A report", "URL": "https://example.org/r"},
        {"id": "d", "type": "dataset", "title": "A dataset", "URL": "https://example.org/d"},
        {"id": "w", "type": "something-else", "title": "Odd", "URL": "https://example.org/w"},
    ]
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps(items), encoding="utf-8")
    result = runner.invoke(app, ["import-sources", str(csl), "-r", str(registry)])
    assert result.exit_code == 0, result.stderr
    kinds = {s.id: s.kind for s in load_registry(registry).registry.sources}
    assert kinds == {"a": None, "r": "report", "d": "dataset", "w": None}
    exported = json.loads(runner.invoke(app, ["export", str(registry), "-f", "csl-json"]).stdout)
    assert [i["type"] for i in exported] == ["document", "report", "dataset", "document"]


def test_pre_commit_hook_commands_run(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"claimcheck", "claimcheck-links"}
    offline = next(h for h in hooks if h["id"] == "claimcheck")
    argv = shlex.split(offline["entry"])
    assert argv[:2] == ["claimcheck", "verify"] and "--offline" in argv
    result = runner.invoke(app, [*argv[1:], str(COMPLETE), "--today", "2026-11-24"])
    assert result.exit_code == 0, result.stderr


def test_action_runs_verify_with_annotations_and_a_summary() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    script = action["runs"]["steps"][-1]["run"]
    assert (
        "claimcheck verify" in script and "-f github" in script and "GITHUB_STEP_SUMMARY" in script
    )


WHEELS = Path(os.environ.get("CLAIMCHECK_WHEELHOUSE", ROOT / ".ci" / "wheels"))


def test_the_hook_through_the_real_pre_commit(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs this repository's hook and runs it on a repository.

    pip installs from a local wheelhouse (`.ci/run` fills it), so the test reaches no network;
    in CI (CLAIMCHECK_REQUIRE_PRECOMMIT) a missing wheelhouse is a failure, not a skip.
    """
    if not WHEELS.is_dir():
        if os.environ.get("CLAIMCHECK_REQUIRE_PRECOMMIT"):
            pytest.fail(f"no wheelhouse at {WHEELS}: see .ci/run")
        pytest.skip("no wheelhouse for pre-commit's offline install")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(WHEELS),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False
        )

    (repo / "claims.yaml").write_text(COMPLETE.read_text(encoding="utf-8"), encoding="utf-8")
    run("git", "init", "-q")
    run("git", "add", "claims.yaml")
    pre_commit = str(Path(sys.executable).parent / "pre-commit")
    passed = run(pre_commit, "try-repo", str(ROOT), "claimcheck", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "claimcheck (offline checks)" in passed.stdout and "Passed" in passed.stdout
    broken = COMPLETE.read_text(encoding="utf-8").replace(
        "status: verified, on: 2026-10-01", "status: disputed, on: 2026-10-01"
    )
    (repo / "claims.yaml").write_text(broken, encoding="utf-8")
    run("git", "add", "claims.yaml")
    failed = run(pre_commit, "try-repo", str(ROOT), "claimcheck", "--all-files")
    assert failed.returncode == 1 and "S005" in failed.stdout


def test_merge_refuses_what_is_not_a_report(tmp_path: Path) -> None:
    not_json = tmp_path / "a.json"
    not_json.write_text("{", encoding="utf-8")
    other = tmp_path / "b.json"
    other.write_text('{"schema_version": 2}', encoding="utf-8")
    for path, message in (
        (not_json, f"{not_json}:1:2: error: not JSON"),  # where, like every file error
        (other, "not a claimcheck JSON report"),
    ):
        result = runner.invoke(app, ["merge", str(path)])
        assert (
            result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr
        )
    unknown = runner.invoke(app, ["export", str(COMPLETE), "-f", "bibtex"])
    assert unknown.exit_code == 2 and "claimreview, csl-json" in unknown.stderr
