"""`list` and `show` say that a claim's states are of the rules run (review 22, #5).

Planted: a config that leaves out S001 and the T rules (`ignore = ["S001", "T"]`). `verify`
said `states: by the rules run only (not selected: S001, T)`; `list --stale` printed `[]`,
"no claims match --stale" and exit 0 though a claim's review was overdue, `show` gave no
`rules_not_run`, and the table said nothing. Now a filter by a state that rules not run could
give is refused (exit 2, naming them), what is listed or shown says which rules were left
out (the table and `show` below the claim, `rules_not_run` in JSON and CSV), and a filter the
claim's own data answers (`--unsourced`: no citation) is still answered. Each subject has a
clean twin, the same registry with no config, which lists and shows as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--today", "2025-09-01"]
IGNORING = 'ignore = ["S001", "T"]\n'

#: A hospital's waiting list: a figure whose review is overdue (T002, stale), one with no
#: citation (unsourced), one fine.
HOSPITAL = """\
version: 1
sources:
  - {id: nhs_rtt, title: NHS referral to treatment statistics, url: "https://nhs.example.org/rtt"}
claims:
  - id: waiting_list
    text: The waiting list at Northfield hospital stood at 14,200 patients in March 2025.
    kind: figure
    value: 14200
    unit: patients
    date: 2025-03
    citations: [{source: nhs_rtt}]
    review: {status: verified, on: 2025-04-01}
    review_by: 2025-06-30
  - id: new_ward
    text: A new ward of 28 beds opened in May 2025.
    kind: figure
    value: 28
    unit: beds
    date: 2025-05
  - id: median_wait
    text: The median wait was 14 weeks in March 2025.
    kind: figure
    value: 14
    unit: weeks
    date: 2025-03
    citations: [{source: nhs_rtt}]
    review: {status: verified, on: 2025-04-01}
"""

#: A glacier's melt: the same three shapes.
GLACIER = """\
version: 1
sources:
  - {id: glamos_2024, title: GLAMOS report 2024, url: "https://glamos.example.org/2024"}
claims:
  - id: rhone_loss
    text: The Rhone glacier lost 1.2 metres of ice thickness in 2024.
    kind: figure
    value: 1.2
    unit: metres
    period: 2024
    citations: [{source: glamos_2024}]
    review: {status: verified, on: 2025-01-10}
    review_by: 2025-07-01
  - id: volume_fall
    text: Swiss glacier volume fell 2.5 percent in 2024.
    kind: figure
    value: 2.5
    unit: percent
    period: 2024
  - id: aletsch_length
    text: The Aletsch glacier is 22.6 kilometres long.
    kind: figure
    value: 22.6
    unit: kilometres
    citations: [{source: glamos_2024}]
    review: {status: verified, on: 2025-01-10}
"""

SUBJECTS = {
    "hospital": (HOSPITAL, "waiting_list", "new_ward", "median_wait"),
    "glacier": (GLACIER, "rhone_loss", "volume_fall", "aletsch_length"),
}


def _site(tmp_path: Path, subject: str, config: str | None) -> tuple[Path, list[str]]:
    """The subject's registry (and its config when given); the options to pass them."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(SUBJECTS[subject][0], encoding="utf-8")
    options = [str(registry), *TODAY]
    if config is not None:
        (tmp_path / "claimcheck.toml").write_text(config, encoding="utf-8")
        options += ["--config", str(tmp_path / "claimcheck.toml")]
    return registry, options


