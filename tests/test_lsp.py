"""`claimcheck lsp` end to end: a real server process driven by pytest-lsp's client.

The subject is a library service's annual page (not the bundled one), its registry and the
page written here. Each planted error has a clean twin that must raise no diagnostic at all.
The server runs under a guard that records (and refuses) any name resolution or connection
beyond loopback, so a test can tell that no network was touched.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from claimcheck.loader import parse_registry
from claimcheck.lsp.actions import REASON_TO_WRITE

# One server for the module (its start is most of a test's time), one folder per test.
pytestmark = pytest.mark.asyncio(loop_scope="module")

TODAY = "2026-11-24"

PAGE = """\
# Harbourside Libraries in 2025

Harbourside's libraries lent 412,300 books in 2025, the most in a decade.

Membership reached 4,875 active members by December 2025.

Across the service, branches were open for 312 hours a week.
"""

REGISTRY = """\
# Harbourside Libraries: the claims of the 2025 page.
version: 1
page:
  title: Harbourside Libraries in 2025
  path: page.md
  as_of: 2025-12
sources:
  - id: annual_return_2025
    title: Harbourside Libraries annual return 2025
    kind: dataset
    url: https://libraries.example.org/annual-return-2025
    accessed: 2026-01-15
claims:
  - id: loans_2025
    text: Harbourside's libraries lent 412,300 books in 2025.
    kind: figure
    value: 412300
    unit: books
    period: 2025
    mentions: ["lent 412,300 books in 2025"]
    citations:
      - {source: annual_return_2025, locator: table 1}
    review: {status: verified, on: 2026-01-20}
  - id: members_2025
    text: Membership reached 4,875 active members by December 2025.
    kind: figure
    value: 4875
    unit: members
    as_of: 2025-12
    mentions:
      - 4,875 active members
    citations:
      - {source: annual_return_2025, locator: table 2}
    review: {status: verified, on: 2026-01-20}
  - id: opening_hours
    text: Branches were open for 312 hours a week in all.
    kind: figure
    value: 312
    unit: hours a week
    mentions: ["open for 312 hours a week"]
    citations:
      - {source: annual_return_2025, locator: table 3}
    review: {status: verified, on: 2026-01-20}
"""

#: The planted error: the registry says 4,785 (value and text) where its own mention says
#: 4,875 (C001).
PLANTED = REGISTRY.replace("value: 4875", "value: 4785").replace("reached 4,875", "reached 4,785")

#: Records, then refuses, any resolution or connection beyond loopback, then runs the CLI.
GUARD = """\
import os, socket, sys
LOG = os.environ["CLAIMCHECK_TEST_NETLOG"]
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
def refuse(what):
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(what + "\\n")
    raise OSError("the test refuses the network: " + what)
real_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name not in LOOPBACK:
        refuse("resolve " + name)
    return real_getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = getaddrinfo
real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
def guarded(real):
    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOOPBACK:
            refuse("connect " + str(address))
        return real(self, address)
    return connect
socket.socket.connect = guarded(real_connect)
socket.socket.connect_ex = guarded(real_connect_ex)
sys.argv[0] = "claimcheck"
from claimcheck.cli import main
main()
"""


class Client(LanguageClient):
    """pytest-lsp's client, keeping every file's last diagnostics with their version and the
    order they came in (a publication is never missed, however early it arrives)."""

    def __init__(self) -> None:
        from pygls.protocol import default_converter
        from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

        super().__init__(converter_factory=default_converter)
        self.published: dict[str, tuple[int, types.PublishDiagnosticsParams]] = {}
        self.count = 0

        def publish(client: Client, params: types.PublishDiagnosticsParams) -> None:
            client.count += 1
            client.published[params.uri] = (client.count, params)

        features = {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish}
        register_lsp_features(self, features)


class Workspace:
    """A folder with a registry and its page, and a client talking to a server there."""

    def __init__(self, root: Path, client: Client) -> None:
        self.root = root
        self.client = client
        self.versions: dict[str, int] = {}

    def uri(self, name: str) -> str:
        return (self.root / name).resolve().as_uri()

    def open(self, name: str, text: str | None = None) -> str:
        """Open a file in the editor (its text on disk unless given)."""
        uri = self.uri(name)
        if text is None:
            text = (self.root / name).read_text(encoding="utf-8")
        self.versions[uri] = 1
        language = "yaml" if name.endswith(".yaml") else "markdown"
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
        )
        return uri

    def change(self, name: str, text: str) -> int:
        """Replace a buffer's whole text (the file on disk stays as it is); its version."""
        uri = self.uri(name)
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=self.versions[uri], uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )
        return self.versions[uri]

    def mark(self) -> int:
        """How many publications have come: `diagnostics(after=)` waits for a later one."""
        return self.client.count

    def seq(self, uri: str) -> int:
        """When the last diagnostics of `uri` came (a page's follow its registry's)."""
        return self.client.published[uri][0]

    async def both(
        self, registry: str | None = None, page: str | None = None
    ) -> tuple[list[types.Diagnostic], list[types.Diagnostic]]:
        """Open the page then the registry (their texts on disk unless given); the
        diagnostics of both, from the run of both buffers."""
        page_uri = self.open("page.md", page)
        registry_uri = self.open("claims.yaml", registry)
        found = await self.diagnostics(registry_uri, 1)
        return found, await self.diagnostics(page_uri, 1, after=self.seq(registry_uri) - 1)

    async def diagnostics(
        self, uri: str, version: int | None = None, *, after: int = 0
    ) -> list[types.Diagnostic]:
        """The diagnostics published for `uri`: for `version` of it, or after `after`."""
        deadline = time.monotonic() + 30
        while True:
            seen = self.client.published.get(uri)
            if seen is not None and seen[0] > after and version in (None, seen[1].version):
                return list(seen[1].diagnostics)
            assert time.monotonic() < deadline, f"no diagnostics for {uri} ({version}, {after})"
            await asyncio.sleep(0.01)

    async def cleared(self, uri: str, *, after: int) -> list[types.Diagnostic]:
        """The diagnostics for `uri` once they are empty, or the last published after `after`
        when they never are (within 10 s). A check of the other file, closed first, may
        publish this one's again before its own close clears them."""
        deadline = time.monotonic() + 10
        while True:
            last = await self.diagnostics(uri, after=after)
            if not last or time.monotonic() > deadline:
                return last
            await asyncio.sleep(0.01)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / ".git").mkdir()  # the repository the page's path is confined to
    (root / "page.md").write_text(PAGE, encoding="utf-8")
    (root / "claims.yaml").write_text(REGISTRY, encoding="utf-8")
    return root


