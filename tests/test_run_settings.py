"""Settings every command takes alike (the config, CLAIMCHECK_* variables, the flags), and runs
that must say what they could not do: each planted where a command once passed silently, or
crashed, with a clean twin (review 9)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

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
