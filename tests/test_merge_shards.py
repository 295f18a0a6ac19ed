"""`merge` takes a set of link shards only when it is whole: every report records its
`--shard K/N` (`shard` in the JSON report), and shards 1..N of one N must each be there once.
Once, a missing shard (a job that failed, an artifact not uploaded) or a shard given twice
merged into a report with its hosts' dead links never mentioned, exit 0."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.errors import ConfigError
from claimcheck.links.shard import in_shard
from claimcheck.merge import merge_reports
from claimcheck.render import RENDERERS, RenderOptions
from claimcheck.render.json_read import read_run
from tests.linkserver import HOSTS, Server, serve

runner = CliRunner()
QUICK: tuple[str, ...] = ("--allow-private", "--no-cache", "--timeout", "0.5", "--retries", "0")
QUICK = (*QUICK, "--host-interval", "0")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def write_registry(server: Server, root: Path) -> Path:
    """A bakery's price list citing four sources on three hosts, one of them dead."""
    urls = [
        server.url("/ok", HOSTS[0]),
        server.url("/404", HOSTS[1]),
        server.url("/ok", HOSTS[2]),
        server.url("/ok2", HOSTS[0]),
    ]
    sources = "".join(
        f"  - id: s{i}\n    title: Price list {i}\n    kind: news\n    url: {url}\n"
        for i, url in enumerate(urls, 1)
    )
    path = root / "claims.yaml"
    path.write_text(
        "version: 1\nsources:\n"
        + sources
        + "claims:\n  - id: loaf\n    text: A loaf costs 2.10 pounds.\n    kind: fact\n"
        "    citations: [{source: s1}, {source: s2}, {source: s3}, {source: s4}]\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def shards(server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three shards' JSON reports and the unsharded run's, as CI jobs write them."""
    root = tmp_path_factory.mktemp("shards")
    registry = write_registry(server, root)
    written: dict[str, Path] = {}
    runs = {"1": ["--shard", "1/3"], "2": ["--shard", "2/3"], "3": ["--shard", "3/3"], "all": []}
    for name, extra in runs.items():
        out = root / f"links-{name}.json"
        result = runner.invoke(
            app, ["links", str(registry), *QUICK, *extra, "-f", "json", "-o", str(out)]
        )
        assert result.exit_code in (0, 1), result.stderr
        written[name] = out
    return written


def test_each_report_records_its_shard(shards: dict[str, Path]) -> None:
    for k in (1, 2, 3):
        document = json.loads(shards[str(k)].read_text(encoding="utf-8"))
        assert document["shard"] == {"k": k, "n": 3}
        assert all(in_shard(link["url"], (k, 3)) for link in document["links"])
    assert json.loads(shards["all"].read_text(encoding="utf-8"))["shard"] is None


def test_the_whole_set_merges_into_the_unsharded_run(shards: dict[str, Path]) -> None:
    """The clean twin: all three shards, in any order, give the unsharded run's findings."""
    whole = json.loads(shards["all"].read_text(encoding="utf-8"))
    assert [f["code"] for f in whole["findings"]] == ["L001"]
    for order in (("1", "2", "3"), ("3", "1", "2")):
        merged = runner.invoke(app, ["merge", *(str(shards[k]) for k in order), "-f", "json"])
        assert merged.exit_code == 1, merged.stderr
        document = json.loads(merged.stdout)
        assert [f["code"] for f in document["findings"]] == ["L001"]
        assert len(document["links"]) == len(whole["links"]) == 4
        assert document["shard"] is None  # the merged report is of every link
    # The unsharded run's report alone, or twice, needs no shards.
    for inputs in ([shards["all"]], [shards["all"], shards["all"]]):
        alone = runner.invoke(app, ["merge", *map(str, inputs), "-f", "concise"])
        assert alone.exit_code == 1 and "L001" in alone.stdout, alone.stderr


@pytest.mark.parametrize("left_out", ["1", "2", "3"])
def test_a_missing_shard_is_refused_naming_it(shards: dict[str, Path], left_out: str) -> None:
    given = [str(shards[k]) for k in ("1", "2", "3") if k != left_out]
    result = runner.invoke(app, ["merge", *given, "-f", "concise"])
    assert result.exit_code == 2, result.stdout
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
    assert f"shard {left_out} of 3 missing" in result.stderr and "Traceback" not in result.stderr


def test_a_shard_given_twice_is_refused(shards: dict[str, Path]) -> None:
    result = runner.invoke(app, ["merge", str(shards["1"]), str(shards["1"]), str(shards["3"])])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "shard 1 of 3 given 2 times" in result.stderr and "shard 2 of 3 missing" in result.stderr
    # Every shard there, one twice: still refused (a duplicate is a mistake in the set).
    every = [str(shards[k]) for k in ("1", "2", "3", "2")]
    result = runner.invoke(app, ["merge", *every])
    assert result.exit_code == 2 and "shard 2 of 3 given 2 times" in result.stderr


def test_an_unsharded_report_with_shards_is_refused(shards: dict[str, Path]) -> None:
    result = runner.invoke(app, ["merge", str(shards["1"]), str(shards["all"])])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert f"{shards['all']}: error: a report of every link, where" in result.stderr


def test_shards_of_another_count_are_refused(shards: dict[str, Path], tmp_path: Path) -> None:
    run = read_run(shards["2"])
    other = tmp_path / "links-2-of-4.json"
    options = RenderOptions(shard=(2, 4))
    other.write_text(RENDERERS["json"].render(run.report, options), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        merge_reports([shards["1"], other, shards["3"]])
    assert str(caught.value).startswith(f"{other}: error: shard 2 of 4, where ")


def test_a_report_from_before_shards_were_recorded(shards: dict[str, Path], tmp_path: Path) -> None:
    """Without `shard`, a report may be any shard: alone it is read, with others refused."""
    document = json.loads(shards["2"].read_text(encoding="utf-8"))
    del document["shard"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document), encoding="utf-8")
    assert read_run(old).recorded is False
    assert merge_reports([old]).links is not None
    with pytest.raises(ConfigError) as caught:
        merge_reports([old, old])
    assert "does not say which shard it is" in str(caught.value)
    with pytest.raises(ConfigError) as caught:
        merge_reports([shards["1"], old, shards["3"]])
    assert "a report with no shard recorded" in str(caught.value)


@pytest.mark.parametrize(
    "shard",
    [
        {"k": 0, "n": 3},
        {"k": 4, "n": 3},
        {"k": "1", "n": 3},
        # A final reader's: merge listed the missing shards one by one, and hung on this.
        {"k": 1, "n": 10**9},
    ],
)
def test_a_bad_shard_field_is_one_line(
    shards: dict[str, Path], tmp_path: Path, shard: object
) -> None:
    document = json.loads(shards["1"].read_text(encoding="utf-8"))
    document["shard"] = shard
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(app, ["merge", str(bad)])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert f"{bad}: error: " in result.stderr and "shard" in result.stderr


def test_many_missing_shards_are_counted_not_listed() -> None:
    from claimcheck.links.shard import parse_shard

    with pytest.raises(ConfigError, match="N may be at most 1000"):
        parse_shard("1/1001")
    assert parse_shard("3/1000") == (3, 1000)
