"""`scan` on a site: each registry against its own `page.path`, one report, one exit code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
SITE = "site/*/claims.yaml"

#: Three pages on different subjects, each with its registry: (folder, page, claims), a claim
#: being (id, its sentence, its value, its mention).
PAGES = [
    (
        "rivers",
        "# The Lune\n\nThe ferry carried 412 boats across the river.\n",
        [("boats", "The ferry carried 412 boats across the river.", 412, "412 boats")],
    ),
    (
        "schools",
        "# Schools in Kendal\n\nThe town has 37 primary schools.\n",
        [("schools", "The town has 37 primary schools.", 37, "37 primary schools")],
    ),
    (
        "orchards",
        "# Orchards\n\nThe orchard grew 640 apple trees. The keeper tended 12 beehives.\n",
        [
            ("trees", "The orchard grew 640 apple trees.", 640, "640 apple trees"),
            ("hives", "The keeper tended 12 beehives.", 12, "12 beehives"),
        ],
    ),
]


def write_site(root: Path, *, planted: bool = False, page_path: bool = True) -> None:
    """The site under `root/site`; `planted` adds an unregistered figure to the rivers page
    (P001) and takes the beehives off the orchards page (P002); without `page_path` the
    schools registry names no page."""
    for folder, page, claims in PAGES:
        if planted and folder == "rivers":
            page += "The bridge is 85 metres long.\n"
        if planted and folder == "orchards":
            page = page.replace(" The keeper tended 12 beehives.", "")
        base = root / "site" / folder
        base.mkdir(parents=True, exist_ok=True)
        (base / "page.md").write_text(page, encoding="utf-8")
        named = page_path or folder != "schools"
        lines = ["version: 1", f"page: {{title: {folder}, path: page.md}}" if named else ""]
        lines.append("claims:")
        lines += [
            f"  - {{id: {cid}, text: '{text}', kind: figure, value: {value}, "
            f"mentions: ['{mention}']}}"
            for cid, text, value, mention in claims
        ]
        (base / "claims.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path)
    return tmp_path


def test_the_clean_site_passes_with_no_findings(site: Path) -> None:
    result = runner.invoke(app, ["scan", "-r", SITE, "--fail-on", "note", "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["registries"] == [
        "site/orchards/claims.yaml",
        "site/rivers/claims.yaml",
        "site/schools/claims.yaml",
    ]
    assert document["findings"] == [] and document["summary"]["claims"] == 4
    assert document["coverage"]["figures"] == 4 and document["coverage"]["registered"] == 4


def test_each_page_problem_is_reported_in_one_run_with_one_exit_code(site: Path) -> None:
    write_site(site, planted=True)
    args = ["scan", "-r", SITE, "--fail-on", "warning"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert out.index("== site/orchards/claims.yaml ==") < out.index("P002") < out.index("3 reg")
    assert "missing-mention" in out and "'12 beehives'" in out
    assert "site/rivers/page.md:4:" in out and "unregistered figure 85 metres" in out
    assert "== site/schools/claims.yaml ==" not in out  # a clean registry has no section

    document = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    found = {(f["code"], f["location"]["file"], f["claim"]) for f in document["findings"]}
    assert found == {
        ("P001", "site/rivers/page.md", None),
        ("P002", "site/orchards/claims.yaml", "site/orchards/claims.yaml:hives"),
    }
    assert document["summary"]["warnings"] == 2 and document["registry"] == "3 registries"


def test_an_unregistered_figure_is_shown_under_its_registry(site: Path) -> None:
    """A page's P001 is located in the page, yet it is its registry's finding: shown in that
    registry's section (after the sections before it), named in JSON, and read back so."""
    write_site(site, planted=True)
    out = runner.invoke(app, ["scan", "-r", SITE]).stdout
    assert "== site/rivers/claims.yaml ==" in out
    assert "== site/rivers/page.md ==" not in out
    section = out.index("== site/rivers/claims.yaml ==")
    assert section < out.index("P001")
    later = [
        m.start() for m in re.finditer(r"^== .* ==$", out, re.MULTILINE) if m.start() > section
    ]
    assert all(out.index("P001") < other for other in later)
    document = json.loads(runner.invoke(app, ["scan", "-r", SITE, "-f", "json"]).stdout)
    (p001,) = [f for f in document["findings"] if f["code"] == "P001"]
    assert p001["registry"] == "site/rivers/claims.yaml"
    written = site / "report.json"
    written.write_text(json.dumps(document), encoding="utf-8")
    from claimcheck.render.json_read import read_report

    back = read_report(written)
    assert back.registries and {f.registry for f in back.findings} >= {"site/rivers/claims.yaml"}


