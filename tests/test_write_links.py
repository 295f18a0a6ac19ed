"""No write goes through a symbolic link a checkout planted (red team: the action's SARIF file).

A pull request can commit `claims.sarif -> /outside/tool`; the action then ran `claimcheck merge
... -o claims.sarif` and the script a later step runs became SARIF holding the registry's
`$(...)`. Every writer refuses a link at the path, whoever named it, and a link among the
folders on the way that lies inside the repository; the streams a user names (`/dev/stdout`,
`/dev/null`, a FIFO, or a link whose final target is one) are still written in place.

Each attack has a clean twin that must still work.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from claimcheck.cli import app
from claimcheck.edit import starter
from claimcheck.errors import ConfigError
from claimcheck.files import _write_in_place, atomic_write, refuse_links
from claimcheck.sources import snapshot

runner = CliRunner()
SCRIPT = "#!/bin/sh\necho the tool ran\n"


@dataclass(frozen=True)
class Checkout:
    """A pull request's checkout (the working directory) and a script outside it."""

    repo: Path
    outside: Path
    tool: Path


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Checkout:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "claims.yaml").write_text(
        starter("Page", "https://example.org/page", "2026-11-24"), encoding="utf-8"
    )
    (repo / "page.txt").write_text(  # a figure nobody registered: `extract` drafts it
        "A new survey found that 41% of parents were never told.\n", encoding="utf-8"
    )
    outside = tmp_path / "outside"
    outside.mkdir()
    tool = outside / "tool"
    tool.write_text(SCRIPT, encoding="utf-8")
    tool.chmod(0o755)
    monkeypatch.chdir(repo)
    report = runner.invoke(
        app, ["verify", "claims.yaml", "--offline", "-f", "json", "-o", "r.json"]
    )
    assert report.exit_code == 0, report.stderr
    return Checkout(repo, outside, tool)


#: Every command that writes a file the user names, with that file as `out`.
COMMANDS = {
    "verify": lambda out: ["verify", "claims.yaml", "--offline", "-f", "json", "-o", out],
    "links": lambda out: ["links", "claims.yaml", "--offline", "-o", out],
    "scan": lambda out: ["scan", "page.txt", "-r", "claims.yaml", "-o", out],
    "baseline": lambda out: ["baseline", "claims.yaml", "--offline", "-o", out],
    "merge": lambda out: ["merge", "r.json", "-f", "sarif", "-o", out],
    "list": lambda out: ["list", "claims.yaml", "-o", out],
    "schema": lambda out: ["schema", "-o", out],
    "export": lambda out: ["export", "claims.yaml", "-f", "csl-json", "-o", out],
    "extract": lambda out: ["extract", "page.txt", "-r", "claims.yaml", "-o", out],
    "init": lambda out: ["init", out, "--force"],
}


def untouched(checkout: Checkout) -> bool:
    tool = checkout.tool
    return tool.read_text(encoding="utf-8") == SCRIPT and stat.S_IMODE(tool.stat().st_mode) == 0o755


def refused(result: Result, path: str, target: Path, what: str = "output file") -> bool:
    """Exit 2 with one line naming the link, where it leads, and what to do."""
    err = result.stderr
    assert result.exit_code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f"{path}: error: the {what} is a symbolic link (to {target}); claimcheck does not" in err
    assert "(remove the link, or give the target's path)" in err
    return True


# The planted link and its clean twin, for every writer ------------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_command_writes_through_a_planted_link(checkout: Checkout, command: str) -> None:
    Path("claims.sarif").symlink_to(checkout.tool)
    result = runner.invoke(app, COMMANDS[command]("claims.sarif"))
    assert refused(result, "claims.sarif", checkout.tool)
    assert untouched(checkout) and Path("claims.sarif").is_symlink()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_replaces_a_regular_file_and_keeps_its_mode(
    checkout: Checkout, command: str
) -> None:
    out = Path("claims.sarif")
    out.write_text("old", encoding="utf-8")
    out.chmod(0o755)
    result = runner.invoke(app, COMMANDS[command](str(out)))
    assert result.exit_code in (0, 1), result.stderr
    assert not out.is_symlink() and out.read_text(encoding="utf-8") != "old"
    assert stat.S_IMODE(out.stat().st_mode) == 0o755