@dataclass(frozen=True)
class Server:
    client: Client
    #: Its cache folder (XDG_CACHE_HOME), and where the guard writes what it refused.
    cache: Path
    netlog: Path


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Server]:
    base = tmp_path_factory.mktemp("lsp")
    netlog = base / "network.log"
    # No CLAIMCHECK_OFFLINE: the server is offline of its own accord.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_")}
    env.update(
        CLAIMCHECK_TEST_NETLOG=str(netlog),
        XDG_CACHE_HOME=str(base / "cache"),
        PYTHONPATH=os.pathsep.join(sys.path),
    )
    config = ClientServerConfig(
        [sys.executable, "-c", GUARD, "lsp", "--today", TODAY],
        client_factory=Client,
        server_env=env,
    )
    client = await config.start()
    assert isinstance(client, Client)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                workspace=types.WorkspaceClientCapabilities(
                    workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)
                )
            ),
            root_uri=base.as_uri(),
            workspace_folders=[types.WorkspaceFolder(base.as_uri(), "tests")],
        )
    )
    yield Server(client, base / "cache", netlog)
    await client.shutdown_session()
    await client.stop()  # type: ignore[no-untyped-call]
    assert not netlog.exists(), netlog.read_text(encoding="utf-8")


@pytest_asyncio.fixture(loop_scope="module")
async def ws(server: Server, folder: Path) -> AsyncIterator[Workspace]:
    workspace = Workspace(folder, server.client)
    yield workspace
    for uri in workspace.versions:  # the next test starts with nothing open
        server.client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )
    # Whatever the test did, the server resolved no name and opened no connection.
    assert not server.netlog.exists(), server.netlog.read_text(encoding="utf-8")


def _at(text: str, needle: str, nth: int = 0) -> types.Position:
    """The position of a needle in a text (UTF-16 units, as the client counts)."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return types.Position(line, len(text[start:offset].encode("utf-16-le")) // 2)


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """A text with LSP edits applied (last first, as a client does)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(p: types.Position) -> int:
        line = lines[p.line] if p.line < len(lines) else ""
        units = 0
        column = 0
        while column < len(line) and units < p.character:
            units += len(line[column].encode("utf-16-le")) // 2
            column += 1
        return (starts[p.line] if p.line < len(starts) else len(text)) + column

    spans = [(offset(e.range.start), offset(e.range.end), e.new_text) for e in edits]
    for start, end, new in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _edits(action: types.CodeAction | types.Command) -> tuple[str, list[types.TextEdit]]:
    assert isinstance(action, types.CodeAction) and action.edit is not None
    changes = action.edit.document_changes
    assert changes is not None and len(changes) == 1
    change = changes[0]
    assert isinstance(change, types.TextDocumentEdit)
    return change.text_document.uri, [e for e in change.edits if isinstance(e, types.TextEdit)]


# --- diagnostics ---------------------------------------------------------------------------


async def test_a_clean_registry_and_its_page_have_no_diagnostics(ws: Workspace) -> None:
    assert await ws.both() == ([], [])


async def test_a_planted_mismatch_is_reported_at_its_mention(ws: Workspace) -> None:
    registry = ws.open("claims.yaml", PLANTED)  # the buffer, not the file on disk
    found = await ws.diagnostics(registry, 1)
    assert [d.code for d in found] == ["C001"]
    (diagnostic,) = found
    start = _at(PLANTED, "- 4,875 active members")
    start.character += 2
    assert diagnostic.range == types.Range(start, types.Position(start.line, start.character + 20))
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.source == "claimcheck"
    assert diagnostic.code_description is not None
    assert "4,875" in diagnostic.message and "4785" in diagnostic.message
    # Mended in the buffer, the diagnostic goes; planted again, it is back.
    ws.change("claims.yaml", REGISTRY)
    assert await ws.diagnostics(registry, 2) == []
    ws.change("claims.yaml", PLANTED)
    assert [d.code for d in await ws.diagnostics(registry, 3)] == ["C001"]


