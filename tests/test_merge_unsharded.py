"""`merge` of reports of every link (no shards) that disagree on a link is refused (K4).

Each such report checked every link; merge kept the first report's answer for each link and
the union of the findings, so a run that found a link failing merged with one that found it
alive gave an L007 beside an `alive` link (or an `alive` link, first, with the other's
finding), exit as the union's. Two runs that disagree are not one run: merge now refuses
them in one line naming the link, both answers and both files (exit 2). Planted on two
subjects against loopback servers (a host gone between the runs; a host that answers 503
then 200) and a run offline beside one online; the clean twins are two runs that agree (their
times differ) and a report merged with itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.linkserver import HOSTS, serve

runner = CliRunner()
QUICK = (
    "--allow-private",
    "--no-cache",
    "--timeout",
    "0.5",
    "--retries",
    "0",
    "--host-interval",
    "0",
)


def _registry(root: Path, subject: str, url: str) -> Path:
    path = root / "claims.yaml"
    if subject == "bakery":
        text = (
            f"version: 1\nsources:\n  - id: prices\n    title: Price list\n    kind: news\n"
            f"    url: {url}\nclaims:\n  - id: loaf\n    text: A loaf costs 2.10 pounds.\n"
            "    kind: fact\n    citations: [{source: prices}]\n"
        )
    else:
        text = (
            f"version: 1\nsources:\n  - id: census\n    title: Library census\n"
            f"    kind: report\n    url: {url}\nclaims:\n  - id: branches\n"
            "    text: The city has 14 branch libraries.\n    kind: fact\n"
            "    citations: [{source: census}]\n"
        )
    path.write_text(text, encoding="utf-8")
    return path


def _links(registry: Path, out: Path, network: str = "--online") -> Path:
    result = runner.invoke(
        app, ["links", str(registry), *QUICK, network, "-f", "json", "-o", str(out)]
    )
    assert result.exit_code in (0, 1), result.output
    return out


def _merge(*reports: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["merge", *map(str, reports), "-f", "json"])
    return result.exit_code, result.stdout, result.stderr


def _two_runs(tmp_path: Path, subject: str) -> tuple[Path, Path, str, str]:
    """Two reports of one registry whose link answered otherwise: (first, second, what each
    said)."""
    if subject == "bakery":  # the host is gone by the second run
        with serve() as server:
            registry = _registry(tmp_path, subject, server.url("/ok", HOSTS[0]))
            first = _links(registry, tmp_path / "a.json")
        return first, _links(registry, tmp_path / "b.json"), "alive (200)", "error (cannot"
    with serve() as server:  # 503 to the first two requests (one a run), 200 after
        registry = _registry(tmp_path, subject, server.url("/flaky", HOSTS[1]))
        first = _links(registry, tmp_path / "a.json")
        _links(registry, tmp_path / "between.json")
        second = _links(registry, tmp_path / "b.json")
    return first, second, "error (503)", "alive (200)"


@pytest.mark.parametrize("subject", ["bakery", "library"])
def test_reports_that_disagree_on_a_link_are_refused(tmp_path: Path, subject: str) -> None:
    first, second, said_first, said_second = _two_runs(tmp_path, subject)
    for a, b, here, there in (
        (first, second, said_second, said_first),
        (second, first, said_first, said_second),
    ):
        code, out, err = _merge(a, b)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
        assert f"{b}: error: link http://" in err and "Traceback" not in err
        # This report's answer, then the first's, naming its file.
        mine, theirs = err.split(" in this report, ", 1)
        assert here in mine and theirs.startswith(there)
        assert f" in {a}: reports of every link" in theirs
    # Each alone still merges (renders) as itself.
    for report in (first, second):
        code, out, _ = _merge(report)
        assert (
            code in (0, 1)
            and json.loads(out)["links"] == json.loads(report.read_text(encoding="utf-8"))["links"]
        )


def test_a_run_offline_beside_one_online_is_refused(tmp_path: Path) -> None:
    with serve() as server:
        registry = _registry(tmp_path, "library", server.url("/ok", HOSTS[2]))
        online = _links(registry, tmp_path / "online.json")
        offline = _links(registry, tmp_path / "offline.json", "--offline")
    code, _, err = _merge(online, offline)
    assert code == 2 and "skipped (offline) in this report, alive (200) in" in err


@pytest.mark.parametrize("subject", ["bakery", "library"])
def test_the_clean_twins_merge(tmp_path: Path, subject: str) -> None:
    with serve() as server:
        registry = _registry(tmp_path, subject, server.url("/ok", HOSTS[0]))
        first = _links(registry, tmp_path / "a.json")
        second = _links(registry, tmp_path / "b.json")
    code, out, err = _merge(first, second)
    assert code == 0, err
    document = json.loads(out)
    assert [link["verdict"] for link in document["links"]] == ["alive"]
    assert not [f for f in document["findings"] if f["code"].startswith("L")]
    code, _, err = _merge(first, first)
    assert code == 0, err
