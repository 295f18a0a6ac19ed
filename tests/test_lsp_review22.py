"""`claimcheck lsp` as review 22 found it, end to end: a real server driven by pytest-lsp.

Each defect is planted (the error the server must show) with a clean twin that must stay
clean, on two subjects of their own: a football club's season, a glacier's melt, a city's
budget, a hospital's waiting list. The client here registers file watchers as an editor
does (`workspace/didChangeWatchedFiles`, dynamic registration, relative patterns). The
deadlines in `Workspace.diagnostics` are hang guards, never timings.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from claimcheck.lsp.analysis import error_code
from claimcheck.lsp.documents import is_registry
from claimcheck.lsp.server import _escape, _matches
from tests.test_lsp import GUARD, Client, Workspace, _at

pytestmark = pytest.mark.asyncio(loop_scope="module")

TODAY = "2025-07-01"

FOOT_PAGE = """\
# Riverside FC: the 2024/25 season

Riverside FC won 21 of their 38 league matches in 2024/25.

The average home attendance was 18,450 in 2024/25.
"""

FOOT = """\
version: 1
page:
  title: Riverside FC season review
  path: page.md
  as_of: 2025-06-30
sources:
  - id: league_tables
    title: League tables 2024/25
    url: https://football.example.org/tables
    accessed: 2025-06-01
claims:
  - id: wins_2425
    text: Riverside FC won 21 of their 38 league matches in 2024/25.
    kind: figure
    value: 21
    unit: matches
    period: 2024/25
    mentions:
      - won 21 of their 38 league matches in 2024/25
    citations:
      - source: league_tables
    review: {status: verified, on: 2025-06-02}
  - id: attendance_2425
    text: The average home attendance was 18,450 in 2024/25.
    kind: figure
    value: 18450
    unit: people
    period: 2024/25
    mentions:
      - average home attendance was 18,450 in 2024/25
    citations:
      - source: league_tables
    review: {status: verified, on: 2025-06-02}
"""

GLACIER_PAGE = """\
# The Rhone glacier in 2024

The Rhone glacier lost 1.2 metres of ice thickness in 2024.
"""

GLACIER = """\
version: 1
page:
  title: The Rhone glacier in 2024
  path: page.md
  as_of: 2024-12
sources:
  - id: glamos_2024
    title: GLAMOS glacier monitoring report 2024
    kind: dataset
    url: https://glamos.example.org/report-2024
    accessed: 2024-11-20
claims:
  - id: rhone_loss_2024
    text: The Rhone glacier lost 1.2 metres of ice thickness in 2024.
    kind: figure
    value: 1.2
    unit: metres
    period: 2024
    mentions: ["lost 1.2 metres of ice thickness"]
    citations:
      - {source: glamos_2024, quote: "the Rhone glacier lost 1.2 metres of ice thickness"}
    review: {status: verified, on: 2024-11-25}
"""

BUDGET_PAGE = """\
Millbrook city budget 2025/26

The city will spend £310 million on services in 2025/26.
"""

BUDGET = """\
version: 1
page:
  title: Millbrook city budget
  path: page.txt
  as_of: 2025-03-01
sources:
  - id: budget_book
    title: Millbrook budget book 2025/26
    url: https://millbrook.example.org/budget
    accessed: 2025-03-01
claims:
  - id: total_spend
    text: The city will spend £310 million on services in 2025/26.
    kind: figure
    value: 310
    unit: GBP million
    period: 2025/26
    mentions: [spend £310 million on services in 2025/26]
    citations: [{source: budget_book}]
    review: {status: verified, on: 2025-03-01}
"""

HOSPITAL_PAGE = """\
# Northfield hospital waiting times

The waiting list at Northfield hospital stood at 14,200 patients in March 2025.
"""

HOSPITAL = """\
version: 1
page:
  title: Northfield hospital waiting times
  path: page.md
  as_of: 2025-04
