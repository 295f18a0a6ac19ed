"""The pygls language server: the editor's buffers in, diagnostics, hovers, definitions,
completions and code actions out.

A registry is checked whenever its buffer (or its page's) opens or changes, from the text
the editor holds, on one worker thread: the run is offline (links from the cache, sources
from their snapshots), and a burst of changes is checked once more after the run in
progress, not once per keystroke. Requests wait for the run of the text they are about.
"""

from __future__ import annotations

import asyncio
import copy
import gc
import logging
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError
from claimcheck.findings import Severity
from claimcheck.lsp.analysis import RULES_URL, Analysis, Check, Problem, analyse, error_code
from claimcheck.lsp.documents import Text, is_registry

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from claimcheck.lsp.actions import Action
    from claimcheck.lsp.features import Choice, Place

logger = logging.getLogger(__name__)

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.NOTE: types.DiagnosticSeverity.Information,
}


@dataclass
class _Tracked:
    """A registry the server checks: open, or the registry of an open page."""

    registry: Path
    analysis: Analysis | None = None
    dirty: bool = False
    running: bool = False
    idle: asyncio.Event = field(default_factory=asyncio.Event)
    #: Its last run's diagnostics, by file, with the version of the text they are of. A
    #: file's diagnostics are the union of every tracked registry's (two may name one page).
    diagnostics: dict[Path, tuple[list[types.Diagnostic], int | None]] = field(default_factory=dict)
    #: The open pages it was taken up for, until a run tells which page it names; kept while
    #: its runs cannot tell (the registry does not parse), as the pages it may be of.
    seeking: set[Path] = field(default_factory=set)
    #: The page it named when it last parsed: still its page while it does not.
    last_page: Path | None = None

    def pages(self) -> set[Path]:
        """The pages it checks: the one `page.path` names (refused or not); while it cannot
        be read, the one it named before and those it was taken up for."""
        analysis = self.analysis
        if analysis is not None and analysis.loaded is not None:
            return {analysis.page_named} if analysis.page_named is not None else set()
        return self.seeking | ({self.last_page} if self.last_page is not None else set())


