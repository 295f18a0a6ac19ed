"""One offline run of a registry as the editor holds it, and its findings as diagnostics.

The run is passed in (`Check`, from the command: `claimcheck.engine.check_text`); this
module reads the editor's buffers into it and turns what comes back into `Problem`s, each a
range in code points in the registry or in its page.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.errors import ClaimcheckError, RegistryLoadError
from claimcheck.findings import Finding, Severity
from claimcheck.lsp.documents import Text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from claimcheck.findings import Report
    from claimcheck.loader import LoadedRegistry
    from claimcheck.page import PageText
    from claimcheck.quantity import Quantity

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
    #: The page `page.path` names, resolved even when it is refused (out of the repository):
    #: the registry is that page's all the same, and says so on it.
    page_named: Path | None = None
    page: PageText | None = None
    page_text: Text | None = None
    #: The page buffer's version, None when read from disk.
    page_version: int | None = None
    #: The registry could not be read (not YAML, empty...): its one error.
    error: ClaimcheckError | None = None
    #: The page could not be read (outside the repository, missing...), said at `page.path`.
    page_error: ClaimcheckError | None = None
    #: The page's file on disk cannot be read where it stands (not UTF-8: what `verify`
    #: refuses, whether or not the editor's buffer of it reads), said on the page itself, in
    #: the file's text as read (a replacement character for each bad byte).
    page_file_error: ClaimcheckError | None = None
    page_file_text: Text | None = None
    #: Each finding's diagnostic, by the finding's id (the report holds every finding as
    #: long as this): placed once, for its publication and every code-action request.
    _placed: dict[int, Problem | None] = field(default_factory=dict, repr=False)
    #: The registry's flow depths, by line (see `_flow_depth`).
    _depths: _Depths = field(default_factory=dict, repr=False)
    #: The page's sentence starts and figure starts, and its figures (read for P001's range).
    _figures: tuple[list[int], list[int]] | None = field(default=None, repr=False)
    _quantities: Sequence[Quantity] = field(default=(), repr=False)

    def text_of(self, path: Path) -> Text | None:
        """The text the diagnostics of `path` are placed in: the registry's, the page's as
        read, or the page file's as decoded when it could not be read as a page."""
        if path == self.registry:
            return self.text
        if path == self.page_path and self.page_text is not None:
            return self.page_text
        if path == self.page_named:
            return self.page_file_text or Text("")
        return None

    def problems(self) -> list[Problem]:
        """Every finding and error, located."""
        out: list[Problem] = []
        if self.error is not None:
            out.append(self._error(self.error, error_code(self.error)))
        if self.page_error is not None:
            out.append(self._error(self.page_error, "page"))
            page = self._page_problem()
            if page is not None:
                out.append(page)
        if self.report is None:
            return out
        for finding in self.report.findings:
            problem = self.problem(finding)
            if problem is not None:
                out.append(problem)
        return out

    def _error(self, error: ClaimcheckError, code: str) -> Problem:
        start = self.text.located(error.line or 1, error.column or 1)
        end = value_end(self.text, start, self._depths)
        message = error.message + (f" ({error.hint})" if error.hint else "")
        return Problem(
            self.registry,
            self.text.position(start),
            self.text.position(end),
            Severity.ERROR,
            code,
            message,
        )

    def _page_problem(self) -> Problem | None:
        """The page's own diagnostic for a page the registry cannot check: at the bad byte
        of a file that is not UTF-8, else at its top (a page.path out of the repository)."""
        error, named = self.page_file_error, self.page_named
        if named is None:
            return None
        shown = self.registry.name
        if error is not None and error.line is not None:
            text = self.page_file_text or Text("")
            start = text.located(error.line, error.column or 1)
            end = min(start + 1, text.line_end(start))
            message = f"the file on disk (what `claimcheck verify` reads): {error.message}"
            message += f" ({error.hint})" if error.hint else ""
        else:
            assert self.page_error is not None
            if not named.is_file():
                return None  # no page there to say it on: `page.path` says it
            text = Text("")
            start = end = 0
            message = f"{shown} names this page but cannot check it: {self.page_error.message}" + (
                f" ({self.page_error.hint})" if self.page_error.hint else ""
            )
        return Problem(
            named, text.position(start), text.position(end), Severity.ERROR, "page", message
        )

    def problem(self, finding: Finding) -> Problem | None:
        """A finding as a diagnostic; None when it is on neither the registry nor its page."""
        key = id(finding)
        if key not in self._placed:
            self._placed[key] = self._problem(finding)
        return self._placed[key]

    def _problem(self, finding: Finding) -> Problem | None:
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
            if finding.code == "P004":
                end = _sentence_end(text, start)
            else:
                listed = self._listed_end(finding, start) if finding.code == "P001" else None
                end = listed if listed is not None else _word_end(text, start)
        else:
            end = value_end(text, start, self._depths)
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

    def _listed_end(self, finding: Finding, start: int) -> int | None:
        """Where the last figure a P001 lists ends (its message names the unregistered
        figures of one sentence, from the first, where it stands): the diagnostic covers
        them all, so that each is found under the cursor, with its code actions."""
        page = self.page
        prefix = "unregistered figure"
        if page is None or not finding.message.startswith(prefix):
            return None
        if self._figures is None:
            from claimcheck.checks.coverage import page_figures, sentences

            # As P001 reads them: the page's main content (its body), sentence by sentence.
            figures = sorted(page_figures(page.body), key=lambda q: q.start)
            self._figures = ([s for s, _ in sentences(page.body)], [q.start for q in figures])
            self._quantities = figures
        starts, figure_starts = self._figures
        sentence = bisect.bisect_right(starts, start)
        stop = starts[sentence] if sentence < len(starts) else len(page.body)
        rest = finding.message.split(" ", 2)[-1]  # "£12 million, 2025/26, 310 in: ..."
        end = None
        for index in range(bisect.bisect_left(figure_starts, start), len(figure_starts)):
            quantity = self._quantities[index]
            if quantity.start >= stop:
                break
            if rest.startswith(quantity.text) and rest[len(quantity.text) :][:2] in (", ", " i"):
                end = quantity.end
                rest = rest[len(quantity.text) + 2 :]
        return end