async def test_a_leading_bom_is_read_as_a_file_is_read(ws: Workspace) -> None:
    """Planted: a buffer starting with U+FEFF (a client that keeps the file's BOM) was read
    with it, so `\ufeffversion` was an unknown field (R007) and `version` missing (R008),
    though `verify` reads the file fine. Now: nothing on the clean registry, as without the
    BOM (its twin); a finding on the first line is placed after the BOM, as the client counts."""
    bom = "\ufeff"
    registry, page = await ws.both(registry=bom + REGISTRY, page=bom + PAGE)
    assert (registry, page) == ([], [])
    uri = ws.uri("claims.yaml")
    ws.change("claims.yaml", bom + PLANTED)
    assert [d.code for d in await ws.diagnostics(uri, 2)] == ["C001"]
    first = bom + REGISTRY.replace(
        "# Harbourside Libraries: the claims of the 2025 page.\nversion: 1", "version: 7"
    )
    ws.change("claims.yaml", first)
    (diagnostic,) = await ws.diagnostics(uri, 3)
    assert diagnostic.code == "R002"
    assert diagnostic.range.start == _at(first, "7") == types.Position(0, 10)


async def test_a_page_starting_with_a_bom_places_its_first_line_figure(ws: Workspace) -> None:
    text = "\ufeffLibraries lent 9,120 e-books.\n" + PAGE
    registry, found = await ws.both(page=text)
    assert registry == [] and [d.code for d in found] == ["P001"]
    start = _at(text, "9,120")
    assert found[0].range == types.Range(start, types.Position(0, start.character + 5))


async def test_an_unregistered_figure_on_the_page_is_reported_where_it_stands(
    ws: Workspace,
) -> None:
    text = PAGE + "\nVolunteers gave 1,960 hours of their time.\n"
    registry, found = await ws.both(page=text)
    assert registry == []
    assert [d.code for d in found] == ["P001"]
    start = _at(text, "1,960")
    # The figure as P001 names it, its unit's word too ("1,960 hours").
    assert found[0].range == types.Range(start, types.Position(start.line, start.character + 11))
    assert found[0].severity == types.DiagnosticSeverity.Warning
    version = ws.change("page.md", PAGE)  # its clean twin
    assert await ws.diagnostics(ws.uri("page.md"), version) == []


#: An HTML page whose lines hold characters of two UTF-16 units where the prose has one
#: filler each (in a tag, in an entity), before the figures on the same line.
HTML_PAGE = """\
<html><body><main>
<h1>Harbourside Libraries in 2025</h1>
<p><img alt="\U0001f389\U0001f389\U0001f389" src="x.png"> Visits rose to 312,000.</p>
<p>&#x1F389; Guests: 1,250 came.</p>
<p>The <b title="\U0001f4da">\U0001f4da</b> mobile library made <b>9,400</b> stops.</p>
</main></body></html>
"""


def _covered(text: str, found: list[types.Diagnostic]) -> list[str]:
    """What each diagnostic's range covers, as the client counts (UTF-16 units)."""
    lines = text.split("\n")
    out = []
    for d in found:
        assert d.range.start.line == d.range.end.line
        units = lines[d.range.start.line].encode("utf-16-le")
        out.append(
            units[2 * d.range.start.character : 2 * d.range.end.character].decode("utf-16-le")
        )
    return sorted(out)


@pytest.mark.parametrize("wide", [True, False])
async def test_an_html_pages_figures_are_placed_as_the_client_counts_open_or_not(
    ws: Workspace, wide: bool
) -> None:
    # Not open, the units were counted in the prose (a blanked emoji one filler, not two
    # units): the range was `to 312,` and `,250 c`. Open, a range ran on into the tag
    # (`312,000.</p>`, `9,400</b>`). Its twin: the page without the wide characters.
    page = HTML_PAGE if wide else HTML_PAGE.replace("\U0001f389", "x").replace("\U0001f4da", "b")
    if not wide:
        page = page.replace("&#x1F389;", "&#x00040;")
    (ws.root / "page.html").write_text(page, encoding="utf-8")
    registry = ws.open(
        "claims.yaml", "version: 1\npage: {title: Harbourside, path: page.html}\nclaims: []\n"
    )
    await ws.diagnostics(registry, 1)
    expected = ["1,250", "312,000", "9,400"]
    found = await ws.diagnostics(ws.uri("page.html"), after=ws.seq(registry) - 1)
    assert _covered(page, found) == expected
    opened = ws.open("page.html")
    assert _covered(page, await ws.diagnostics(opened, 1)) == expected