class ClaimcheckServer(LanguageServer):
    """The language server; `check` runs the offline checks (from the command)."""

    def __init__(
        self,
        check: Check,
        registry_name: str,
        default_registry: Path,
        inputs: Inputs | None = None,
    ) -> None:
        super().__init__("claimcheck", __version__)
        self.check = check
        self.registry_name = registry_name
        self.default_registry = default_registry
        self.inputs = inputs or default_inputs()
        self.tracked: dict[Path, _Tracked] = {}
        #: The watchers registered with the client (its registration's id, and their globs).
        self.watching: tuple[str, tuple[str | tuple[str, str], ...]] | None = None
        self.registrations = 0
        #: One worker: runs are serialised, and a run never blocks the protocol.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimcheck")
        self.uris: dict[Path, str] = {}
        self.shut_down = False

    # --- documents ----------------------------------------------------------------------

    def path_of(self, uri: str) -> Path | None:
        path = to_fs_path(uri)
        if path is None:
            return None
        resolved = Path(path).resolve()
        self.uris.setdefault(resolved, uri)
        return resolved

    def uri_of(self, path: Path) -> str:
        return self.uris.get(path) or from_fs_path(str(path)) or path.as_uri()

    def open_text(self, path: Path) -> tuple[str, int | None] | None:
        """The editor's text of a file and its version, when it is open."""
        uri = self.uris.get(path)
        if uri is None or uri not in self.workspace.text_documents:
            return None
        document = self.workspace.get_text_document(uri)
        return document.source, document.version

    def buffers(self) -> dict[Path, tuple[str, int | None]]:
        """Every open document's text and version, by resolved path."""
        out = {}
        for uri, document in self.workspace.text_documents.items():
            path = self.path_of(uri)
            if path is not None:
                out[path] = (document.source, document.version)
        return out

    def opened(self, uri: str, *, search: bool = True) -> None:
        """A document opened or changed: check the registry it is, or whose page it is
        (looked for, on opening, among the registries that may name it)."""
        path = self.path_of(uri)
        if path is None:
            return
        source = self.workspace.get_text_document(uri).source
        # A registry checked already is checked again whatever its text has become (a
        # `version` deleted or quoted: its findings say what is wrong, not silence).
        if path in self.tracked or is_registry(path, source, self.registry_name):
            self.refresh(self.track(path))
            return
        known = False
        for tracked in list(self.tracked.values()):
            pages = tracked.pages()
            # Its page, or not known yet (a first run that may have read the file on disk).
            if tracked.analysis is None or path in pages:
                self.refresh(tracked)
            known = known or path in pages
        if known or not search:
            return
        for candidate in self.candidates(path):  # whichever registry names this page
            taken = self.tracked.get(candidate)
            if taken is not None and taken.analysis is not None and taken.analysis.loaded:
                continue  # it said which page it names, and it is not this one
            taken = taken or self.track(candidate)
            taken.seeking.add(path)
            self.refresh(taken)

    def closed(self, uri: str) -> None:
        path = self.path_of(uri)
        if path is None:
            return
        was_registry = path in self.tracked
        for tracked in list(self.tracked.values()):
            pages = tracked.pages()
            if tracked.registry != path and path not in pages:
                continue
            tracked.seeking.discard(path)  # a page it may be of, no longer open
            registry_open = self.open_text(tracked.registry) is not None
            if registry_open or self.page_open(tracked):
                self.refresh(tracked)  # the closed one is read from disk now
            else:
                self.untrack(tracked)
        if was_registry:
            self.seek_pages()

    def page_open(self, tracked: _Tracked) -> bool:
        return any(self.open_text(page) is not None for page in tracked.pages())

    def seek_pages(self) -> None:
        """Look again for the registry of each open page no registry checks: a registry
        buffer closed unsaved may have named another page than the file on disk does (its
        `page.path` edited), and the page the file names, open, was left without
        diagnostics (editing it did not bring them back: a change does not search)."""
        for uri, document in list(self.workspace.text_documents.items()):
            path = self.path_of(uri)
            if path is None or self.tracking(path):
                continue
            if not is_registry(path, document.source, self.registry_name):
                self.opened(uri)

    def candidates(self, page: Path) -> list[Path]:
        """The registries that may name this page: the configured one, and one of the
        configured name in the page's folder or a folder above it, up to the workspace."""
        roots = [Path(p).resolve() for p in self._roots()]
        found = []
        if self.default_registry.is_file():
            found.append(self.default_registry.resolve())
        for folder in page.parents:
            candidate = folder / self.registry_name
            if candidate.is_file():
                found.append(candidate.resolve())
            if folder in roots or (folder / ".git").exists():
                break
        return list(dict.fromkeys(found))

    def _roots(self) -> list[str]:
        roots = [to_fs_path(f.uri) for f in self.workspace.folders.values()]
        if self.workspace.root_path:
            roots.append(self.workspace.root_path)
        return [r for r in roots if r]

    def track(self, registry: Path) -> _Tracked:
        tracked = self.tracked.get(registry)
        if tracked is None:
            tracked = self.tracked[registry] = _Tracked(registry)
            tracked.idle.set()
        return tracked

    def untrack(self, tracked: _Tracked) -> None:
        """Stop checking a registry: its diagnostics go, and only its own (another
        registry's on the same page stay)."""
        if self.tracked.get(tracked.registry) is tracked:
            del self.tracked[tracked.registry]
        for path in list(tracked.diagnostics):
            self.publish_file(path)
        tracked.diagnostics.clear()
        self.watch()

    def tracking(self, path: Path) -> list[_Tracked]:
        """The registries a document belongs to: itself, or those whose page it is."""
        if path in self.tracked:
            return [self.tracked[path]]
        return [t for t in self.tracked.values() if path in t.pages()]

    # --- files on disk -------------------------------------------------------------------

    def reads(self, tracked: _Tracked) -> list[tuple[Path, str]]:
        """What a registry's run reads from disk, each as a folder and a glob in it: the
        registry, its page, its snapshots' folder, the link cache (SQLite's companion files
        too), a retractions file."""
        out = [(tracked.registry.parent, _escape(tracked.registry.name))]
        out += [(page.parent, _escape(page.name)) for page in sorted(tracked.pages())]
        for path, kind in self.inputs(tracked.registry):
            if kind == "folder":
                out.append((path, "**/*"))
            elif kind == "prefix":
                out.append((path.parent, _escape(path.name) + "*"))
            else:
                out.append((path.parent, _escape(path.name)))
        return out

    def watch(self) -> None:
        """Ask the client to tell the server when what the registries read changes on
        disk (a page or a snapshot not open, the link cache `links` wrote): the client
        watches the files, where it can register watchers as the registries change."""
        workspace = self.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        if watched is None or not watched.dynamic_registration:
            return
        relative = bool(watched.relative_pattern_support)
        globs: list[str | tuple[str, str]] = []
        for tracked in self.tracked.values():
            for folder, pattern in self.reads(tracked):
                if relative:
                    globs.append((self.uri_of(folder), pattern))
                else:
                    globs.append(_escape(folder.as_posix()).rstrip("/") + "/" + pattern)
        wanted = tuple(sorted(set(globs), key=str))
        if self.watching is not None and self.watching[1] == wanted:
            return
        method = types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        if self.watching is not None:
            gone = types.Unregistration(self.watching[0], method)
            self.client_unregister_capability(types.UnregistrationParams([gone]))
            self.watching = None
        if not wanted:
            return
        self.registrations += 1
        ident = f"claimcheck-inputs-{self.registrations}"
        watchers = [
            types.FileSystemWatcher(
                types.RelativePattern(glob[0], glob[1]) if isinstance(glob, tuple) else glob
            )
            for glob in wanted
        ]
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers)
        self.client_register_capability(
            types.RegistrationParams([types.Registration(ident, method, options)])
        )
        self.watching = (ident, wanted)

    def files_changed(self, paths: Iterable[Path]) -> None:
        """Files changed on disk: check again each registry that reads one (its page or
        registry not open, a snapshot, the link cache), and look for the registry of each
        open page none checks (a registry made or mended on disk)."""
        changed = list(paths)
        for tracked in list(self.tracked.values()):
            reads = self.reads(tracked)
            if any(
                _matches(path, folder, pattern) for path in changed for folder, pattern in reads
            ):
                self.refresh(tracked)
        self.seek_pages()

    # --- runs ---------------------------------------------------------------------------

    def refresh(self, tracked: _Tracked) -> None:
        """Check the registry again (after the run in progress, if one is)."""
        tracked.dirty = True
        if not tracked.running:
            tracked.running = True
            tracked.idle.clear()
            asyncio.get_running_loop().create_task(self._runs(tracked))

    async def _runs(self, tracked: _Tracked) -> None:
        loop = asyncio.get_running_loop()
        try:
            while tracked.dirty:
                tracked.dirty = False
                held = self.open_text(tracked.registry)
                buffers = self.buffers()
                try:
                    analysis = await loop.run_in_executor(
                        self.worker, self._analyse, tracked.registry, held, buffers
                    )
                except Exception as exc:  # a bug: said, and the server goes on
                    logger.exception("claimcheck: a check failed")
                    self.window_log_message(
                        types.LogMessageParams(types.MessageType.Error, f"claimcheck: {exc!r}")
                    )
                    continue
                if self.tracked.get(tracked.registry) is not tracked:
                    return  # closed while it ran
                tracked.analysis = analysis
                if analysis.loaded is not None:  # it says which page it names
                    tracked.seeking.clear()
                    tracked.last_page = analysis.page_named
                if self.open_text(tracked.registry) is None and not self.page_open(tracked):
                    # Taken up for a page it does not name, or its page closed since: a
                    # registry that cannot be read stays while a page it may be of is open.
                    # (No search for the pages left without a registry here: it would take
                    # this one up again, for ever.)
                    self.untrack(tracked)
                    return
                self.publish_analysis(tracked)
                self.watch()
        finally:
            tracked.running = False
            tracked.idle.set()

    def _analyse(
        self,
        registry: Path,
        held: tuple[str, int | None] | None,
        buffers: dict[Path, tuple[str, int | None]],
    ) -> Analysis:
        if held is None:
            from claimcheck.loader import read_text

            try:
                source, version = read_text(registry, str(registry)), None
            except ClaimcheckError as exc:
                failed = Analysis(registry, Text(""), None)
                failed.error = exc
                return failed
        else:
            source, version = held
        try:
            return analyse(self.check, registry, source, version, buffers)
        finally:
            # The loader freezes what it made for a short command's sake; a server lives on,
            # and what it lets go of must be collectable.
            gc.unfreeze()

    async def settled(self, path: Path) -> list[Analysis]:
        """The analyses of the registries a document belongs to, once they have checked
        its latest text."""
        found = self.tracking(path)
        for tracked in found:
            while tracked.running or tracked.dirty:
                await tracked.idle.wait()
        return [t.analysis for t in found if t.analysis is not None]

    # --- diagnostics --------------------------------------------------------------------

    def publish_analysis(self, tracked: _Tracked) -> None:
        """Publish a registry's last run: to each file it has diagnostics for now or had
        before, that file's diagnostics from every registry checked."""
        analysis = tracked.analysis
        assert analysis is not None
        by_file: dict[Path, list[Problem]] = {analysis.registry: []}
        for page in tracked.pages():
            by_file[page] = []
        for problem in analysis.problems():
            by_file.setdefault(problem.path, []).append(problem)
        if analysis.loaded is None and analysis.error is not None:
            for page in tracked.pages():  # a page it may be of: not checked, and why
                by_file[page].append(self.unread(analysis, analysis.error, page))
        before = set(tracked.diagnostics)
        tracked.diagnostics = {}
        for path, problems in by_file.items():
            text = analysis.text_of(path) or self.held_text(path)
            version = analysis.version if path == analysis.registry else None
            if path != analysis.registry:
                version = analysis.page_version if path == analysis.page_path else None
                if version is None:
                    version = (self.open_text(path) or ("", None))[1]
            tracked.diagnostics[path] = ([self.diagnostic(p, text) for p in problems], version)
        for path in dict.fromkeys([*by_file, *before]):  # the registry's first, as ever
            self.publish_file(path)

    def held_text(self, path: Path) -> Text:
        held = self.open_text(path)
        return Text(held[0]) if held is not None else Text("")

    def unread(self, analysis: Analysis, error: ClaimcheckError, page: Path) -> Problem:
        """The diagnostic of a page whose registry cannot be read: none of its findings are
        known, which an empty list of diagnostics would pass for none."""
        where = ""
        if error.line is not None:
            where = f" (line {error.line}" + (f", column {error.column})" if error.column else ")")
        message = (
            f"{self.shown(analysis.registry, page)} cannot be read{where}, so this page is not "
            f"checked: {error.message}"
        )
        first = self.held_text(page).line_length(0)  # its first line, when it is open
        return Problem(page, (0, 0), (0, first), Severity.ERROR, error_code(error), message)

    @staticmethod
    def shown(registry: Path, page: Path) -> str:
        """A registry as a page's diagnostics name it: its path from the page's folder."""
        try:
            return os.path.relpath(registry, page.parent)
        except ValueError:
            return str(registry)

    def publish_file(self, path: Path) -> None:
        """A file's diagnostics: every tracked registry's on it (the protocol replaces a
        file's whole list at each publication, so one registry's would wipe another's).
        When several registries check the file, each is named in its messages."""
        mine = [
            (t.registry, *t.diagnostics[path])
            for t in self.tracked.values()
            if path in t.diagnostics
        ]
        several = len(mine) > 1  # which registry says what
        out: list[types.Diagnostic] = []
        for registry, found, _ in mine:
            if several and registry != path:
                name = self.shown(registry, path)
                found = [_retold(d, f"{name}: {d.message}") for d in found]
            out += found
        versions = {version for _, _, version in mine}
        # The version the diagnostics are of; none when the registries ran on different ones.
        self.publish(path, out, versions.pop() if len(versions) == 1 else None)

    def publish(self, path: Path, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(self.uri_of(path), diagnostics, version)
        )

    def diagnostic(self, problem: Problem, text: Text) -> types.Diagnostic:
        return types.Diagnostic(
            range=self.range(text, problem.start, problem.end),
            message=problem.message,
            severity=_SEVERITY[problem.severity],
            code=problem.code,
            code_description=types.CodeDescription(RULES_URL)
            if problem.code[:1].isalpha() and problem.code[1:].isdigit()
            else None,
            source="claimcheck",
            data=problem.data or None,
            tags=[types.DiagnosticTag.Unnecessary] if problem.unnecessary else None,
        )

    @property
    def encoding(self) -> str:
        """The client's position encoding: utf-8, utf-16 (the default) or utf-32."""
        chosen = self.workspace.position_codec.encoding
        name = str(getattr(chosen, "value", chosen) or "utf-16")
        return name if name in ("utf-8", "utf-16", "utf-32") else "utf-16"

    def position(self, text: Text, at: tuple[int, int]) -> types.Position:
        line, column = at
        return types.Position(line, text.units(line, column, self.encoding))

    def range(self, text: Text, start: tuple[int, int], end: tuple[int, int]) -> types.Range:
        return types.Range(self.position(text, start), self.position(text, end))

    def offset(self, text: Text, position: types.Position) -> int:
        """The code-point offset of a client position."""
        column = text.column(position.line, position.character, self.encoding)
        return text.offset(position.line, column)

    # --- requests -----------------------------------------------------------------------

    async def context(
        self, uri: str, position: types.Position
    ) -> tuple[Analysis, bool, int] | None:
        """The analysis a request is about, whether it is on the page, and the offset."""
        path = self.path_of(uri)
        if path is None:
            return None
        for analysis in await self.settled(path):
            on_page = analysis.registry != path
            if on_page and analysis.page_path != path:
                continue  # a page it cannot read, or may be of
            text = analysis.page_text if on_page else analysis.text
            if text is not None:
                return analysis, on_page, self.offset(text, position)
        return None

    def location(self, analysis: Analysis, place: Place) -> types.Location:
        text = analysis.text if place.path == analysis.registry else analysis.page_text
        assert text is not None
        return types.Location(self.uri_of(place.path), self.range(text, place.start, place.end))

    def completion_items(
        self, choices: Sequence[Choice], text: Text, start: int, end: int
    ) -> list[types.CompletionItem]:
        kinds = {
            "field": types.CompletionItemKind.Field,
            "value": types.CompletionItemKind.EnumMember,
            "reference": types.CompletionItemKind.Reference,
        }
        replace = self.range(text, text.position(start), text.position(end))
        return [
            types.CompletionItem(
                label=choice.label,
                kind=kinds[choice.kind],
                detail=choice.detail or None,
                documentation=choice.documentation or None,
                sort_text=("0" if choice.first else "1") + choice.label,
                text_edit=types.TextEdit(replace, choice.insert or choice.label),
            )
            for choice in choices
        ]

    def code_action(
        self, analysis: Analysis, action: Action, fixed: Sequence[types.Diagnostic]
    ) -> types.CodeAction:
        edits: dict[str, list[types.TextEdit]] = {}
        for edit in action.edits:
            text = analysis.text  # every action edits the registry
            edits.setdefault(self.uri_of(edit.path), []).append(
                types.TextEdit(self.range(text, edit.start, edit.end), edit.text)
            )
        capabilities = self.client_capabilities.workspace
        versioned = bool(
            capabilities
            and capabilities.workspace_edit
            and capabilities.workspace_edit.document_changes
        )
        if versioned:
            change = types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        types.OptionalVersionedTextDocumentIdentifier(uri, analysis.version),
                        list(text_edits),
                    )
                    for uri, text_edits in edits.items()
                ]
            )
        else:
            change = types.WorkspaceEdit(changes=edits)
        return types.CodeAction(
            title=action.title,
            kind=action.kind,
            diagnostics=[d for d in fixed if str(d.code) in action.fixes] or None,
            is_preferred=action.preferred or None,
            edit=change,
        )


