"""The config comes with the pull request: what it may not set, and what it may set only in
a form that cannot hurt the CI job. Each defence has a planted attack and a clean twin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.config import load_settings
from claimcheck.errors import ConfigError
from claimcheck.links.patterns import MAX_REPLACEMENT, check_cost
from claimcheck.links.pool import plan
from claimcheck.links.settings import LinkSettings
from tests.linkserver import Server, serve
from tests.test_engine import REGISTRY  # one source, its URL to fill in

runner = CliRunner()


def refused(tmp_path: Path, text: str, name: str = "claimcheck.toml") -> str:
    """The one-line error a config is refused with (tmp_path is its repository)."""
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cwd=tmp_path, env={})
    message = str(info.value)
    assert "\n" not in message
    return message


def accepted(tmp_path: Path, text: str, name: str = "claimcheck.toml") -> LinkSettings:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_settings(cwd=tmp_path, env={}).links


# allow-private: the command line's and the environment's, never a config file's ----------


@pytest.mark.parametrize(
    ("text", "name", "where"),
    [
        ("[links]\nallow-private = true\n", "claimcheck.toml", "2:1"),
        ("# ok\nlinks.allow-private = true\n", "claimcheck.toml", "2:1"),
        (
            'fail-on = "note"\nlinks = {timeout = 3, allow-private = true}\n',
            "claimcheck.toml",
            "2:23",
        ),
        ('[links]\n"allow-private" = 1\n', "claimcheck.toml", "2:1"),
        ("[tool.x]\n[tool.claimcheck.links]\n  allow-private = true\n", "pyproject.toml", "3:3"),
        ("[links]\nallow-private = false\n", "claimcheck.toml", "2:1"),  # any value: not its to say
    ],
)
def test_a_config_file_may_not_allow_private_addresses(
    tmp_path: Path, text: str, name: str, where: str
) -> None:
    message = refused(tmp_path, text, name)
    assert message.startswith(f"{tmp_path / name}:{where}: error: `links.allow-private` may not")
    assert "reach internal services" in message
    assert "pass --allow-private, or set CLAIMCHECK_ALLOW_PRIVATE=1" in message


def test_the_command_line_and_the_environment_may(tmp_path: Path) -> None:
    accepted(tmp_path, "[links]\ntimeout = 3\n")
    assert not load_settings(cwd=tmp_path, env={}).links.allow_private
    assert load_settings(cwd=tmp_path, env={"CLAIMCHECK_ALLOW_PRIVATE": "1"}).links.allow_private
    flag = load_settings(
        cwd=tmp_path,
        env={"CLAIMCHECK_ALLOW_PRIVATE": "1"},
        overrides={"links_allow_private": False},
    )
    assert not flag.links.allow_private  # --refuse-private wins over the environment
    assert load_settings(
        cwd=tmp_path, env={}, overrides={"links_allow_private": True}
    ).links.allow_private
    with pytest.raises(ConfigError, match="CLAIMCHECK_ALLOW_PRIVATE: expected true or false"):
        load_settings(cwd=tmp_path, env={"CLAIMCHECK_ALLOW_PRIVATE": "maybe"})


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def test_the_red_teams_config_reaches_no_internal_server(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack end to end: the config's allow-private is refused before any request; the
    same run allowed by the CI job (its environment) reaches the loopback server."""
    (tmp_path / ".git").mkdir()
    url = server.url("/ok2")
    (tmp_path / "claims.yaml").write_text(REGISTRY.format(url=url), encoding="utf-8")
    (tmp_path / "claimcheck.toml").write_text("[links]\nallow-private = true\nhost-interval = 0\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMCHECK_OFFLINE", raising=False)
    before = server.stats.requests("/ok2")
    for command in (["verify", "--no-cache"], ["links", "--no-cache"], ["snapshot"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.stderr
        assert "claimcheck.toml:2:1: error: `links.allow-private` may not" in result.stderr
    assert server.stats.requests("/ok2") == before
    assert not (tmp_path / "snapshots").exists()
    (tmp_path / "claimcheck.toml").write_text("[links]\nhost-interval = 0\n")
    result = runner.invoke(app, ["links", "--no-cache"])
    assert result.exit_code == 0 and server.stats.requests("/ok2") == before  # refused: L009
    result = runner.invoke(app, ["links", "--no-cache"], env={"CLAIMCHECK_ALLOW_PRIVATE": "1"})
    assert result.exit_code == 0, result.stderr
    assert server.stats.requests("/ok2") > before


# Regular expressions whose backtracking could hang the run --------------------------------

REDOS = "^https://example.org/(a|a)+$"
SLOW = [
    REDOS,
    "(a+)+",
    "(a*)*b",
    "(x|xx)+y",
    "(a?a)+$",
    "(ab?|b)+$",
    r"([a-z]+\.)+com",
    ".*.*=",
    ".*a.*b",
    "^.*.*.*=",
]
FAST = [
    r"^https://www\.linkedin\.com/",
    r"\.pdf$",
    r"^https://(www\.)?example\.org/",
    r"^https?://[^/]+/.*\.pdf$",
    r"[?&]utm_[a-z]+=",
    r"^(?:a|a)++$",  # possessive: never backtracked into
    r"(a|b)+$",  # a character class, not an alternation
    r"\d{4}/\d{2}/",
    r"^https://(?:www\.)?(?:gov|parliament)\.uk/",
]


@pytest.mark.parametrize("pattern", SLOW)
def test_a_pattern_that_can_backtrack_for_ever_is_refused(tmp_path: Path, pattern: str) -> None:
    for key in ("include", "exclude"):
        text = f"[links]\n{key} = [\n  '^https://ok\\.example/',\n  '{pattern}',\n]\n"
        message = refused(tmp_path, text)
        assert message.startswith(f"{tmp_path / 'claimcheck.toml'}:4:3: error: `links.{key}`: ")
        assert "exponential time" in message or "polynomial time" in message
    remap = f"[links]\nremap = [{{pattern = '{pattern}', replacement = 'https://x/'}}]\n"
    assert "`links.remap`" in refused(tmp_path, remap)


def test_the_clean_patterns_pass_the_cost_check() -> None:
    """What the rules accept is at most quadratic in a URL's length (on 8,192 characters, the
    longest URL read, the slowest here, `(a|b)+$` unanchored, takes about 2 s: measured once,
    not asserted, as tests never time the machine)."""
    for pattern in FAST:
        check_cost(pattern)


@pytest.mark.parametrize("pattern", FAST)
def test_clean_patterns_are_accepted(tmp_path: Path, pattern: str) -> None:
    links = accepted(tmp_path, f"[links]\ninclude = ['{pattern}']\nexclude = ['{pattern}']\n")
    assert links.include == links.exclude == (pattern,)


def test_the_red_teams_pattern_stops_links_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    url = "https://example.org/" + "a" * 31 + "!"
    (tmp_path / "claims.yaml").write_text(REGISTRY.format(url=url), encoding="utf-8")
    (tmp_path / "claimcheck.toml").write_text(f'[links]\nexclude = ["{REDOS}"]\n')
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["links", "--offline"])  # refused before any URL is matched
    assert result.exit_code == 2
    assert "claimcheck.toml:2:12: error: `links.exclude`" in result.stderr
    assert "nested repetition can take exponential time" in result.stderr
    assert "write it without a repeated group" in result.stderr


def test_a_pattern_too_large_to_compile_is_one_line(tmp_path: Path) -> None:
    assert "too large" in refused(tmp_path, "[links]\nexclude = ['a{99999999999}']\n")
    assert "not a regular expression" in refused(tmp_path, "[links]\nexclude = ['(']\n")


# remap: the replacement checked against its pattern's groups --------------------------


@pytest.mark.parametrize(
    ("replacement", "reason"),
    [
        ("1", "replacement: expected text, got 1"),
        ('"\\\\9"', "invalid group reference 9"),
        ('"\\\\g<nope>"', "unknown group name 'nope'"),
        ('"x\\\\"', "bad escape"),
        (f'"{"a" * (MAX_REPLACEMENT + 1)}"', f"longer than {MAX_REPLACEMENT} characters"),
    ],
)
def test_a_bad_replacement_is_refused_where_it_is_written(
    tmp_path: Path, replacement: str, reason: str
) -> None:
    rule = f'{{pattern = "^http://(?P<host>[^/]+)/", replacement = {replacement}}}'
    text = f"[links]\nremap = [\n  {rule},\n]\n"
    message = refused(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'claimcheck.toml'}:3:")
    assert "`links.remap`: " in message and reason in message


def test_the_same_replacements_exit_2_not_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "claims.yaml").write_text(
        REGISTRY.format(url="http://example.org/a"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    for replacement in ("1", '"\\\\9"', '"\\\\g<nope>"'):
        (tmp_path / "claimcheck.toml").write_text(
            f'[links]\nremap = [{{pattern = "x", replacement = {replacement}}}]\n'
        )
        result = runner.invoke(app, ["links", "--offline"])
        assert result.exit_code == 2, result.stderr
        assert "claimcheck.toml:2:" in result.stderr and "Traceback" not in result.stderr


def test_good_replacements_are_accepted_and_replace_the_first_match(tmp_path: Path) -> None:
    links = accepted(
        tmp_path,
        "[links]\nremap = [\n"
        '  {pattern = "^http://(?P<host>[^/]+)/", replacement = "https://\\\\g<host>/"},\n'
        '  {pattern = "^https://b\\\\.example/(.*)$", replacement = "https://c.example/\\\\1"},\n'
        '  {pattern = "e", replacement = "E"},\n'
        "]\n",
    )
    assert links.remap[0] == ("^http://(?P<host>[^/]+)/", "https://\\g<host>/")
    targets = plan(["http://a.example/x", "https://b.example/y", "https://c.invalid/tree"], links)
    assert targets.targets["http://a.example/x"] == "https://a.example/x"
    assert targets.targets["https://b.example/y"] == "https://c.example/y"
    # Only the first match is replaced: a pattern matching everywhere (`\b`, `x*`) cannot
    # multiply a URL's length by its replacement's. (A host has one spelling, in lower case,
    # whatever a replacement wrote: c.invalid has no "e" to replace.)
    assert targets.targets["https://c.invalid/tree"] == "https://c.invalid/trEe"


# registry: confined to the repository like `snapshots` and `links.cache` ----------------


def test_the_configs_registry_may_not_lead_out_of_the_repository(tmp_path: Path) -> None:
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    outside.mkdir()
    (outside / "config.json").write_text("{}")
    (repo / "link").symlink_to(outside)
    for written, where in (
        (str(outside / "config.json"), "1:1"),
        ("../outside/config.json", "1:1"),
        ("link/config.json", "1:1"),
    ):
        message = refused(repo, f'registry = "{written}"\n')
        assert message.startswith(f"{repo / 'claimcheck.toml'}:{where}: error: `registry` ")
        assert "is outside the repository" in message
    (repo / "claimcheck.toml").unlink()
    message = refused(repo, f'[tool.claimcheck]\nregistry = "{outside}/c.yaml"\n', "pyproject.toml")
    assert message.startswith(f"{repo / 'pyproject.toml'}:2:1: error: `registry`")
    (repo / "pyproject.toml").unlink()
    (repo / "docs").mkdir()
    (repo / "claimcheck.toml").write_text('registry = "docs/claims.yaml"\n')
    assert load_settings(cwd=repo, env={}).registry == Path("docs/claims.yaml")
    # The command line names any registry: the user's own choice.
    cli = load_settings(cwd=repo, env={}, overrides={"registry": outside / "config.json"})
    assert cli.registry == outside / "config.json"


# headers, user agent, archive endpoints: one header line, a well-formed URL -------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('[links]\nuser-agent = "x\\r\\nX-Injected: 1"\n', "control character"),
        ('[links.hosts."*"]\nheaders = {From = "a\\nX-Injected: 1"}\n', "is not one HTTP header"),
        ('[links.hosts."*"]\nheaders = {"Bad Name" = "a"}\n', "is not one HTTP header"),
        ('archive-api = "https://[/"\n', "is not a valid URL"),
        ('archive-save = "file:///etc/passwd"\n', "expected an http(s) URL"),
    ],
)
def test_header_and_endpoint_injection_is_refused(tmp_path: Path, text: str, reason: str) -> None:
    message = refused(tmp_path, text)
    assert re.match(rf"{re.escape(str(tmp_path / 'claimcheck.toml'))}:\d+:\d+: error: ", message)
    assert reason in message


def test_clean_headers_and_endpoints_are_accepted(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "claimcheck.toml").write_text(
        'archive-api = "https://archive.example.org/available"\n'
        "[links]\n"
        'user-agent = "ExampleBot/1.0 (+https://example.org/bot)"\n'
        '[links.hosts."*.example.org"]\n'
        'headers = {From = "editor@example.org", "X-Api-Key" = "k"}\n'
    )
    settings = load_settings(cwd=tmp_path, env={})
    assert settings.archive_api == "https://archive.example.org/available"
    assert settings.links.user_agent.startswith("ExampleBot/1.0")
    assert settings.links.rule_for("www.example.org").headers == (
        ("From", "editor@example.org"),
        ("X-Api-Key", "k"),
    )