@pytest.mark.parametrize("kind", ["figgure", '"figgure"'])
async def test_a_value_in_a_flow_mapping_is_ranged_alone(ws: Workspace, kind: str) -> None:
    # The range ran to the end of the line: `figgure, value: 4875, ...}`.
    text = REGISTRY.replace(
        """  - id: opening_hours
    text: Branches were open for 312 hours a week in all.
    kind: figure
    value: 312
""",
        f"""  - {{id: opening_hours, text: "Branches were open for 312 hours a week in all.",
     kind: {kind}, value: 312,
""",
    ).replace(
        """    unit: hours a week
    mentions: ["open for 312 hours a week"]
    citations:
      - {source: annual_return_2025, locator: table 3}
    review: {status: verified, on: 2026-01-20}
""",
        """     unit: hours a week, mentions: ["open for 312 hours a week"],
     citations: [{source: annual_return_2025, locator: table 3}],
     review: {status: verified, on: 2026-01-20}}
""",
    )
    parse_registry(text.replace(kind, "figure"), "claims.yaml")  # the twin is valid
    registry = ws.open("claims.yaml", text)
    found = [d for d in await ws.diagnostics(registry, 1) if d.code == "R002"]
    assert _covered(text, found) == [kind]
    version = ws.change("claims.yaml", text.replace(kind, "figure"))
    assert await ws.diagnostics(registry, version) == []


async def test_the_page_alone_finds_its_registry(ws: Workspace) -> None:
    (ws.root / "claims.yaml").write_text(PLANTED, encoding="utf-8")
    page = ws.open("page.md", PAGE + "\nThe mobile library made 48 stops.\n")
    assert [d.code for d in await ws.diagnostics(page)] == ["P001"]


@pytest.mark.parametrize("edited", [True, False])
async def test_closing_a_registry_its_page_path_edited_gives_the_open_page_its_registry_back(
    ws: Workspace, edited: bool
) -> None:
    # The page the file names, open, was left with no diagnostics once the registry buffer
    # that named another page was closed unsaved; editing the page did not bring them back.
    # Its twin: the buffer closed unedited.
    (ws.root / "other.md").write_text(PAGE, encoding="utf-8")
    page = ws.open("page.md", PAGE + "\nThe mobile library made 48 stops.\n")
    assert [d.code for d in await ws.diagnostics(page)] == ["P001"]
    registry = ws.open("claims.yaml")
    await ws.diagnostics(registry, 1)
    if edited:
        mark = ws.mark()
        version = ws.change("claims.yaml", REGISTRY.replace("path: page.md", "path: other.md"))
        await ws.diagnostics(registry, version)
        assert await ws.cleared(page, after=mark) == []
    mark = ws.mark()
    ws.client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(registry))
    )
    del ws.versions[registry]
    found = await ws.diagnostics(page, after=mark) if edited else await ws.diagnostics(page)
    assert [d.code for d in found] == ["P001"]
    version = ws.change("page.md", PAGE + "\nThe mobile library made 49 stops.\n")
    assert [d.code for d in await ws.diagnostics(page, version)] == ["P001"]


async def test_closing_the_registry_and_its_page_clears_their_diagnostics(
    ws: Workspace,
) -> None:
    text = PAGE + "\nThe mobile library made 48 stops.\n"
    registry, page = await ws.both(PLANTED, text)
    assert [d.code for d in registry] == ["C001"] and [d.code for d in page] == ["P001"]
    mark = ws.mark()
    for uri in (ws.uri("page.md"), ws.uri("claims.yaml")):
        ws.client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )
    assert await ws.cleared(ws.uri("claims.yaml"), after=mark) == []
    assert await ws.cleared(ws.uri("page.md"), after=mark) == []
    ws.versions.clear()


async def test_positions_are_counted_as_the_client_counts_them(ws: Workspace) -> None:
    # An emoji is two UTF-16 units: the range after it must count it so.
    text = PLANTED.replace(
        "      - 4,875 active members", '      - "\U0001f4da 4,875 active members"'
    )
    registry = ws.open("claims.yaml", text)
    (diagnostic,) = await ws.diagnostics(registry, 1)
    assert diagnostic.code == "C001"
    assert diagnostic.range.start == _at(text, '"\U0001f4da 4,875')
    assert diagnostic.range.end.character == diagnostic.range.start.character + 25


async def test_a_registry_that_is_not_yaml_is_one_error_at_its_place(ws: Workspace) -> None:
    text = REGISTRY.replace("  - id: opening_hours", "  - id: [opening_hours")
    registry = ws.open("claims.yaml", text)
    found = await ws.diagnostics(registry, 1)
    assert [d.code for d in found] == ["R001"]
    assert found[0].severity == types.DiagnosticSeverity.Error


@pytest.mark.parametrize("char", ["\x00", "\ud800"])
async def test_a_character_yaml_stops_at_is_one_error_at_its_place(
    ws: Workspace, char: str
) -> None:
    # A NUL ended the document there (two R008s, as if the entry ended at it); a lone
    # surrogate, which only a buffer can hold, crashed the run.
    registry = ws.open("claims.yaml")
    for needle in ("id: members_2025", "title: Harbourside Libraries annual return"):
        text = REGISTRY.replace(needle, needle[:6] + char + needle[6:])
        found = await ws.diagnostics(registry, ws.change("claims.yaml", text))
        assert [d.code for d in found] == ["R001"]
        assert found[0].range.start == _at(text, char)
    # The twin: the same place with an ordinary character.
    text = REGISTRY.replace("id: members_2025", "id: member__2025")
    assert await ws.diagnostics(registry, ws.change("claims.yaml", text)) == []


