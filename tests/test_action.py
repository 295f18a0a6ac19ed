"""The GitHub Action, run as the runner runs it (issue 15).

action.yml's script is taken from the file and run with bash, its inputs given as GitHub
gives them (environment variables, from the step's `env:`), `$GITHUB_STEP_SUMMARY` and
`$RUNNER_TEMP` set. `uv` is a shim on PATH that runs the installed `claimcheck` and records
how it was called; nothing is installed and nothing leaves the machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DATA

ACTION = Path(__file__).parent.parent / "action.yml"
GOLDEN_REGISTRY = DATA / "registries" / "golden.yaml"
BASH = shutil.which("bash")
CLAIMCHECK = Path(sys.executable).parent / "claimcheck"

pytestmark = pytest.mark.skipif(BASH is None, reason="no bash here")


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return loaded


def check_step() -> dict[str, Any]:
    return next(s for s in action()["runs"]["steps"] if "claimcheck" in s["run"])


def github_env(step: dict[str, Any], inputs: dict[str, str], action_path: str) -> dict[str, str]:
    """The step's `env:` as GitHub fills it: `${{ inputs.x }}` with the input (or its
    default), `${{ github.action_path }}` with the action's folder."""
    defaults = {name: spec.get("default", "") for name, spec in action()["inputs"].items()}
    values = {**defaults, **inputs}
    env = {}
    for name, template in step["env"].items():
        expression = re.fullmatch(r"\$\{\{\s*(inputs|github)\.(\w+)\s*\}\}", template)
        assert expression, f"{name}: only whole `${{{{ inputs.x }}}}` values are expected"
        scope, key = expression.groups()
        env[name] = values[key] if scope == "inputs" else action_path
    return env


class Run:
    def __init__(self, result: subprocess.CompletedProcess[str], tmp_path: Path) -> None:
        self.code = result.returncode
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
        calls = tmp_path / "uv-calls"
        self.calls = calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []


def run_action(tmp_path: Path, **inputs: str) -> Run:
    step = check_step()
    assert step["shell"] == "bash"
    script = step["run"]
    # Nothing of an input may be pasted into the script's text: inputs come through env.
    assert "${{" not in script, "an expression in the script is script injection"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "uv"
    shim.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$*" >> "{tmp_path}/uv-calls"\n'
        '[ "$1" = run ] || exit 97\n'
        'while [ "$#" -gt 0 ] && [ "$1" != claimcheck ]; do shift; done\n'
        "shift\n"
        f'exec "{CLAIMCHECK}" "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)
    (tmp_path / "runner").mkdir()
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step's summary\n", encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CLAIMCHECK_"))},
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(tmp_path / "runner"),
        "NO_COLOR": "1",
        **github_env(step, inputs, str(ACTION.parent)),
    }
    result = subprocess.run(
        [str(BASH), "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Run(result, tmp_path)


def verify_exit_code(*args: str) -> int:
    return subprocess.run(
        [str(CLAIMCHECK), "verify", *args], capture_output=True, timeout=120, check=False
    ).returncode


def test_annotations_to_the_log_markdown_to_the_summary_sarif_to_its_file(
    tmp_path: Path,
) -> None:
    sarif = tmp_path / "out" / "claimcheck.sarif"
    sarif.parent.mkdir()
    args = "--offline --today 2026-11-24"
    run = run_action(tmp_path, registry=str(GOLDEN_REGISTRY), args=args, sarif=str(sarif))
    # The verify exit code: the golden registry has an error.
    assert run.code == verify_exit_code(str(GOLDEN_REGISTRY), *args.split()) == 1, run.stderr
    annotations = run.stdout.splitlines()
    assert annotations and all(
        re.match(r"::(error|warning|notice) file=", line) for line in annotations
    )
    assert any(line.startswith("::error ") for line in annotations)
    assert any(line.startswith("::warning ") for line in annotations)
    # Appended to the summary, which holds Markdown only.
    assert run.summary.startswith("earlier step's summary\n## claimcheck: ")
    assert "| where | rule | subject | message |" in run.summary and "::" not in run.summary
    document = json.loads(sarif.read_text(encoding="utf-8"))
    assert document["version"] == "2.1.0"
    assert len(document["runs"][0]["results"]) == len(annotations)
    # Every call went through `uv run --project <the action> --frozen claimcheck`.
    assert run.calls and all(
        c.startswith(f"run --project {ACTION.parent} --frozen claimcheck ") for c in run.calls
    )


def test_a_clean_registry_exits_0_and_still_writes_the_summary(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\nsources:\n  - {id: s, title: S, kind: government, url: https://e.org/s,"
        " accessed: 2026-11-01}\nclaims:\n  - {id: c, text: A fact., kind: fact,"
        " citations: [{source: s}]}\n",
        encoding="utf-8",
    )
    run = run_action(tmp_path, registry="claims.yaml", args="--offline --today 2026-11-24")
    assert run.code == 0, run.stderr
    assert "## claimcheck: claims.yaml" in run.summary and "No findings." in run.summary
    assert not (tmp_path / "out").exists()  # no sarif input, no SARIF file


def test_fail_on_from_args_decides_the_exit_code(tmp_path: Path) -> None:
    args = "--offline --today 2026-11-24 --select T --fail-on warning"
    run = run_action(tmp_path, registry=str(GOLDEN_REGISTRY), args=args)
    assert run.code == verify_exit_code(str(GOLDEN_REGISTRY), *args.split()) == 1
    assert "::warning " in run.stdout


def test_inputs_are_data_not_script(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    hostile = f'--offline "$(touch {marker})" `touch {marker}`; touch {marker}'
    run = run_action(tmp_path, registry=str(GOLDEN_REGISTRY), args=hostile)
    assert not marker.exists()
    assert run.code == 2  # claimcheck refuses the words as arguments; the shell ran nothing
    again = tmp_path / "again"
    again.mkdir()
    sarif_named = tmp_path / "x; touch pwned $(touch pwned)"
    run = run_action(again, registry=str(GOLDEN_REGISTRY), args="--offline", sarif=str(sarif_named))
    assert not marker.exists() and not (again / "pwned").exists()
    assert json.loads(sarif_named.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_args_keep_quoted_words_together(tmp_path: Path) -> None:
    run = run_action(
        tmp_path, registry=str(GOLDEN_REGISTRY), args="--offline --select 'T, S' --today 2026-11-24"
    )
    assert run.code == 1
    codes = set(re.findall(r"title=([A-Z])\d+", run.stdout))
    assert codes == {"S", "T"}  # `'T, S'` reached --select as one value


@pytest.mark.parametrize("args", ["-f terminal", "--output=x", "-o x", "--format sarif"])
def test_format_and_output_in_args_are_refused(tmp_path: Path, args: str) -> None:
    run = run_action(tmp_path, registry=str(GOLDEN_REGISTRY), args=f"--offline {args}")
    assert run.code == 2 and "takes no --format or --output" in run.stdout
    assert run.calls == []


def test_a_registry_that_does_not_load_fails_without_a_report(tmp_path: Path) -> None:
    run = run_action(tmp_path, registry="missing.yaml", args="--offline")
    assert run.code == verify_exit_code(str(tmp_path / "missing.yaml"), "--offline") == 2
    assert run.summary == "earlier step's summary\n" and run.stdout == ""


def test_a_registry_named_like_an_option_is_a_file_name(tmp_path: Path) -> None:
    run = run_action(tmp_path, registry="--help", args="--offline")
    assert run.code == 2 and "Usage" not in run.stdout
