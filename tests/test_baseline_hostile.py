"""Odd baseline and report files: each refused in one line naming the file, the field and the
fix, or read as meant (review 13, #11).

`"baseline_version": true` was read as version 1 (a bool is an int); a `findings` key given
twice kept the last silently; an entry of a code no rule has ("ZZZ9") was counted "1 fixed
since" on every run; a UTF-8 byte order mark was refused as "decode using utf-8-sig"; a
truncated file was "not JSON: Unterminated string starting at", cut off, with no fix. Planted
on two subjects, each beside the same file unharmed (a clean twin), as baseline files and as
JSON reports (`verify --baseline`, `merge`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--offline", "--today", "2026-11-24"]

SUBJECTS = {
    "trams": """\
version: 1
page: {title: City trams, as_of: 2026-10}
sources:
  - {id: annual, title: Tram annual report, kind: report, isbn: "9780306406157"}
claims:
  - id: stops
    text: The tram network has 58 stops.
    kind: figure
    value: 58
    unit: stops
    citations: [{source: annual}]
  - id: riders
    text: Trams carried 31 million passengers.
    kind: figure
    value: 31
    unit: million passengers
  - id: fleet
    text: The fleet has 40 trams.
    kind: figure
    value: 40
    unit: trams
""",
    "parks": """\
version: 1
page: {title: Parks, as_of: 2026-10}
sources:
  - {id: survey, title: Parks survey, kind: report, isbn: "9780306406157"}
  - {id: spare, title: Old survey, kind: report, isbn: "9780306406157"}
claims:
  - id: parks
    text: The borough has 112 parks.
    kind: figure
    value: 112
    unit: parks
""",
}


def _made(tmp_path: Path, subject: str) -> tuple[Path, Path, Path]:
    """The registry, its baseline file and its JSON report."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(SUBJECTS[subject], encoding="utf-8")
    base = tmp_path / "base.json"
    made = runner.invoke(app, ["baseline", str(registry), *TODAY, "-o", str(base)])
    assert made.exit_code == 0, made.output
    report = tmp_path / "report.json"
    written = runner.invoke(app, ["verify", str(registry), *TODAY, "-f", "json", "-o", str(report)])
    assert written.exit_code == 0, written.output  # two warnings
    return registry, base, report


def _with(key: str, value: object) -> Callable[[str], str]:
    def edit(text: str) -> str:
        document = json.loads(text)
        document[key] = value
        return json.dumps(document, indent=2)

    return edit


def _entry(**changes: object) -> Callable[[str], str]:
    """One more entry: the first one's, changed."""

    def edit(text: str) -> str:
        document = json.loads(text)
        document["findings"].append(document["findings"][0] | changes)
        return json.dumps(document, indent=2)

    return edit


def _twice(text: str) -> str:
    """`findings` given again, empty, after the first: a parser keeping the last knows none."""
    return text.rstrip().removesuffix("}").rstrip() + ',\n  "findings": []\n}\n'


def _cut(text: str) -> str:
    """Cut short inside a finding's message, past the file's middle."""
    at = text.index('"message": "', len(text) // 2) + len('"message": "') + 3
    return text[:at]


#: Each planted oddity of a baseline file, and what the error must say.
PLANTED: dict[str, tuple[Callable[[str], str], str]] = {
    "version true": (_with("baseline_version", True), "`$.baseline_version` is true"),
    "version 3": (_with("baseline_version", 3), "a baseline of version 3"),
    "unknown code": (
        _entry(code="ZZZ9", fingerprint="f" * 32),
        '.code` is "ZZZ9", not a rule code',
    ),
    "bad fingerprint": (_entry(fingerprint="nope"), '.fingerprint` is "nope", not a fingerprint'),
    "findings twice": (_twice, 'the key "findings" is given twice in one object'),
    "truncated": (_cut, "not JSON: the string starting here is never closed"),
    "findings not a list": (_with("findings", {"a": 1}), "`$.findings` is {"),
}


@pytest.mark.parametrize("planted", sorted(PLANTED))
@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_an_odd_baseline_file_is_refused_in_one_line(
    tmp_path: Path, subject: str, planted: str
) -> None:
    registry, base, _ = _made(tmp_path, subject)
    edit, said = PLANTED[planted]
    odd = tmp_path / "odd.json"
    odd.write_text(edit(base.read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(app, ["verify", str(registry), *TODAY, "--baseline", str(odd)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"claimcheck: {odd}") and said in lines[0], lines[0]
    assert lines[0].endswith(")")  # a fix is given


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_the_clean_twins_are_read(tmp_path: Path, subject: str) -> None:
    """The same files unharmed, and with a byte order mark: every finding known."""
    registry, base, report = _made(tmp_path, subject)
    count = len(json.loads(base.read_text(encoding="utf-8"))["findings"])
    for known in (base, report):
        marked = tmp_path / f"bom-{known.name}"
        marked.write_bytes(b"\xef\xbb\xbf" + known.read_bytes())
        for baseline in (known, marked):
            result = runner.invoke(
                app, ["verify", str(registry), *TODAY, "--baseline", str(baseline), "-f", "json"]
            )
            assert result.exit_code == 0, result.output
            assert json.loads(result.stdout)["baseline"] == {"known": count, "fixed": 0}


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_an_odd_report_is_refused_by_merge_and_as_a_baseline(tmp_path: Path, subject: str) -> None:
    registry, _, report = _made(tmp_path, subject)
    text = report.read_text(encoding="utf-8")
    for edit, said in ((_cut, "not JSON: the string"), (_twice, '"findings" is given twice')):
        odd = tmp_path / "odd.json"
        odd.write_text(edit(text), encoding="utf-8")
        for args in (
            ["merge", str(odd)],
            ["verify", str(registry), *TODAY, "--baseline", str(odd)],
        ):
            result = runner.invoke(app, args)
            assert result.exit_code == 2 and said in result.stderr, result.output
            assert len(result.stderr.strip().splitlines()) == 1
            assert "claimcheck verify -f json" in result.stderr  # the fix
    marked = tmp_path / "marked.json"
    marked.write_bytes(b"\xef\xbb\xbf" + report.read_bytes())
    merged = runner.invoke(app, ["merge", str(marked), "-f", "json", "--fail-on", "warning"])
    assert merged.exit_code == 1, merged.output
    assert json.loads(merged.stdout)["findings"] == json.loads(text)["findings"]