#: What a registry's run reads besides itself and its page, each with what it is: a
#: "folder" (its snapshots), a "prefix" (the link cache, and the companions SQLite writes
#: beside it) or a "file" (a retractions file).
Inputs = Callable[[Path], "Sequence[tuple[Path, str]]"]


def default_inputs() -> Inputs:
    """What a registry's run reads, as the settings of the working directory give them
    (the command passes its own, which a `--config` may have changed): the snapshots'
    folder (`snapshots`, else `snapshots/` beside the registry), the link cache, and the
    retractions file."""
    from claimcheck.links.cache import default_path

    snapshots: Path | None = None
    retractions: Path | None = None
    cache: Path | None = None
    try:
        from claimcheck.config import load_settings

        settings = load_settings(cwd=Path.cwd())
        snapshots, retractions, cache = (
            settings.snapshots,
            settings.retractions,
            settings.links.cache,
        )
    except (ClaimcheckError, OSError, ValueError):
        pass  # the command refused such settings before the server started
    link_cache = (cache or default_path()).absolute()

    def inputs(registry: Path) -> list[tuple[Path, str]]:
        folder = (snapshots or registry.parent / "snapshots").absolute()
        out = [(folder, "folder"), (link_cache, "prefix")]
        if retractions is not None:
            out.append((retractions.absolute(), "file"))
        return out

    return inputs


