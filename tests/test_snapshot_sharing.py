"""Registries that share a snapshot folder (side by side, or a site's `snapshots`) keep their
snapshots apart: one registry's `snapshot` never replaces another's snapshot of another
source that has the same id, so a wrong quote of one is never judged by the other's text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.sources.snapshot import load
from tests.sourceserver import Site, serve

runner = CliRunner()

REGISTRY = """version: 1
sources:
  - {{id: {sid}, title: Book, kind: report, url: "{url}", accessed: 2025-12-01}}
claims:
  - id: {cid}
    text: {text}
    kind: figure
    value: {value}
    unit: {unit}
    citations:
      - {{source: {sid}, quote: "{quote}"}}
"""

#: Two subjects: each a source's text at two addresses, and a claim quoting it (or not).
SUBJECTS: dict[str, dict[str, Any]] = {
    "budget": {
        "sid": "budget_book",
        "cid": "social_care",
        "pages": {"/a": b"Adult social care 150 million.", "/b": b"Adult social care 175 million."},
        "values": {"/a": 150, "/b": 175},
        "claim": ("Social care takes {value} million.", "GBP million"),
        "quote": "Adult social care {value} million",
    },
    "rivers": {
        "sid": "survey",
        "cid": "polluted",
        "pages": {"/a": b"We found 41 rivers polluted.", "/b": b"We found 63 rivers polluted."},
        "values": {"/a": 41, "/b": 63},
        "claim": ("{value} rivers were polluted.", "rivers"),
        "quote": "We found {value} rivers polluted",
    },
}


def _write(path: Path, subject: dict[str, Any], url: str, value: int) -> Path:
    """A registry citing the source at `url` for a claim of `value` (its text and quote)."""
    text, unit = subject["claim"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        REGISTRY.format(
            sid=subject["sid"],
            cid=subject["cid"],
            url=url,
            text=text.format(value=value),
            value=value,
            unit=unit,
            quote=subject["quote"].format(value=value),
        ),
        encoding="utf-8",
    )
    return path


def _snapshot(path: Path, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(cwd)
    result = runner.invoke(
        app,
        ["snapshot", str(path), "--allow-private", "--today", "2026-01-01"],
        env={"CLAIMCHECK_OFFLINE": ""},
    )
    assert result.exit_code == 0, result.output
    return result


def _verify(cwd: Path, monkeypatch: pytest.MonkeyPatch, *registries: str) -> tuple[int, list[Any]]:
    monkeypatch.chdir(cwd)
    result = runner.invoke(
        app, ["verify", *registries, "--offline", "--today", "2026-01-01", "-f", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["findings"]
    return result.exit_code, [(f["code"], f["claim"]) for f in findings if f["code"][0] == "Q"]


def _site(site: Site, subject: dict[str, Any]) -> None:
    for path, body in subject["pages"].items():
        site.pages[path] = (200, "text/plain", body)


@pytest.mark.parametrize("name", SUBJECTS)
@pytest.mark.parametrize("layout", ["side-by-side", "config"])
@pytest.mark.parametrize("wrong", [True, False], ids=["planted", "clean"])
def test_registries_sharing_a_folder_keep_their_snapshots_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, layout: str, wrong: bool
) -> None:
    # A's quote is wrong (its source at /a says otherwise); B gives the same source id to
    # another source (/b), which its quote matches. B's snapshot replaced A's: A's error
    # became a Q020 warning and the site passed.
    subject = SUBJECTS[name]
    (tmp_path / ".git").mkdir()
    if layout == "side-by-side":
        a, b = tmp_path / "pages" / "a.yaml", tmp_path / "pages" / "b.yaml"
        pattern = "pages/*.yaml"
    else:
        a, b = tmp_path / "a" / "claims.yaml", tmp_path / "b" / "claims.yaml"
        (tmp_path / "claimcheck.toml").write_text('snapshots = "snapshots"\n', encoding="utf-8")
        pattern = "*/claims.yaml"
    with serve() as site:
        _site(site, subject)
        values = subject["values"]
        _write(a, subject, site.url("/a"), values["/b" if wrong else "/a"])
        _write(b, subject, site.url("/b"), values["/b"])
        _snapshot(a, tmp_path, monkeypatch)
        before = _verify(tmp_path, monkeypatch, pattern)
        said = _snapshot(b, tmp_path, monkeypatch)
    after = _verify(tmp_path, monkeypatch, pattern)
    label = str(a.relative_to(tmp_path))
    q019 = [("Q019", f"{label}:{subject['cid']}")]
    if wrong:
        assert before[0] == 1 and set(q019) <= set(before[1])
        assert after[0] == 1 and set(q019) <= set(after[1]), after
        assert "kept" in said.stderr  # the other registry's file is named, and kept
    else:
        assert after == (0, []), after
    # Each registry reads its own; B's own quote is checked against B's source.
    assert all(claim.startswith(label) for _, claim in after[1])


def test_a_registry_replaces_its_own_snapshot_and_older_ones_of_the_same_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    subject = SUBJECTS["rivers"]
    (tmp_path / ".git").mkdir()
    path = tmp_path / "claims.yaml"
    folder = tmp_path / "snapshots"
    with serve() as site:
        _site(site, subject)
        _write(path, subject, site.url("/b"), 63)
        _snapshot(path, tmp_path, monkeypatch)
        assert [p.name for p in folder.iterdir()] == ["survey.json"]
        # A folder from before snapshots named their registry: read, and brought up to date
        # in place (the same address), never beside it.
        record = json.loads((folder / "survey.json").read_text())
        assert record.pop("registry") == "../claims.yaml"
        (folder / "survey.json").write_text(json.dumps(record))
        assert _verify(tmp_path, monkeypatch) == (0, [])
        _snapshot(path, tmp_path, monkeypatch)
        assert [p.name for p in folder.iterdir()] == ["survey.json"]
        # Its url edited: its own snapshot is replaced, one file still.
        _write(path, subject, site.url("/a"), 41)
        _snapshot(path, tmp_path, monkeypatch)
        assert [p.name for p in folder.iterdir()] == ["survey.json"]
        assert load(folder)["survey"].url.endswith("/a")
        # An older snapshot of another address is kept (it may be another registry's), said.
        record = json.loads((folder / "survey.json").read_text())
        del record["registry"]
        (folder / "survey.json").write_text(json.dumps(record))
        _write(path, subject, site.url("/b"), 63)
        said = _snapshot(path, tmp_path, monkeypatch)
    assert "survey.json (written before snapshots named their registry)" in said.stderr
    assert len(list(folder.iterdir())) == 2
    assert load(folder, path)["survey"].url.endswith("/b")
    assert _verify(tmp_path, monkeypatch) == (0, [])