sources:
  - {id: nhs_rtt, title: NHS referral to treatment statistics, url: "https://nhs.example.org/rtt"}
claims:
  - id: waiting_list
    text: The waiting list at Northfield hospital stood at 14,200 patients in March 2025.
    kind: figure
    value: 14200
    unit: patients
    date: 2025-03
    mentions: ["stood at 14,200 patients in March 2025"]
    citations: [{source: nhs_rtt}]
    review: {status: verified, on: 2025-04-01}
"""

#: Subjects: the registry, its page's name and text.
SUBJECTS = {
    "football": (FOOT, "page.md", FOOT_PAGE),
    "glacier": (GLACIER, "page.md", GLACIER_PAGE),
    "budget": (BUDGET, "page.txt", BUDGET_PAGE),
    "hospital": (HOSPITAL, "page.md", HOSPITAL_PAGE),
}


class Watching(Client):
    """The test client, registering the watchers the server asks for, as an editor does."""

    def __init__(self) -> None:
        super().__init__()
        self.watchers: list[Any] = []

        def register(client: Watching, params: types.RegistrationParams) -> None:
            for registration in params.registrations:
                options = registration.register_options
                found = options.get("watchers", []) if isinstance(options, dict) else []
                client.watchers = list(found)

        def unregister(client: Watching, params: types.UnregistrationParams) -> None:
            return None

        self.feature(types.CLIENT_REGISTER_CAPABILITY)(register)
        self.feature(types.CLIENT_UNREGISTER_CAPABILITY)(unregister)


async def _start(base: Path, env: dict[str, str] | None = None) -> Watching:
    server_env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_")}
    server_env.update(
        CLAIMCHECK_TEST_NETLOG=str(base / "network.log"),
        XDG_CACHE_HOME=str(base / "cache"),
        PYTHONPATH=os.pathsep.join(sys.path),
        **(env or {}),
    )
    config = ClientServerConfig(
        [sys.executable, "-c", GUARD, "lsp", "--today", TODAY],
        client_factory=Watching,
        server_env=server_env,
    )
    client = await config.start()
    assert isinstance(client, Watching)
    watched = types.DidChangeWatchedFilesClientCapabilities(
        dynamic_registration=True, relative_pattern_support=True
    )
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                workspace=types.WorkspaceClientCapabilities(
                    workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
                    did_change_watched_files=watched,
                )
            ),
            root_uri=base.as_uri(),
            workspace_folders=[types.WorkspaceFolder(base.as_uri(), "tests")],
        )
    )
    return client


async def _stop(client: Watching, base: Path) -> None:
    await client.shutdown_session()
    await client.stop()  # type: ignore[no-untyped-call]
    netlog = base / "network.log"
    assert not netlog.exists(), netlog.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lsp22")


#: The registry the server is configured with (CLAIMCHECK_REGISTRY): a candidate for every
#: page opened, written only by the test of a configured registry.
def _configured(base: Path) -> Path:
    return base / "league" / "claims.yaml"


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def client(base: Path) -> AsyncIterator[Watching]:
    started = await _start(base, {"CLAIMCHECK_REGISTRY": str(_configured(base))})
    yield started
    await _stop(started, base)


@pytest_asyncio.fixture(loop_scope="module")
async def ws(client: Watching, tmp_path: Path) -> AsyncIterator[Workspace]:
    root = tmp_path / "site"
    root.mkdir()
    (root / ".git").mkdir()
    workspace = Workspace(root, client)
    yield workspace
    for uri in workspace.versions:
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )


def _write(
    ws: Workspace, subject: str, registry: str | None = None, page: str | None = None
) -> tuple[str, str]:
    """The subject's registry and page on disk (as given, else as written); their names."""
    text, page_name, page_text = SUBJECTS[subject]
    (ws.root / "claims.yaml").write_text(registry or text, encoding="utf-8")
    (ws.root / page_name).write_text(page or page_text, encoding="utf-8")
    return "claims.yaml", page_name