def test_a_dangling_link_is_refused_and_nothing_is_created(checkout: Checkout) -> None:
    Path("new.yaml").symlink_to(checkout.outside / "made.yaml")
    assert refused(
        runner.invoke(app, ["init", "new.yaml"]), "new.yaml", checkout.outside / "made.yaml"
    )
    assert not (checkout.outside / "made.yaml").exists()


def test_the_default_baseline_path_is_not_written_through_a_link(checkout: Checkout) -> None:
    default = Path(".claimcheck-baseline.json")
    default.symlink_to(checkout.tool)
    result = runner.invoke(app, ["baseline", "claims.yaml", "--offline"])
    assert refused(result, str(default), checkout.tool) and untouched(checkout)
    default.unlink()  # the clean twin
    assert runner.invoke(app, ["baseline", "claims.yaml", "--offline"]).exit_code == 0
    assert json.loads(default.read_text(encoding="utf-8")) is not None


def test_init_does_not_write_its_default_registry_through_a_link(checkout: Checkout) -> None:
    Path("claims.yaml").unlink()
    Path("claims.yaml").symlink_to(checkout.outside / "claims.yaml")
    result = runner.invoke(app, ["init"])
    assert refused(result, "claims.yaml", checkout.outside / "claims.yaml")
    assert not (checkout.outside / "claims.yaml").exists()
    Path("claims.yaml").unlink()  # the clean twin
    assert runner.invoke(app, ["init"]).exit_code == 0 and "version: 1" in Path(
        "claims.yaml"
    ).read_text(encoding="utf-8")


def test_the_action_repro_leaves_the_planted_script_as_it_was(checkout: Checkout) -> None:
    # The red team's registry: a field name that runs when the SARIF file is run as a script.
    text = Path("claims.yaml").read_text(encoding="utf-8")
    Path("claims.yaml").write_text(
        text.replace("    kind: figure", '    "$(echo PWNED >&2)": 1\n    kind: figure', 1),
        encoding="utf-8",
    )
    runner.invoke(app, ["verify", "claims.yaml", "--offline", "-f", "json", "-o", "r.json"])
    assert "PWNED" in Path("r.json").read_text(encoding="utf-8")
    Path("claims.sarif").symlink_to(checkout.tool)
    result = runner.invoke(app, ["merge", "r.json", "-f", "sarif", "-o", "claims.sarif"])
    assert refused(result, "claims.sarif", checkout.tool) and untouched(checkout)
    ran = subprocess.run(["/bin/sh", str(checkout.tool)], capture_output=True, text=True)
    assert ran.stdout == "the tool ran\n" and "PWNED" not in ran.stderr


# Links among the folders on the way --------------------------------------------------------


@pytest.mark.parametrize("written", ["out/claims.sarif", "./out/claims.sarif", "real/../out/x"])
def test_a_folder_link_inside_the_repository_is_refused(checkout: Checkout, written: str) -> None:
    Path("real").mkdir()
    Path("out").symlink_to(checkout.outside, target_is_directory=True)
    result = runner.invoke(app, ["schema", "-o", written])
    shown = str(Path(written).parent)
    assert refused(result, shown, checkout.outside, "output file's folder")
    assert sorted(p.name for p in checkout.outside.iterdir()) == ["tool"]


def test_a_folder_link_deeper_in_the_repository_is_refused(checkout: Checkout) -> None:
    Path("reports").mkdir()
    Path("reports/latest").symlink_to(checkout.outside, target_is_directory=True)
    absolute = checkout.repo / "reports" / "latest" / "claims.sarif"
    result = runner.invoke(app, ["schema", "-o", str(absolute)])
    assert refused(result, str(absolute.parent), checkout.outside, "output file's folder")
    assert sorted(p.name for p in checkout.outside.iterdir()) == ["tool"]


