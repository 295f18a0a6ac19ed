"""The link cache is a file anyone may have written: no row and no file makes a run exit 3.

A row that does not read back as a good result (an unknown verdict, a time ahead of now, a
damaged redirect list, values of the wrong type) is a miss; a file that is not a cache is a
one-line error naming it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.links.cache import LinkCache
from claimcheck.links.model import CACHEABLE, Hop, LinkResult, Verdict

runner = CliRunner()
NOW = 1_800_000_000.0
TTL = 86_400.0
URL = "https://example.org/a"

#: What a column may hold in SQLite, whatever the table says.
anything = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.binary(max_size=20),
)
json_value = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
# Each column is about half the time what the cache writes, half the time anything at all.
verdicts = st.one_of(
    st.just("alive"), st.one_of(st.sampled_from([v.value for v in Verdict]), anything)
)
statuses = st.one_of(st.just(200), st.one_of(st.sampled_from([None, 301, 308]), anything))
final_urls = st.one_of(st.just(None), st.one_of(st.just("https://b.example/"), anything))
hop = st.one_of(
    st.fixed_dictionaries({"status": st.sampled_from([301, 308]), "url": st.text(max_size=20)}),
    st.fixed_dictionaries({"status": json_value, "url": json_value}),
    json_value,
)
redirects = st.one_of(
    st.just("[]"),
    st.one_of(
        st.lists(hop, max_size=3).map(json.dumps),
        st.sampled_from(["[[[[[[[[", "{}", "null", "[" * 5000 + "]" * 5000]),
        anything,
    ),
)
times = st.one_of(
    st.just(NOW - 60),
    st.one_of(
        st.floats(min_value=NOW - 2 * TTL, max_value=NOW + 2 * TTL),
        st.just(NOW + 3600.0),  # dated in the future: must not live for ever
        anything,
    ),
)


def plant(path: Path, row: tuple[object, ...]) -> None:
    db = sqlite3.connect(path)
    try:
        db.execute("insert or replace into results values (?, ?, ?, ?, ?, ?)", row)
        db.commit()
    finally:
        db.close()


COUNTS = {"rows": 0, "hits": 0, "misses": 0, "refused by SQLite": 0}


@settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(verdicts, statuses, final_urls, redirects, times)
def test_any_row_is_a_good_result_or_a_miss(
    tmp_path: Path,
    verdict: object,
    status: object,
    final_url: object,
    hops: object,
    checked_at: object,
) -> None:
    path = tmp_path / "links.sqlite3"
    cache = LinkCache(path, TTL)
    try:
        try:
            plant(path, (URL, verdict, status, final_url, hops, checked_at))
        except sqlite3.IntegrityError:
            COUNTS["refused by SQLite"] += 1  # `not null` columns
            return
        result = cache.get(URL, NOW)
    finally:
        cache.close()
    COUNTS["rows"] += 1
    COUNTS["hits" if result is not None else "misses"] += 1
    if result is not None:
        assert result.verdict in CACHEABLE and result.from_cache
        assert isinstance(checked_at, int | float) and 0 <= NOW - checked_at <= TTL
        assert all(isinstance(h.status, int) and isinstance(h.url, str) for h in result.redirects)


def good(url: str = URL) -> LinkResult:
    return LinkResult(
        url, Verdict.REDIRECTED, 301, "https://b.example/", (Hop(301, "https://b.example/"),)
    )


def test_a_good_row_reads_back_and_bad_twins_are_misses(tmp_path: Path) -> None:
    path = tmp_path / "links.sqlite3"
    cache = LinkCache(path, TTL)
    cache.put(good(), NOW - 10)
    back = cache.get(URL, NOW)
    assert back is not None and back.final_url == "https://b.example/" and back.from_cache
    planted = {
        "unknown verdict": (URL, "exploded", 200, None, "[]", NOW),
        "a failure stored": (URL, "dead", 404, None, "[]", NOW),
        "dated in the future": (URL, "alive", 200, None, "[]", NOW + 3600),
        "stale": (URL, "alive", 200, None, "[]", NOW - TTL - 1),
        "bad redirects": (URL, "alive", 200, None, "not json", NOW),
        "text for a time": (URL, "alive", 200, None, "[]", "yesterday"),
        "a hop without a status": (URL, "alive", 200, None, '[{"url": "x"}]', NOW),
    }
    for name, row in planted.items():
        plant(path, row)
        assert cache.get(URL, NOW) is None, name
    cache.close()


@pytest.mark.parametrize(
    "make",
    ["not sqlite", "wrong schema", "a directory"],
)
def test_a_file_that_is_not_a_cache_is_a_one_line_error(tmp_path: Path, make: str) -> None:
    path = tmp_path / "links.sqlite3"
    if make == "not sqlite":
        path.write_bytes(b"this is not a database at all\n" * 100)
    elif make == "wrong schema":
        db = sqlite3.connect(path)
        db.execute("create table results (url text, something text)")
        db.commit()
        db.close()
    else:
        path.mkdir()
    urls = tmp_path / "urls.txt"
    urls.write_text(URL + "\n", encoding="utf-8")
    result = runner.invoke(app, ["links", "--urls", str(urls), "--cache", str(path), "--offline"])
    assert result.exit_code == 2, result.stderr
    assert "cannot open the link cache" in result.stderr and result.stderr.count("\n") == 1
    clean = runner.invoke(
        app, ["links", "--urls", str(urls), "--cache", str(tmp_path / "new.sqlite3"), "--offline"]
    )
    assert clean.exit_code == 0, clean.stderr


def test_a_cache_that_cannot_be_written_is_a_one_line_error(tmp_path: Path) -> None:
    from claimcheck.errors import ConfigError

    cache = LinkCache(tmp_path / "links.sqlite3", TTL)

    class Full:
        def execute(self, *args: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        executemany = execute

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *args: object) -> None:
            pass

        def close(self) -> None:
            pass

    cache._db = Full()  # type: ignore[assignment]
    cache.put(good(), NOW)  # kept for the next batch
    with pytest.raises(ConfigError, match="cannot write the link cache: database or disk is full"):
        cache.flush()
    assert cache.get(URL, NOW) is None  # a read that fails is a miss
    cache.put(good(), NOW)
    with pytest.raises(ConfigError, match="disk is full"):
        cache.close()  # what is left is written at close, and its failure told


def test_results_are_written_in_batches_and_all_of_them_at_close(tmp_path: Path) -> None:
    from claimcheck.links.cache import BATCH

    path = tmp_path / "links.sqlite3"
    cache = LinkCache(path, TTL)
    for i in range(BATCH + 3):
        cache.put(replace(good(), url=f"{URL}?n={i}"), NOW)
    other = sqlite3.connect(path)  # another reader sees the first batch only
    assert other.execute("select count(*) from results").fetchone() == (BATCH,)
    cache.close()
    assert other.execute("select count(*) from results").fetchone() == (BATCH + 3,)
    other.close()


def test_the_fuzzed_rows_reached_both_outcomes() -> None:
    """Run after the property (file order): rows that read back and rows that did not."""
    if COUNTS["rows"] == 0:
        pytest.skip("the property did not run first")
    assert COUNTS["hits"] > 0 and COUNTS["misses"] > 0, COUNTS