def _changed(ws: Workspace, *names: str) -> None:
    """Tell the server, as the client's watchers would, that files changed on disk."""
    ws.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(ws.uri(name), types.FileChangeType.Changed) for name in names]
        )
    )


def _codes(found: list[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in found)


def _covered(text: str, where: types.Range) -> str:
    """What a range covers of a text (UTF-16 units, one line)."""
    line = text.split("\n")[where.start.line].encode("utf-16-le")
    return line[2 * where.start.character : 2 * where.end.character].decode("utf-16-le")


# --- 1. the page alone, its registry unreadable ---------------------------------------------

BROKEN = {
    "football": ("  - id: attendance_2425\n", "  - id: [attendance_2425\n"),
    "glacier": ("    unit: metres\n", "    unit: metres: m\n"),
}


@pytest.mark.parametrize("subject", sorted(BROKEN))
async def test_the_page_alone_says_its_registry_cannot_be_read(ws: Workspace, subject: str) -> None:
    """Planted: the registry beside the page is not YAML. Opening the page alone gave no
    diagnostics at all (the registry taken up for it was dropped, its page not known),
    though `verify` stops at R001. Now: R001 on the registry, and on the page an error
    saying it is not checked and why. Its twin: the registry mended (in the editor), the
    page's own findings (none) replace it."""
    text, _, _ = SUBJECTS[subject]
    old, new = BROKEN[subject]
    registry, page = _write(ws, subject, registry=text.replace(old, new))
    page_uri = ws.open(page)
    found = await ws.diagnostics(page_uri, 1)
    assert _codes(found) == ["R001"]
    assert "claims.yaml cannot be read (line" in found[0].message
    assert "this page is not checked" in found[0].message
    on_registry = await ws.diagnostics(ws.uri(registry))
    assert _codes(on_registry) == ["R001"]
    mark = ws.mark()
    registry_uri = ws.open(registry, text)
    assert await ws.diagnostics(registry_uri, 1, after=mark) == []
    assert await ws.cleared(page_uri, after=mark) == []


@pytest.mark.parametrize("outside", [True, False])
async def test_a_configured_registry_whose_page_path_leads_out_is_said_on_the_page(
    client: Watching, base: Path, outside: bool
) -> None:
    """Planted: the configured registry names the page through a `page.path` out of its
    repository (its own `.git`). The page opened alone got nothing (the registry was dropped
    as naming no page). Now: the error at `page.path`, and on the page the registry's
    refusal. Its twin: the repository holds both (`.git` above them): the page is checked."""
    league, press = _configured(base).parent, base / "press"
    league.mkdir(exist_ok=True)
    press.mkdir(exist_ok=True)
    marker = league / ".git" if outside else base / ".git"
    marker.mkdir()
    workspace = Workspace(base, client)
    try:
        _configured(base).write_text(
            FOOT.replace("path: page.md", "path: ../press/page.md"), encoding="utf-8"
        )
        (press / "page.md").write_text(FOOT_PAGE, encoding="utf-8")
        mark = workspace.mark()  # the other case's publications are for the same files
        page = workspace.open("press/page.md")
        found = await workspace.diagnostics(page, 1, after=mark)
        registry = await workspace.diagnostics(workspace.uri("league/claims.yaml"), after=mark)
        if outside:
            assert [d.code for d in found] == ["page"]
            assert "names this page but cannot check it" in found[0].message
            assert "outside the repository" in found[0].message
            assert [d.code for d in registry] == ["page"]
            assert "page.path" in registry[0].message
        else:
            assert found == [] and registry == []
    finally:
        for uri in workspace.versions:
            client.text_document_did_close(
                types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
            )
        _configured(base).unlink()
        shutil.rmtree(marker)


# --- 2. a registry by its parsed keys, whatever its name -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"version": 1\nclaims: []\n', True),
        ('{"version": 1, "sources": [], "claims": []}\n', True),
        ("{version: 1, claims: [{id: a, text: b, kind: fact}]}\n", True),
        ("version: 1\nclaims:\n  - id: [broken\n", True),  # does not parse: read by line
        ('"version": 1\n"claims":\n  - [broken\n', True),
        # Twins: YAML that is no registry.
        ('version: "3.8"\nservices:\n  web: {image: nginx}\n', False),
        ("sources:\n  - a\n", False),
        ('{"name": "x", "claims": "none"}\n', False),
    ],
)
async def test_a_registry_is_known_by_its_keys_in_any_style(text: str, expected: bool) -> None:
    assert is_registry(Path("/w/riverside.yaml"), text, "claims.yaml") is expected


