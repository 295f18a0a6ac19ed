"""Errors that end a command, and the exit codes they map to."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """The process exit codes: a public contract, documented in the README."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3


class ClaimcheckError(Exception):
    """A user-facing error: printed as one line, never with a traceback."""

    exit_code = ExitCode.USAGE

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}error: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class RegistryLoadError(ClaimcheckError):
    """The registry cannot be read at all: unreadable, not YAML, empty, wrong encoding."""


class InvalidRegistryError(ClaimcheckError):
    """A command that cannot report the registry's errors refuses it: one line per error in
    `details` (located, with its rule), then the message."""

    def __init__(self, message: str, *, details: tuple[str, ...] = (), **where: object) -> None:
        super().__init__(message, **where)  # type: ignore[arg-type]
        self.details = details


class ConfigError(ClaimcheckError):
    """A bad setting in a config file, the environment or on the command line."""