def test_folder_links_outside_the_repository_are_followed(checkout: Checkout) -> None:
    # The machine's links (/tmp -> /private/tmp, the runner's folders) are not the checkout's.
    elsewhere = checkout.repo.parent / "elsewhere"
    elsewhere.symlink_to(checkout.outside, target_is_directory=True)
    assert runner.invoke(app, ["schema", "-o", "../elsewhere/schema.json"]).exit_code == 0
    assert json.loads((checkout.outside / "schema.json").read_text(encoding="utf-8"))["title"]
    # A link outside that leads into the repository is followed, and the walk goes on there.
    into = checkout.repo.parent / "into"
    into.symlink_to(checkout.repo, target_is_directory=True)
    Path("real").mkdir()
    assert runner.invoke(app, ["schema", "-o", str(into / "real" / "s.json")]).exit_code == 0
    assert Path("real/s.json").is_file()
    Path("out").symlink_to(checkout.outside, target_is_directory=True)
    result = runner.invoke(app, ["schema", "-o", str(into / "out" / "s.json")])
    assert refused(result, str(into / "out"), checkout.outside, "output file's folder")
    assert not (checkout.outside / "s.json").exists()


def test_a_snapshot_folder_reached_through_a_link_in_the_repository_is_refused(
    checkout: Checkout,
) -> None:
    Path("real").mkdir()
    Path("data").symlink_to(checkout.repo / "real", target_is_directory=True)
    saved = snapshot.Snapshot(snapshot.FORMAT, "src", "https://example.org/", "2026-11-24")
    with pytest.raises(ConfigError, match="snapshot's folder is a symbolic link"):
        snapshot.save(Path("data/snaps"), saved)
    assert not Path("real/snaps/src.json").exists()
    snapshot.save(Path("real/snaps"), saved)  # the clean twin: the folder itself
    assert snapshot.load(Path("real/snaps"))["src"].source == "src"


# Edits of the registry ---------------------------------------------------------------------


def test_registry_edits_do_not_write_through_a_link(checkout: Checkout) -> None:
    target = checkout.outside / "claims.yaml"
    target.write_bytes(Path("claims.yaml").read_bytes())
    before = target.read_bytes()
    Path("linked.yaml").symlink_to(target)
    add = ["add", "source", "--id", "second", "--title", "T", "--kind", "news"]
    result = runner.invoke(app, [*add, "-r", "linked.yaml"])
    assert refused(result, "linked.yaml", target, "registry") and target.read_bytes() == before
    appended = runner.invoke(app, ["extract", "page.txt", "-r", "linked.yaml", "--append"])
    assert appended.exit_code == 2 and target.read_bytes() == before
    assert runner.invoke(app, [*add, "-r", str(target)]).exit_code == 0  # the target's path
    assert b"id: second" in target.read_bytes()


# Streams the user names are written in place ------------------------------------------------


def test_dev_stdout_and_dev_stderr_are_the_streams(checkout: Checkout) -> None:
    out = runner.invoke(app, ["schema", "-o", "/dev/stdout"])
    assert out.exit_code == 0 and json.loads(out.stdout)["title"]
    err = runner.invoke(app, ["schema", "-o", "/dev/stderr"])
    assert err.exit_code == 0 and json.loads(err.stderr)["title"] and not err.stdout


def claimcheck(*args: str, stdout: Any, stderr: Any = None) -> subprocess.CompletedProcess[bytes]:
    """claimcheck run as a real process, its standard output and error as given."""
    command = [sys.executable, "-m", "claimcheck", *args]
    return subprocess.run(command, stdout=stdout, stderr=stderr, timeout=60, check=False)


