"""Files a registry, a config or a server controls (issue 15): paths stay in the repository,
only regular files are read, writes never follow a link nor replace a FIFO or device, two
writers never lose each other's work, the user's BOM and line endings stay, and a full disk or
a refused permission is a one-line error that leaves the file as it was.

Each defence plants the attack and keeps a clean twin that must still work.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.config import load_settings
from claimcheck.edit import add_entry, set_source_fields, starter
from claimcheck.errors import ConfigError
from claimcheck.files import atomic_write, read_regular
from claimcheck.page import read_page
from claimcheck.sources import snapshot
from tests.conftest import DATA

runner = CliRunner()
PAGE_REGISTRY = DATA / "pages" / "registry.yaml"
ROOT = os.geteuid() == 0


def repository(tmp_path: Path) -> Path:
    """A git work tree (a `.git` directory is what marks one) with a secret beside it."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("The secret figure is 4,242 cases.\n", encoding="utf-8")
    return repo


def registry_with_page(repo: Path, page_path: str) -> Path:
    registry = repo / "claims.yaml"
    text = PAGE_REGISTRY.read_text(encoding="utf-8")
    registry.write_text(
        text.replace(
            "version: 1", f"version: 1\npage: {{title: P, path: {json.dumps(page_path)}}}"
        ),
        encoding="utf-8",
    )
    return registry


def verify_page(registry: Path, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["verify", str(registry), "-f", "json", "--select", "P", *extra])
    return result.exit_code, result.stdout, result.stderr


# Paths from a registry or a config ---------------------------------------------------------


@pytest.mark.parametrize("written", ["../outside/secret.txt", "/proc/self/environ", "{abs}"])
def test_a_registry_page_path_out_of_the_repository_is_refused(
    tmp_path: Path, written: str
) -> None:
    repo = repository(tmp_path)
    written = written.replace("{abs}", str(tmp_path / "outside" / "secret.txt"))
    registry = registry_with_page(repo, written)
    code, out, err = verify_page(registry)
    assert code == 2 and out == ""
    assert f"{registry}:3:24:" in err and "page.path" in err and "outside the repository" in err
    assert "4,242" not in err and err.count("\n") == 1


