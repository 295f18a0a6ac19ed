"""No silent pass (issue 16, item 8): an invalid registry is refused by every command that
cannot report its errors, unknown filter values and source ids are errors with a "did you
mean", and an empty result says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.conftest import DATA

GOLDEN = DATA / "registries" / "golden.yaml"
runner = CliRunner()
TODAY = ("--today", "2026-11-24")


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"CLAIMCHECK_OFFLINE": "1"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def registries(tmp_path: Path) -> tuple[Path, Path]:
    """The golden registry (valid) and its twin with one citation misspelt (R005)."""
    good = tmp_path / "good" / "claims.yaml"
    bad = tmp_path / "bad" / "claims.yaml"
    for path in (good, bad):
        path.parent.mkdir()
    text = GOLDEN.read_text(encoding="utf-8")
    good.write_text(text, encoding="utf-8")
    assert text.count("{source: relay}") == 1
    bad.write_text(text.replace("{source: relay}", "{source: relya}"), encoding="utf-8")
    return good, bad


COMMANDS = [
    ("list", "{r}", *TODAY),
    ("show", "transcripts", "-r", "{r}", *TODAY),
    ("export", "{r}"),
    ("export", "{r}", "-f", "csl-json"),
    ("baseline", "{r}", "--offline", "-o", "{d}/baseline.json", *TODAY),
    ("links", "{r}", "--offline"),
    ("scan", "{d}/page.txt", "-r", "{r}"),
    ("extract", "{d}/page.txt", "-r", "{r}"),
    ("verify", "{r}", "--select", "T", *TODAY),
    ("add", "claim", "--id", "new_one", "--text", "T.", "--kind", "fact", "-r", "{r}"),
    ("add", "source", "--id", "new_src", "--title", "T", "--kind", "other", "-r", "{r}"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_refuses_an_invalid_registry(
    command: tuple[str, ...], registries: tuple[Path, Path]
) -> None:
    good, bad = registries
    for path in registries:
        (path.parent / "page.txt").write_text("385 conviction transcripts.\n", encoding="utf-8")
    args = [a.format(r=bad, d=bad.parent) for a in command]
    before = bad.read_bytes()
    code, _, err = invoke(*args)
    assert code == 2, err
    assert "R005 unknown-source" in err and "did you mean `relay`?" in err
    assert "claims.yaml:" in err and "Traceback" not in err
    assert bad.read_bytes() == before and not (bad.parent / "baseline.json").exists()
    # The clean twin: the same command on the valid registry is not refused.
    code, _, err = invoke(*[a.format(r=good, d=good.parent) for a in command])
    assert code in (0, 1), err


def test_snapshot_refuses_an_invalid_registry(registries: tuple[Path, Path]) -> None:
    """It printed "0 sources read" and exited 0."""
    _, bad = registries
    result = runner.invoke(app, ["snapshot", str(bad)], env={"CLAIMCHECK_OFFLINE": None})
    assert result.exit_code == 2 and "R005" in result.stderr
    assert "sources read" not in result.stderr and not (bad.parent / "snapshots").exists()


def test_verify_reports_an_invalid_registry_as_findings(registries: tuple[Path, Path]) -> None:
    _, bad = registries
    code, out, _ = invoke("verify", str(bad), "--offline", *TODAY)
    assert code == 1 and "R005" in out


def test_a_rule_that_drops_entries_cannot_be_ignored(registries: tuple[Path, Path]) -> None:
    """Ignoring R005 would list, export or check the registry without the entry it is
    about: the config is refused at the `ignore` line; ignoring R006 (a warning) is not."""
    good, bad = registries
    config = bad.parent / "claimcheck.toml"
    config.write_text('fail-on = "error"\nignore = ["R005"]\n', encoding="utf-8")
    code, _, err = invoke("list", str(bad), "--config", str(config))
    assert code == 2 and f"{config}:2:1: error: `ignore`: 'R005' cannot be ignored" in err
    twin = good.parent / "claimcheck.toml"
    twin.write_text('fail-on = "error"\nignore = ["R006"]\n', encoding="utf-8")
    code, _, err = invoke("list", str(good), "--config", str(twin))
    assert code == 0, err


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--kind", "figgure", "did you mean `figure`?"),
        ("--source", "relya", "did you mean `relay`?"),
        ("--source", "nothing_like_it", "`sources:` list has the ids"),
        ("--state", "inconsistant", "did you mean `inconsistent`?"),
        ("--state", "zzz", "the states are invalid, retracted"),
        ("--tag", "nosuchtag", "shows each claim's tags"),
    ],
)
def test_unknown_filter_values_are_errors(option: str, value: str, hint: str) -> None:
    code, out, err = invoke("list", str(GOLDEN), option, value, *TODAY)
    assert code == 2 and out == ""
    assert f"{option}: no {option[2:]} {value!r}" in err and hint in err


def test_known_filter_values_list_their_claims() -> None:
    code, out, _ = invoke("list", str(GOLDEN), "--kind", "figure", "-f", "json", *TODAY)
    assert code == 0 and len(json.loads(out)) == 3
    code, out, _ = invoke("list", str(GOLDEN), "--state", "disputed", "-f", "json", *TODAY)
    assert [r["id"] for r in json.loads(out)] == ["transcripts"]


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_an_empty_result_says_so(fmt: str) -> None:
    code, out, err = invoke("list", str(GOLDEN), "--kind", "quote", "-f", fmt, *TODAY)
    assert code == 0
    assert "no claims match --kind quote" in err
    if fmt == "json":
        assert json.loads(out) == []  # still valid JSON for a script


def test_add_claim_refuses_an_unknown_source(registries: tuple[Path, Path]) -> None:
    good, _ = registries
    before = good.read_bytes()
    base = ("add", "claim", "--id", "new_one", "--text", "T.", "--kind", "fact", "-r", str(good))
    code, _, err = invoke(*base, "--cite", "no_such_source")
    assert code == 2 and "--cite: no source `no_such_source`" in err
    code, _, err = invoke(*base, "--cite", "audti")
    assert code == 2 and "did you mean `audit`?" in err
    assert good.read_bytes() == before
    code, _, err = invoke(*base, "--cite", "audit")  # the twin
    assert code == 0, err and "new_one" in good.read_text(encoding="utf-8")
