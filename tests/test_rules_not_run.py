"""A claim's state is of the rules run: a report says which were left out (review 11, #14).

Under `--select P` a claim whose figure disagrees with its own text (C015) or whose status
went stale (T001) came out `ok` in every format: states were computed from the selected
rules only, and nothing said so, so `ok` read as checked and fine. Every format with claim
states now says which rules that could mark a claim were not selected (`states: by the
rules run only (not selected: C, L, Q, S, T)`; JSON `rules_not_run`), and a report read
back keeps it. Planted on two subjects (the selection that hides the finding) beside clean
twins (every rule run; a rule left out that marks no claim, or only notes).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--offline", "--today", "2026-11-24"]

#: A registry whose one claim is reviewed and cited, with a finding of the rule named.
SUBJECTS = {
    "text and value (C015)": (
        """\
version: 1
page: {title: Buses}
sources:
  - {id: review, title: Bus review, isbn: "9780306406157"}
claims:
  - id: night
    text: Night buses run on 24 routes.
    kind: figure
    value: 25
    unit: routes
    citations: [{source: review, locator: "p. 3", quote: "24 routes"}]
    review: {status: verified, on: 2026-11-01}
""",
        "night",
        "C015",
        "inconsistent",
    ),
    "stale status (T001)": (
        """\
version: 1
page: {title: Libraries, as_of: 2025-01}
sources:
  - {id: report, title: Library report, isbn: "9780306406157"}
claims:
  - id: closed
    text: Three libraries are currently closed.
    kind: status
    citations: [{source: report, locator: "p. 1", quote: "three libraries are closed"}]
    review: {status: verified, on: 2026-11-01}
""",
        "closed",
        "T001",
        "stale",
    ),
}

#: The selections that leave out the rule, and what the reports say of them.
HIDING = {
    "select P": (["--select", "P"], "C, L, Q, S, T"),
    "ignore the rule": (["--ignore", "RULE"], "RULE"),
}
#: Selections that leave out no rule that could mark a claim: nothing to say.
CLEAN = {
    "every rule": [],
    "every family": ["--select", "C,L,P,Q,R,S,T,X"],
    "a rule of the page only": ["--ignore", "P001"],
    "a note rule": ["--ignore", "T003"],
}


def _registry(tmp_path: Path, subject: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(SUBJECTS[subject][0], encoding="utf-8")
    return path


def _run(*args: str) -> str:
    result = runner.invoke(app, ["verify", *args, *TODAY])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("hiding", HIDING)
@pytest.mark.parametrize("subject", SUBJECTS)
def test_every_format_says_the_states_are_of_the_rules_run(
    tmp_path: Path, subject: str, hiding: str
) -> None:
    _, _, rule, state = SUBJECTS[subject]
    registry = str(_registry(tmp_path, subject))
    args, said = HIDING[hiding]
    args = [a.replace("RULE", rule) for a in args]
    line = f"states: by the rules run only (not selected: {said.replace('RULE', rule)})"

    # The finding is there when every rule runs, and marks the claim.
    whole = json.loads(_run(registry, "-f", "json"))
    assert [f["code"] for f in whole["findings"]] == [rule]
    assert whole["claims"][0]["states"] == [state] and whole["rules_not_run"] == []

    document = json.loads(_run(registry, *args, "-f", "json"))
    assert document["findings"] == []
    assert document["claims"][0]["states"] == ["ok"]  # by the rules run
    assert rule in document["rules_not_run"]
    assert "P001" not in document["rules_not_run"]  # marks no claim
    assert not any(code.startswith("R") for code in document["rules_not_run"])

    text = _run(registry, *args)
    assert re.search(rf"^claims: 1 ok\n{re.escape(line)}$", text, re.M), text
    assert _run(registry, *args, "-f", "concise").rstrip().endswith(" · " + line)
    assert f"\n{line}\n" in _run(registry, *args, "-f", "markdown")
    assert f'<p class="muted">{line}</p>' in _run(registry, *args, "-f", "html")

    # Read back (merge), the report says it still.
    report = tmp_path / "report.json"
    report.write_text(json.dumps(document), encoding="utf-8")
    merged = runner.invoke(app, ["merge", str(report), "-f", "terminal"])
    assert merged.exit_code == 0, merged.output
    assert line in merged.stdout


@pytest.mark.parametrize("selection", CLEAN)
@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_selection_that_leaves_out_no_marking_rule_says_nothing(
    tmp_path: Path, subject: str, selection: str
) -> None:
    state = SUBJECTS[subject][3]
    registry = str(_registry(tmp_path, subject))
    args = CLEAN[selection]
    document = json.loads(_run(registry, *args, "-f", "json"))
    assert document["rules_not_run"] == []
    assert document["claims"][0]["states"] == [state]
    for fmt in ("terminal", "concise", "markdown", "html"):
        assert "by the rules run only" not in _run(registry, *args, "-f", fmt), fmt


@pytest.mark.parametrize("select", [True, False], ids=["config select", "no select"])
def test_review_says_the_states_are_of_the_rules_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, select: bool
) -> None:
    """`review` takes the selection from the config: its summary says it as the reports do."""
    text = SUBJECTS["text and value (C015)"][0].replace(
        "page: {title: Buses}", "page: {title: Buses, path: page.md}"
    )
    (tmp_path / "claims.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "page.md").write_text("# Buses\n\nNight buses run on 24 routes.\n", "utf-8")
    if select:
        (tmp_path / "claimcheck.toml").write_text('select = ["P"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["review", "claims.yaml", *TODAY, "-o", "review.html"])
    assert result.exit_code in (0, 1), result.output
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    said = "States: by the rules run only (not selected: C, L, Q, S, T)."
    assert (said in page) is select