@pytest.mark.parametrize("subject", ["football", "hospital"])
async def test_a_registry_of_another_name_is_checked_whatever_its_text_becomes(
    ws: Workspace, subject: str
) -> None:
    """Planted: `season.yaml` (not claims.yaml) lost its `version` line, or quoted it. Its
    diagnostics stayed as they were (a buffer that no longer looked like a registry was
    not checked again), and a fresh file with `"version": 1` got none at all, though
    `verify` gives R008 and C001. Its twin: the quoted version with the value mended is
    clean."""
    text, page_name, page_text = SUBJECTS[subject]
    (ws.root / page_name).write_text(page_text, encoding="utf-8")
    value = "value: 21\n" if subject == "football" else "value: 14200\n"
    planted = text.replace(value, "value: 12\n")
    uri = ws.open("season.yaml", planted)
    assert "C001" in _codes(await ws.diagnostics(uri, 1))
    version = ws.change("season.yaml", planted.replace("version: 1\n", ""))
    assert "R008" in _codes(await ws.diagnostics(uri, version))
    version = ws.change("season.yaml", text.replace("version: 1\n", '"version": 1\n'))
    assert await ws.diagnostics(uri, version) == []
    # A fresh file, flow style, keys quoted: a registry by its keys.
    flow = (
        '{"version": 1, "claims": [{"id": "a", "text": "Twelve.", "kind": "figure",\n'
        '  "value": 12, "unit": "x", "citations": []}]}\n'
    )
    fresh = ws.open("quoted.yaml", flow)
    assert "S001" in _codes(await ws.diagnostics(fresh, 1))


# --- 3. two registries naming one page ----------------------------------------------------

SECOND = {
    "football": ("wages.claims.yaml", "attendance_2425"),
    "hospital": ("beds.claims.yaml", "waiting_list"),
}


@pytest.mark.parametrize("subject", sorted(SECOND))
async def test_two_registries_of_one_page_each_keep_their_diagnostics_there(
    ws: Workspace, subject: str
) -> None:
    """Planted: a second registry names the same page and registers none of its figures.
    Each registry's publication replaced the other's on the page (the protocol replaces a
    file's whole list), and closing one wiped the other's. Now the page has both, each
    message naming its registry, and closing one leaves the other's. Its twin: one
    registry alone, its messages as they are."""
    text, page_name, _ = SUBJECTS[subject]
    second, _ = SECOND[subject]
    _write(ws, subject)
    empty = text.split("claims:\n")[0] + "claims: []\n"
    (ws.root / second).write_text(empty, encoding="utf-8")
    first_uri = ws.open("claims.yaml")
    await ws.diagnostics(first_uri, 1)
    page_uri = ws.uri(page_name)
    assert await ws.diagnostics(page_uri, after=ws.seq(first_uri) - 1) == []  # the twin
    second_uri = ws.open(second)
    await ws.diagnostics(second_uri, 1)
    found = await ws.diagnostics(page_uri, after=ws.seq(second_uri) - 1)
    assert found and all(d.code == "P001" for d in found)
    assert all(d.message.startswith(f"{second}: ") for d in found)
    mark = ws.mark()
    version = ws.change("claims.yaml", text + "\n")  # the first checked again
    await ws.diagnostics(first_uri, version)
    assert await ws.diagnostics(page_uri, after=mark) == found
    mark = ws.mark()
    ws.client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(first_uri))
    )
    del ws.versions[first_uri]
    # The second's stay, no other registry's now to tell them from.
    alone = await ws.diagnostics(page_uri, after=mark)
    assert [f"{second}: {d.message}" for d in alone] == [d.message for d in found]
    assert [d.range for d in alone] == [d.range for d in found]
    mark = ws.mark()
    ws.open("claims.yaml")
    await ws.diagnostics(first_uri, 1)
    ws.client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(second_uri))
    )
    del ws.versions[second_uri]
    assert await ws.cleared(page_uri, after=mark) == []


