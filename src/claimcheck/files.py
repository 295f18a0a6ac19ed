"""Reading the user's files with one-line errors; writing so a crash never leaves half of one."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from claimcheck.errors import ConfigError


def read_text(path: Path, what: str, *, hint: str | None = None) -> str:
    """A UTF-8 file the user named; a ConfigError naming it when it is missing or unreadable."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"no such {what}", file=str(path), hint=hint) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the {what}: {exc}", file=str(path)) from None


def read_json(path: Path, what: str, *, hint: str | None = None) -> object:
    """A JSON file the user named; bad JSON is an error at its line and column."""
    text = read_text(path, what, hint=hint)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"not JSON: {exc.msg}", file=str(path), line=exc.lineno, column=exc.colno
        ) from None


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename over it: all or nothing."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.resolve().parent)
    try:
        # mkstemp makes the file private (0600); keep the file's own mode, or the usual one.
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
