"""`merge` refuses shards run on different versions of a registry (review 13, #8).

Shard 1 ran, a claim was renamed (`swiss_loss` -> `swiss_volume_loss`), shard 2 ran, and
`merge` combined them into "3 claims, 2 sources" of a registry that has 2 claims: it checked
the registries' names and the date only. Each report now records the SHA-256 of each
registry's text as checked (`registry_sha256`), and `merge` refuses reports whose digests
differ, or that do not have one, naming the file and the field. Planted (a claim renamed, a
value changed, one registry of a site edited) on two subjects, with shards of one version as
the clean twin.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--offline", "--no-cache", "--today", "2026-11-24"]

SUBJECTS = {
    "glaciers": """\
version: 1
sources:
  - {id: survey, title: Glacier survey, kind: dataset, url: "http://127.0.0.2:9/a"}
  - {id: atlas, title: Glacier atlas, kind: report, url: "http://127.0.0.3:9/b"}
claims:
  - id: rhone_loss
    text: The Rhone glacier lost 2.1% of its volume.
    kind: figure
    value: 2.1
    unit: percent
    citations: [{source: survey}]
  - id: swiss_loss
    text: Swiss glaciers lost 39% of their volume.
    kind: figure
    value: 39
    unit: percent
    citations: [{source: atlas}]
""",
    "harbour": """\
version: 1
sources:
  - {id: port, title: Port statistics, kind: dataset, url: "http://127.0.0.2:9/p"}
  - {id: council, title: Harbour plan, kind: report, url: "http://127.0.0.4:9/h"}
claims:
  - id: ships
    text: The harbour handled 1,200 ships.
    kind: figure
    value: 1200
    unit: ships
    citations: [{source: port}]
  - id: berths
    text: It has 18 berths.
    kind: figure
    value: 18
    unit: berths
    citations: [{source: council}]
""",
}
#: Each subject's edits between two shards' runs: a claim renamed, a value changed.
EDITS = {
    "glaciers": [("swiss_loss", "swiss_volume_loss"), ("value: 2.1\n", "value: 2.2\n")],
    "harbour": [("id: berths", "id: berth_count"), ("value: 18\n", "value: 19\n")],
}


def _shard(registries: list[Path], k: int, n: int, out: Path) -> Path:
    args = ["verify", *map(str, registries), *TODAY, "--shard", f"{k}/{n}", "-f", "json"]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    return out


def _registry(tmp_path: Path, subject: str, name: str = "claims.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SUBJECTS[subject], encoding="utf-8")
    return path


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_shards_of_one_version_merge_and_record_its_digest(tmp_path: Path, subject: str) -> None:
    registry = _registry(tmp_path, subject)
    shards = [_shard([registry], k, 2, tmp_path / f"s{k}.json") for k in (1, 2)]
    digest = hashlib.sha256(registry.read_bytes()).hexdigest()
    for shard in shards:
        assert json.loads(shard.read_text(encoding="utf-8"))["registry_sha256"] == [digest]
    merged = runner.invoke(app, ["merge", *map(str, shards), "-f", "json"])
    assert merged.exit_code in (0, 1), merged.output
    document = json.loads(merged.stdout)
    assert document["summary"]["claims"] == 2 and document["registry_sha256"] == [digest]
    # CRLF line endings (a checkout on Windows) are the same registry.
    crlf = registry.read_bytes().replace(b"\n", b"\r\n")
    registry.write_bytes(crlf)
    shards[1] = _shard([registry], 2, 2, tmp_path / "s2.json")
    assert runner.invoke(app, ["merge", *map(str, shards)]).exit_code in (0, 1)


@pytest.mark.parametrize("edit", [0, 1])
@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_shards_of_two_versions_are_refused(tmp_path: Path, subject: str, edit: int) -> None:
    registry = _registry(tmp_path, subject)
    first = _shard([registry], 1, 2, tmp_path / "s1.json")
    old, new = EDITS[subject][edit]
    registry.write_text(SUBJECTS[subject].replace(old, new), encoding="utf-8")
    second = _shard([registry], 2, 2, tmp_path / "s2.json")
    for order in ((first, second), (second, first)):
        result = runner.invoke(app, ["merge", *map(str, order)])
        assert result.exit_code == 2 and result.stdout == "", result.output
        line = result.stderr.strip()
        assert len(line.splitlines()) == 1 and "Traceback" not in line
        assert line.startswith(f"claimcheck: {order[1]}: error: a report of another version")
        assert "`$.registry_sha256`" in line and "run every shard on one commit" in line


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_site_with_one_registry_edited_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subject: str
) -> None:
    monkeypatch.chdir(tmp_path)
    a = _registry(tmp_path, subject, "a/claims.yaml")
    b = _registry(tmp_path, subject, "b/claims.yaml")
    paths = [Path("a/claims.yaml"), Path("b/claims.yaml")]
    first = _shard(paths, 1, 2, tmp_path / "s1.json")
    clean = _shard(paths, 2, 2, tmp_path / "s2.json")
    assert runner.invoke(app, ["merge", str(first), str(clean)]).exit_code in (0, 1)
    assert a.exists()
    old, new = EDITS[subject][1]
    b.write_text(SUBJECTS[subject].replace(old, new), encoding="utf-8")
    second = _shard(paths, 2, 2, tmp_path / "s2.json")
    result = runner.invoke(app, ["merge", str(first), str(second)])
    assert result.exit_code == 2
    assert "another version of b/claims.yaml" in result.stderr


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_report_without_its_digest_or_with_a_bad_one_is_refused(
    tmp_path: Path, subject: str
) -> None:
    registry = _registry(tmp_path, subject)
    shards = [_shard([registry], k, 2, tmp_path / f"s{k}.json") for k in (1, 2)]
    document = json.loads(shards[1].read_text(encoding="utf-8"))
    for value, said in (
        (None, "does not say which version of its registry"),
        (["abc"], "`$.registry_sha256[0]` is not a SHA-256"),
        ([document["registry_sha256"][0]] * 2, "has 2 digests for 1 registry"),
    ):
        edited = dict(document)
        if value is None:
            del edited["registry_sha256"]
        else:
            edited["registry_sha256"] = value
        shards[1].write_text(json.dumps(edited), encoding="utf-8")
        result = runner.invoke(app, ["merge", *map(str, shards)])
        assert result.exit_code == 2 and said in result.stderr, result.output
        assert result.stderr.startswith(f"claimcheck: {shards[1]}: error:")
