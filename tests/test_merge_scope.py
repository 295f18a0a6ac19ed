"""`merge` refuses shards of runs that checked differently (review 21, item 4).

Every shard of a run checks every claim alike and only its own hosts' links, so `merge` took
the union of the shards' findings. A shard run with `--changed-only` (which lists only the
claims its change touches and checks only their sources' links) beside full shards dropped
the dead link of its hosts: "0 errors", exit 0, where the three full shards give L001. A
`links` shard beside `verify` shards merged into T findings under a summary saying T was not
run; a shard with another `--ignore` dropped that rule's findings of its hosts. Now merge
compares what every shard of one run has alike (the rules not run, the claims listed, the
sources counted, the page's coverage, every finding but a link's) and refuses the first
difference in one line naming the file and the field (exit 2).

Planted and clean twins on two subjects (a city budget, a football league), against a
loopback server whose three hosts fall in shards 1, 2 and 3 of 3.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.links.shard import in_shard
from tests.linkserver import HOSTS, Server, serve

runner = CliRunner()
QUICK: tuple[str, ...] = ("--allow-private", "--no-cache", "--timeout", "0.5", "--retries", "0")
QUICK = (*QUICK, "--host-interval", "0", "--online")
TODAY = ("--today", "2026-11-24")

SUBJECTS = {
    "budget": (
        ("book", "Budget book", "The council's budget is 512 million pounds for 2025."),
        ("audit", "Audit report", "The council employs 4,300 staff."),
    ),
    "football": (
        ("league", "League table", "The league recorded 412 goals in the 2024 season."),
        ("club", "Club accounts", "The club sold 8,000 season tickets."),
    ),
}


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "HOME": str(cwd),
            "PATH": "/usr/bin:/bin",
        },
    )


def dead_shard() -> int:
    """The shard of 3 that checks HOSTS[1], the dead link's host."""
    return next(k for k in (1, 2, 3) if in_shard(f"http://{HOSTS[1]}/", (k, 3)))


def committed(server: Server, root: Path, subject: str) -> Path:
    """Two claims, each citing a source on its own host: the first's link is dead. Both
    sources were last read long ago (T003, a note, on each)."""
    (first_id, first_title, first_text), (second_id, second_title, second_text) = SUBJECTS[subject]
    registry = root / "claims.yaml"
    registry.write_text(
        "version: 1\nsources:\n"
        f"  - id: {first_id}\n    title: {first_title}\n    kind: report\n"
        f"    url: {server.url('/404', HOSTS[1])}\n    accessed: 2024-01-01\n"
        f"  - id: {second_id}\n    title: {second_title}\n    kind: report\n"
        f"    url: {server.url('/ok', HOSTS[0])}\n    accessed: 2024-01-01\n"
        "claims:\n"
        f"  - id: {first_id}_claim\n    text: {first_text}\n    kind: fact\n"
        f"    citations: [{{source: {first_id}}}]\n"
        f"  - id: {second_id}_claim\n    text: {second_text}\n    kind: fact\n"
        f"    citations: [{{source: {second_id}}}]\n",
        encoding="utf-8",
    )
    git(root, "init", "-q")
    git(root, "add", "claims.yaml")
    git(root, "commit", "-qm", "start")
    return registry


