"""`list` and `show` give each claim the state, and the findings, `verify --offline` gives it.

Planted: a source URL `verify --offline` reports (L007, needing no network; a moved link in the
link cache, L003), a failing constraint naming a claim (C003), a cited source with no url
(S002); each with a clean twin that must stay ok and show nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.conftest import DATA
from tests.linkserver import HOSTS, Server, serve

runner = CliRunner()
TODAY = ["--today", "2025-06-01"]

REGISTRY = """\
version: 1
sources:
  - {{id: fleet_report, title: Fleet report, url: "{url}"}}
  - {{id: other, title: Other report, url: "https://example.org/other"}}
claims:
  - id: buses
    text: The fleet has 260 buses.
    kind: figure
    value: 260
    unit: buses
    citations: [{{source: fleet_report}}]
    review: {{status: verified}}
  - id: trams
    text: The fleet has 30 trams.
    kind: figure
    value: 30
    unit: trams
    citations: [{{source: other}}]
    review: {{status: verified}}
"""

#: URLs `verify --offline` reports as L007 (malformed) without the network, and twins.
MALFORMED = [
    "https://example.org/a b",  # a space
    "https://example.org:99999/annual",  # a port out of range
    "https://[::1/annual",  # a broken IPv6 host
]
WELL_FORMED = ["https://example.org/a%20b", "https://example.org:8443/annual"]


def _verify(registry: Path, *extra: str) -> dict[str, object]:
    result = runner.invoke(
        app, ["verify", str(registry), "--offline", "-f", "json", *TODAY, *extra]
    )
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _listed(registry: Path) -> dict[str, list[str]]:
    result = runner.invoke(app, ["list", str(registry), "-f", "json", *TODAY])
    assert result.exit_code == 0, result.stderr
    return {row["id"]: row["states"] for row in json.loads(result.stdout)}


def _shown(registry: Path, claim: str) -> dict[str, object]:
    result = runner.invoke(app, ["show", claim, "-r", str(registry), "-f", "json", *TODAY])
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _same_as_verify(registry: Path) -> None:
    """Every claim's states in `list` and `show` are `verify --offline`'s, and `show` gives
    every finding of verify's that is on the claim, names it, or is on a source it cites."""
    report = _verify(registry)
    states = {c["id"]: c["states"] for c in report["claims"]}  # type: ignore[attr-defined]
    assert _listed(registry) == states
    for claim_id, claim_states in states.items():
        shown = _shown(registry, claim_id)
        assert shown["states"] == claim_states, claim_id
        cited = {c["source"] for c in shown["citations"]}  # type: ignore[attr-defined]
        expected = [
            f["fingerprint"]
            for f in report["findings"]  # type: ignore[attr-defined]
            if f["claim"] == claim_id
            or claim_id in f["related"]
            or (f["claim"] is None and f["source"] in cited)
        ]
        assert [f["fingerprint"] for f in shown["findings"]] == expected  # type: ignore[attr-defined]
        if claim_states != ["ok"]:  # a state not ok is never shown without a reason
            assert any(
                f["severity"] != "note"
                for f in shown["findings"]  # type: ignore[attr-defined]
            ) or set(claim_states) & {"unsourced", "unverified", "disputed", "retracted"}


@pytest.mark.parametrize("url", MALFORMED)
def test_a_malformed_url_fails_the_source_in_list_and_show(tmp_path: Path, url: str) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(REGISTRY.format(url=url), encoding="utf-8")
    assert _listed(registry) == {"buses": ["failing-source"], "trams": ["ok"]}
    shown = _shown(registry, "buses")
    assert [f["code"] for f in shown["findings"]] == ["L007"]  # type: ignore[attr-defined]
    ok = runner.invoke(app, ["list", str(registry), "--state", "ok", *TODAY])
    assert "trams" in ok.stdout and "buses" not in ok.stdout
    text = runner.invoke(app, ["show", "buses", "-r", str(registry), *TODAY]).stdout
    assert "failing-source" in text and "L007" in text and "(source fleet_report)" in text
    _same_as_verify(registry)


