"""Writes survive being killed: the file is the old one or the new one, never a mix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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