async def test_a_page_path_out_of_the_repository_is_refused_where_it_is_written(
    ws: Workspace,
) -> None:
    text = REGISTRY.replace("  path: page.md", "  path: ../../etc/passwd")
    registry = ws.open("claims.yaml", text)
    (found,) = await ws.diagnostics(registry, 1)
    assert found.code == "page" and "outside the repository" in found.message
    assert found.range.start == _at(text, "../../etc/passwd")


async def test_no_network_is_touched_and_links_come_from_the_cache(
    ws: Workspace, server: Server
) -> None:
    from claimcheck.links.cache import LinkCache
    from claimcheck.links.model import Hop, LinkResult, Verdict

    url = "https://libraries.example.org/cached/annual-return-2025"
    moved = "https://libraries.example.org/reports/annual-return-2025"
    cache = LinkCache(server.cache / "claimcheck" / "links.sqlite3", 86400)
    cache.put(LinkResult(url, Verdict.REDIRECTED, 200, moved, (Hop(301, url),)), time.time())
    cache.close()
    more = REGISTRY.replace(
        "https://libraries.example.org/", url.removesuffix("annual-return-2025")
    )
    more = more.replace(
        "sources:\n",
        "sources:\n  - id: elsewhere\n    title: A source nobody cached\n"
        "    url: https://stats.example.net/table\n",
    )
    registry = ws.open("claims.yaml", more)
    found = await ws.diagnostics(registry, 1)
    codes = sorted(str(d.code) for d in found)
    assert codes == ["L003", "R006"]  # the redirect, from the cache; the unused source
    assert moved in next(d.message for d in found if d.code == "L003")
    unused = next(d for d in found if d.code == "R006")
    assert list(unused.tags or ()) == [types.DiagnosticTag.Unnecessary]
    # The fixture asserts afterwards that the guard saw no resolution or connection.


# --- hover, definition, completion ---------------------------------------------------------


async def test_hover_on_a_claim_id_shows_the_claim_its_sources_and_verdicts(
    ws: Workspace,
) -> None:
    _snapshot(ws.root, "The return counts 412,300 books lent in 2025 across all branches.")
    registry = ws.open("claims.yaml")
    await ws.diagnostics(registry, 1)
    hover = await ws.client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(registry), _at(REGISTRY, "loans_2025"))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    text = hover.contents.value
    assert "**loans\\_2025**" not in text and "**loans_2025**" in text
    assert "412300 books" in text and "`annual_return_2025`" in text
    assert "*supported*" in text  # the snapshot's verdict
    assert hover.range == types.Range(
        _at(REGISTRY, "loans_2025"),
        types.Position(
            _at(REGISTRY, "loans_2025").line, _at(REGISTRY, "loans_2025").character + 10
        ),
    )


async def test_hover_on_a_page_figure_shows_the_claim_that_mentions_it(ws: Workspace) -> None:
    ws.open("claims.yaml")
    page = ws.open("page.md")
    await ws.diagnostics(page)
    hover = await ws.client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(page), _at(PAGE, "4,875"))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "**members_2025**" in hover.contents.value
    assert "4875 members" in hover.contents.value


@pytest.mark.parametrize(
    ("registry_text", "claim", "figure", "said"),
    [
        (PLANTED, "members_2025", "4,875", "- C001 error: "),
        (
            REGISTRY.replace(
                "    citations:\n      - {source: annual_return_2025, locator: table 3}\n", ""
            ),
            "opening_hours",
            "312",
            "- S001 warning: figure claim has no citation",
        ),
    ],
)
async def test_hover_on_a_claim_with_findings_lists_them(
    ws: Workspace, registry_text: str, claim: str, figure: str, said: str
) -> None:
    # Hover read each finding as a dict where it is a struct: it crashed on any finding.
    page = ws.open("page.md")
    registry = ws.open("claims.yaml", registry_text)
    await ws.diagnostics(registry, 1)
    for uri, where in ((registry, _at(registry_text, claim)), (page, _at(PAGE, figure))):
        hover = await ws.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), where)
        )
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        text = hover.contents.value
        assert f"**{claim}**" in text and "**Findings**" in text and said in text
    # The twin: the clean registry's claim has no findings to list.
    ws.change("claims.yaml", REGISTRY)
    await ws.diagnostics(registry, 2)
    hover = await ws.client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(registry), _at(REGISTRY, claim))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert f"**{claim}**" in hover.contents.value
    assert "**Findings**" not in hover.contents.value


