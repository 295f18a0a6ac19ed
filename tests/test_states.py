"""One state model over all findings (issue 16, item 1).

A claim's state follows from its review, its citations and every warning or error on it (as
subject or among `related`) or on a source it cites; notes never change it. No rule can put a
warning or an error on a claim and leave it `ok`: each marks a state, or says why it cannot.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.checks import all_rules
from claimcheck.cli import app
from claimcheck.engine import summarise_claims
from claimcheck.errors import ClaimcheckError
from claimcheck.findings import ClaimState, Family, Finding, Report, Severity
from claimcheck.loader import parse_registry
from tests.conftest import DATA, TODAY
from tests.helpers import check_text

ROOT = Path(__file__).parent.parent
MUTATION = DATA / "mutation"
runner = CliRunner()

#: What the state model promises, most serious first (README, "Claim states").
PRECEDENCE = [
    "invalid",
    "retracted",
    "disputed",
    "inconsistent",
    "failing-source",
    "stale",
    "unsourced",
    "unverified",
    "ok",
]

REGISTRY = """\
version: 1
page: {title: T, as_of: 2026-01}
sources:
  - {id: office, title: Office statistics, kind: statistics, url: "https://example.org/o"}
  - {id: other, title: Other statistics, kind: statistics, url: "https://example.org/x"}
claims:
  - id: offences
    text: 102,878 offences were recorded.
    kind: figure
    value: 102878
    mentions: ["102,878 offences"]
    citations: [{source: office, locator: p. 2}]
    review: {status: verified}
  - id: arrests
    text: 4,100 arrests were made.
    kind: figure
    value: 4100
    mentions: ["4,100 arrests"]
    citations: [{source: other, locator: p. 3}]
    review: {status: verified}
