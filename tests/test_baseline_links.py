"""A baseline's link entries are known or fixed only where the run checked the link, and
`merge` computes the counts of shards (review 13, #3).

A baseline made online knew two dead links (L001); `verify --offline --baseline` checked no
link and said "0 known, 2 fixed since". Three shards said "0 known, 2 fixed" (the first,
which checks neither link's host) and "1 known, 1 fixed" (each of the others), and `merge`
took the most known and the fewest fixed: "1 known, 1 fixed", where the run of every link
says 2 known, 0 fixed. Now an entry of a URL's answer (L001-L007, L009, L011) whose URL the run
did not check is neither known nor fixed; the counts say how many of each are of links
(`links_known`, `links_fixed`), which `merge` adds up over shards, the rest being every
shard's alike. Planted on two subjects (dead `url`s and a dead `archive_url`, on hosts of
different shards) against loopback servers, with the online run as the clean twin.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.linkserver import HOSTS, Server, serve

runner = CliRunner()
TODAY = ["--today", "2026-11-24"]
ONLINE: tuple[str, ...] = (
    "--online",
    "--allow-private",
    "--no-cache",
    "--timeout",
    "2",
    "--retries",
    "0",
)
ONLINE = (*ONLINE, "--host-interval", "0")
OFFLINE = ("--offline", "--no-cache")
#: The counts of a run that knew and fixed nothing.
NONE = {"known": 0, "fixed": 0, "links_known": 0, "links_fixed": 0}


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def _bakery(server: Server) -> str:
    """Three sources, one a host each (shards 1, 2, 3 of 3): the second's and third's dead."""
    urls = [server.url("/ok", HOSTS[0]), server.url("/404", HOSTS[1]), server.url("/410", HOSTS[2])]
    sources = "".join(
        f"  - {{id: s{i}, title: Price list {i}, kind: webpage, url: {json.dumps(url)}}}\n"
        for i, url in enumerate(urls, 1)
    )
    return (
        "version: 1\nsources:\n" + sources + "claims:\n  - id: loaf\n"
        "    text: A loaf costs 2.10 pounds.\n    kind: fact\n"
        "    citations: [{source: s1}, {source: s2}, {source: s3}]\n"
    )


def _museum(server: Server) -> str:
    """Two sources: the catalogue's url dead on one host, the guide's archived copy dead on
    another."""
    return f"""\
version: 1
sources:
  - id: catalogue
    title: Collection catalogue
    kind: webpage
    url: {json.dumps(server.url("/404", HOSTS[1]))}
  - id: guide
    title: Visitor guide
    kind: webpage
    url: {json.dumps(server.url("/ok", HOSTS[0]))}
    archive_url: {json.dumps(server.url("/410", HOSTS[2]))}
claims:
  - id: paintings
    text: The museum holds 2,400 paintings.
    kind: fact
    citations: [{{source: catalogue}}, {{source: guide}}]