async def test_definition_goes_from_a_citation_to_its_source(ws: Workspace) -> None:
    registry = ws.open("claims.yaml")
    await ws.diagnostics(registry, 1)
    where = _at(REGISTRY, "annual_return_2025", nth=2)  # in the second claim's citation
    found = await ws.client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(registry), where)
    )
    assert isinstance(found, types.Location)
    assert found.uri == registry
    assert found.range.start == _at(REGISTRY, "annual_return_2025")  # `- id: annual_return_2025`
    # From the page, to the registry's mention of the figure.
    page = ws.open("page.md")
    await ws.diagnostics(page)
    found = await ws.client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(page), _at(PAGE, "312"))
    )
    assert isinstance(found, types.Location) and found.uri == registry
    assert found.range.start.line == _at(REGISTRY, '"open for 312').line


async def _complete(ws: Workspace, text: str, at: types.Position) -> list[types.CompletionItem]:
    registry = ws.open("claims.yaml", text)
    await ws.diagnostics(registry, 1)
    found = await ws.client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(registry), at)
    )
    assert isinstance(found, types.CompletionList)
    return list(found.items)


async def test_completion_offers_source_ids_after_source(ws: Workspace) -> None:
    text = REGISTRY.replace("{source: annual_return_2025, locator: table 3}", "{source: ann")
    at = _at(text, "{source: ann")
    items = await _complete(ws, text, types.Position(at.line, at.character + 12))
    assert [i.label for i in items] == ["annual_return_2025"]
    assert items[0].detail == "Harbourside Libraries annual return 2025"
    edit = items[0].text_edit
    assert isinstance(edit, types.TextEdit)
    assert edit.range.start.character == at.character + 9  # replaces "ann"


async def test_completion_offers_the_fields_a_claim_lacks(ws: Workspace) -> None:
    text = REGISTRY.replace("    unit: hours a week\n", "    unit: hours a week\n    qu\n")
    at = _at(text, "    qu\n")
    items = await _complete(ws, text, types.Position(at.line, 6))
    labels = {i.label for i in items}
    assert {"qualifier", "measure", "period", "tags", "notes"} <= labels
    assert not labels & {"id", "text", "kind", "value", "unit", "mentions", "citations"}
    assert "title" not in labels  # a source's field, not a claim's


async def test_completion_inside_a_flow_mapping_offers_a_citations_fields(
    ws: Workspace,
) -> None:
    text = REGISTRY.replace(
        "{source: annual_return_2025, locator: table 3}", "{source: annual_return_2025, q"
    )
    at = _at(text, "annual_return_2025, q")
    items = await _complete(ws, text, types.Position(at.line, at.character + 21))  # after q
    labels = {i.label for i in items}
    assert labels == {"locator", "quote", "note"}  # `source` is written already


async def test_completion_offers_a_fields_allowed_values(ws: Workspace) -> None:
    text = REGISTRY.replace("    kind: dataset\n", "    kind: \n")
    at = _at(text, "    kind: \n")
    items = await _complete(ws, text, types.Position(at.line, 10))
    labels = [i.label for i in items]
    assert {"dataset", "report", "government"} <= set(labels)
    assert "assessment" not in labels  # a claim's kind


# --- code actions --------------------------------------------------------------------------


async def _actions(ws: Workspace, uri: str, where: types.Range) -> list[types.CodeAction]:
    found = await ws.client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri), where, types.CodeActionContext(diagnostics=[])
        )
    )
    return [a for a in found or () if isinstance(a, types.CodeAction)]


async def test_register_this_figure_appends_its_drafted_claim(ws: Workspace) -> None:
    text = PAGE + "\nVolunteers gave 1,960 hours of their time.\n"
    _, (diagnostic,) = await ws.both(page=text)
    page, registry = ws.uri("page.md"), ws.uri("claims.yaml")
    actions = await _actions(ws, page, diagnostic.range)
    register = [a for a in actions if a.title.startswith("Register")]
    assert register and register[0].is_preferred
    assert [d.code for d in register[0].diagnostics or ()] == ["P001"]
    uri, edits = _edits(register[0])
    assert uri == registry
    edited = _apply(REGISTRY, edits)
    assert edited.startswith(REGISTRY)  # appended: every other byte kept
    claim = parse_registry(edited, "claims.yaml").registry.claims[-1]
    assert claim.value == 1960 and claim.kind == "figure"
    assert claim.mentions and "1,960" in claim.mentions[0]
    version = ws.change("claims.yaml", edited)
    assert [d.code for d in await ws.diagnostics(registry, version)] == ["S001"]  # to source
    assert await ws.diagnostics(page, after=ws.seq(registry)) == []


@pytest.mark.parametrize(
    ("tail", "own"),
    [("    # the hours are the total of all branches\n", True), ("# more to come\n", False)],
)
async def test_register_this_figure_leaves_the_last_claims_comment_in_it(
    ws: Workspace, tail: str, own: bool
) -> None:
    # The new claim went in above a comment indented into the last claim, which then sat
    # inside the new entry. Its twin: a comment at the left margin stays below the new claim.
    registry_text = REGISTRY + tail
    text = PAGE + "\nVolunteers gave 1,960 hours of their time.\n"
    _, (diagnostic,) = await ws.both(registry=registry_text, page=text)
    actions = await _actions(ws, ws.uri("page.md"), diagnostic.range)
    register = next(a for a in actions if a.title.startswith("Register"))
    (edit,) = _edits(register)[1]
    assert edit.new_text.strip().startswith("- id: ")
    edited = _apply(registry_text, [edit])
    new = edited.index(edit.new_text.strip())
    assert (edited.index(tail) < new) is own
    assert edited.replace(edit.new_text, "", 1) == registry_text  # only the new claim added