def test_the_config_lists_the_registries(site: Path) -> None:
    write_site(site, planted=True)
    (site / "claimcheck.toml").write_text(f"registries = [{SITE!r}]\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", "-f", "json", "--fail-on", "warning"])
    assert result.exit_code == 1, result.output
    assert len(json.loads(result.stdout)["registries"]) == 3


@pytest.mark.parametrize(
    "registries",
    [["-r", SITE], ["-r", "site/rivers/claims.yaml", "-r", "site/schools/claims.yaml"]],
)
def test_one_page_for_several_registries_is_refused(site: Path, registries: list[str]) -> None:
    result = runner.invoke(app, ["scan", "site/rivers/page.md", *registries])
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "PAGE names one file" in lines[0], result.stderr
    assert "`page.path`" in lines[0]


def test_a_registry_of_the_site_without_a_page_is_an_error_naming_it(site: Path) -> None:
    write_site(site, page_path=False)
    result = runner.invoke(app, ["scan", "-r", SITE])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("claimcheck: site/schools/claims.yaml: error: no page to scan")
    assert "Traceback" not in result.output and len(result.stderr.splitlines()) == 1


def test_one_registry_without_a_page_and_no_page_given_is_an_error(site: Path) -> None:
    write_site(site, page_path=False)
    result = runner.invoke(app, ["scan", "-r", "site/schools/claims.yaml"])
    assert result.exit_code == 2
    assert "site/schools/claims.yaml: error: no page to scan" in result.stderr
    assert "give PAGE" in result.stderr
    # ... and with the page given, it is scanned as before.
    given = runner.invoke(
        app, ["scan", "site/schools/page.md", "-r", "site/schools/claims.yaml", "-f", "json"]
    )
    assert given.exit_code == 0, given.output
    assert json.loads(given.stdout)["coverage"]["registered"] == 1


def test_the_single_registry_form_is_unchanged(site: Path) -> None:
    write_site(site, planted=True)
    rivers = "site/rivers/claims.yaml"
    # PAGE is the page scanned, whatever the registry's page.path says.
    other = runner.invoke(app, ["scan", "site/schools/page.md", "-r", rivers, "-f", "json"])
    document = json.loads(other.stdout)
    assert "registries" not in document and document["registry"] == rivers
    assert {(f["code"], f["location"]["file"]) for f in document["findings"]} == {
        ("P001", "site/schools/page.md"),  # 37 primary schools: not the rivers' figure
        ("P002", rivers),  # 412 boats: not on the schools page
    }
    # Without PAGE, the registry's own page; a pattern naming one registry is a run of one.
    for registry in (rivers, "site/r*/claims.yaml"):
        own = runner.invoke(app, ["scan", "-r", registry, "-f", "json"])
        assert own.exit_code == 0, own.output  # a warning fails only with --fail-on warning
        document = json.loads(own.stdout)
        assert "registries" not in document and document["registry"] == rivers
        assert [f["code"] for f in document["findings"]] == ["P001"]


def test_a_scan_with_every_p_rule_ignored_is_refused_not_passed(site: Path) -> None:
    """A config that ignores every P rule leaves scan nothing to check: an error (exit 2),
    never a pass; its twin, the same site without that config, is scanned."""
    write_site(site, planted=True)
    (site / "claimcheck.toml").write_text(
        f'registries = [{SITE!r}]\nignore = ["P"]\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["scan"])
    assert result.exit_code == 2 and "no P rule is selected" in result.stderr
    (site / "claimcheck.toml").write_text(f"registries = [{SITE!r}]\n", encoding="utf-8")
    assert runner.invoke(app, ["scan", "--fail-on", "warning"]).exit_code == 1
