"""A reader that closes standard output early (`| head -1`, `| true`): the run stops writing,
says nothing (no traceback, no "this is a bug", no "Exception ignored" at exit) and exits 141,
as a shell reports a program a closed pipe ended. Real processes and real pipes: the console
script's exit and the interpreter's flush at exit are what is tested."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
OUTPUT_CLOSED = 141


def big_registry(folder: Path, claims: int = 400) -> Path:
    """A registry whose JSON report is several pipe buffers long, with an error in it (so the
    run's own exit code, 1, differs from a closed pipe's)."""
    out = ["version: 1", "claims:"]
    for i in range(claims):
        out += [
            f"  - id: claim_{i}",
            f"    text: {i + 1} nights were spent in shelters in ward number {i} in 2025.",
            "    kind: figure",
            f"    value: {i + 1}",
            f"    mentions: ['{i + 2 if i == 0 else i + 1} nights were spent in shelters']",
        ]
    path = folder / "claims.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def start(*args: str, cwd: Path = ROOT) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "claimcheck", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CLAIMCHECK_OFFLINE": "1"},
    )


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    assert process.stderr is not None
    with process.stderr:
        err = process.stderr.read().decode()
    return process.wait(timeout=120), err


def read_a_little_and_close(process: subprocess.Popen[bytes]) -> bytes:
    assert process.stdout is not None
    first = os.read(process.stdout.fileno(), 100)  # the run is writing now
    process.stdout.close()
    return first


VERIFY = ["verify", "--offline", "--today", "2026-12-01", "-f", "json"]


def test_a_reader_that_stops_early_ends_the_run_quietly_with_141(tmp_path: Path) -> None:
    registry = big_registry(tmp_path)
    process = start(*VERIFY, str(registry))
    assert read_a_little_and_close(process).startswith(b"{")
    code, err = finish(process)
    assert (code, err) == (OUTPUT_CLOSED, "")


def test_the_clean_twin_reads_the_whole_report_and_gets_the_runs_own_code(
    tmp_path: Path,
) -> None:
    registry = big_registry(tmp_path)
    process = start(*VERIFY, str(registry))
    out, err = process.communicate(timeout=120)
    assert (process.returncode, err.decode()) == (1, "")
    assert len(out) > 4 * 65536  # several pipe buffers: the test above closes mid-write
    document = json.loads(out)
    assert "C001" in {f["code"] for f in document["findings"]}


@pytest.mark.parametrize(
    "args",
    [
        [*VERIFY, "claims.yaml"],  # the bundled registry, before a byte is read
        ["rules"],
        ["--help"],
        ["--version"],
    ],
)
def test_a_pipe_closed_before_the_run_writes_is_141_and_silent(args: list[str]) -> None:
    """`claimcheck ... | true`: the reader is gone before the first write."""
    process = start(*args)
    assert process.stdout is not None
    process.stdout.close()
    code, err = finish(process)
    assert (code, err) == (OUTPUT_CLOSED, "")


def test_the_bundled_registry_read_in_part(tmp_path: Path) -> None:
    process = start(*VERIFY, "claims.yaml")
    read_a_little_and_close(process)
    code, err = finish(process)
    assert (code, err) == (OUTPUT_CLOSED, ""), err


def test_output_to_a_file_or_the_null_device_is_unchanged(tmp_path: Path) -> None:
    """The clean twins of the closed pipe: the null device taken as standard output from the
    start is no closed pipe, and a report written whole keeps the run's code."""
    registry = big_registry(tmp_path)
    for target in (os.devnull, str(tmp_path / "report.json")):
        with open(target, "wb") as out:
            result = subprocess.run(
                [sys.executable, "-m", "claimcheck", *VERIFY, str(registry)],
                stdout=out,
                stderr=subprocess.PIPE,
                check=False,
            )
        assert (result.returncode, result.stderr.decode()) == (1, "")
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(document["claims"]) == 400


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("format", ["json", "terminal"])
def test_a_full_standard_output_is_a_one_line_error_not_a_crash(
    tmp_path: Path, format: str
) -> None:
    """`verify > /dev/full`: the report cannot be written; one line naming why, exit 2 (as
    `-o FILE` on a full disk), never "internal error" (3) nor a pass."""
    registry = big_registry(tmp_path)
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "claimcheck",
                "verify",
                str(registry),
                "--offline",
                "-f",
                format,
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            check=False,
        )
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert "cannot write the report to standard output: No space left on device" in stderr
    assert "internal error" not in stderr and len(stderr.strip().splitlines()) == 1
