"""The CLI: every exit code, formats, escaping, and the golden reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.conftest import DATA, GOLDEN, check_golden

runner = CliRunner()
GOLDEN_REGISTRY = DATA / "registries" / "golden.yaml"
COMPLETE = DATA / "registries" / "valid" / "complete.yaml"


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env or {})
    return result.exit_code, result.stdout, result.stderr


def rel(text: str) -> str:
    return text.replace(str(DATA), "tests/data")


def test_exit_0_when_nothing_reaches_fail_on() -> None:
    code, out, _ = invoke("verify", str(COMPLETE), "--today", "2026-11-24")
    assert code == 0, out
    assert "5 claims, 3 sources: 0 errors" in out


def test_exit_1_on_findings_at_fail_on() -> None:
    code, _, _ = invoke("verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24")
    assert code == 1
    code, _, _ = invoke("verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24", "--ignore", "S005")
    assert code == 0
    code, _, _ = invoke(
        "verify",
        str(GOLDEN_REGISTRY),
        "--today",
        "2026-11-24",
        "--ignore",
        "S005",
        "--fail-on",
        "note",
    )
    assert code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("verify", "missing.yaml"), "missing.yaml: error: no such file"),
        (("verify", str(COMPLETE), "--today", "yesterday"), "--today"),
        (("verify", str(COMPLETE), "--fail-on", "fatal"), "--fail-on"),
        (("verify", str(COMPLETE), "--select", "Z9"), "no rule code starts with 'Z9'"),
        (("verify", str(COMPLETE), "--format", "xml"), "unknown format 'xml'"),
        (("show", "nope", "-r", str(COMPLETE)), "no claim `nope`"),
        (("rules", "S999"), "no rule 'S999'"),
    ],
)
def test_exit_2_on_usage_errors(args: tuple[str, ...], message: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_exit_3_on_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import claimcheck.engine

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(claimcheck.engine, "run_checks", boom)
    code, _, err = invoke("verify", str(COMPLETE))
    assert code == 3
    assert "internal error" in err and "Traceback" not in err


def test_crashing_check_becomes_x001_and_others_still_report() -> None:
    from claimcheck.checks import ALL_CHECKS
    from claimcheck.checks.base import Check, CheckContext
    from claimcheck.engine import run_checks
    from claimcheck.findings import Finding
    from claimcheck.loader import load_registry
    from claimcheck.model import Registry
    from tests.conftest import TODAY

    def crash(registry: Registry, ctx: CheckContext) -> list[Finding]:
        raise ValueError("bad")

    checks = (*ALL_CHECKS, Check("crashy", (), crash))
    report = run_checks(load_registry(GOLDEN_REGISTRY), today=TODAY, checks=checks)
    found = {f.code for f in report.findings}
    assert "X001" in found and "S001" in found


def test_golden_json(update_golden: bool) -> None:
    code, out, _ = invoke(
        "verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24", "--format", "json"
    )
    assert code == 1
    document = json.loads(out)
    assert document["schema_version"] == 1
    check_golden(GOLDEN / "json" / "golden.json", rel(out), update_golden)


def test_golden_terminal(update_golden: bool) -> None:
    _, out, _ = invoke("verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24")
    check_golden(GOLDEN / "terminal" / "golden.txt", rel(out), update_golden)


def test_registry_text_is_printed_as_written() -> None:
    _, out, _ = invoke("verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24")
    assert "[bold]recorded[/bold]" in out
    assert "\x1b" not in out and "\\x1b[31m" in out


def test_colour_is_off_when_piped_and_on_when_forced() -> None:
    _, plain, _ = invoke("verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24")
    _, forced, _ = invoke(
        "verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24", env={"FORCE_COLOR": "1"}
    )
    assert "\x1b[" not in plain and "\x1b[" in forced


def test_output_file_is_written_and_summary_goes_to_stderr(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, err = invoke(
        "verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24", "-f", "json", "-o", str(target)
    )
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["summary"]["claims"] == 4
    assert "wrote" in err


def test_environment_and_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The config names a registry inside its repository (a path leading out is refused:
    # tests/test_config_security.py); the command line may name one anywhere.
    (tmp_path / "golden.yaml").write_bytes(GOLDEN_REGISTRY.read_bytes())
    (tmp_path / "claimcheck.toml").write_text('registry = "golden.yaml"\nignore = ["S005"]\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = invoke("verify", "--today", "2026-11-24")
    # The finding is not reported; the summary says the states are of the rules run.
    assert code == 0 and "Golden" not in out and "S005 disputed" not in out
    assert "states: by the rules run only (not selected: S005)" in out
    code, out, _ = invoke("verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24")
    assert code == 0 and "S005 disputed" not in out
    code, _, _ = invoke(
        "verify", env={"CLAIMCHECK_TODAY": "2026-11-24", "CLAIMCHECK_FAIL_ON": "warning"}
    )
    assert code == 1
    (tmp_path / "claimcheck.toml").write_text(f'registry = "{GOLDEN_REGISTRY}"\n')
    code, _, err = invoke("verify", "--today", "2026-11-24")
    assert code == 2 and "claimcheck.toml:1:1: error: `registry`" in err
    assert "is outside the repository" in err
    (tmp_path / "claimcheck.toml").write_text("ignroe = []\n")
    code, _, err = invoke("verify")
    assert code == 2 and "did you mean `ignore`?" in err


def test_list_filters_and_formats() -> None:
    base = ("list", str(GOLDEN_REGISTRY), "--today", "2026-11-24")
    _, out, _ = invoke(*base, "--unsourced", "--format", "json")
    assert [row["id"] for row in json.loads(out)] == ["offences_2024", "judgement"]
    _, out, _ = invoke(*base, "--disputed", "--format", "csv")
    assert out.splitlines()[1].startswith("transcripts,figure,disputed")
    _, out, _ = invoke(*base, "--kind", "assessment")
    assert "judgement" in out and "1 claim" in out
    _, out, _ = invoke(*base, "--source", "relay", "--format", "json")
    assert [row["id"] for row in json.loads(out)] == ["review_cases"]
    _, out, _ = invoke(*base, "--stale", "--format", "json")
    assert [row["id"] for row in json.loads(out)] == ["review_cases"]


def test_show_and_rules() -> None:
    code, out, _ = invoke(
        "show", "transcripts", "-r", str(GOLDEN_REGISTRY), "--today", "2026-11-24"
    )
    assert code == 0 and "385 conviction transcripts" in out and "S005" in out
    _, out, _ = invoke("show", "transcripts", "-r", str(GOLDEN_REGISTRY), "-f", "json")
    assert json.loads(out)["citations"][0]["title"] == "The audit"
    _, out, _ = invoke("rules")
    assert "S001  unsourced-claim" in out
    _, out, _ = invoke("rules", "unsourced-claim")
    assert out.startswith("S001 unsourced-claim")


def test_help_and_version() -> None:
    code, out, _ = invoke("--help")
    assert code == 0 and "verify" in out
    code, out, _ = invoke("--version")
    assert code == 0 and out.startswith("claimcheck ")