def shard(registry: Path, out: Path, k: int, *extra: str, command: str = "verify") -> Path:
    """Shard K of 3's JSON report (`verify` on TODAY; `links`, which takes no --today, and
    `verify-today` on today)."""
    dated = TODAY if command == "verify" else ()
    command = command.removesuffix("-today")
    result = runner.invoke(
        app,
        [
            command,
            str(registry),
            *QUICK,
            *dated,
            "--shard",
            f"{k}/3",
            *extra,
            *("-f", "json", "-o", str(out)),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    return out


def full_shards(
    registry: Path, root: Path, *extra: str, command: str = "verify", name: str = ""
) -> list[Path]:
    """Shards 1, 2 and 3 of one run."""
    name = name or command + "".join(extra).replace("-", "")
    return [
        shard(registry, root / f"{name}-{k}.json", k, *extra, command=command) for k in (1, 2, 3)
    ]


def merged(reports: list[Path]) -> tuple[int, str, str]:
    result = runner.invoke(app, ["merge", *map(str, reports), "-f", "concise"])
    return result.exit_code, result.stdout, result.stderr


def codes(concise: str) -> list[str]:
    """The rule codes of a concise report's findings."""
    return [line.split()[1] for line in concise.splitlines()[:-1]]


def refused(reports: list[Path], culprit: Path, field: str) -> str:
    code, out, err = merged(reports)
    assert (code, out) == (2, ""), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"claimcheck: {culprit}: error: `{field}"), err
    return err


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_changed_only_shard_beside_full_shards_is_refused(
    server: Server, tmp_path: Path, subject: str
) -> None:
    """Planted: the dead link's shard run with --changed-only against the commit (nothing
    changed: it lists no claim), or with one claim changed (the other claim's, whose source
    is not the dead one): the full shards' L001 was dropped, exit 0. The clean twin: the three
    full shards give L001, exit 1."""
    registry = committed(server, tmp_path, subject)
    full = full_shards(registry, tmp_path)
    code, out, err = merged(full)
    assert code == 1 and "L001" in codes(out), err
    d = dead_shard()
    scoped = shard(registry, tmp_path / "changed.json", d, "--changed-only", "HEAD")
    given = [scoped if k == d else full[k - 1] for k in (1, 2, 3)]
    err = refused(given, scoped, "$.claims")
    assert "lists 0 claims" in err
    # One claim changed, not the dead link's: the shard lists it alone.
    second = SUBJECTS[subject][1][0]
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace(f"{second}_claim\n    text: ", f"{second}_claim\n    text: In 2025, "),
        encoding="utf-8",
    )
    scoped = shard(registry, tmp_path / "changed-one.json", d, "--changed-only", "HEAD")
    given = [scoped if k == d else full[k - 1] for k in (1, 2, 3)]
    # The full shards were run on the registry before the edit: refused for that first.
    code, _, err = merged(given)
    assert code == 2 and "registry_sha256" in err
    full = full_shards(registry, tmp_path, name="edited")  # the edited registry, whole
    given = [scoped if k == d else full[k - 1] for k in (1, 2, 3)]
    refused(given, scoped, "$.claims")


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_shards_all_changed_only_merge_as_their_unsharded_run(
    server: Server, tmp_path: Path, subject: str
) -> None:
    """The clean twin: every shard run with --changed-only HEAD, the dead link's claim
    changed, merges into the unsharded --changed-only run: its L001, exit 1."""
    registry = committed(server, tmp_path, subject)
    first = SUBJECTS[subject][0][0]
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace(f"{first}_claim\n    text: ", f"{first}_claim\n    text: In 2025, "),
        encoding="utf-8",
    )
    scoped = full_shards(registry, tmp_path, "--changed-only", "HEAD")
    code, out, err = merged(scoped)
    assert code == 1, err
    whole = runner.invoke(
        app, ["verify", str(registry), *QUICK, *TODAY, "--changed-only", "HEAD", "-f", "concise"]
    )
    assert whole.exit_code == 1
    assert out.splitlines()[:-1] == whole.stdout.splitlines()[:-1]
    assert "L001" in out


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_links_shard_beside_verify_shards_is_refused(
    server: Server, tmp_path: Path, subject: str
) -> None:
    """Planted: `links --shard` for one shard, `verify --shard` for the others: the merged
    report listed T findings beside "not selected: C, P, Q, S, T". Clean twins: the three
    `links` shards, and the three `verify` shards, each merge."""
    registry = committed(server, tmp_path, subject)
    links = full_shards(registry, tmp_path, command="links")
    checked = full_shards(registry, tmp_path, command="verify-today")
    assert merged(links)[0] == 1 and merged(checked)[0] == 1
    not_run = json.loads(links[0].read_text(encoding="utf-8"))["rules_not_run"]
    assert "T001" in not_run
    err = refused([links[0], checked[1], checked[2]], checked[1], "$.rules_not_run")
    assert "is [], where" in err
    err = refused([checked[0], links[1], checked[2]], links[1], "$.rules_not_run")
    assert f"is [{', '.join(not_run[:8])}, and {len(not_run) - 8} more], where" in err


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_shard_ignoring_a_note_is_refused(server: Server, tmp_path: Path, subject: str) -> None:
    """Planted: one shard run with --ignore T003 (a note: `rules_not_run` does not list it),
    the others without: the merged report's notes were the other shards', by luck. Clean
    twin: every shard with --ignore T003 merges, with no T003."""
    registry = committed(server, tmp_path, subject)
    full = full_shards(registry, tmp_path)
    ignoring = full_shards(registry, tmp_path, "--ignore", "T003")
    given = [full[0], ignoring[1], full[2]]
    err = refused(given, ignoring[1], "$.findings")
    assert "lacks T003 [note] on source" in err
    given = [ignoring[0], full[1], ignoring[2]]
    err = refused(given, full[1], "$.findings[")
    assert "is T003 [note] on source" in err
    code, out, _ = merged(ignoring)
    assert code == 1 and "T003" not in out and "L001" in out