# --- 4. files changed on disk ----------------------------------------------------------------


def _glob(watcher: Any) -> tuple[str, str]:
    pattern = watcher["globPattern"]
    base_uri = pattern["baseUri"]
    return (base_uri if isinstance(base_uri, str) else base_uri["uri"]), pattern["pattern"]


async def _watching(ws: Workspace, glob: tuple[str, str]) -> set[tuple[str, str]]:
    """The globs the client was last asked to watch, once they hold `glob` (the request
    to register them follows the diagnostics; a hang guard, no timing)."""
    client = ws.client
    assert isinstance(client, Watching)
    deadline = time.monotonic() + 30
    while True:
        globs = {_glob(w) for w in client.watchers}
        if glob in globs:
            return globs
        assert time.monotonic() < deadline, f"never asked to watch {glob}: {globs}"
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("subject", ["football", "hospital"])
async def test_a_page_changed_on_disk_is_checked_again(ws: Workspace, subject: str) -> None:
    """Planted: the page (not open) changed on disk: a registered figure changed. Its
    diagnostics stayed those of the old file for ever (no watcher, no handler). Now the
    server asks the client to watch the page, the snapshots' folder and the link cache, and
    checks again on the client's word. Its twin: the page put back, the finding goes."""
    _, _, page_text = SUBJECTS[subject]
    figure = "18,450" if subject == "football" else "14,200"
    registry, page = _write(ws, subject)
    uri = ws.open(registry)
    await ws.diagnostics(uri, 1)
    page_uri = ws.uri(page)
    assert await ws.diagnostics(page_uri, after=ws.seq(uri) - 1) == []
    folder = ws.root.resolve().as_uri()
    globs = await _watching(ws, (folder, page))
    assert (folder, page) in globs and (folder, registry) in globs
    assert ((ws.root / "snapshots").resolve().as_uri(), "**/*") in globs
    assert any(pattern == "links.sqlite3*" for _, pattern in globs)
    mark = ws.mark()
    (ws.root / page).write_text(page_text.replace(figure, "19,050"), encoding="utf-8")
    _changed(ws, page)
    found = await ws.diagnostics(page_uri, after=mark)
    assert _codes(found) == ["P003"]
    mark = ws.mark()
    (ws.root / page).write_text(page_text, encoding="utf-8")
    _changed(ws, page)
    assert await ws.cleared(page_uri, after=mark) == []


@pytest.mark.parametrize("subject", sorted(BROKEN))
async def test_a_registry_mended_on_disk_checks_its_open_page_again(
    ws: Workspace, subject: str
) -> None:
    """Planted: the page open alone, its registry (not open) not YAML: mended on disk, the
    page kept saying it could not be read (nothing told the server). Its twin: the registry
    broken again on disk, the page says so again."""
    text, _, _ = SUBJECTS[subject]
    old, new = BROKEN[subject]
    registry, page = _write(ws, subject, registry=text.replace(old, new))
    page_uri = ws.open(page)
    assert _codes(await ws.diagnostics(page_uri, 1)) == ["R001"]
    mark = ws.mark()
    (ws.root / registry).write_text(text, encoding="utf-8")
    _changed(ws, registry)
    assert await ws.cleared(page_uri, after=mark) == []
    assert await ws.diagnostics(ws.uri(registry), after=mark) == []
    mark = ws.mark()
    (ws.root / registry).write_text(text.replace(old, new), encoding="utf-8")
    _changed(ws, registry)
    assert _codes(await ws.diagnostics(page_uri, after=mark)) == ["R001"]


