"""Writes survive being killed: the file is the old one or the new one, never a mix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

WRITER = """
import sys
from pathlib import Path
from claimcheck.files import atomic_write
path = Path(sys.argv[1])
i = 0
while True:
    i += 1
    atomic_write(path, (f"version {i}\\n" * 200_000))
"""


def test_a_killed_writer_never_leaves_a_half_written_file(tmp_path: Path) -> None:
    target = tmp_path / "claims.yaml"
    target.write_text("version 0\n" * 200_000, encoding="utf-8")
    for delay in (0.05, 0.13, 0.21, 0.34, 0.55):
        process = subprocess.Popen([sys.executable, "-c", WRITER, str(target)])
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        lines = target.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 200_000 and len(set(lines)) == 1, f"torn write after {delay} s"


def test_a_written_file_keeps_its_mode(tmp_path: Path) -> None:
    from claimcheck.files import atomic_write

    target = tmp_path / "claims.yaml"
    target.write_text("a\n", encoding="utf-8")
    target.chmod(0o640)
    atomic_write(target, "b\n")
    assert target.read_text(encoding="utf-8") == "b\n" and (target.stat().st_mode & 0o777) == 0o640


def test_a_registry_that_is_not_a_regular_file_is_refused_without_reading_it(
    tmp_path: Path,
) -> None:
    # /dev/zero reports size 0 and never ends; a FIFO with no writer would hang a plain read.
    from typer.testing import CliRunner

    from claimcheck.cli import app

    fifo = tmp_path / "claims.yaml"
    os.mkfifo(fifo)
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    for path, kind in ((fifo, "FIFO"), (link, "device"), (tmp_path, "directory")):
        result = CliRunner().invoke(app, ["verify", str(path), "--offline"])
        assert result.exit_code == 2, result.output
        assert kind in result.stderr and "not a regular file" in result.stderr
    # The clean twin: a regular registry reached through a symlink is read.
    real = tmp_path / "real.yaml"
    real.write_text("version: 1\nsources: []\nclaims: []\n", encoding="utf-8")
    (tmp_path / "via.yaml").symlink_to(real)
    result = CliRunner().invoke(app, ["verify", str(tmp_path / "via.yaml"), "--offline"])
    assert result.exit_code in (0, 1) and "not a regular file" not in result.stderr


def test_a_json_number_past_pythons_digit_limit_is_a_one_line_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app

    report = tmp_path / "report.json"
    report.write_text("[" + "9" * 5000 + "]", encoding="utf-8")
    result = CliRunner().invoke(app, ["merge", str(report)])
    assert result.exit_code == 2, result.output
    assert "4300 digits" in result.stderr and result.stderr.count("\n") == 1


def test_a_text_is_written_in_pieces_whole_and_in_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large report is encoded a piece at a time (never copied whole): pieces that end
    inside a multi-byte character's run, or mid-line, still make the same file."""
    from claimcheck import files

    monkeypatch.setattr(files, "WRITE_CHARS", 3)
    text = "a\u00e9\u20ac\U0001d11e\n" * 7 + "\u202e end"
    target = tmp_path / "report.json"
    files.atomic_write(target, text)
    assert target.read_bytes() == text.encode("utf-8")


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_page_that_is_not_utf8_is_named_at_its_line_and_column(
    tmp_path: Path, bom: bytes
) -> None:
    # A second reviewer's: "position 58" (a byte offset) told the user nothing.
    from claimcheck.errors import ConfigError
    from claimcheck.page import read_page

    page = tmp_path / "page.txt"
    page.write_bytes(bom + b"Line one.\nThe caf\xe9 opened in 2024.\n")
    with pytest.raises(ConfigError) as caught:
        read_page(page)
    assert (caught.value.line, caught.value.column) == (2, 8)
    assert "0xe9 is not UTF-8" in caught.value.message
    page.write_bytes(bom + "Line one.\nThe café opened in 2024.\n".encode())  # the twin
    assert "café" in read_page(page).prose
