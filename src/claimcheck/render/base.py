"""What a report format is, and the escaping every format shares.

Text in a report comes from people and machines claimcheck does not trust: a registry from a
pull request, a page, a server's answer. `safe_text` is the one sanitiser for that text in
every format a person reads; `guard_log_commands` and `guard_json` keep a whole rendered report
from being read as GitHub Actions workflow commands when it is printed in a CI log.
"""

from __future__ import annotations

import os.path
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath

from claimcheck.findings import Report, Severity
from claimcheck.safetext import safe_text as safe_text  # the formats and the CLI import it here

#: A GitHub Actions runner reads a log line as a workflow command when it starts with `::`
#: after leading whitespace (`::error ...::`), and the legacy form `##[command]` anywhere in a
#: line (actions/runner ActionCommand.TryParseV2 and TryParse).
_LINE_COMMAND = re.compile(r"^([^\S\r\n]*)::", re.MULTILINE)
_CR_LINE_COMMAND = re.compile(r"(?<=\r)([^\S\r\n]*)::")
#: In JSON, `\uXXXX` is the same string: these are escaped losslessly.
_JSON_UNSAFE = re.compile(
    "##\\[|[\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\ufffe\uffff]"
)


@dataclass(frozen=True)
class RenderOptions:
    """How to render, and what a format needs to know of the run besides its report.

    `fail_on` is the run's threshold (JUnit fails a test case exactly when the run would fail
    on its findings); `shard` is the `--shard K/N` of a run of one shard of the links (the
    JSON report records it, so `merge` can tell a set of shards is whole); `cwd` and `root`
    are the directory the report's paths are relative to and the repository's root (SARIF
    and GitHub annotations locate files from the root). None of them is read here: the CLI
    finds them and passes them in, so a format stays a pure function.
    """

    color: bool = False
    width: int = 100
    fail_on: Severity = Severity.ERROR
    shard: tuple[int, int] | None = None
    #: Absolute; None: the paths are taken as relative to the root already.
    cwd: PurePath | None = None
    root: PurePath | None = None


def repository_path(file: str, options: RenderOptions) -> str | None:
    """A report's path (as given: relative to `options.cwd`, or absolute) as a path relative
    to the repository's root, with `/` between its parts; None when it lies outside the root.
    Pure path arithmetic: nothing is read, links are not resolved."""
    path = PurePath(file)
    if options.cwd is not None:
        path = options.cwd / path
    if not path.is_absolute():  # no cwd known: the path is taken as relative to the root
        normal = PurePath(os.path.normpath(path))
        return None if normal.parts[:1] == ("..",) else normal.as_posix()
    normal = PurePath(os.path.normpath(path))
    root = options.root if options.root is not None else options.cwd
    if root is None:
        return None
    try:
        return PurePosixPath(*normal.relative_to(root).parts).as_posix()
    except ValueError:
        return None


@dataclass(frozen=True)
class Renderer:
    """A report format: a pure function from a report to text."""

    name: str
    suffix: str
    render: Callable[[Report, RenderOptions], str]


#: The name `printable` is older; it is the same function.
printable = safe_text


def guard_log_commands(text: str, *, colon: str = "\\x3a", hash_: str = "\\x23") -> str:
    """A rendered report that a CI log cannot read as workflow commands: a line's leading
    `::` becomes `\\x3a:` and `##[` becomes `#\\x23[` (in XML or HTML, pass character
    references). claimcheck's own lines never start with `::`, so only planted text changes."""
    if "##[" in text:
        text = text.replace("##[", f"#{hash_}[")
    if "::" not in text:
        return text
    text = _LINE_COMMAND.sub(lambda m: f"{m.group(1)}{colon}:", text)
    if "\r" in text:
        text = _CR_LINE_COMMAND.sub(lambda m: f"{m.group(1)}{colon}:", text)
    return text


def guard_xml(document: str) -> str:
    """`guard_log_commands` for XML and HTML: character references, the same text to a reader."""
    return guard_log_commands(document, colon="&#58;", hash_="&#35;")


def guard_json(text: str) -> str:
    """Encoded JSON made safe to print, without changing what it decodes to: C1 controls,
    bidi and invisible characters, and the `#` of `##[`, as `\\uXXXX` escapes."""
    if text.isascii() and "##[" not in text:
        return text
    return _JSON_UNSAFE.sub(
        lambda m: "#\\u0023[" if m.group() == "##[" else f"\\u{ord(m.group()):04x}", text
    )


#: What makes a spreadsheet read a cell as a formula (OWASP, CSV injection), with the
#: full-width forms some spreadsheets also accept. OWASP's leading tab and CR are already
#: shown as `\t` and `\r` by `safe_text`.
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows and never runs: `safe_text`, and `'` before a cell that
    starts like a formula. A cell that is only a number (`-3`, `+1.5e3`) is left as it is: a
    spreadsheet reads it as that number, which is what it is, and it stays sortable."""
    text = safe_text(text)
    if text[:1] in _FORMULA_START and _NUMBER.fullmatch(text) is None:
        return "'" + text
    return text


def clip(text: str, limit: int = 500) -> str:
    """Text shortened for a screen: a 50 MB claim would take rich seconds to wrap."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\u2026 ({len(text) - limit:,} more characters)"