def _snapshot(root: Path, registry: str, said: str) -> None:
    """A snapshot of the first source saying `said`, as `claimcheck snapshot` keeps it."""
    from claimcheck.loader import parse_registry
    from claimcheck.sources.snapshot import build, save
    from claimcheck.sources.text import Document

    parsed = parse_registry(registry, "claims.yaml").registry
    source = parsed.sources[0]
    assert source.url is not None
    document = Document("text", (said,))
    snapshot = build(
        source,
        source.url,
        parsed.claims,
        document,
        fetched="2025-01-10",
        final_url=None,
        previous=None,
    )
    save(root / "snapshots", snapshot)


SNAPSHOTS = {
    "glacier": (
        "In 2024 the Rhone glacier lost 1.2 metres of ice thickness, GLAMOS measured.",
        "1.2 metres",
        "2.1 metres",
    ),
    "hospital": (
        "At the end of March 2025 the waiting list stood at 14,200 patients.",
        "14,200",
        "12,400",
    ),
}


@pytest.mark.parametrize("subject", sorted(SNAPSHOTS))
async def test_a_snapshot_changed_on_disk_is_checked_again(ws: Workspace, subject: str) -> None:
    """Planted: `claimcheck snapshot` took the source again and it now says another figure.
    The open registry kept its clean diagnostics. Now the change is checked again. Its
    twin: the snapshot taken back to what it said, the findings go."""
    text, _, _ = SUBJECTS[subject]
    said, figure, other = SNAPSHOTS[subject]
    _write(ws, subject)
    _snapshot(ws.root, text, said)
    uri = ws.open("claims.yaml")
    assert await ws.diagnostics(uri, 1) == []
    mark = ws.mark()
    _snapshot(ws.root, text, said.replace(figure, other))
    changed = next((ws.root / "snapshots").iterdir()).name
    _changed(ws, f"snapshots/{changed}")
    found = await ws.diagnostics(uri, after=mark)
    assert "Q004" in _codes(found)
    mark = ws.mark()
    _snapshot(ws.root, text, said)
    _changed(ws, f"snapshots/{changed}")
    assert await ws.cleared(uri, after=mark) == []


async def test_a_watched_glob_stands_for_its_file_alone() -> None:
    folder = Path("/w/site [draft]")
    assert _escape("page[1]*.md") == "page[[]1[]][*].md"
    assert _matches(folder / "page[1]*.md", folder, _escape("page[1]*.md"))
    assert not _matches(folder / "page1.md", folder, _escape("page[1]*.md"))
    assert _matches(folder / "links.sqlite3-wal", folder, "links.sqlite3*")
    assert _matches(folder / "snapshots" / "a.json", folder / "snapshots", "**/*")
    assert not _matches(folder / "other.md", folder / "snapshots", "**/*")


# --- 5. hover: the states of the rules run -------------------------------------------------


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def ignoring(base: Path) -> AsyncIterator[Watching]:
    """A server whose settings leave out S001 and the T rules."""
    folder = base / "ignoring"
    folder.mkdir()
    started = await _start(folder, {"CLAIMCHECK_IGNORE": "S001,T"})
    yield started
    await _stop(started, folder)


