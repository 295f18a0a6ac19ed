"""`merge` writes every `--format` to its `--output`, as `verify` does (review 13, #4, its
merge half).

`merge s1.json s2.json -f json -o a.json -f markdown -o b.md` wrote b.md alone (each option
kept its last value), and `merge -f json -f concise` printed concise only, saying nothing.
Each format is now written to its own output, in order; two to standard output, or more
outputs than formats, are refused. Planted on two subjects (shards of a registry with
findings), each format checked against a merge to that format alone (the clean twin).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--offline", "--no-cache", "--today", "2026-11-24"]

SUBJECTS = {
    "orchard": """\
version: 1
sources:
  - {id: census, title: Orchard census, kind: dataset, url: "http://127.0.0.2:9/a"}
  - {id: spare, title: Old census, kind: dataset, url: "http://127.0.0.3:9/b"}
claims:
  - id: trees
    text: The orchard has 340 apple trees.
    kind: figure
    value: 340
    unit: trees
    citations: [{source: census}]
  - id: varieties
    text: It grows 12 varieties.
    kind: figure
    value: 12
    unit: varieties
""",
    "pool": """\
version: 1
sources:
  - {id: leisure, title: Leisure report, kind: report, url: "http://127.0.0.4:9/p"}
claims:
  - id: length
    text: The pool is 25 metres long.
    kind: figure
    value: 25
    unit: metres
  - id: swims
    text: It had 88,000 swims last year.
    kind: figure
    value: 88000
    unit: swims
    citations: [{source: leisure}]
""",
}


def _shards(tmp_path: Path, subject: str) -> list[str]:
    registry = tmp_path / "claims.yaml"
    registry.write_text(SUBJECTS[subject], encoding="utf-8")
    paths = []
    for k in (1, 2):
        out = tmp_path / f"s{k}.json"
        args = ["verify", str(registry), *TODAY, "--shard", f"{k}/2", "-f", "json", "-o", str(out)]
        assert runner.invoke(app, args).exit_code in (0, 1)
        paths.append(str(out))
    return paths


def _alone(shards: list[str], name: str) -> str:
    result = runner.invoke(app, ["merge", *shards, "-f", name, "--fail-on", "warning"])
    assert result.exit_code == 1, result.output
    return result.stdout


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_every_format_is_written_to_its_own_output(tmp_path: Path, subject: str) -> None:
    shards = _shards(tmp_path, subject)
    a, b, c = tmp_path / "a.json", tmp_path / "b.md", tmp_path / "c.sarif"
    args = ["-f", "json", "-o", str(a), "-f", "markdown", "-o", str(b), "-f", "sarif", "-o", str(c)]
    result = runner.invoke(app, ["merge", *shards, *args, "--fail-on", "warning"])
    assert result.exit_code == 1 and result.stdout == "", result.output
    assert a.read_text(encoding="utf-8") == _alone(shards, "json")
    assert b.read_text(encoding="utf-8") == _alone(shards, "markdown")
    assert c.read_text(encoding="utf-8") == _alone(shards, "sarif")
    assert json.loads(a.read_text(encoding="utf-8"))["summary"]["warnings"] > 0
    # One format to standard output, the other to a file.
    a.unlink()
    both = runner.invoke(
        app, ["merge", *shards, "-f", "json", "-o", str(a), "-f", "concise", "--fail-on", "warning"]
    )
    assert both.exit_code == 1
    assert both.stdout == _alone(shards, "concise")
    assert a.read_text(encoding="utf-8") == _alone(shards, "json")


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_formats_with_nowhere_to_go_are_refused(tmp_path: Path, subject: str) -> None:
    shards = _shards(tmp_path, subject)
    for args, said in (
        (["-f", "json", "-f", "concise"], "several formats would go to standard output"),
        (["-f", "json", "-o", "x.json", "-o", "y.json"], "more --output than --format"),
        (["-f", "json", "-o", "same.out", "-f", "csv", "-o", "same.out"], "would both be written"),
        (["-f", "nope"], "nope"),
    ):
        result = runner.invoke(app, ["merge", *shards, *args])
        assert result.exit_code == 2 and result.stdout == "", (args, result.output)
        assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not any((tmp_path / name).exists() for name in ("x.json", "y.json", "same.out"))


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_one_format_as_before(tmp_path: Path, subject: str) -> None:
    """The clean twin: no -f is the terminal report; one -f without -o goes to stdout."""
    shards = _shards(tmp_path, subject)
    plain = runner.invoke(app, ["merge", *shards])
    assert plain.exit_code == 0 and "2 claims" in plain.stdout  # warnings: exit 0
    assert _alone(shards, "concise").count("S001") == 1