async def test_add_this_mention_adds_the_figure_to_the_claim_of_that_value(
    ws: Workspace,
) -> None:
    text = PAGE + "\nThat makes 412,300 books lent across the borough.\n"
    _, (diagnostic,) = await ws.both(page=text)
    page, registry = ws.uri("page.md"), ws.uri("claims.yaml")
    actions = await _actions(ws, page, diagnostic.range)
    mention = [a for a in actions if "as a mention of `loans_2025`" in a.title]
    assert len(mention) == 1
    _, edits = _edits(mention[0])
    edited = _apply(REGISTRY, edits)
    claims = parse_registry(edited, "claims.yaml").registry.claims
    assert len(claims[0].mentions) == 2 and "412,300" in claims[0].mentions[1]
    assert edited == REGISTRY.replace(
        '["lent 412,300 books in 2025"]',
        f'["lent 412,300 books in 2025", "{claims[0].mentions[1]}"]',
    )
    version = ws.change("claims.yaml", edited)
    assert await ws.diagnostics(registry, version) == []
    assert await ws.diagnostics(page, after=ws.seq(registry)) == []


async def test_add_a_missing_kind(ws: Workspace) -> None:
    text = REGISTRY.replace("    kind: figure\n    value: 312\n", "    value: 312\n")
    registry = ws.open("claims.yaml", text)
    found = await ws.diagnostics(registry, 1)
    missing = next(d for d in found if d.code == "R008")
    actions = await _actions(ws, registry, missing.range)
    kinds = [a for a in actions if a.title.startswith("Add `kind:")]
    assert kinds[0].title == "Add `kind: figure` to `opening_hours`" and kinds[0].is_preferred
    assert len(kinds) == 6
    _, edits = _edits(kinds[0])
    edited = _apply(text, edits)
    assert edited == REGISTRY  # on its own line after `text:`, every other byte kept
    ws.change("claims.yaml", edited)
    assert await ws.diagnostics(registry, 2) == []


async def test_mark_reviewed_with_the_reason_the_snapshot_gives(ws: Workspace) -> None:
    _snapshot(ws.root, "The return counts 412,300 books lent in 2025 across all branches.")
    text = REGISTRY.replace(
        "      - {source: annual_return_2025, locator: table 1}\n"
        "    review: {status: verified, on: 2026-01-20}\n",
        "      - {source: annual_return_2025, locator: table 1}\n"
        "    review:\n      status: unverified\n      by: desk\n",
    )
    registry = ws.open("claims.yaml", text)
    await ws.diagnostics(registry, 1)
    where = _at(text, "lent 412,300 books in 2025.")
    actions = await _actions(ws, registry, types.Range(where, where))
    titles = [a.title for a in actions]
    assert "Mark `loans_2025` verified: annual_return_2025 supports it" in titles
    chosen = next(a for a in actions if a.title.startswith("Mark `loans_2025` verified:"))
    _, edits = _edits(chosen)
    edited = _apply(text, edits)
    claim = parse_registry(edited, "claims.yaml").registry.claims[0]
    assert claim.review is not None and claim.review.status == "verified"
    assert str(claim.review.on) == TODAY and claim.review.by == "desk"
    assert claim.review.note is not None and "supported" in claim.review.note
    # The block stays a block, its status replaced where it stands, `on` and `note` added.
    assert "    review:\n      status: verified\n      on: " in edited
    assert edited.count("\n") == text.count("\n") + 2
    # A claim the snapshot does not bear out (4,875 is not in it) may be marked disputed.
    where = _at(text, "Membership reached")
    actions = await _actions(ws, registry, types.Range(where, where))
    disputed = [a for a in actions if a.title.startswith("Mark `members_2025` disputed")]
    assert len(disputed) == 1
    edited = _apply(text, _edits(disputed[0])[1])
    review = parse_registry(edited, "claims.yaml").registry.claims[1].review
    assert review is not None and review.status == "disputed" and review.note


async def test_mark_reviewed_without_a_verdict_leaves_the_reason_to_write(
    ws: Workspace,
) -> None:
    text = REGISTRY.replace(
        "review: {status: verified, on: 2026-01-20}", "review: {status: unverified}", 1
    )
    registry = ws.open("claims.yaml", text)
    await ws.diagnostics(registry, 1)
    where = _at(text, "loans_2025")
    actions = await _actions(ws, registry, types.Range(where, where))
    (action,) = [a for a in actions if "loans_2025" in a.title]
    assert action.title == "Mark `loans_2025` verified (write the reason in its note)"
    edited = _apply(text, _edits(action)[1])
    assert edited == text.replace(
        "review: {status: unverified}",
        f'review: {{status: verified, on: {TODAY}, note: "{REASON_TO_WRITE}"}}',
    )