"""


SUBJECTS = {"bakery": _bakery, "museum": _museum}
#: Each subject's baseline: the museum's dead archived copy of a live url is L011 (the
#: source's spare, which marks no claim), of a URL's answer as L001 is.
KNOWN = {"bakery": ["L001", "L001"], "museum": ["L001", "L011"]}
#: Each subject's dead link, and how it is repaired (a live path on the same host).
REPAIRS = {"bakery": ("/404", "/ok2"), "museum": ("/410", "/ok2")}


def _setup(server: Server, root: Path, subject: str) -> tuple[Path, Path]:
    registry = root / "claims.yaml"
    registry.write_text(SUBJECTS[subject](server), encoding="utf-8")
    base = root / "base.json"
    made = runner.invoke(app, ["baseline", str(registry), *ONLINE, *TODAY, "-o", str(base)])
    assert made.exit_code == 0, made.output
    codes = [e["code"] for e in json.loads(base.read_text(encoding="utf-8"))["findings"]]
    assert codes == KNOWN[subject]
    return registry, base


def _run(registry: Path, base: Path, *args: str) -> dict[str, object]:
    result = runner.invoke(
        app, ["verify", str(registry), *TODAY, "--baseline", str(base), "-f", "json", *args]
    )
    assert result.exit_code in (0, 1), result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def _codes(document: dict[str, object]) -> list[str]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return [f["code"] for f in findings]


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_links_not_checked_are_neither_known_nor_fixed(
    server: Server, tmp_path: Path, subject: str
) -> None:
    registry, base = _setup(server, tmp_path, subject)
    offline = _run(registry, base, *OFFLINE)
    assert _codes(offline) == []
    # Neither known nor fixed: not looked at, and the counts say so (K5).
    assert offline["baseline"] == {**NONE, "unchecked": 2, "links_unchecked": 2}
    # The clean twin: online, both dead links are known.
    online = _run(registry, base, *ONLINE)
    assert _codes(online) == []
    assert online["baseline"] == {"known": 2, "fixed": 0, "links_known": 2, "links_fixed": 0}
    # Refused as private (no --allow-private), a link's deadness was not checked either.
    refused = _run(registry, base, "--online", "--no-cache")
    assert set(_codes(refused)) == {"L009"}
    assert refused["baseline"] == {**NONE, "unchecked": 2, "links_unchecked": 2}


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_repaired_link_is_fixed_when_checked_and_a_removed_source_always(
    server: Server, tmp_path: Path, subject: str
) -> None:
    registry, base = _setup(server, tmp_path, subject)
    dead, alive = REPAIRS[subject]
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace(dead, alive), encoding="utf-8")
    online = _run(registry, base, *ONLINE)
    assert online["baseline"] == {"known": 1, "fixed": 1, "links_known": 1, "links_fixed": 1}
    offline = _run(registry, base, *OFFLINE)  # the new URL unchecked: not known to be fixed
    assert offline["baseline"] == {**NONE, "unchecked": 2, "links_unchecked": 2}
    # A source no longer in the registry: its link entries are fixed, checked or not.
    first_dead = "catalogue" if subject == "museum" else "s2"
    lines = text.splitlines(keepends=True)
    kept = "".join(
        line
        for line in lines
        if f"id: {first_dead}," not in line  # the bakery's one-line source
    )
    if subject == "museum":
        start = kept.index("  - id: catalogue\n")
        end = kept.index("  - id: guide\n")
        kept = kept[:start] + kept[end:]
    kept = kept.replace(f"{{source: {first_dead}}}, ", "")
    registry.write_text(kept, encoding="utf-8")
    offline = _run(registry, base, *OFFLINE)
    assert offline["baseline"] == {
        **NONE,
        "fixed": 1,
        "links_fixed": 1,
        "unchecked": 1,
        "links_unchecked": 1,
    }


def _shards(registry: Path, base: Path, root: Path, n: int) -> list[Path]:
    written = []
    for k in range(1, n + 1):
        out = root / f"shard{k}.json"
        args = ["verify", str(registry), *ONLINE, *TODAY, "--shard", f"{k}/{n}"]
        result = runner.invoke(app, [*args, "--baseline", str(base), "-f", "json", "-o", str(out)])
        assert result.exit_code in (0, 1), result.output
        written.append(out)
    return written


def _merged(shards: list[Path]) -> dict[str, object]:
    result = runner.invoke(app, ["merge", *map(str, shards), "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_merge_adds_up_the_shards_link_counts(server: Server, tmp_path: Path, subject: str) -> None:
    registry, base = _setup(server, tmp_path, subject)
    whole = _run(registry, base, *ONLINE)["baseline"]
    assert whole == {"known": 2, "fixed": 0, "links_known": 2, "links_fixed": 0}
    for n in (3, 2):
        shards = _shards(registry, base, tmp_path, n)
        counts = [json.loads(s.read_text(encoding="utf-8"))["baseline"] for s in shards]
        assert not all(c == whole for c in counts)  # no shard alone has the whole count
        assert _merged(shards)["baseline"] == whole
    # One link repaired: the merged counts are the run of every link's, 1 known, 1 fixed.
    dead, alive = REPAIRS[subject]
    registry.write_text(registry.read_text(encoding="utf-8").replace(dead, alive), "utf-8")
    whole = _run(registry, base, *ONLINE)["baseline"]
    assert whole == {"known": 1, "fixed": 1, "links_known": 1, "links_fixed": 1}
    assert _merged(_shards(registry, base, tmp_path, 3))["baseline"] == whole


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_merge_refuses_shards_of_other_baselines(
    server: Server, tmp_path: Path, subject: str
) -> None:
    registry, base = _setup(server, tmp_path, subject)
    shards = _shards(registry, base, tmp_path, 3)
    # The second shard run again with a baseline that knows nothing, then with none.
    empty = tmp_path / "empty.json"
    document = json.loads(base.read_text(encoding="utf-8")) | {"findings": []}
    empty.write_text(json.dumps(document), encoding="utf-8")
    for extra in (["--baseline", str(empty)], []):
        args = ["verify", str(registry), *ONLINE, *TODAY, "--shard", "2/3", *extra]
        result = runner.invoke(app, [*args, "-f", "json", "-o", str(shards[1])])
        assert result.exit_code in (0, 1), result.output
        merged = runner.invoke(app, ["merge", *map(str, shards)])
        assert merged.exit_code == 2, merged.output
        assert merged.stderr.startswith(f"claimcheck: {shards[1]}: error: ")
        assert len(merged.stderr.strip().splitlines()) == 1


# --- a dead archived copy (L011) is a URL's answer too -------------------------------------
#
# L011 (a failing `archive_url` of a source with a `url`) was not among baseline.URL_ANSWER:
# `verify --offline --baseline` requested no link, found no L011, and counted the known one
# as fixed ("1 fixed since", with no `links_*` counts: nothing said it was of a link). Planted
# on a glacier survey and a football club's fixtures (a live url, its archived copy dead),
# with the online run (known, not fixed) and the repaired or removed copy (fixed) as twins.


def _glacier(server: Server) -> str:
    return f"""\