"""


def test_precedence_is_the_documented_order() -> None:
    assert [s.value for s in ClaimState] == PRECEDENCE


def test_every_rule_that_can_warn_marks_a_state_or_says_why_not() -> None:
    """The meta-test: a rule at warning or error (or one --strict raises) marks a state other
    than ok, or declares in `unmarked` that its findings are never about a claim."""
    for rule in all_rules():
        loud = rule.severity >= Severity.WARNING or rule.strict
        if rule.marks is None:
            assert rule.unmarked, f"{rule.code} marks no state and says not why"
        else:
            assert rule.marks is not ClaimState.OK and not rule.unmarked, rule.code
        if loud:
            assert rule.marks is not None or rule.unmarked, rule.code


def test_a_rule_without_a_state_is_refused_at_declaration() -> None:
    family = Family("Z", "test")  # no family state: each rule must say
    with pytest.raises(ValueError, match="marks a claim state"):
        family.rule("Z001", "silent", Severity.ERROR, "s", "e")
    with pytest.raises(ValueError, match="cannot mark a claim ok"):
        family.rule("Z002", "ok", Severity.ERROR, "s", "e", marks=ClaimState.OK)
    assert family.rule("Z003", "n", Severity.ERROR, "s", "e", unmarked="why").marks is None


def _reports() -> list[tuple[str, Report, dict[str, Any]]]:
    """Reports of several registries (the bundled one, the mutation twin and its planted
    errors, the test registries), each with its JSON rendering."""
    from claimcheck.engine import run_checks
    from claimcheck.loader import load_registry
    from claimcheck.render import RENDERERS
    from claimcheck.render.base import RenderOptions

    paths = [ROOT / "claims.yaml", MUTATION / "claims.yaml"]
    paths += sorted((DATA / "registries").rglob("*.yaml"))
    out = []
    for path in paths:
        try:
            loaded = load_registry(path)
        except ClaimcheckError:  # unreadable on purpose: other tests' business
            continue
        report = run_checks(loaded, today=TODAY)
        rendered = RENDERERS["json"].render(report, RenderOptions(color=False, width=100))
        out.append((str(path), report, json.loads(rendered)))
    return out


def _loud_claims(report: Report) -> set[str]:
    """Claims with a warning or error on them (as subject or related)."""
    loud = set()
    for finding in report.findings:
        if finding.level >= Severity.WARNING:
            if finding.claim is not None:
                loud.add(finding.claim)
            loud.update(finding.related)
    return loud & {c.id for c in report.claims}


def test_a_claim_with_a_warning_or_error_is_never_ok() -> None:
    """The invariant, on every registry the tests have, in the report and its JSON."""
    seen = 0
    for name, report, document in _reports():
        loud = _loud_claims(report)
        seen += len(loud)
        states = {c.id: c.state for c in report.claims}
        assert not [c for c in loud if states[c] is ClaimState.OK], name
        rows = {c["id"]: c for c in document["claims"]}
        assert not [c for c in loud if rows[c]["state"] == "ok" or "ok" in rows[c]["states"]]
        ok = sum(1 for c in report.claims if c.state is ClaimState.OK)
        assert document["summary"]["ok"] == ok, name
        for finding in report.findings:  # unmarked rules are never about a claim
            if finding.claim is not None and finding.level >= Severity.WARNING:
                assert finding.rule.marks is not None, (name, finding.code)
    assert seen > 50  # the corpus does exercise the invariant


def _claims(report: Report) -> dict[str, tuple[str, ...]]:
    return {c.id: tuple(s.value for s in c.states) for c in report.claims}


def test_clean_twin_is_ok() -> None:
    assert _claims(check_text(REGISTRY)) == {"offences": ("ok",), "arrests": ("ok",)}


@pytest.mark.parametrize(
    ("code", "source", "expected"),
    [
        ("P003", None, "inconsistent"),
        ("P002", None, "inconsistent"),
        ("Q005", "office", "failing-source"),
        ("Q001", "office", "failing-source"),
        ("Q006", "office", "failing-source"),
        ("C002", None, "inconsistent"),
        ("Q007", "office", "stale"),
    ],
)
def test_each_finding_on_a_claim_marks_it(code: str, source: str | None, expected: str) -> None:
    rule = next(r for r in all_rules() if r.code == code)
    claims = parse_registry(REGISTRY, "claims.yaml").registry.claims
    finding = Finding(rule, "planted", claim="offences", source=source)
    states = {s.id: s for s in summarise_claims(claims, [finding])}
    assert states["offences"].state.value == expected
    assert states["offences"].findings == 1
    assert states["arrests"].states == (ClaimState.OK,)  # the twin


def test_a_finding_on_a_source_marks_every_claim_citing_it() -> None:
    rules = {r.code: r for r in all_rules()}
    claims = parse_registry(REGISTRY, "claims.yaml").registry.claims
    dead = Finding(rules["L001"], "404", ("sources", 0, "url"), source="office")
    states = {s.id: s for s in summarise_claims(claims, [dead])}
    assert states["offences"].states == (ClaimState.FAILING_SOURCE,)
    assert states["offences"].findings == 0  # the finding is the source's, counted there
    assert states["arrests"].states == (ClaimState.OK,)
    # Not checked is not failing, and a note never changes a state.
    quiet = [
        Finding(rules["L008"], "no network", ("sources",)),
        Finding(rules["L003"], "moved", source="office"),
        Finding(rules["Q002"], "paraphrased", claim="arrests", source="other"),
    ]
    assert {s.state for s in summarise_claims(claims, quiet)} == {ClaimState.OK}
    # --strict makes a blocked link an error: it marks as a warning does.
    blocked = Finding(rules["L004"], "403", source="other", severity=Severity.ERROR)
    states = {s.id: s for s in summarise_claims(claims, [blocked])}
    assert states["arrests"].state is ClaimState.FAILING_SOURCE


def test_states_combine_in_precedence_order() -> None:
    rules = {r.code: r for r in all_rules()}
    claims = parse_registry(REGISTRY, "claims.yaml").registry.claims
    found = [
        Finding(rules["T001"], "stale", claim="offences"),
        Finding(rules["Q005"], "other figure", claim="offences", source="office"),
        Finding(rules["P003"], "changed", claim="offences"),
    ]
    (summary, _) = summarise_claims(claims, found)
    assert [s.value for s in summary.states] == ["inconsistent", "failing-source", "stale"]
    assert summary.state is ClaimState.INCONSISTENT


def test_claims_without_findings_share_their_states() -> None:
    """The fast path: claims with no finding take their states from a cache by review and
    citations (100,000 claims make one tuple per distinct pair, not one each)."""
    claims = parse_registry(REGISTRY, "claims.yaml").registry.claims
    first, second = summarise_claims(claims, [])
    assert first.states is second.states


def _page_registry(tmp_path: Path, page: str) -> Path:
    (tmp_path / "page.md").write_text(page, encoding="utf-8")
    text = REGISTRY.replace("page: {title: T, as_of: 2026-01}", "page: {title: T, path: page.md}")
    (tmp_path / "claims.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "claims.yaml"


@pytest.mark.parametrize("fmt", ["json", "terminal", "markdown", "html"])
def test_a_changed_figure_is_not_ok_in_any_format(tmp_path: Path, fmt: str) -> None:
    """The reproduction of issue 16: P003 right under a claim shown `ok`."""
    good = "We recorded 102,878 offences and made 4,100 arrests.\n"
    registry = _page_registry(tmp_path, good.replace("102,878", "102,978"))
    args = ["verify", str(registry), "--offline", "--today", "2026-11-24", "-f", fmt]
    result = runner.invoke(app, args, env={"CLAIMCHECK_OFFLINE": "1"})
    out = result.stdout
    # P003 (an error) where the words are found with another figure; P002 (a warning) where
    # the mention is not found at all: either way the claim is inconsistent.
    assert "P003" in out or "P002" in out
    assert result.exit_code == (1 if "P003" in out else 0), out + result.stderr
    if fmt == "json":
        rows = {c["id"]: c for c in json.loads(out)["claims"]}
        assert rows["offences"]["state"] == "inconsistent"
        assert rows["arrests"]["state"] == "ok"
        assert json.loads(out)["summary"]["ok"] == 1
    elif fmt == "terminal":
        assert re.search(r"claim offences\s+figure · inconsistent", out)
        assert "claims: 1 ok · 1 inconsistent" in out
    elif fmt == "html":
        row = out[out.index("<code>offences</code>") :]
        row = row[: row.index("</tr>")]
        assert ">inconsistent</span>" in row and ">ok</span>" not in row
    else:
        assert "| 1 |" in out  # one inconsistent claim in the counts
    # The clean twin: the same page unedited, every claim ok, exit 0.
    _page_registry(tmp_path, good)
    clean = runner.invoke(app, args, env={"CLAIMCHECK_OFFLINE": "1"})
    assert clean.exit_code == 0, clean.stdout
    assert "P003" not in clean.stdout and "P002" not in clean.stdout


def test_list_and_show_follow_the_findings(tmp_path: Path) -> None:
    registry = _page_registry(tmp_path, "We recorded 102,878 offences and 4,100 arrests.\n")
    base = ["--today", "2026-11-24"]
    out = runner.invoke(app, ["list", str(registry), "-f", "json", *base]).stdout
    assert {r["id"]: r["state"] for r in json.loads(out)} == {"offences": "ok", "arrests": "ok"}
    _page_registry(tmp_path, "We recorded 102,978 offences and 4,100 arrests.\n")
    out = runner.invoke(app, ["list", str(registry), "-f", "json", *base]).stdout
    assert {r["id"]: r["state"] for r in json.loads(out)}["offences"] == "inconsistent"
    result = runner.invoke(app, ["show", "offences", "-r", str(registry), "-f", "json", *base])
    assert json.loads(result.stdout)["states"] == ["inconsistent"]
    result = runner.invoke(app, ["list", str(registry), "--state", "inconsistent", *base])
    assert result.exit_code == 0 and "offences" in result.stdout
    assert "arrests" not in result.stdout


def test_q_severities_fail_ci_and_say_why() -> None:
    """Q001, Q005 and Q006 mislead a reader: errors by default, with the reason given."""
    rules = {r.code: r for r in all_rules()}
    for code in ("Q001", "Q005", "Q006"):
        assert rules[code].severity is Severity.ERROR
        assert "An error by default" in rules[code].explanation
    assert rules["Q004"].severity is Severity.WARNING  # not found may be derived
    result = runner.invoke(app, ["rules", "Q005"])
    assert "error by default" in result.stdout


def test_mutation_twin_with_a_source_changed_fails(tmp_path: Path) -> None:
    """A source that states another figure (Q005) fails CI and marks the claim."""
    from tests.test_mutations import load_mutants, run_mutant

    mutant = next(m for m in load_mutants() if m.id == "source_other_figure_samples")
    code, report = run_mutant(mutant, tmp_path / "twin")
    assert code == 1
    states = {c["id"]: c["state"] for c in report["claims"]}
    assert states["samples_taken"] == "failing-source"
    shutil.rmtree(tmp_path / "twin")


def test_rules_says_which_state_each_rule_marks() -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app

    marked = CliRunner().invoke(app, ["rules", "P003"]).stdout
    assert "A claim it is about is `inconsistent`." in marked
    unmarked = CliRunner().invoke(app, ["rules", "P001"]).stdout
    assert "It marks no claim state:" in unmarked
