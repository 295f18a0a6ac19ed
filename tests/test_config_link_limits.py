"""A config file may not choose the link cache, and every link setting it gives is a finite
time in its bounds and a real boolean (review 17, items 3 and 11).

Before: `[links] cache = "planted.sqlite3"` with `cache-ttl = "100000w"` let a pull request's
config answer its dead links `alive` from a file it committed; `timeout = inf` (or `1e400`)
ended in an internal error (OverflowError, exit 3), `host-interval = inf` or a host's
`interval = inf` hung the run for ever, `cache-ttl = inf` and `max-retry-after = inf` were
taken, and `soft-404-probe = "yes"`, `strict = ""` were read as true and false. Each refusal
is one line naming the file, line and column; each has a clean twin that is kept.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.config import MAX_CACHE_TTL, load_settings, parse_span
from claimcheck.errors import ConfigError
from claimcheck.links.settings import LinkSettings


def refused(tmp_path: Path, text: str, name: str = "claimcheck.toml") -> str:
    """The one-line error the config `text` is refused with (tmp_path is its repository)."""
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cwd=tmp_path, env={})
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def accepted(tmp_path: Path, text: str, name: str = "claimcheck.toml") -> LinkSettings:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_settings(cwd=tmp_path, env={}).links


# --- the cache's file is the CI job's, never the config's (item 3) ---------------------------


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('[links]\ncache = "planted.sqlite3"\ncache-ttl = "1d"\n', "claimcheck.toml:2:1"),
        ('format = "json"\n\n[links]\n  cache = ".cache/links.sqlite3"\n', "claimcheck.toml:4:3"),
        ('[tool.claimcheck.links]\ncache = "links.sqlite3"\n', "pyproject.toml:2:1"),
    ],
)
def test_a_config_may_not_choose_the_link_cache(tmp_path: Path, text: str, where: str) -> None:
    name = "pyproject.toml" if "tool." in text else "claimcheck.toml"
    message = refused(tmp_path, text, name)
    assert where in message
    assert "`links.cache` may not be set in a config file" in message
    assert "--cache PATH" in message  # how to fix it


def test_without_the_cache_key_the_same_config_is_kept_and_the_flag_chooses(
    tmp_path: Path,
) -> None:
    links = accepted(tmp_path, '[links]\ncache-ttl = "1d"\n')
    assert links.cache is None and links.cache_ttl == 86400.0
    chosen = tmp_path / "ci-cache" / "links.sqlite3"
    settings = load_settings(cwd=tmp_path, env={}, overrides={"links_cache": chosen})
    assert settings.links.cache == chosen  # --cache: the CI job's own choice


@pytest.mark.parametrize("ttl", ['"100000w"', '"31d"', "inf", "1e400", '"5w"'])
def test_a_cache_ttl_beyond_thirty_days_is_refused(tmp_path: Path, ttl: str) -> None:
    message = refused(tmp_path, f"[links]\ncache-ttl = {ttl}\n")
    assert "claimcheck.toml:2:1" in message
    assert "`links.cache-ttl`: expected a time of at most 30d" in message


@pytest.mark.parametrize(("ttl", "seconds"), [('"30d"', MAX_CACHE_TTL), ('"6h"', 21600.0)])
def test_a_cache_ttl_within_thirty_days_is_kept(tmp_path: Path, ttl: str, seconds: float) -> None:
    assert accepted(tmp_path, f"[links]\ncache-ttl = {ttl}\n").cache_ttl == seconds


# --- every time finite and bounded, every flag a boolean (item 11) ---------------------------


@pytest.mark.parametrize(
    ("setting", "most"),
    [
        ("timeout = inf", "1h"),
        ("timeout = 1e400", "1h"),
        ('timeout = "2h"', "1h"),
        ("host-interval = inf", "1h"),
        ("host-interval = 1e400", "1h"),
        ("max-retry-after = inf", "1d"),
        ('max-retry-after = "2d"', "1d"),
        ("max-runtime = inf", "1w"),
        ('max-runtime = "2w"', "1w"),
        ("cache-ttl = inf", "30d"),
        (f'timeout = "{"9" * 400}s"', "1h"),  # a string that reads as infinity
    ],
)
def test_a_time_without_end_or_beyond_its_bound_is_refused(
    tmp_path: Path, setting: str, most: str
) -> None:
    message = refused(tmp_path, f"# the links\n[links]\n{setting}\n")
    key = setting.split(" ", 1)[0]
    assert "claimcheck.toml:3:1" in message
    assert f"`links.{key}`: expected a time of at most {most}" in message


@pytest.mark.parametrize("setting", ["timeout = nan", "host-interval = -1", "max-runtime = -inf"])
def test_a_time_that_is_not_a_number_of_seconds_is_refused(tmp_path: Path, setting: str) -> None:
    message = refused(tmp_path, f"[links]\n{setting}\n")
    assert "claimcheck.toml:2:1" in message and "expected a time of 0 or more" in message


def test_times_within_their_bounds_are_kept(tmp_path: Path) -> None:
    links = accepted(
        tmp_path,
        '[links]\ntimeout = "1h"\nhost-interval = 0.5\nmax-retry-after = "1d"\n'
        'max-runtime = "1w"\ncache-ttl = "2w"\n',
    )
    assert (links.timeout, links.host_interval, links.max_retry_after) == (3600.0, 0.5, 86400.0)
    assert (links.max_runtime, links.cache_ttl) == (604800.0, 1209600.0)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('[links.hosts."*.nhs.uk"]\nconcurrency = 2\ninterval = inf\n', "claimcheck.toml:3:1"),
        ('[links]\nhosts = {"127.0.0.9" = {interval = 1e400}}\n', "claimcheck.toml:2:25"),
    ],
)
def test_a_hosts_interval_without_end_is_refused_at_its_line(
    tmp_path: Path, text: str, where: str
) -> None:
    message = refused(tmp_path, text)
    assert where in message and ".interval`: expected a time of at most 1h, got inf" in message


def test_a_hosts_interval_within_its_bound_is_kept(tmp_path: Path) -> None:
    links = accepted(tmp_path, '[links.hosts."*.nhs.uk"]\nconcurrency = 2\ninterval = "30s"\n')
    assert links.rule_for("www.england.nhs.uk").interval == 30.0


@pytest.mark.parametrize(
    "setting",
    [
        'soft-404-probe = "yes"',
        'soft-404-probe = "true"',
        'strict = ""',
        'strict = "no"',
        "strict = 1",
        "soft-404-probe = 0",
    ],
)
def test_a_flag_written_as_text_or_a_number_is_refused(tmp_path: Path, setting: str) -> None:
    message = refused(tmp_path, f"[links]\n{setting}\n")
    key = setting.split(" ", 1)[0]
    assert "claimcheck.toml:2:1" in message and f"`links.{key}`: expected true or false" in message


def test_flags_written_as_booleans_are_kept(tmp_path: Path) -> None:
    links = accepted(tmp_path, "[links]\nsoft-404-probe = true\nstrict = false\n")
    assert links.soft_404_probe is True and links.strict is False


def test_parse_span_refuses_infinity_and_says_its_bound() -> None:
    assert parse_span("1w") == 604800.0 and parse_span(0) == 0.0
    for value in (float("inf"), float("nan"), "1" + "0" * 400, "8d"):
        with pytest.raises(ValueError, match="expected a time"):
            parse_span(value)
    assert parse_span("8d", most=MAX_CACHE_TTL) == 8 * 86400.0


# --- the command line is held to the same bounds ----------------------------------------------


@pytest.mark.parametrize(
    ("flag", "value", "most"),
    [
        ("--cache-ttl", "100000w", "30d"),
        ("--timeout", "2h", "1h"),
        ("--host-interval", "25h", "1h"),
        ("--max-runtime", "9w", "1w"),
    ],
)
def test_a_flag_beyond_its_bound_is_one_line_and_its_twin_runs(
    tmp_path: Path, flag: str, value: str, most: str
) -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app

    runner = CliRunner()
    urls = tmp_path / "urls.txt"
    urls.write_text("https://football.example.org/fixtures\n", encoding="utf-8")
    base = ["links", "--urls", str(urls), "--offline", "--cache", str(tmp_path / "c.sqlite3")]
    result = runner.invoke(app, [*base, flag, value])
    assert result.exit_code == 2, result.output
    assert f"{flag}: expected a time of at most {most}" in result.stderr
    assert result.stderr.count("\n") == 1
    clean = runner.invoke(app, [*base, flag, "30s"])
    assert clean.exit_code in (0, 1) and "expected a time" not in clean.stderr, clean.output