#: A written review: comments on it and in it, who, and the note of a dispute.
DISPUTED = """\
    review:
      # asked the desk on 3 Feb
      status: disputed   # Jane: the return says 4,785
      by: Jane
      note: table 2 gives 4,785 full-time equivalents
      # TODO follow up
"""


@pytest.mark.parametrize(
    ("review", "claim", "kept"),
    [
        (DISPUTED, "members_2025", ["# asked the desk", "# Jane: the return", "# TODO follow"]),
        (
            "    review: {status: disputed, by: Jane,  # the desk\n"
            '             note: "table 2 gives 4,785 full-time equivalents"}\n',
            "opening_hours",
            ["by: Jane,  # the desk\n"],
        ),
    ],
)
async def test_mark_reviewed_keeps_the_reviews_comments_and_its_earlier_note(
    ws: Workspace, review: str, claim: str, kept: list[str]
) -> None:
    # The review was written anew as one flow line: its comments and the dispute's note lost.
    lines = REGISTRY.split("\n")
    at = next(i for i, line in enumerate(lines) if f"id: {claim}" in line)
    end = next(i for i in range(at, len(lines)) if lines[i].startswith("    review:"))
    text = "\n".join(lines[:end]) + "\n" + review + "\n".join(lines[end + 1 :])
    registry = ws.open("claims.yaml", text)
    await ws.diagnostics(registry, 1)
    where = _at(text, f"id: {claim}")
    actions = await _actions(ws, registry, types.Range(where, where))
    (action,) = [a for a in actions if a.title.startswith(f"Mark `{claim}` verified")]
    edited = _apply(text, _edits(action)[1])
    for comment in kept:
        assert comment in edited
    marked = next(c for c in parse_registry(edited, "claims.yaml").registry.claims if c.id == claim)
    assert marked.review is not None and marked.review.status == "verified"
    assert str(marked.review.on) == TODAY and marked.review.by == "Jane"
    assert marked.review.note == (
        f"{REASON_TO_WRITE} (earlier disputed: table 2 gives 4,785 full-time equivalents)"
    )
    # Every other line as it was: only the status's, and the note's, changed; `on` added.
    gone = [line for line in text.split("\n") if line not in edited.split("\n")]
    assert all("status: disputed" in line or "note:" in line for line in gone), gone


@pytest.mark.parametrize("chomp", ["|+", "|", ">+", "|2+"])
async def test_mark_reviewed_keeps_a_kept_block_scalars_final_line_breaks(
    ws: Workspace, chomp: str
) -> None:
    # `review:` went in before the blank lines a `|+` keeps, and its text lost them.
    indent = "  " if chomp == "|2+" else ""
    text = REGISTRY.replace(
        "    review: {status: verified, on: 2026-01-20}\n",
        f"    tags: [hours]\n    notes: {chomp}\n"
        f"      {indent}first line\n      {indent}second\n\n\n",
    )
    before = parse_registry(text, "claims.yaml").registry.claims[2]
    registry = ws.open("claims.yaml", text)
    await ws.diagnostics(registry, 1)
    where = _at(text, "id: opening_hours")
    actions = await _actions(ws, registry, types.Range(where, where))
    (action,) = [a for a in actions if a.title.startswith("Mark `opening_hours` verified")]
    edited = _apply(text, _edits(action)[1])
    after = parse_registry(edited, "claims.yaml").registry.claims[2]
    assert after.notes == before.notes and after.review is not None
    assert after.review.status == "verified"


def _snapshot(root: Path, said: str) -> None:
    """A snapshot of the annual return that says `said`, as `claimcheck snapshot` keeps it."""
    from claimcheck.sources.snapshot import build, save
    from claimcheck.sources.text import Document

    registry = parse_registry(REGISTRY, "claims.yaml").registry
    source = registry.sources[0]
    assert source.url is not None
    snapshot = build(
        source,
        source.url,
        registry.claims,
        Document("text", (said,)),
        fetched="2026-11-01",
        final_url=None,
        previous=None,
    )
    save(root / "snapshots", snapshot)


async def test_the_command_line_loads_no_language_server_until_asked() -> None:
    # Start-up is benchmarked: pygls and lsprotocol cost ~0.5 s, and only `lsp` needs them.
    loaded = "'pygls' in sys.modules or 'lsprotocol' in sys.modules"
    probe = await asyncio.create_subprocess_exec(
        sys.executable, "-c", f"import sys, claimcheck.cli; sys.exit({loaded})"
    )
    assert await probe.wait() == 0


async def test_the_guard_sees_a_command_that_does_reach_for_the_network(tmp_path: Path) -> None:
    # Without this, a guard that saw nothing would prove nothing.
    urls = tmp_path / "urls.txt"
    urls.write_text("https://libraries.example.org/annual-return-2025\n", encoding="utf-8")
    netlog = tmp_path / "network.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_")}
    env.update(CLAIMCHECK_TEST_NETLOG=str(netlog), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    command = ["links", "--urls", str(urls), "--online", "--no-cache", "--retries", "0"]
    probe = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        GUARD,
        *command,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    await probe.wait()
    assert "resolve libraries.example.org" in netlog.read_text(encoding="utf-8")