def _escape(path: str) -> str:
    """A path as a glob that matches it alone (its own glob characters bracketed)."""
    return re.sub(r"([*?\[\]{}])", r"[\1]", path)


def _matches(path: Path, folder: Path, pattern: str) -> bool:
    """Whether a changed file is one a watcher (folder, glob) stands for."""
    if pattern == "**/*":
        return path.is_relative_to(folder)
    if path.parent != folder:
        return False
    name = re.sub(r"\[(.)\]", r"\1", pattern)  # the name `_escape` bracketed
    if name.endswith("*") and not pattern.endswith("[*]"):
        return path.name.startswith(name[:-1])
    return path.name == name


def _retold(diagnostic: types.Diagnostic, message: str) -> types.Diagnostic:
    told = copy.copy(diagnostic)
    told.message = message
    return told


def build(
    check: Check, registry_name: str, default_registry: Path, inputs: Inputs | None = None
) -> ClaimcheckServer:
    """The server, its features registered."""
    server = ClaimcheckServer(check, registry_name, default_registry, inputs)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: ClaimcheckServer, params: None) -> None:
        ls.shut_down = True

    @server.feature(types.INITIALIZED)
    def initialized(ls: ClaimcheckServer, params: types.InitializedParams) -> None:
        ls.worker.submit(_warm)  # imports the checks while the editor is still idle

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ClaimcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.opened(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ClaimcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.opened(params.text_document.uri, search=False)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ClaimcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        path = ls.path_of(params.text_document.uri)
        for tracked in list(ls.tracked.values()):
            if path == tracked.registry or path in tracked.pages():
                ls.refresh(tracked)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: ClaimcheckServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        changed = [ls.path_of(change.uri) for change in params.changes]
        ls.files_changed(path for path in changed if path is not None)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ClaimcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: ClaimcheckServer, params: types.HoverParams) -> types.Hover | None:
        from claimcheck.lsp.features import hover as hover_at

        found = await ls.context(params.text_document.uri, params.position)
        if found is None:
            return None
        analysis, on_page, offset = found
        shown = hover_at(analysis, on_page, offset)
        if shown is None:
            return None
        markdown, start, end = shown
        text = analysis.page_text if on_page else analysis.text
        assert text is not None
        return types.Hover(
            types.MarkupContent(types.MarkupKind.Markdown, markdown),
            ls.range(text, text.position(start), text.position(end)),
        )

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(
        ls: ClaimcheckServer, params: types.DefinitionParams
    ) -> types.Location | None:
        from claimcheck.lsp.features import definition as definition_at

        found = await ls.context(params.text_document.uri, params.position)
        if found is None:
            return None
        analysis, on_page, offset = found
        place = definition_at(analysis, on_page, offset)
        return ls.location(analysis, place) if place is not None else None

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " "])
    )
    async def completion(
        ls: ClaimcheckServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        from claimcheck.lsp.features import complete

        found = await ls.context(params.text_document.uri, params.position)
        if found is None or found[1]:
            return None
        analysis, _, offset = found
        choices, start = complete(analysis, offset)
        items = ls.completion_items(choices, analysis.text, start, offset)
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[
                types.CodeActionKind.QuickFix,
                types.CodeActionKind.RefactorRewrite,
            ]
        ),
    )
    async def code_action(
        ls: ClaimcheckServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        path = ls.path_of(params.text_document.uri)
        if path is None:
            return None
        out: list[types.CodeAction] = []
        for analysis in await ls.settled(path):
            on_page = analysis.registry != path
            for action, fixed in _actions(ls, analysis, on_page, params.range):
                out.append(ls.code_action(analysis, action, fixed))
        return out or None

    return server


def _actions(
    ls: ClaimcheckServer, analysis: Analysis, on_page: bool, where: types.Range
) -> Iterable[tuple[Action, list[types.Diagnostic]]]:
    """The actions for a range of the registry or the page, with the diagnostics there."""
    from claimcheck.lsp import actions
    from claimcheck.lsp.features import claims_at_page

    text = analysis.page_text if on_page else analysis.text
    report = analysis.report
    if text is None or report is None:
        return
    target = analysis.page_path if on_page else analysis.registry
    # Compared in code points: the request's range converted once, not every finding's.
    first = text.position(ls.offset(text, where.start))
    last = text.position(ls.offset(text, where.end))
    here: list[tuple[Any, types.Diagnostic]] = []
    for finding in report.findings:
        problem = analysis.problem(finding)
        if problem is None or problem.path != target:
            continue
        if problem.start <= last and first <= problem.end:
            here.append((finding, ls.diagnostic(problem, text)))
    diagnostics = [d for _, d in here]
    claims: list[str] = []
    for finding, _ in here:
        if finding.code == "P001":
            for action in actions.register_figure(analysis, finding):
                yield action, diagnostics
            for action in actions.add_mention(analysis, finding):
                yield action, diagnostics
        elif finding.code == "R008" and "`kind`" in finding.message and finding.claim:
            for action in actions.add_kind(analysis, finding.claim):
                yield action, diagnostics
        if finding.claim:
            claims.append(finding.claim)
    start = ls.offset(text, where.start)
    if on_page and analysis.loaded is not None:
        registry = analysis.loaded.registry
        claims += [registry.claims[i].id for i, _ in claims_at_page(analysis, start)]
    elif analysis.loaded is not None:
        claims += _claims_around(analysis, start)
    for claim in dict.fromkeys(claims):
        for action in actions.mark_reviewed(analysis, claim):
            yield action, diagnostics


def _claims_around(analysis: Analysis, offset: int) -> list[str]:
    """The claim whose entry holds `offset` in the registry."""
    loaded = analysis.loaded
    assert loaded is not None
    lines = loaded.positions.item_lines("claims")
    if not lines:
        return []
    line = analysis.text.position(offset)[0] + 1
    ids = [c.id for c in loaded.registry.claims]
    for index, (first, last) in enumerate(lines):
        if first <= line < last:
            row = loaded.rows.get("claims")
            if row is not None:
                try:
                    return [ids[row.index(index)]]
                except ValueError:
                    return []
            return [ids[index]] if index < len(ids) else []
    return []


def _warm() -> None:
    """Import what the first run needs, on the worker, before the first document arrives."""
    from claimcheck import checks, drafts, page  # noqa: F401
    from claimcheck.checks import all_checks

    all_checks()


def serve(
    check: Check,
    registry_name: str,
    default_registry: Path,
    stdin: BinaryIO,
    stdout: BinaryIO,
    inputs: Inputs | None = None,
) -> int:
    """Talk LSP over these streams until the client says exit; the exit code the protocol
    asks for (0 after a shutdown request, 1 without one). `inputs`: what a registry's run
    reads besides itself and its page, as the command's settings say (by default, as the
    working directory's settings say)."""
    server = build(check, registry_name, default_registry, inputs)
    try:
        server.start_io(stdin, stdout)
    finally:
        server.worker.shutdown(wait=False, cancel_futures=True)
    return 0 if server.shut_down else 1
