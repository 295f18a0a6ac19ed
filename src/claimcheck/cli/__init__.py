"""The command line: a package of declarations. Each command is options -> `Settings` -> one
core call -> render -> exit code; the core (`claimcheck.engine`) owns the run.

- `app`: the typer application; `options`: option groups declared once; `common`: the error
  handler, settings, edges and output every command shares.
- `check`: verify, links, scan, baseline, merge. `browse`: list, show, rules, schema, export
  (never the network). `edit`: init, add, import-sources, extract. `snapshot`: snapshot.
"""

from __future__ import annotations

import gc
import os
import sys

from claimcheck.cli import browse, check, edit, snapshot
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
    try:
        app(prog_name="claimcheck")
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    # Like mypy's hard exit: a large registry is millions of objects, and freeing them one
    # by one at exit costs a tenth of the run. Output is flushed and files are closed.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))