#: The rule a registry's load error names at its end: `... [R002 invalid-value]`.
_RULE_TAG = re.compile(r"\[([A-Z][0-9]{3}) [a-z0-9-]+\]")


def error_code(error: ClaimcheckError) -> str:
    """The code of the rule a registry's load error breaks: the one its message names (a
    number no registry may hold is R002, `[R002 invalid-value]`), else R001 (not YAML, not
    UTF-8, empty); `claimcheck` for an error that is not the registry's."""
    if not isinstance(error, RegistryLoadError):
        return "claimcheck"
    named = _RULE_TAG.findall(error.message)
    return str(named[-1]) if named else "R001"


def value_end(text: Text, start: int, depths: _Depths | None = None) -> int:
    """Where a registry node pointed at ends, as far as its line shows: a quoted scalar at
    its closing quote, a flow collection at its closing bracket, a plain scalar inside one
    at the next flow indicator (`{id: a, kind: figgure, value: 1}`: the kind, not the rest
    of the line); else the line's end, less a trailing comment."""
    end = text.line_end(start)
    source = text.source
    first = source[start:end][:1]
    if first in ("'", '"'):
        close = _closing_quote(source, start, end)
        return close if close is not None else end
    if first in ("[", "{"):
        close = _closing_bracket(source, start, end)
        if close is not None:
            return close
    elif _in_flow(text, start, end, {} if depths is None else depths):
        plain = _FLOW_PLAIN_END.search(source, start, end)
        stop = plain.start() if plain is not None else end
        return start + max(1, len(source[start:stop].rstrip()))
    line = source[start:end]
    comment = re.search(r"\s#", line)
    if comment is not None:
        line = line[: comment.start()]
    return start + len(line.rstrip()) if line.strip() else end


#: Where a plain scalar inside a flow collection ends: a flow indicator, a comment, or the
#: `: ` after a key.
_FLOW_PLAIN_END = re.compile(r"[,\[\]{}]|\s#|:(?=[\s,\[\]{}]|$)")


