"""A registry named more than once in a site run is checked once, and every other naming is
said on standard error (review 21, #7).

`verify a/claims.yaml a/claims.yaml ./a/claims.yaml`, a config `registries` list naming it
twice, or a name and a pattern matching it were collapsed with no note: the note came only
when the second name was spelt otherwise than the first as a Path, and `Path("./a")` is
`Path("a")`. Planted on two subjects (a football club, a city budget), with the twin: each
registry named once says nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()

SUBJECTS = {
    "football": (
        "The club scored 64 goals in the 2024 season.",
        "The stadium holds 41,000 people.",
    ),
    "budget": ("The council spent £48 million on housing.", "Reserves stood at £19 million."),
}


@pytest.fixture(params=sorted(SUBJECTS))
def site(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two registries, `a/claims.yaml` and `b/claims.yaml`, of one claim
    each; the working directory."""
    (tmp_path / ".git").mkdir()
    for folder, text in zip("ab", SUBJECTS[request.param], strict=True):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "claims.yaml").write_text(
            f"version: 1\nclaims:\n  - {{id: one, text: '{text}', kind: assessment}}\n",
            encoding="utf-8",
        )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*argv: str) -> tuple[list[str], int, list[str]]:
    result = runner.invoke(app, ["verify", "--offline", "-f", "json", *argv])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    notes = [line for line in result.stderr.splitlines() if line]
    return report.get("registries") or [report["registry"]], len(report["claims"]), notes


@pytest.mark.parametrize(
    ("names", "said"),
    [
        (
            ["a/claims.yaml", "a/claims.yaml", "b/claims.yaml"],
            ["a/claims.yaml is named more than once: checked once"],
        ),
        (
            ["a/claims.yaml", "./a/claims.yaml", "b/claims.yaml"],
            ["./a/claims.yaml is a/claims.yaml (one file): checked once, as a/claims.yaml"],
        ),
        (
            ["a/claims.yaml", "*/claims.yaml"],
            ["a/claims.yaml is named more than once ('*/claims.yaml' matches it too)"],
        ),
        (
            ["*/claims.yaml", "*/claims.yaml"],
            [
                "a/claims.yaml is named more than once ('*/claims.yaml' matches it too)",
                "b/claims.yaml is named more than once ('*/claims.yaml' matches it too)",
            ],
        ),
    ],
)
def test_every_naming_again_is_said(site: Path, names: list[str], said: list[str]) -> None:
    found, claims, notes = run(*names)
    assert found == ["a/claims.yaml", "b/claims.yaml"] and claims == 2
    assert len(notes) == len(said), notes
    for note, expected in zip(notes, said, strict=True):
        assert expected in note, notes


def test_a_config_naming_a_registry_twice_is_said(site: Path) -> None:
    (site / "claimcheck.toml").write_text(
        'registries = ["a/claims.yaml", "b/claims.yaml", "a/claims.yaml"]\n', encoding="utf-8"
    )
    found, claims, notes = run()
    assert found == ["a/claims.yaml", "b/claims.yaml"] and claims == 2
    assert len(notes) == 1 and "a/claims.yaml is named more than once: checked once" in notes[0]


def test_each_registry_named_once_says_nothing(site: Path) -> None:
    assert run("a/claims.yaml", "b/claims.yaml") == (["a/claims.yaml", "b/claims.yaml"], 2, [])
    assert run("*/claims.yaml") == (["a/claims.yaml", "b/claims.yaml"], 2, [])
    (site / "claimcheck.toml").write_text('registries = ["a/*.yaml", "b/*.yaml"]\n')
    assert run() == (["a/claims.yaml", "b/claims.yaml"], 2, [])
