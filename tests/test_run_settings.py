"""Settings every command takes alike (the config, CLAIMCHECK_* variables, the flags), and runs
that must say what they could not do: each planted where a command once passed silently, or
crashed, with a clean twin (review 9)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimcheck.cli import app
from tests.linkserver import HOSTS, Server, serve

runner = CliRunner()
QUICK = ("--allow-private", "--no-cache", "--timeout", "2", "--retries", "0")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def _registry(root: Path, urls: dict[str, str], name: str = "claims.yaml") -> Path:
    """A registry citing each source at its URL from one claim."""
    sources = "".join(
        f"  - id: {sid}\n    title: Report {sid}\n    kind: news\n    url: {url}\n"
        for sid, url in urls.items()
    )
    cited = ", ".join(f"{{source: {sid}}}" for sid in urls)
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"version: 1\nsources:\n{sources}claims:\n  - id: fares\n"
        f"    text: Bus fares rose by 5 per cent.\n    kind: fact\n    citations: [{cited}]\n",
        encoding="utf-8",
    )
    return path


# --- merge takes its threshold as the unsharded run does (#2) ---------------------------


@pytest.mark.parametrize("how", ["config", "env", "pyproject"])
@pytest.mark.parametrize("path", ["/403", "/ok"], ids=["planted", "clean"])
def test_merge_fails_as_the_unsharded_run_would(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, path: str
) -> None:
    # `fail-on = "warning"` failed `links` on an L004 warning, but its shards merged to exit 0:
    # merge read neither the config nor CLAIMCHECK_FAIL_ON.
    monkeypatch.chdir(tmp_path)
    _registry(tmp_path, {"a": server.url(path, HOSTS[0]), "b": server.url("/ok", HOSTS[1])})
    env = {"CLAIMCHECK_OFFLINE": ""}
    if how == "env":
        env["CLAIMCHECK_FAIL_ON"] = "warning"
    if how == "config":
        Path("claimcheck.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    elif how == "pyproject":
        Path("pyproject.toml").write_text(
            '[tool.claimcheck]\nfail-on = "warning"\n', encoding="utf-8"
        )
    whole = runner.invoke(app, ["links", *QUICK, "-f", "json"], env=env)
    for k in (1, 2):
        shard = runner.invoke(
            app, ["links", *QUICK, "--shard", f"{k}/2", "-f", "json", "-o", f"s{k}.json"], env=env
        )
        assert shard.exit_code in (0, 1), shard.output
    merged = runner.invoke(app, ["merge", "s1.json", "s2.json", "-f", "json"], env=env)
    assert whole.exit_code == (1 if path == "/403" else 0), whole.output
    assert merged.exit_code == whole.exit_code, merged.output
    # The flag still wins over both.
    flagged = runner.invoke(app, ["merge", "s1.json", "s2.json", "--fail-on", "error"], env=env)
    assert flagged.exit_code == 0, flagged.output


def test_merge_takes_a_config_named_by_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ci.toml").write_text('fail-on = "nope"\n', encoding="utf-8")
    result = runner.invoke(app, ["merge", "s1.json", "--config", "ci.toml"])
    assert result.exit_code == 2 and "ci.toml:1:1" in result.stderr, result.stderr


# --- links refuses a selection that leaves it nothing, and says what offline left (#3) ----


def _links(env: dict[str, str] | None = None) -> tuple[int, list[str], str]:
    result = runner.invoke(
        app, ["links", *QUICK, "-f", "json"], env={"CLAIMCHECK_OFFLINE": "", **(env or {})}
    )
    if result.exit_code == 2:
        return 2, [], result.stderr
    return result.exit_code, [f["code"] for f in json.loads(result.stdout)["findings"]], ""


@pytest.mark.parametrize(
    "config",
    [
        'ignore = ["L"]',
        'select = ["S"]',
        'select = ["Q", "T001"]',
        '[tool.claimcheck]\nignore = "L"',
    ],
)
def test_links_refuses_a_config_that_selects_no_l_rule(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    # It checked nothing and passed: "0 errors, 0 warnings", exit 0, a dead link unseen.
    monkeypatch.chdir(tmp_path)
    _registry(tmp_path, {"table": server.url("/404", HOSTS[0])})
    assert _links() == (1, ["L001"], "")
    name = "pyproject.toml" if config.startswith("[tool") else "claimcheck.toml"
    Path(name).write_text(config + "\n", encoding="utf-8")
    code, _, said = _links()
    assert code == 2 and "no L rule is selected" in said, said


@pytest.mark.parametrize(
    ("config", "codes"),
    [
        ('select = ["L001"]', ["L001"]),  # the twins: L rules left, each run as selected
        ('select = ["L"]\nignore = ["L004"]', ["L001"]),
        ('select = ["L004"]', []),
        ('ignore = ["L0"]\nselect = ["L001"]', ["L001"]),  # the longer prefix decides
    ],
)
def test_links_runs_the_l_rules_the_config_selects(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, codes: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _registry(tmp_path, {"table": server.url("/404", HOSTS[0])})
    Path("claimcheck.toml").write_text(config + "\n", encoding="utf-8")
    assert _links() == (1 if codes else 0, codes, "")


@pytest.mark.parametrize("how", ["config", "env", "flag"])
def test_links_offline_says_which_links_it_did_not_check(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    # Offline, `links` requested nothing and said "0 errors, 0 warnings", exit 0.
    monkeypatch.chdir(tmp_path)
    _registry(tmp_path, {"report": server.url("/ok", HOSTS[0])})
    cache = ["--cache", str(tmp_path / "links.sqlite")]
    online = runner.invoke(app, ["links", *QUICK[:1], *cache], env={"CLAIMCHECK_OFFLINE": ""})
    assert online.exit_code == 0, online.output  # checked, and kept in the cache
    env = {"CLAIMCHECK_OFFLINE": "1" if how == "env" else ""}
    flag = ["--offline"] if how == "flag" else []
    if how == "config":
        Path("claimcheck.toml").write_text("offline = true\n", encoding="utf-8")
    argv = ["links", "--allow-private", *flag, "-f", "json", "--fail-on", "warning"]
    cached = runner.invoke(app, [*argv, *cache], env=env)
    assert cached.exit_code == 0, cached.output  # the twin: every link from the cache
    assert json.loads(cached.stdout)["findings"] == []
    _registry(
        tmp_path, {"report": server.url("/ok", HOSTS[0]), "new": server.url("/404", HOSTS[1])}
    )
    result = runner.invoke(app, [*argv, *cache], env=env)
    assert result.exit_code == 1, result.output
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "L008" and finding["message"].startswith("1 of 2 links not checked")


# --- scan runs the P rules the config selects (#10) --------------------------------------

PAGE_REGISTRY = """version: 1
page: {{title: A page, path: page.md}}
sources:
  - {{id: book, title: Book, kind: report}}