@pytest.mark.parametrize("subject", ["glacier", "hospital"])
async def test_a_hover_says_the_states_are_of_the_rules_run(
    ws: Workspace, ignoring: Watching, subject: str
) -> None:
    """Planted: S001 and T left out by the settings: the hover said `ok` with no word of
    it, where `verify` says `states: by the rules run only (not selected: S001, T)`. Its
    twin: every rule run, nothing said."""
    text, _, _ = SUBJECTS[subject]
    _write(ws, subject)
    claim = "rhone_loss_2024" if subject == "glacier" else "waiting_list"
    said = "states: by the rules run only \\(not selected: S001, T\\)"
    for client, expected in ((ignoring, True), (ws.client, False)):
        workspace = Workspace(ws.root, client)
        uri = workspace.open("claims.yaml")
        await workspace.diagnostics(uri, 1)
        at = _at(text, f"id: {claim}")
        at.character += 5  # on the id
        hovered = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), at)
        )
        assert hovered is not None and isinstance(hovered.contents, types.MarkupContent)
        assert (said in hovered.contents.value) is expected
        assert f"**{claim}** · figure · ok" in hovered.contents.value
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )


# --- 6. a page file that is not UTF-8 -------------------------------------------------------

LATIN = {
    "football": ("The average home attendance was 18,450 in 2024/25.", "The wage bill was £42.5m."),
    "budget": ("The city will spend", "Fees are £5 a visit (£ not UTF-8). The city will spend"),
}


@pytest.mark.parametrize("subject", sorted(LATIN))
@pytest.mark.parametrize("encoding", ["latin-1", "utf-8"])
async def test_a_page_file_verify_cannot_read_is_said_while_its_buffer_is_open(
    ws: Workspace, subject: str, encoding: str
) -> None:
    """Planted: the page file is Latin-1 (byte 0xa3 for £), which `verify` refuses (exit
    2); the editor decoded it and the server checked the buffer alone: a clean page. Now
    the page has the file's error at the byte, and `page.path` says it. Its twin: the same
    page saved as UTF-8: no such error."""
    _, page_name, page_text = SUBJECTS[subject]
    anchor, added = LATIN[subject]
    text = (
        page_text.replace(anchor, added + "\n\n" + anchor)
        if subject == "football"
        else page_text.replace(anchor, added)
    )
    _write(ws, subject)
    (ws.root / page_name).write_bytes(text.encode(encoding))
    page_uri = ws.open(page_name, text)
    registry_uri = ws.open("claims.yaml")
    on_registry = await ws.diagnostics(registry_uri, 1)
    found = await ws.diagnostics(page_uri, 1, after=ws.seq(registry_uri) - 1)
    disk = [d for d in found if d.code == "page"]
    if encoding == "latin-1":
        assert len(disk) == 1 and "byte 0xa3 is not UTF-8" in disk[0].message
        assert "the file on disk" in disk[0].message
        assert disk[0].range.start == _at(text, "£")
        assert [d.code for d in on_registry] == ["page"]
        assert "page.path" in on_registry[0].message
    else:
        assert disk == [] and on_registry == []


# --- 7. a load error's own code ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("value: 21\n", "value: .nan\n", "R002"),
        ("value: 21\n", "value: 1e400\n", "R002"),
        ("value: 1.2\n", "value: " + "9" * 5000 + "\n", "R002"),
        ("value: 21\n", "value: [21\n", "R001"),  # twin: not YAML
        ("value: 1.2\n", "value: {1.2\n", "R001"),
    ],
)
async def test_a_load_error_has_its_own_code(ws: Workspace, old: str, new: str, code: str) -> None:
    """Planted: a number no registry may hold (`.nan`, 1e400, 5,000 digits), R002 in the
    message and in `verify`, was labelled R001. Its twins: YAML that does not parse is
    R001."""
    subject = "football" if "21" in old else "glacier"
    text, page_name, page_text = SUBJECTS[subject]
    (ws.root / page_name).write_text(page_text, encoding="utf-8")
    uri = ws.open("claims.yaml", text.replace(old, new))
    found = await ws.diagnostics(uri, 1)
    assert [d.code for d in found] == [code]


