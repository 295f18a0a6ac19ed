"""A `page.path` the page cannot be read from is one error at `page.path` (engine follow-up of
reviews 19 and 22): the registry's file, line and column, in every command that reads the
page, as a `page.path` that leads out of the repository is (`files.confine`). Before, `page.path:
.` gave `.: error: the page file is a directory, not a regular file`, naming no registry line;
a loop of symbolic links was an internal error. Each failure is planted, with a clean twin (a
page.path naming the page itself) that reads, on two subjects (glaciers, a football season).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()

SUBJECTS = [
    (
        "Glacier survey\n\nThe Rhone glacier lost 2.1 metres of ice in 2024.\n",
        "  - id: rhone_loss\n    text: The Rhone glacier lost 2.1 metres of ice in 2024.\n"
        "    kind: figure\n    value: 2.1\n    unit: metres\n    mentions: ['lost 2.1 metres']\n",
        "rhone_loss",
    ),
    (
        "Rovers season\n\nHome crowds averaged 14,300 this season.\n",
        "  - id: crowds\n    text: Home crowds averaged 14,300.\n    kind: figure\n"
        "    value: 14300\n    mentions: ['crowds averaged 14,300']\n",
        "crowds",
    ),
]

#: The commands that read the registry's page, each with the registry's path put in.
COMMANDS = [
    ("verify", "--offline", "{registry}"),
    ("list", "{registry}"),
    ("show", "{claim}", "-r", "{registry}"),
    ("scan", "-r", "{registry}"),
    ("review", "{registry}", "--offline", "-o", "{out}"),
]


def write(where: Path, page_path: str, claims: str, *, flow: bool = False) -> Path:
    """A registry naming `page_path`, in a repository of its own; `page.path` stands at line 4,
    column 9 (block style) or line 2, column 48 (flow style)."""
    (where / ".git").mkdir(parents=True, exist_ok=True)
    registry = where / "claims.yaml"
    page = (
        f"page: {{title: Survey, as_of: 2025-01-01, path: {page_path}}}\n"
        if flow
        else f"page:\n  title: Survey\n  path: {page_path}\n"
    )
    registry.write_text(f"version: 1\n{page}claims:\n{claims}", encoding="utf-8")
    return registry


def run(command: tuple[str, ...], registry: Path, claim: str) -> tuple[int, str, str]:
    args = [
        a.format(registry=registry, claim=claim, out=registry.parent / "review.html")
        for a in command
    ]
    result = runner.invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def located(err: str, registry: Path, at: str) -> bool:
    return (
        err.startswith(f"claimcheck: {registry}:{at}: error: page.path ") and err.count("\n") == 1
    )


@pytest.mark.parametrize(("page", "claims", "claim"), SUBJECTS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_directory_at_page_path_is_an_error_at_page_path_in_every_command(
    tmp_path: Path, command: tuple[str, ...], page: str, claims: str, claim: str
) -> None:
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    registry = write(tmp_path / "dot", ".", claims)
    code, out, err = run(command, registry, claim)
    assert code == 2 and out == "", err
    assert located(err, registry, "4:9"), err
    assert "'.'" in err and "is a directory, not a regular file" in err
    assert "Traceback" not in err
    # The clean twin: page.path naming the page itself is read, no error.
    (tmp_path / "dot" / "page.txt").write_text(page, encoding="utf-8")
    twin = write(tmp_path / "dot", "page.txt", claims)
    code, _, err = run(command, twin, claim)
    assert code in (0, 1) and "error: page.path" not in err, err


def _fifo(where: Path) -> str:
    os.mkfifo(where / "pipe.txt")
    return "pipe.txt"


def _loop(where: Path) -> str:
    (where / "a.txt").symlink_to("b.txt")
    (where / "b.txt").symlink_to("a.txt")
    return "a.txt"


def _not_a_folder(where: Path) -> str:
    (where / "notes.txt").write_text("notes\n", encoding="utf-8")
    return "notes.txt/page.txt"


def _folder(where: Path) -> str:
    (where / "pages").mkdir()
    return "pages"


FAILURES = [
    ("missing", lambda where: "pgae.txt", "no such page file"),
    ("directory", _folder, "is a directory, not a regular file"),
    ("fifo", _fifo, "is a FIFO (named pipe), not a regular file"),
    ("not a folder on the way", _not_a_folder, "cannot read the page file: Not a directory"),
    ("loop of links", _loop, "cannot be followed: a loop of symbolic links"),
]


@pytest.mark.parametrize(("page", "claims", "claim"), SUBJECTS)
@pytest.mark.parametrize(("name", "plant", "said"), FAILURES, ids=[f[0] for f in FAILURES])
@pytest.mark.parametrize("flow", [False, True], ids=["block", "flow"])
def test_each_page_path_failure_is_located_at_page_path(
    tmp_path: Path,
    name: str,
    plant: object,
    said: str,
    flow: bool,
    page: str,
    claims: str,
    claim: str,
) -> None:
    where = tmp_path / "site"
    where.mkdir()
    written = plant(where)  # type: ignore[operator]
    registry = write(where, written, claims, flow=flow)
    for command in (COMMANDS[0], COMMANDS[3], COMMANDS[4]):
        code, out, err = run(command, registry, claim)
        assert code == 2 and out == "", (command, err)
        assert located(err, registry, "2:48" if flow else "4:9"), (command, err)
        assert said in err and repr(written) in err, err
    # The clean twin in the same folder: the page itself.
    (where / "page.txt").write_text(page, encoding="utf-8")
    code, _, err = run(COMMANDS[0], write(where, "page.txt", claims, flow=flow), claim)
    assert code in (0, 1) and "error" not in err, err


@pytest.mark.parametrize(("page", "claims", "claim"), SUBJECTS)
def test_a_page_over_the_limit_is_an_error_at_page_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str, claims: str, claim: str
) -> None:
    import claimcheck.page

    monkeypatch.setattr(claimcheck.page, "MAX_PAGE_BYTES", 1024)
    (tmp_path / "page.txt").write_text(page + "Filler text, no figure.\n" * 100, encoding="utf-8")
    registry = write(tmp_path, "page.txt", claims)
    for command in (COMMANDS[0], COMMANDS[4]):
        code, _, err = run(command, registry, claim)
        assert code == 2 and located(err, registry, "4:9"), err
        assert "'page.txt' (" in err and "the page file is over the 0 MiB limit" in err
    # The twin under the limit is read.
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    code, _, err = run(COMMANDS[0], registry, claim)
    assert code in (0, 1) and "error" not in err, err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_page_is_an_error_at_page_path(tmp_path: Path) -> None:
    page, claims, claim = SUBJECTS[0]
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    (tmp_path / "page.txt").chmod(0)
    registry = write(tmp_path, "page.txt", claims)
    code, _, err = run(COMMANDS[0], registry, claim)
    assert code == 2 and located(err, registry, "4:9") and "Permission denied" in err, err


def test_the_path_as_read_is_named_when_the_registry_is_in_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, claims, claim = SUBJECTS[1]
    registry = write(tmp_path / "club", "pgae.txt", claims)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(COMMANDS[0], Path("club/claims.yaml"), claim)
    assert code == 2, err
    assert err.startswith("claimcheck: club/claims.yaml:4:9: error: page.path 'pgae.txt' ")
    assert f"({Path('club') / 'pgae.txt'}): no such page file" in err
    assert registry.exists()


@pytest.mark.parametrize(("page", "claims", "claim"), SUBJECTS)
def test_a_page_that_is_not_utf8_is_named_at_its_byte_in_the_page(
    tmp_path: Path, page: str, claims: str, claim: str
) -> None:
    """Not a page.path failure: the page is there, and its fix is in it, at the bad byte."""
    (tmp_path / "page.txt").write_bytes(page.encode() + b"Caf\xe9 prices rose.\n")
    registry = write(tmp_path, "page.txt", claims)
    code, _, err = run(COMMANDS[0], registry, claim)
    line = page.count("\n") + 1
    assert code == 2 and f"{tmp_path / 'page.txt'}:{line}:4: error:" in err, err


@pytest.mark.parametrize(("page", "claims", "claim"), SUBJECTS)
def test_a_page_given_on_the_command_line_is_named_as_given(
    tmp_path: Path, page: str, claims: str, claim: str
) -> None:
    """--page (or scan's PAGE) is the user's own path, not the registry's: the error names
    it, with no registry line."""
    (tmp_path / "pages").mkdir()
    registry = write(tmp_path, "page.txt", claims)
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    result = runner.invoke(app, ["scan", str(tmp_path / "pages"), "-r", str(registry)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"claimcheck: {tmp_path / 'pages'}: error: the page file is")
