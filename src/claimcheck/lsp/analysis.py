"""One offline run of a registry as the editor holds it, and its findings as diagnostics.

The run is passed in (`Check`, from the command: `claimcheck.engine.check_text`); this
module reads the editor's buffers into it and turns what comes back into `Problem`s, each a
range in code points in the registry or in its page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.errors import ClaimcheckError, RegistryLoadError
from claimcheck.findings import Finding, Severity
from claimcheck.lsp.documents import Text

if TYPE_CHECKING:
    from claimcheck.findings import Report
    from claimcheck.loader import LoadedRegistry
    from claimcheck.page import PageText

#: The run: the registry's path and text, and what reads its page -> the loaded registry and
#: its report. Offline whatever the settings say.
Check = Callable[
    [Path, str, Callable[["LoadedRegistry"], "PageText | None"]],
    tuple["LoadedRegistry", "Report"],
]

#: Where a rule is explained, for a diagnostic's code.
RULES_URL = "https://pypi.org/project/claimcheck-cli/#rules"


@dataclass(frozen=True)
class Problem:
    """A diagnostic, in code points: the file, its range, and what the finding says."""

    path: Path
    start: tuple[int, int]
    end: tuple[int, int]
    severity: Severity
    code: str
    message: str
    #: The finding's subject, for the code actions: claim, source, rule name.
    data: dict[str, object] = field(default_factory=dict)
    #: Shown faded (an unused source).
    unnecessary: bool = False


@dataclass
class Analysis:
    """A registry's buffer as last checked, with its page."""

    registry: Path
    text: Text
    #: The buffer's version, None when read from disk.
    version: int | None
    loaded: LoadedRegistry | None = None
    report: Report | None = None
    #: The page `page.path` names, as resolved, and as read (the editor's text when open).
    page_path: Path | None = None
    page: PageText | None = None
    page_text: Text | None = None
    #: The page buffer's version, None when read from disk.
    page_version: int | None = None
    #: The registry could not be read (not YAML, empty...): its one error.
    error: ClaimcheckError | None = None
    #: The page could not be read (outside the repository, missing...).
    page_error: ClaimcheckError | None = None

    def problems(self) -> list[Problem]:
        """Every finding and error, located."""
        out: list[Problem] = []
        if self.error is not None:
            code = "R001" if isinstance(self.error, RegistryLoadError) else "claimcheck"
            out.append(self._error(self.error, code))
        if self.page_error is not None:
            out.append(self._error(self.page_error, "page"))
        if self.report is None:
            return out
        for finding in self.report.findings:
            problem = self.problem(finding)
            if problem is not None:
                out.append(problem)
        return out

    def _error(self, error: ClaimcheckError, code: str) -> Problem:
        start = self.text.located(error.line or 1, error.column or 1)
        end = _value_end(self.text, start)
        message = error.message + (f" ({error.hint})" if error.hint else "")
        return Problem(
            self.registry,
            self.text.position(start),
            self.text.position(end),
            Severity.ERROR,
            code,
            message,
        )

    def problem(self, finding: Finding) -> Problem | None:
        """A finding as a diagnostic; None when it is on neither the registry nor its page."""
        where = finding.location
        if where is None:
            return None
        if where.file == str(self.registry):
            path, text, on_page = self.registry, self.text, False
        elif (
            self.page_path is not None
            and self.page_text is not None
            and where.file == str(self.page_path)
        ):
            path, text, on_page = self.page_path, self.page_text, True
        else:
            return None
        start = text.located(where.line, where.column)
        if on_page:
            end = _sentence_end(text, start) if finding.code == "P004" else _word_end(text, start)
        else:
            end = _value_end(text, start)
        message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
        data: dict[str, object] = {"rule": finding.rule.name}
        if finding.claim is not None:
            data["claim"] = finding.claim
        if finding.source is not None:
            data["source"] = finding.source
        return Problem(
            path,
            text.position(start),
            text.position(max(end, start)),
            finding.level,
            finding.code,
            message,
            data,
            unnecessary=finding.code == "R006",
        )


def _value_end(text: Text, start: int) -> int:
    """Where a registry node pointed at ends, as far as its line shows: the line's end, less
    a trailing comment."""
    end = text.line_end(start)
    line = text.source[start:end]
    comment = re.search(r"\s#", line)
    if comment is not None:
        line = line[: comment.start()]
    return start + len(line.rstrip()) if line.strip() else end


_WORD_END = re.compile(r"\S*")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _word_end(text: Text, start: int) -> int:
    """The end of a page figure: its run of non-space characters, less closing punctuation."""
    found = _WORD_END.match(text.source, start)
    word = found.group() if found else ""
    return start + max(1, len(word.rstrip(".,;:!?)]\"'\u201d\u2019")))


def _sentence_end(text: Text, start: int) -> int:
    """The end of a page statement, as far as its line goes."""
    line_end = text.line_end(start)
    found = _SENTENCE_END.search(text.source, start, line_end)
    return found.end() if found else line_end


def analyse(
    check: Check,
    registry: Path,
    source: str,
    version: int | None,
    buffers: Mapping[Path, tuple[str, int | None]],
) -> Analysis:
    """Check the registry's text, reading its page from `buffers` (the editor's open
    documents, by resolved path) or else from disk. Never raises for what the user wrote."""
    analysis = Analysis(registry, Text(source), version)

    def page_of(loaded: LoadedRegistry) -> PageText | None:
        try:
            path = page_path(loaded, registry)
            if path is None:
                return None
            analysis.page_path = path
            return _read_page(path, buffers, analysis)
        except ClaimcheckError as exc:  # said where `page.path` is written
            if exc.file != str(registry):
                exc.message = f"page.path: {exc.message}"
                exc.file = str(registry)
                exc.line, exc.column = loaded.positions.locate(("page", "path"))
            analysis.page_error = exc
            return None

    try:
        # Read as a file is read: without a leading BOM, which an editor may send (the
        # diagnostics are placed back in the buffer as sent: `Text.located`).
        body = source.removeprefix("\ufeff")
        analysis.loaded, analysis.report = check(registry, body, page_of)
    except ClaimcheckError as exc:
        if exc.file is None or exc.file == str(registry):
            analysis.error = exc
        else:  # a file the registry names (a snapshot, the link cache): said at the top
            exc.line = exc.column = None
            exc.message = f"{exc.file}: {exc.message}"
            analysis.error = exc
    return analysis


def page_path(loaded: LoadedRegistry, registry: Path) -> Path | None:
    """The page the registry's `page.path` names, relative to the registry and inside its
    repository (a ConfigError at `page.path` otherwise), or None when it names none."""
    from claimcheck.files import confine, repository_of

    page = loaded.registry.page
    if page is None or not page.path:
        return None
    line, column = loaded.positions.locate(("page", "path"))
    return confine(
        page.path,
        registry.parent,
        repository_of(registry.parent),
        what="page.path",
        file=str(registry),
        line=line,
        column=column,
    ).resolve()


def _read_page(
    path: Path, buffers: Mapping[Path, tuple[str, int | None]], analysis: Analysis
) -> PageText:
    from claimcheck.page import guess_format, page_from_text, read_page

    held = buffers.get(path)
    if held is None:
        page = read_page(path)
        analysis.page_text = Text(page.prose)  # offset for offset the file's own text
    else:
        source, analysis.page_version = held
        analysis.page_text = Text(source)
        page = page_from_text(str(path), _plain_newlines(source), guess_format(path))
    analysis.page = page
    return page


def _plain_newlines(source: str) -> str:
    """As `read_page` reads a file: \\r\\n and \\r are \\n, and a BOM is dropped."""
    return source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