async def test_error_code_reads_the_rule_the_message_names() -> None:
    from claimcheck.errors import ConfigError, RegistryLoadError

    assert error_code(RegistryLoadError("too big [R002 invalid-value]")) == "R002"
    assert error_code(RegistryLoadError("not UTF-8")) == "R001"
    assert error_code(ConfigError("a snapshot [R002 invalid-value]")) == "claimcheck"


# --- 8. a P001 of several figures -------------------------------------------------------------

GROUPED = {
    "budget": (
        "Parking income will reach £12 million in 2025/26, and 310 new bus shelters are planned.",
        "£12 million in 2025/26, and 310",
        ["£12", "2025/26", "310"],
        ("Parking income will reach £12 million.", "£12 million"),
    ),
    "football": (
        "Season tickets sold 9,800 and matchday programmes 2,450 copies.",
        "9,800 and matchday programmes 2,450",
        ["9,800", "2,450"],
        ("Season tickets sold out.\n\nMatchday programmes sold 2,450 copies.", "2,450"),
    ),
}


@pytest.mark.parametrize("subject", sorted(GROUPED))
async def test_a_p001_of_several_figures_covers_them_all(ws: Workspace, subject: str) -> None:
    """Planted: one sentence with several unregistered figures, one P001. Only the first
    was underlined, and code actions asked for at another (the cursor on "310") came back
    empty. Now the diagnostic covers every figure it names, and each has its actions. Its
    twin: a sentence with one figure covers that figure."""
    _, page_name, page_text = SUBJECTS[subject]
    sentence, covered, figures, (alone, single_covered) = GROUPED[subject]
    page = page_text + "\n" + sentence + "\n"
    _write(ws, subject)
    page_uri, registry_uri = ws.open(page_name, page), ws.open("claims.yaml")
    await ws.diagnostics(registry_uri, 1)
    (found,) = await ws.diagnostics(page_uri, 1, after=ws.seq(registry_uri) - 1)
    assert found.code == "P001" and _covered(page, found.range) == covered
    for figure in figures:
        at = _at(page, figure, page.count(figure) - 1)  # in the sentence, the last line
        at.character += 1
        actions = await ws.client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(page_uri),
                types.Range(at, at),
                types.CodeActionContext(diagnostics=[]),
            )
        )
        titles = [a.title for a in actions or ()]
        assert any(t.startswith("Register") for t in titles), (figure, titles)
    # The twin: a sentence of one unregistered figure covers that figure.
    version = ws.change(page_name, page_text + "\n" + alone + "\n")
    (single,) = await ws.diagnostics(page_uri, version)
    assert _covered(page_text + "\n" + alone + "\n", single.range) == single_covered


# --- 10. go to definition from the page ---------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "figure", "mention"),
    [
        ("glacier", "1.2", '"lost 1.2 metres of ice thickness"'),
        ("football", "18,450", "average home attendance was 18,450 in 2024/25"),
    ],
)
async def test_definition_from_a_page_figure_is_its_whole_mention(
    ws: Workspace, subject: str, figure: str, mention: str
) -> None:
    """Planted: go to definition from a figure on the page selected only the mention's
    first word (`"lost`, `average`). Now the whole mention. Its twin: from a citation's
    source the definition is the source's id, as it was."""
    text, page_name, page_text = SUBJECTS[subject]
    _write(ws, subject)
    page_uri = ws.open(page_name)
    registry_uri = ws.open("claims.yaml")
    await ws.diagnostics(registry_uri, 1)
    at = _at(page_text, figure)
    found = await ws.client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(page_uri), at)
    )
    assert isinstance(found, types.Location) and found.uri == registry_uri
    assert _covered(text, found.range) == mention
    source = "glamos_2024" if subject == "glacier" else "league_tables"
    at = _at(text, f"source: {source}")
    at.character += 9
    found = await ws.client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(registry_uri), at)
    )
    assert isinstance(found, types.Location) and _covered(text, found.range) == source