def test_a_page_path_through_a_symbolic_link_out_is_refused(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    (repo / "page.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    code, out, err = verify_page(registry_with_page(repo, "page.txt"))
    assert code == 2 and "outside the repository" in err and "4,242" not in out + err


def test_a_page_path_inside_the_repository_is_read(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    (repo / "pages").mkdir()
    (repo / "pages" / "page.txt").write_text("Nothing registered: 12 cases.\n", encoding="utf-8")
    # A subfolder's registry may name a page elsewhere in the same work tree.
    sub = repo / "registries"
    sub.mkdir()
    code, out, err = verify_page(registry_with_page(repo, "pages/page.txt"))
    assert code != 2 and "P001" in out, err
    moved = registry_with_page(repo, "../pages/page.txt")
    code, out, err = verify_page(moved.rename(sub / "claims.yaml"))
    assert code != 2 and "P001" in out, err


def test_outside_git_the_registry_folder_is_the_repository(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (tmp_path / "page.txt").write_text("Nothing registered: 12 cases.\n", encoding="utf-8")
    code, _, err = verify_page(registry_with_page(folder, "../page.txt"))
    assert code == 2 and "outside the repository" in err


def test_a_page_the_user_names_on_the_command_line_is_read_wherever_it_is(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    registry = registry_with_page(repo, "../outside/secret.txt")
    code, out, err = verify_page(registry, "--page", str(tmp_path / "outside" / "secret.txt"))
    assert code != 2 and "P001" in out, err


@pytest.mark.parametrize(
    ("toml", "position"),
    [
        ('snapshots = "../elsewhere"\n', "claimcheck.toml:1:1"),
        ('format = "json"\n\nregistry = "/tmp/claimcheck-elsewhere.yaml"\n', "claimcheck.toml:3:1"),
        ('select = ["Q"]\n  retractions = "../retractions.csv"\n', "claimcheck.toml:2:3"),
    ],
)
def test_config_paths_out_of_the_repository_are_refused(
    tmp_path: Path, toml: str, position: str
) -> None:
    repo = repository(tmp_path)
    (repo / "claimcheck.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(cwd=repo, env={})
    assert position in str(caught.value) and "outside the repository" in str(caught.value)


@pytest.mark.parametrize(
    ("toml", "position"),
    [
        ('format = "json"\n\n[links]\ncache = "/tmp/claimcheck-elsewhere.sqlite3"\n', ":4:1"),
        ('[links]\n  cache = "../links.sqlite3"\n', ":2:3"),
        ('snapshots = "snaps"\n[links]\ncache = "cache/links.sqlite3"\n', ":3:1"),
    ],
)
def test_a_config_may_not_choose_the_link_cache(tmp_path: Path, toml: str, position: str) -> None:
    """Outside the repository or inside it (a file a pull request commits, whose rows answer
    `alive` for dead links: review 17, item 3), `links.cache` is refused in a config file at
    its line and column; only the CI job chooses it (--cache)."""
    repo = repository(tmp_path)
    (repo / "claimcheck.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(cwd=repo, env={})
    message = str(caught.value)
    assert f"claimcheck.toml{position}: error: `links.cache` may not be set in a config file" in (
        message
    )
    assert "--cache PATH" in message


def test_config_paths_inside_the_repository_and_the_users_own_are_kept(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    (repo / "claimcheck.toml").write_text(
        'registry = "claims/claims.yaml"\nsnapshots = "snaps"\nretractions = "data/rw.csv"\n',
        encoding="utf-8",
    )
    settings = load_settings(cwd=repo, env={})
    assert settings.snapshots == Path("snaps")
    assert settings.registry == Path("claims/claims.yaml")
    assert settings.retractions == Path("data/rw.csv")
    elsewhere = str(tmp_path / "outside" / "links.sqlite3")
    settings = load_settings(cwd=repo, env={}, overrides={"links_cache": Path(elsewhere)})
    assert settings.links.cache == Path(elsewhere)  # --cache: the user's own choice


# Special files ----------------------------------------------------------------------------


def test_special_files_are_refused_as_pages(tmp_path: Path) -> None:
    fifo = tmp_path / "page.txt"
    os.mkfifo(fifo)  # no writer: a blocking open would hang
    for path, kind in ((Path("/dev/zero"), "a device"), (fifo, "a FIFO"), (tmp_path, "directory")):
        with pytest.raises(ConfigError) as caught:
            read_page(path)
        assert kind in str(caught.value) and "not a regular file" in str(caught.value)


def test_a_page_the_registry_names_as_dev_zero_ends_at_once(tmp_path: Path) -> None:
    """`/dev/zero` reports size 0: the size limit never applied and memory ran out."""
    registry = registry_with_page(tmp_path, "/dev/zero")
    code, _, err = verify_page(registry, "--page", "/dev/zero")
    assert code == 2 and "a device, not a regular file" in err


def test_reading_stops_at_the_limit_whatever_the_size_says(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="over the 0 MiB limit"):
        read_regular(Path("/proc/self/status"), "file", 10)  # reports size 0, holds more
    path = tmp_path / "ten.txt"
    path.write_bytes(b"0123456789")
    assert read_regular(path, "file", 10) == b"0123456789"


@pytest.mark.parametrize("command", ["import-sources", "links"])
def test_special_files_are_refused_as_inputs(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "input.json"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        args = (
            [command, str(path)] if command == "import-sources" else [command, "--urls", str(path)]
        )
        args += ["-r", str(PAGE_REGISTRY)] if command == "import-sources" else []
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "not a regular file" in result.stderr, result.stderr


def test_a_config_that_is_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="a device, not a regular file"):
        load_settings(cwd=tmp_path, config=Path("/dev/zero"), env={})


def test_snapshot_files_must_be_regular_files_not_links(tmp_path: Path) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    (folder / "linked.json").symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(ConfigError, match="symbolic link"):
        snapshot.load(folder)
    (folder / "linked.json").unlink()
    os.mkfifo(folder / "fifo.json")
    with pytest.raises(ConfigError, match="FIFO"):
        snapshot.load(folder)


# Writes ------------------------------------------------------------------------------------


def a_snapshot(source: str) -> snapshot.Snapshot:
    return snapshot.Snapshot(snapshot.FORMAT, source, "https://example.org/", "2026-11-24")


def test_a_symlinked_snapshot_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "tool"
    target.write_text("#!/bin/sh\n", encoding="utf-8")
    target.chmod(0o4755)
    folder = tmp_path / "snapshots"
    folder.mkdir()
    (folder / "src.json").symlink_to(target)
    with pytest.raises(ConfigError, match="symbolic link"):
        snapshot.save(folder, a_snapshot("src"))
    assert (folder / "src.json").is_symlink() and target.read_text(
        encoding="utf-8"
    ) == "#!/bin/sh\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o4755
    linked = tmp_path / "linked"
    linked.symlink_to(tmp_path / "real", target_is_directory=True)
    with pytest.raises(ConfigError, match="snapshot directory is a symbolic link"):
        snapshot.save(linked, a_snapshot("src"))
    assert not (tmp_path / "real").exists()


def test_a_rewritten_file_never_keeps_setuid_setgid_or_sticky(tmp_path: Path) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    (folder / "src.json").write_text("{}", encoding="utf-8")
    (folder / "src.json").chmod(0o6755)
    snapshot.save(folder, a_snapshot("src"))
    assert stat.S_IMODE((folder / "src.json").stat().st_mode) == 0o755
    assert snapshot.load(folder)["src"].source == "src"


def test_writes_refuse_links_devices_and_fifos_they_were_not_given(tmp_path: Path) -> None:
    fifo = tmp_path / "claims.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="FIFO"):
        atomic_write(fifo, "x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "target.yaml")
    with pytest.raises(ConfigError, match="symbolic link"):
        atomic_write(link, "x")
    assert not (tmp_path / "target.yaml").exists()


def test_output_onto_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = runner.invoke(app, ["schema", "-o", str(fifo)])
    reader.join(timeout=20)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and json.loads(got[0])["title"]


def test_output_onto_dev_null_keeps_dev_null_a_device() -> None:
    if not os.access("/dev/null", os.W_OK):
        pytest.skip("/dev/null is not writable here")
    result = runner.invoke(app, ["schema", "-o", "/dev/null"])
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_output_onto_a_full_device_is_a_one_line_error() -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    result = runner.invoke(app, ["schema", "-o", "/dev/full"])
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert result.stderr.count("\n") == 1 and stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_output_through_a_link_the_user_named_is_refused(tmp_path: Path) -> None:
    # The clean twins (the target's own path, /dev/stdout) are in test_write_links.py.
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    result = runner.invoke(app, ["schema", "-o", str(link)])
    assert result.exit_code == 2 and "does not write through links" in result.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "old"


def test_output_onto_a_directory_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "a directory" in result.stderr and tmp_path.is_dir()


def new_registry(tmp_path: Path, name: str = "claims.yaml") -> Path:
    path = tmp_path / name
    path.write_text(starter("Page", "https://example.org/page", "2026-11-24"), encoding="utf-8")
    return path


def add_source(registry: Path, ident: str = "second") -> tuple[int, str]:
    args = ["add", "source", "--id", ident, "--title", "T", "--kind", "news", "-r", str(registry)]
    result = runner.invoke(app, args)
    return result.exit_code, result.stderr


def test_a_read_only_registry_is_not_replaced(tmp_path: Path) -> None:
    registry = new_registry(tmp_path)
    before = registry.read_bytes()
    registry.chmod(0o444)
    code, err = add_source(registry)
    assert code == 2 and "the registry is read-only" in err and registry.read_bytes() == before
    registry.chmod(0o644)  # the clean twin
    assert add_source(registry)[0] == 0 and b"id: second" in registry.read_bytes()


# Line endings and the BOM -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "newline"),
    [(b"", b"\n"), (b"", b"\r\n"), (b"\xef\xbb\xbf", b"\n"), (b"\xef\xbb\xbf", b"\r\n")],
)
def test_add_keeps_the_bom_and_the_line_endings(tmp_path: Path, bom: bytes, newline: bytes) -> None:
    registry = new_registry(tmp_path)
    original = bom + registry.read_bytes().replace(b"\n", newline)
    registry.write_bytes(original)
    code, err = add_source(registry)
    assert code == 0, err
    updated = registry.read_bytes()
    assert updated.startswith(bom + b"# yaml-language-server")
    lines = updated[len(bom) :].split(b"\n")[:-1]
    assert all(line.endswith(b"\r") == (newline == b"\r\n") for line in lines)
    assert len(lines) == original.count(b"\n") + 3  # id, title, kind
    cut = original.index(b"claims:")  # what follows the sources is as it was, and before them
    assert updated.endswith(original[cut:]) and updated.startswith(
        original[: cut - 2 * len(newline)]
    )


def test_extract_append_keeps_crlf_and_the_bom(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    original = b"\xef\xbb\xbf" + PAGE_REGISTRY.read_bytes().replace(b"\n", b"\r\n")
    registry.write_bytes(original)
    page = tmp_path / "page.txt"
    page.write_text("A new survey found that 41% of parents were never told.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    updated = registry.read_bytes()
    assert updated.startswith(b"\xef\xbb\xbf") and len(updated) > len(original)
    assert updated.count(b"\n") == updated.count(b"\r\n")
    assert b"parents_never_told" in updated


def test_set_source_fields_keeps_crlf(tmp_path: Path) -> None:
    registry = new_registry(tmp_path)
    registry.write_bytes(registry.read_bytes().replace(b"\n", b"\r\n"))
    assert set_source_fields(registry, {"example_report": {"archive_url": "https://a.example/"}})
    updated = registry.read_bytes()
    assert b"    archive_url: https://a.example/\r\n" in updated
    assert updated.count(b"\n") == updated.count(b"\r\n")


# Two writers ------------------------------------------------------------------------------

ADD = """
import sys
from claimcheck.cli import app
sys.argv = ["claimcheck", "add", "source", "--id", sys.argv[2], "--title", "T", "--kind", "news",
            "-r", sys.argv[1]]
app()
"""


def test_two_add_commands_at_once_keep_both_additions(tmp_path: Path) -> None:
    """Measured before the lock: one addition lost in 18 of 20 runs, both exiting 0."""
    registry = new_registry(tmp_path)
    runs = 6
    for i in range(runs):
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", ADD, str(registry), f"s{i}_{side}"],
                stderr=subprocess.PIPE,
                text=True,
            )
            for side in ("a", "b")
        ]
        for process in processes:
            _, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
    text = registry.read_text(encoding="utf-8")
    assert all(f"id: s{i}_{side}" in text for i in range(runs) for side in ("a", "b"))


def test_threads_adding_at_once_keep_every_addition(tmp_path: Path) -> None:
    registry = new_registry(tmp_path)
    barrier = threading.Barrier(8)
    failures: list[BaseException] = []

    def add(i: int) -> None:
        barrier.wait()
        try:
            add_entry(registry, "sources", {"id": f"t{i}", "title": "T", "kind": "news"})
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    text = registry.read_text(encoding="utf-8")
    assert all(f"id: t{i}" in text for i in range(8))


def test_a_writer_that_takes_no_lock_is_detected_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saving between our read and our rename: the loser says so, nothing is lost."""
    import claimcheck.loader

    registry = new_registry(tmp_path)
    real = claimcheck.loader.parse_registry
    calls = 0

    def parse_then_edit(text: str, name: str) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            with open(registry, "a", encoding="utf-8") as handle:  # no lock, same inode
                handle.write("# saved by an editor\n")
        return real(text, name)

    monkeypatch.setattr(claimcheck.loader, "parse_registry", parse_then_edit)
    code, err = add_source(registry)
    assert (
        code == 2 and "changed while it was being edited" in err and "run the command again" in err
    )
    text = registry.read_text(encoding="utf-8")
    assert text.endswith("# saved by an editor\n") and "id: second" not in text


# A full disk and refused permissions --------------------------------------------------------


def no_space(*args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("command", ["add", "extract", "import-sources", "output", "init"])
def test_a_full_disk_is_one_line_and_the_file_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_bytes(PAGE_REGISTRY.read_bytes())
    before = registry.read_bytes()
    page = tmp_path / "page.txt"
    page.write_text("A new survey found that 41% of parents were never told.\n", encoding="utf-8")
    csl = tmp_path / "items.json"
    csl.write_text(json.dumps([{"id": "x", "title": "New", "URL": "https://n.example/"}]), "utf-8")
    report = tmp_path / "report.json"
    report.write_text("old report", encoding="utf-8")
    args = {
        "add": [
            "add",
            "source",
            "--id",
            "n",
            "--title",
            "T",
            "--kind",
            "news",
            "-r",
            str(registry),
        ],
        "extract": ["extract", str(page), "-r", str(registry), "--append"],
        "import-sources": ["import-sources", str(csl), "-r", str(registry)],
        "output": ["verify", str(registry), "-f", "json", "-o", str(report)],
        "init": ["init", str(registry), "--force"],
    }[command]
    monkeypatch.setattr(os, "fsync", no_space)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.stderr
    assert "No space left on device; nothing was changed (free some disk space)" in result.stderr
    assert result.stderr.count("\n") == 1
    assert registry.read_bytes() == before and report.read_text(encoding="utf-8") == "old report"
    assert leftovers(tmp_path) == []


def test_a_full_disk_while_writing_is_caught_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = new_registry(tmp_path)
    before = registry.read_bytes()
    monkeypatch.setattr(os, "write", no_space)  # CliRunner's streams do not use os.write
    code, err = add_source(registry)
    monkeypatch.undo()
    assert code == 2 and "No space left" in err and registry.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_a_full_disk_while_saving_a_snapshot_leaves_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "snapshots"
    snapshot.save(folder, a_snapshot("src"))
    before = (folder / "src.json").read_bytes()
    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ConfigError, match="No space left on device; nothing was changed"):
        snapshot.save(folder, snapshot.Snapshot(snapshot.FORMAT, "src", "https://b.example/", "x"))
    assert (folder / "src.json").read_bytes() == before and leftovers(folder) == []


@pytest.mark.skipif(ROOT, reason="permissions do not bind root")
def test_a_folder_without_write_permission_is_one_line(tmp_path: Path) -> None:
    registry = new_registry(tmp_path)
    before = registry.read_bytes()
    tmp_path.chmod(0o555)
    try:
        code, err = add_source(registry)
    finally:
        tmp_path.chmod(0o755)
    assert code == 2 and "Permission denied; nothing was changed" in err
    assert registry.read_bytes() == before


def test_a_refused_permission_is_one_line_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    registry = new_registry(tmp_path)
    before = registry.read_bytes()
    monkeypatch.setattr(tempfile, "mkstemp", refused)
    code, err = add_source(registry)
    assert code == 2 and "Permission denied; nothing was changed" in err
    assert registry.read_bytes() == before


# Snapshot names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ident", ["s" * 301, "../../escape", "a/b", ".hidden", "..", "ümlaut_id", "x" * 100]
)
def test_any_source_id_names_one_file_inside_the_snapshot_folder(
    tmp_path: Path, ident: str
) -> None:
    folder = tmp_path / "snapshots"
    path = snapshot.path_for(folder, ident)
    assert path.parent == folder and len(path.name.encode()) <= 120
    assert not path.name.startswith(".")
    snapshot.save(folder, a_snapshot(ident))
    assert snapshot.load(folder)[ident].source == ident


def test_plain_ids_keep_their_file_names_and_others_do_not_collide(tmp_path: Path) -> None:
    assert snapshot.path_for(tmp_path, "home_office_2024").name == "home_office_2024.json"
    names = {snapshot.path_for(tmp_path, i).name for i in ("a/b", "a_b", "a:b", "a b", "s" * 301)}
    assert len(names) == 5
