"""Settings from files, the environment and flags, including the links table."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.config import load_settings, parse_span
from claimcheck.errors import ConfigError
from claimcheck.findings import Severity


def write(tmp_path: Path, text: str, name: str = "claimcheck.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_precedence_file_then_environment_then_flags(tmp_path: Path) -> None:
    write(tmp_path, 'fail-on = "warning"\nselect = ["S"]\n')
    settings = load_settings(cwd=tmp_path, env={})
    assert settings.fail_on is Severity.WARNING and settings.select == ("S",)
    settings = load_settings(cwd=tmp_path, env={"CLAIMCHECK_FAIL_ON": "note"})
    assert settings.fail_on is Severity.NOTE
    settings = load_settings(
        cwd=tmp_path, env={"CLAIMCHECK_FAIL_ON": "note"}, overrides={"fail_on": Severity.ERROR}
    )
    assert settings.fail_on is Severity.ERROR


def test_pyproject_table(tmp_path: Path) -> None:
    write(tmp_path, '[tool.claimcheck]\nregistry = "other.yaml"\n', "pyproject.toml")
    assert load_settings(cwd=tmp_path, env={}).registry == Path("other.yaml")


def test_links_table(tmp_path: Path) -> None:
    write(
        tmp_path,
        """
[links]
host-concurrency = 2
timeout = "30s"
cache-ttl = "6h"
retry-on = ["429", "5xx"]
method = "get"
exclude = ["linkedin\\\\.com"]
remap = [{pattern = "^http://", replacement = "https://"}]

[links.hosts."*.example.org"]
interval = 2
headers = {From = "editor@example.org"}
""",
    )
    links = load_settings(cwd=tmp_path, env={"GITHUB_TOKEN": "t0ken"}).links
    assert (links.host_concurrency, links.timeout, links.cache_ttl) == (2, 30.0, 21600.0)
    assert links.retry_on == frozenset({"429", "5xx"}) and links.method == "get"
    assert links.remap == (("^http://", "https://"),)
    rule = links.rule_for("www.example.org")
    assert rule.interval == 2.0 and rule.headers == (("From", "editor@example.org"),)
    assert links.rule_for("www.gov.uk").interval == 1.0  # the default rule still applies
    assert links.github_token == "t0ken"


def test_flags_override_the_links_table(tmp_path: Path) -> None:
    write(tmp_path, "[links]\nconcurrency = 8\n")
    settings = load_settings(cwd=tmp_path, env={}, overrides={"links_concurrency": 16})
    assert settings.links.concurrency == 16


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ignroe = []\n", "did you mean `ignore`?"),
        ("[links]\ntimout = 3\n", "did you mean `timeout`?"),
        ("[links]\nconcurrency = 0\n", "whole number above 0"),
        ('[links]\ntimeout = "soon"\n', "time span"),
        ('[links]\nexclude = ["("]\n', "not a regular expression"),
        ('[links]\nretry-on = ["404"]\n', "expected some of"),
        ('[links]\nmethod = "post"\n', "head-get or get"),
        ('fail-on = "fatal"\n', "error, warning, note"),
        ("registry = \n", "claimcheck.toml"),
    ],
)
def test_bad_settings_are_named(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(cwd=tmp_path, env={})
    assert message in str(info.value)


def test_spans() -> None:
    assert parse_span("1d") == 86400 and parse_span(2) == 2 and parse_span("10min") == 600
    with pytest.raises(ValueError, match="time span"):
        parse_span("-1")


def test_a_bad_flag_in_the_links_table_is_named(tmp_path: Path) -> None:
    write(tmp_path, '[links]\nstrict = "maybe"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(cwd=tmp_path, env={})
    assert "`links.strict`: expected true or false, got 'maybe'" in str(info.value)