#: What tells a flow collection on the rest of a line: a bracket, a comma, a quote, a comment.
_FLOW_TOKEN = re.compile(r"[\[\]{},'\"]|\s#")
#: A key after a comma (`, value: 312`): in block style a plain scalar holds no `: `.
_KEY_AFTER = re.compile(r"\s*[^\s,\[\]{}#'\"][^,\[\]{}#]*?:(?:\s|$)")


def _in_flow(text: Text, start: int, end: int, depths: _Depths) -> bool:
    """Whether the plain scalar at `start` is inside a flow collection: one opened before
    it on its line, one its line goes on to close, another key after a comma on its line,
    or a line before it that ends in `,`, `{` or `[` (a flow mapping over several lines)."""
    source = text.source
    line = text.position(start)[0]
    if _flow_depth(source, text.offset(line, 0), start, depths) > 0:
        return True
    depth = 0
    at = start
    while (token := _FLOW_TOKEN.search(source, at, end)) is not None:
        char = token.group()
        at = token.end()
        if char.endswith("#"):
            break
        if char in "'\"":
            if source[token.start() - 1] in " \t[{,:":
                close = _closing_quote(source, token.start(), end)
                if close is None:
                    break
                at = close
        elif char in "[{":
            depth += 1
        elif char in "]}":
            if depth == 0:
                return True
            depth -= 1
        elif depth == 0 and _KEY_AFTER.match(source, at, end):
            return True
    for above in range(line - 1, -1, -1):
        before = text.line(above)
        comment = re.search(r"(?:^|\s)#", before)
        before = (before[: comment.start()] if comment else before).rstrip()
        if before:
            return before.endswith((",", "{", "["))
    return False


def _closing_quote(source: str, start: int, end: int) -> int | None:
    """The offset after the quote closing the scalar opened at `start`, on its line."""
    quote = source[start]
    at = start + 1
    while at < end:
        char = source[at]
        if quote == '"' and char == "\\":
            at += 2
            continue
        if char == quote:
            if quote == "'" and source.startswith("''", at):  # a quote written twice
                at += 2
                continue
            return at + 1
        at += 1
    return None


def _closing_bracket(source: str, start: int, end: int) -> int | None:
    """The offset after the bracket closing the flow collection opened at `start`, on its
    line (quoted scalars inside skipped)."""
    depth = 0
    at = start
    while at < end:
        char = source[at]
        if char in "'\"":
            close = _closing_quote(source, at, end)
            if close is None:
                return None
            at = close
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return at + 1
        at += 1
    return None


def _flow_depth(source: str, line_start: int, at: int, depths: _Depths) -> int:
    """How many flow collections opened on the line before `at` are still open there. The
    line is scanned once, its changes of depth kept in `depths` (a registry written as
    minified JSON is one line, with a finding every few dozen characters)."""
    found = depths.get(line_start)
    if found is None:
        found = depths[line_start] = _depth_changes(source, line_start)
    offsets, levels = found
    index = bisect.bisect_right(offsets, at) - 1
    return levels[index] if index >= 0 else 0


#: Per line (by its start): the offsets after which the flow depth changes, and the depth.
_Depths = dict[int, tuple[list[int], list[int]]]


