"""The command line: a package of declarations. Each command is options -> `Settings` -> one
core call -> render -> exit code; the core (`claimcheck.engine`) owns the run.

- `app`: the typer application; `options`: option groups declared once; `common`: the error
  handler, settings, edges and output every command shares.
- `check`: verify, links, scan, baseline, merge. `browse`: list, show, rules, schema, export
  (never the network). `edit`: init, add, import-sources, extract. `snapshot`: snapshot.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

from claimcheck.cli import browse, check, common, edit, snapshot
from claimcheck.cli import lsp as lsp  # registers the command
from claimcheck.cli import review as review  # registers the command
from claimcheck.cli.app import app

__all__ = ["app", "browse", "check", "edit", "main", "snapshot"]


def main() -> None:
    """The console script."""
    # A run is short and makes no reference cycles worth collecting, while the collector
    # re-walks every new object as a large registry loads: off, it saves a sixth of the
    # time at 100,000 claims (measured in bench/registry_scale.py).
    gc.disable()
    stdout_at_start = _identity(1)
    try:
        app(prog_name="claimcheck")
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    status = code if isinstance(code, int) else (0 if code is None else 1)
    # Like mypy's hard exit: a large registry is millions of objects, and freeing them one
    # by one at exit costs a tenth of the run. Output is flushed and files are closed.
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left before the last of the output
        common.silence_stdout()
        status = common.OUTPUT_CLOSED
    except OSError as exc:  # a full disk (`> /dev/full`): the report is not all written
        common.silence_stdout()
        with contextlib.suppress(OSError):
            sys.stderr.write(
                f"claimcheck: error: cannot write the report to standard output: "
                f"{exc.strerror or exc}\n"
            )
        status = 2
    if status == 1 and _stdout_closed(stdout_at_start):
        status = common.OUTPUT_CLOSED
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(status)


def _stdout_closed(at_start: tuple[int, int] | None) -> bool:
    """Whether the libraries found standard output closed while writing help or a version,
    and so exited 1: typer's click wraps the stream (in a class of its private copy of
    click), rich points it at the null device (`claimcheck --help | true`)."""
    if type(sys.stdout).__name__ == "PacifyFlushWrapper":
        return True
    now = _identity(1)
    try:
        devnull = os.stat(os.devnull)
    except OSError:
        return False
    return now != at_start and now == (devnull.st_dev, devnull.st_ino)


def _identity(fd: int) -> tuple[int, int] | None:
    try:
        stat = os.fstat(fd)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)