def test_dev_stdout_in_a_real_process_writes_to_its_pipe(checkout: Checkout) -> None:
    ran = claimcheck("schema", "-o", "/dev/stdout", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert ran.returncode == 0, ran.stderr and json.loads(ran.stdout)["title"]


def test_dev_stdout_appends_where_the_shell_appends(checkout: Checkout) -> None:
    # `claimcheck merge ... -o /dev/stdout >> "$GITHUB_STEP_SUMMARY"`: reopening the link would
    # replace the summary; writing the stream keeps what was there.
    summary = checkout.outside / "summary.md"
    summary.write_text("# before\n", encoding="utf-8")
    with summary.open("ab") as stream:
        ran = claimcheck("merge", "r.json", "-f", "markdown", "-o", "/dev/stdout", stdout=stream)
    assert ran.returncode == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# before\n") and len(text) > len("# before\n")


def test_a_planted_link_to_a_stream_is_written_in_place_and_to_a_file_is_not(
    checkout: Checkout,
) -> None:
    Path("claims.sarif").symlink_to("/dev/stdout")
    piped = claimcheck("schema", "-o", "claims.sarif", stdout=subprocess.PIPE)
    assert piped.returncode == 0 and json.loads(piped.stdout)["title"]
    assert Path("claims.sarif").is_symlink()
    # The same link when standard output is a regular file: that is a link to a file.
    log = checkout.outside / "log.txt"
    log.write_text("kept\n", encoding="utf-8")
    with log.open("ab") as stream:
        ran = claimcheck("schema", "-o", "claims.sarif", stdout=stream, stderr=subprocess.PIPE)
    assert ran.returncode == 2 and b"does not write through links" in ran.stderr
    assert log.read_text(encoding="utf-8") == "kept\n"


def test_dev_null_and_a_link_to_it_stay_devices(checkout: Checkout) -> None:
    if not os.access("/dev/null", os.W_OK):
        pytest.skip("/dev/null is not writable here")
    assert runner.invoke(app, ["schema", "-o", "/dev/null"]).exit_code == 0
    Path("quiet.json").symlink_to("/dev/null")
    assert runner.invoke(app, ["schema", "-o", "quiet.json"]).exit_code == 0
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode) and Path("quiet.json").is_symlink()


def test_a_link_to_a_fifo_is_written_in_place(checkout: Checkout) -> None:
    fifo = checkout.outside / "reader.fifo"
    os.mkfifo(fifo)
    Path("claims.sarif").symlink_to(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = runner.invoke(app, ["schema", "-o", "claims.sarif"])
    reader.join(timeout=20)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and json.loads(got[0])["title"]


def test_only_a_named_path_may_lead_to_a_stream(tmp_path: Path) -> None:
    link = tmp_path / "src.json"
    link.symlink_to("/dev/null")
    with pytest.raises(ConfigError, match="symbolic link"):
        atomic_write(link, "x")  # a snapshot or registry path: never a stream
    atomic_write(link, "x", named=True)  # the clean twin: -o


def test_what_is_written_in_place_is_checked_once_opened(tmp_path: Path) -> None:
    # A link swapped for a regular file between the check and the open: nothing is written.
    regular = tmp_path / "file.txt"
    regular.write_text("old", encoding="utf-8")
    with pytest.raises(ConfigError, match="no longer a FIFO or device"):
        _write_in_place(regular, b"new", "output file")
    assert regular.read_text(encoding="utf-8") == "old"


def test_refuse_links_for_writers_that_open_files_themselves(checkout: Checkout) -> None:
    # SQLite follows a link at the database or its -wal file and creates the target.
    Path("cache.sqlite3-wal").symlink_to(checkout.outside / "made")
    with pytest.raises(ConfigError, match="link cache is a symbolic link"):
        refuse_links(Path("cache.sqlite3-wal"), "link cache")
    refuse_links(Path("cache.sqlite3"), "link cache")  # the clean twin: nothing there yet
    Path("cache.sqlite3").write_bytes(b"")
    refuse_links(Path("cache.sqlite3"), "link cache")


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_the_link_cache_is_not_opened_through_a_planted_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    # SQLite creates the database and its companions where a link points.
    from claimcheck.errors import ConfigError
    from claimcheck.links.cache import LinkCache

    monkeypatch.chdir(tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-outside{suffix}"
    cache = tmp_path / "links.sqlite3"
    (tmp_path / f"links.sqlite3{suffix}").symlink_to(outside)
    with pytest.raises(ConfigError, match="symbolic link"):
        LinkCache(cache, 60)
    assert not outside.exists()
    # The clean twin: a plain path is opened and created.
    LinkCache(tmp_path / "plain.sqlite3", 60).close()
    assert (tmp_path / "plain.sqlite3").exists()