claims:
  - id: first
    text: {text}
    kind: figure
    value: {value}
    unit: {unit}
    mentions: ["{mention}"]
    citations: [{{source: book}}]
"""

PAGES = {
    "budget": (
        "The council will spend £412m in 2025/26. Parking income will reach £9m.\n",
        {
            "text": "The council will spend £412m.",
            "value": 412,
            "unit": "GBP million",
            "mention": "The council will spend £412m",
        },
    ),
    "trains": (
        "Trains ran 92% on time. Fares rose by 6 per cent in March.\n",
        {
            "text": "Trains ran 92% on time.",
            "value": 92,
            "unit": "percent",
            "mention": "Trains ran 92% on time",
        },
    ),
}


@pytest.mark.parametrize("subject", PAGES)
@pytest.mark.parametrize(
    ("config", "p001"),
    [
        ('select = ["P003"]', False),  # planted: scan reported P001 here, verify did not
        ('select = ["S", "P002"]', False),
        ('select = ["P001"]\nignore = ["P"]', True),  # scan refused; P001 is selected
        ("", True),  # the twin
    ],
)
def test_scan_runs_the_p_rules_verify_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subject: str, config: str, p001: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    page, fields = PAGES[subject]
    Path("page.md").write_text(page, encoding="utf-8")
    Path("claims.yaml").write_text(PAGE_REGISTRY.format(**fields), encoding="utf-8")
    Path("claimcheck.toml").write_text(config + "\n", encoding="utf-8")
    scan = runner.invoke(app, ["scan", "-f", "json"])
    verify = runner.invoke(app, ["verify", "-f", "json", "--offline", "--today", "2026-01-01"])
    assert scan.exit_code in (0, 1) and verify.exit_code in (0, 1), scan.output + verify.output

    def p_codes(result: Result) -> list[str]:
        return [f["code"] for f in json.loads(result.stdout)["findings"] if f["code"][0] == "P"]

    assert p_codes(scan) == p_codes(verify)
    assert ("P001" in p_codes(scan)) is p001