def _list(options: list[str], *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["list", *options, *extra])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_filter_by_a_state_whose_rules_did_not_run_is_refused(
    tmp_path: Path, subject: str
) -> None:
    _, stale, _, _ = SUBJECTS[subject]
    _, options = _site(tmp_path, subject, IGNORING)
    code, out, err = _list(options, "--stale", "-f", "json")
    assert code == 2, out + err
    assert out == ""  # no `[]` to read as "nothing is stale"
    assert "--stale: the rules that give a claim this state are not selected" in err
    assert "T001, T002" in err and "left out by `ignore`" in err
    assert "claimcheck.toml:1:1: error:" in err  # where the selection was made
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    # `--state ok`: any rule not run could have taken `ok` away.
    code, out, err = _list(options, "--state", "ok")
    assert code == 2 and "--state ok" in err and "S001" in err
    # The clean twin: no config, every rule run: the stale claim is listed.
    _, options = _site(tmp_path, subject, None)
    code, out, err = _list(options, "--stale", "-f", "json")
    assert code == 0, err
    assert [row["id"] for row in json.loads(out)] == [stale]
    assert json.loads(out)[0]["rules_not_run"] == []


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_what_is_listed_says_the_rules_not_run(tmp_path: Path, subject: str) -> None:
    _, _, unsourced, _ = SUBJECTS[subject]
    _, options = _site(tmp_path, subject, IGNORING)
    said = "states: by the rules run only (not selected: S001, T)"
    code, out, err = _list(options)
    assert code == 0, err
    assert said in out
    code, out, err = _list(options, "-f", "json")
    assert code == 0 and said in err
    rows = json.loads(out)
    not_run = rows[0]["rules_not_run"]
    assert "S001" in not_run and "T001" in not_run and "T002" in not_run
    assert all(row["rules_not_run"] == not_run for row in rows)
    code, out, err = _list(options, "-f", "csv")
    assert code == 0 and said in err
    header, first = out.splitlines()[:2]
    assert header.endswith(",rules_not_run") and first.endswith(";".join(not_run))
    # A claim's own data answers `--unsourced` (S001's very condition: no citation).
    code, out, err = _list(options, "--unsourced", "-f", "json")
    assert code == 0, err
    assert [row["id"] for row in json.loads(out)] == [unsourced]
    # The clean twin: every rule run, nothing said.
    _, options = _site(tmp_path, subject, None)
    code, out, err = _list(options)
    assert code == 0 and "states: by the rules run only" not in out + err
    code, out, err = _list(options, "-f", "csv")
    assert code == 0 and out.splitlines()[1].endswith(",")


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_show_says_the_rules_not_run(tmp_path: Path, subject: str) -> None:
    _, stale, _, fine = SUBJECTS[subject]
    registry, options = _site(tmp_path, subject, IGNORING)
    config = options[options.index("--config") :]
    shown = runner.invoke(app, ["show", fine, "-r", str(registry), *TODAY, *config, "-f", "json"])
    assert shown.exit_code == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["states"] == ["ok"] and "T002" in data["rules_not_run"]
    text = runner.invoke(app, ["show", stale, "-r", str(registry), *TODAY, *config]).stdout
    assert "states: by the rules run only (not selected: S001, T)" in text
    # The clean twin: the stale claim is stale, and nothing is said of rules not run.
    (tmp_path / "claimcheck.toml").unlink()
    shown = runner.invoke(app, ["show", stale, "-r", str(registry), *TODAY, "-f", "json"])
    assert shown.exit_code == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["states"] == ["stale"] and data["rules_not_run"] == []
    text = runner.invoke(app, ["show", stale, "-r", str(registry), *TODAY]).stdout
    assert "rules run only" not in text


def test_a_filter_the_rules_run_answer_is_not_refused(tmp_path: Path) -> None:
    """Twin: with only S001 left out, `--stale` and `--state stale` are answered."""
    _, options = _site(tmp_path, "hospital", 'ignore = ["S001"]\n')
    for extra in (["--stale"], ["--state", "stale"], ["--disputed"]):
        code, out, err = _list(options, *extra, "-f", "json")
        assert code == 0, err
        assert "states: by the rules run only (not selected: S001)" in err
    code, out, _ = _list(options, "--stale", "-f", "json")
    assert [row["id"] for row in json.loads(out)] == ["waiting_list"]