def _depth_changes(source: str, line_start: int) -> tuple[list[int], list[int]]:
    end = source.find("\n", line_start)
    end = len(source) if end < 0 else end
    offsets: list[int] = []
    levels: list[int] = []
    depth = 0
    index = line_start
    while index < end:
        char = source[index]
        if char in "'\"" and (index == line_start or source[index - 1] in " \t[{,:"):
            close = _closing_quote(source, index, end)
            if close is None:
                break
            index = close
            continue
        if char == "#" and (index == line_start or source[index - 1] in " \t"):
            break
        if char in "[{]}":
            depth = depth + 1 if char in "[{" else max(0, depth - 1)
            offsets.append(index + 1)
            levels.append(depth)
        index += 1
    return offsets, levels


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
        analysis.page_named = _named_page(loaded, registry)
        try:
            path = page_path(loaded, registry)
            if path is None:
                return None
            analysis.page_path = path
            read = _read_page(path, buffers, analysis)
            refused = analysis.page_error
            if refused is not None and refused.line is None:  # the file on disk, held
                refused.line, refused.column = loaded.positions.locate(("page", "path"))
            return read
        except ClaimcheckError as exc:  # said where `page.path` is written
            if analysis.page_path is not None and exc.file == str(analysis.page_path):
                _file_error(analysis, exc)  # and on the page, at its place
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

    # Ranges are found in the prose (aligned with the file line for line and column for
    # column, its tags and entities blanked: a figure's range ends at the figure, not at the
    # tag after it) and counted in the client's units on the text itself (an emoji in a tag
    # is two UTF-16 units there, one filler in the prose).
    held = buffers.get(path)
    if held is None:
        page = read_page(path)
        read = _file_text(path)
        # The file as read for the prose (not changed since: as long as the prose).
        client = Text(read) if read is not None and len(read) == len(page.prose) else None
    else:
        source, analysis.page_version = held
        client = Text(source)
        page = page_from_text(str(path), _plain_newlines(source), guess_format(path))
        # The buffer is what the editor shows, the file what `verify` and CI read: a file
        # they refuse (not UTF-8, which the editor decoded somehow) is said as well.
        refused = _disk_error(path)
        if refused is not None:
            _file_error(analysis, refused)
            analysis.page_error = ClaimcheckError(
                f"page.path: the page's file on disk cannot be read, whatever the editor "
                f"shows of it: {refused.message}",
                file=str(analysis.registry),
                hint=refused.hint,
            )
    analysis.page_text = Text(page.prose, client)
    analysis.page = page
    return page


def _named_page(loaded: LoadedRegistry, registry: Path) -> Path | None:
    """The file `page.path` names, resolved whether or not it is inside the repository."""
    page = loaded.registry.page
    if page is None or not page.path:
        return None
    try:
        return (registry.parent / page.path).resolve()
    except (OSError, ValueError):  # a NUL in the path, a loop of links
        return None


def _file_error(analysis: Analysis, error: ClaimcheckError) -> None:
    """Keep a page file's error, and the file's text to place it in (when it has a place)."""
    analysis.page_file_error = ClaimcheckError(
        error.message, file=error.file, line=error.line, column=error.column, hint=error.hint
    )
    if error.line is not None and analysis.page_path is not None:
        read = _file_text(analysis.page_path)
        analysis.page_file_text = Text(read) if read is not None else None


#: The last reading of each page file held in the editor: (its size, mtime and inode) and
#: the error it gave, so that a page being typed into is not read from disk at every key.
_DISK: dict[Path, tuple[tuple[int, int, int], ClaimcheckError | None]] = {}


def _disk_error(path: Path) -> ClaimcheckError | None:
    """Why `verify` would refuse the page's file on disk, or None when it reads it. (Only
    the bytes are checked: what the file says is the buffer's business.)"""
    from claimcheck.files import not_utf8, read_regular
    from claimcheck.page import MAX_PAGE_BYTES

    try:
        stat = path.stat()
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    except OSError:
        key = (-1, -1, -1)
    known = _DISK.get(path)
    if known is not None and known[0] == key:
        return known[1]
    error: ClaimcheckError | None = None
    try:
        data = read_regular(path, "page file", MAX_PAGE_BYTES)
        body = data.removeprefix(b"\xef\xbb\xbf")
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            error = not_utf8(body, exc, "page", path)
    except ClaimcheckError as exc:
        error = exc
    if len(_DISK) > 64:
        _DISK.clear()
    _DISK[path] = (key, error)
    return error


def _file_text(path: Path) -> str | None:
    """The page file's text as `read_page` decodes it (for counting the client's units), or
    None if it can no longer be read."""
    from claimcheck.files import read_regular
    from claimcheck.page import MAX_PAGE_BYTES

    try:
        data = read_regular(path, "page file", MAX_PAGE_BYTES)
    except ClaimcheckError:
        return None
    return _plain_newlines(data.decode("utf-8", "replace").removeprefix("\ufeff"))


def _plain_newlines(source: str) -> str:
    """As `read_page` reads a file: \\r\\n and \\r are \\n, and a BOM is dropped."""
    return source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