@pytest.mark.parametrize("url", WELL_FORMED)
def test_a_well_formed_url_stays_ok(tmp_path: Path, url: str) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(REGISTRY.format(url=url), encoding="utf-8")
    assert _listed(registry) == {"buses": ["ok"], "trams": ["ok"]}
    assert _shown(registry, "buses")["findings"] == []
    _same_as_verify(registry)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def test_a_moved_link_in_the_cache_is_shown_and_nothing_is_requested(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`verify` online found the link moved for good; `show` reads that from the link cache
    (which keeps good and redirected results), as `verify --offline` does, and `list` and
    `show` request nothing even with offline turned off."""
    moved, alive = server.url("/r301", HOSTS[0]), server.url("/ok", HOSTS[1])
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        REGISTRY.format(url=moved).replace("https://example.org/other", alive), encoding="utf-8"
    )
    online = ["--online", "--allow-private", "--timeout", "0.5", "--retries", "0"]
    result = runner.invoke(app, ["verify", str(registry), "-f", "json", *TODAY, *online])
    assert {f["code"] for f in json.loads(result.stdout)["findings"]} == {"L003"}
    monkeypatch.setenv("CLAIMCHECK_OFFLINE", "0")
    before = (server.stats.requests("/r301"), server.stats.requests("/ok"))
    assert _listed(registry) == {"buses": ["ok"], "trams": ["ok"]}  # L003 is a note
    assert [f["code"] for f in _shown(registry, "buses")["findings"]] == ["L003"]  # type: ignore[attr-defined]
    assert (server.stats.requests("/r301"), server.stats.requests("/ok")) == before
    monkeypatch.setenv("CLAIMCHECK_OFFLINE", "1")
    _same_as_verify(registry)


CONSTRAINED = """\
version: 1
sources:
  - {{id: council, title: Council report, url: "https://example.org/council"}}
  - {{{depot_source}}}
claims:
  - id: buses
    text: About 310 buses are in service.
    kind: figure
    value: 310
    unit: buses
    citations: [{{source: council}}]
    review: {{status: verified}}
  - id: electric
    text: The fleet has {electric} electric buses.
    kind: figure
    value: {electric}
    unit: buses
    citations: [{{source: council}}]
    review: {{status: verified}}
  - id: depot
    text: The depot has 12 bays.
    kind: figure
    value: 12
    unit: bays
    citations: [{{source: depot_report}}]
    review: {{status: verified}}
constraints:
  - id: electric_le_fleet
    expr: electric <= buses * 0.5
    message: fewer than half the fleet is electric
"""


def _constrained(tmp_path: Path, electric: int, depot_source: str) -> Path:
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        CONSTRAINED.format(electric=electric, depot_source=depot_source), encoding="utf-8"
    )
    return registry


def test_show_gives_the_constraint_and_the_source_findings(tmp_path: Path) -> None:
    registry = _constrained(tmp_path, 260, "id: depot_report, title: Depot plan")
    assert _listed(registry) == {
        "buses": ["inconsistent"],
        "electric": ["inconsistent"],
        "depot": ["failing-source"],
    }
    for claim in ("electric", "buses"):  # the constraint names both
        codes = [f["code"] for f in _shown(registry, claim)["findings"]]  # type: ignore[attr-defined]
        assert codes == ["C003"], claim
    depot = _shown(registry, "depot")["findings"]
    assert [(f["code"], f["source"]) for f in depot] == [("S002", "depot_report")]  # type: ignore[attr-defined]
    text = runner.invoke(app, ["show", "electric", "-r", str(registry), *TODAY]).stdout
    assert "C003" in text and "(names this claim)" in text
    text = runner.invoke(app, ["show", "depot", "-r", str(registry), *TODAY]).stdout
    assert "S002" in text and "(source depot_report)" in text
    _same_as_verify(registry)


def test_show_of_the_clean_twin_has_no_findings(tmp_path: Path) -> None:
    registry = _constrained(
        tmp_path, 120, 'id: depot_report, title: Depot plan, url: "https://example.org/d"'
    )
    assert set(map(tuple, _listed(registry).values())) == {("ok",)}
    for claim in ("buses", "electric", "depot"):
        assert _shown(registry, claim)["findings"] == [], claim
    _same_as_verify(registry)


@pytest.mark.parametrize(
    "registry",
    [DATA / "registries" / "golden.yaml", DATA / "registries" / "valid" / "complete.yaml"],
)
def test_list_and_show_agree_with_verify_on_whole_registries(registry: Path) -> None:
    _same_as_verify(registry)