version: 1
sources:
  - id: survey
    title: Glacier mass balance survey
    kind: dataset
    url: {json.dumps(server.url("/ok", HOSTS[0]))}
    archive_url: {json.dumps(server.url("/410", HOSTS[1]))}
claims:
  - id: retreat
    text: The glacier retreated 38 metres in 2024.
    kind: fact
    citations: [{{source: survey}}]
"""


def _fixtures(server: Server) -> str:
    url, archive = server.url("/ok2", HOSTS[2]), server.url("/404", HOSTS[0])
    return f"""\
version: 1
sources:
  - id: fixtures
    title: Fixtures and results
    kind: webpage
    archive_url: {json.dumps(archive)}
    url: {json.dumps(url)}
claims:
  - id: wins
    text: The club won 21 of its 38 league matches.
    kind: fact
    citations: [{{source: fixtures}}]
"""


ARCHIVED = {"glacier": (_glacier, "/410"), "fixtures": (_fixtures, "/404")}


@pytest.mark.parametrize("subject", sorted(ARCHIVED))
def test_a_known_dead_archived_copy_not_checked_is_not_fixed(
    server: Server, tmp_path: Path, subject: str
) -> None:
    make, dead = ARCHIVED[subject]
    registry = tmp_path / "claims.yaml"
    text = make(server)
    registry.write_text(text, encoding="utf-8")
    base = tmp_path / "base.json"
    made = runner.invoke(app, ["baseline", str(registry), *ONLINE, *TODAY, "-o", str(base)])
    assert made.exit_code == 0, made.output
    codes = [e["code"] for e in json.loads(base.read_text(encoding="utf-8"))["findings"]]
    assert codes == ["L011"]
    # Planted: offline, the archived copy is not requested: neither known nor fixed.
    offline = _run(registry, base, *OFFLINE)
    assert _codes(offline) == []
    assert offline["baseline"] == {**NONE, "unchecked": 1, "links_unchecked": 1}
    # The clean twin: online, the dead copy is known, not fixed.
    online = _run(registry, base, *ONLINE)
    assert _codes(online) == []
    assert online["baseline"] == {"known": 1, "fixed": 0, "links_known": 1, "links_fixed": 0}
    # Shards each check their own hosts: merged, the counts are the run of every link's.
    assert _merged(_shards(registry, base, tmp_path, 3))["baseline"] == online["baseline"]
    # Another capture, checked: fixed; offline, the new copy unchecked: not known to be.
    registry.write_text(text.replace(dead, "/ok"), encoding="utf-8")
    repaired = _run(registry, base, *ONLINE)
    assert repaired["baseline"] == {"known": 0, "fixed": 1, "links_known": 0, "links_fixed": 1}
    offline = _run(registry, base, *OFFLINE)
    assert offline["baseline"] == {**NONE, "unchecked": 1, "links_unchecked": 1}
    # The archived copy removed: its entry is fixed, checked or not.
    removed = "".join(line for line in text.splitlines(keepends=True) if "archive_url" not in line)
    registry.write_text(removed, encoding="utf-8")
    offline = _run(registry, base, *OFFLINE)
    assert offline["baseline"] == {**NONE, "fixed": 1, "links_fixed": 1}
