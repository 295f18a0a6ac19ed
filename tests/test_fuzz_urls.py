# ruff: noqa: RUF001  (fullwidth and circled characters are what the generators plant)
"""Fuzzing URLs (issue 15): generated URLs never crash a run, and never exit 3.

Random unicode, brackets, ports, percent-escapes, IDNA labels and unicode spellings of
loopback go through the URL reader (`claimcheck.http.target`), the link planner, and the
`links --urls` and `verify --offline` commands. Deterministic (`derandomize=True`), a bounded
number of examples; the counts are printed (`pytest -s`) and checked, and the README quotes
them.

Nothing leaves the machine: DNS answers only `localhost`, and a connect to anything but
loopback fails (recorded) instead of going out.
"""

from __future__ import annotations

import json
import socket
from collections import Counter
from collections.abc import Iterator

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.cli import app
from claimcheck.http import MalformedUrlError, plain_url_problem, soft_404, target
from claimcheck.links.model import LinkResult, redact
from claimcheck.links.pool import plan
from claimcheck.links.settings import LinkSettings
from claimcheck.safetext import shown
from tests.linkserver import HOSTS, Server, serve

runner = typer.testing.CliRunner()
ONLINE = {"CLAIMCHECK_OFFLINE": ""}

#: Deterministic, bounded, no example database: the same examples on every machine.
FUZZ = settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: The commands cost more per example: fewer examples, several URLs each.
FUZZ_CLI = settings(FUZZ, max_examples=60)

#: What the counts are gathered in (printed by the test that made them).
COUNTS: Counter[str] = Counter()


# --- the generators --------------------------------------------------------------------

_TEXT = st.characters(codec="utf-8")  # no lone surrogates: a URL list is UTF-8 text
_ODD = st.sampled_from(
    [
        *"[]@:%/?#\\.\x00 \t\n\x1b\u202e\u200b",
        "：",
        "。",
        "．",
        "①",
        "②",
        "⑦",
        "１",
        "２",
        "７",
        "０",
        "%zz",
        "%2e",
        "%00",
        "xn--",
        "..",
    ]
)
_LABEL = st.one_of(
    st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True),
    st.text(_TEXT, min_size=1, max_size=8),
    st.sampled_from(["xn--bcher-kva", "bücher", "ＡＢＣ", "例え", "127", "0x7f", "①②⑦", "-a"]),
    st.text(st.sampled_from("a-"), min_size=60, max_size=70),  # around the 63-character limit
)
_HOST = st.one_of(
    st.lists(_LABEL, min_size=1, max_size=5).map(".".join),
    st.builds(lambda *parts: ".".join(parts), *[st.integers(0, 300).map(str)] * 4),
    st.sampled_from(
        ["[::1]", "[::ffff:127.0.0.1]", "[/", "[::1", "[fe80::1%25eth0]", "[]", "[:::]", ""]
    ),
    st.sampled_from(["①②⑦.0.0.1", "127。0。0。1", "１２７.０.０.１", "127.1", "2130706433"]),
    st.text(_TEXT, max_size=20),
    st.lists(_ODD, min_size=1, max_size=6).map("".join),
)
_PORT = st.one_of(
    st.just(""),
    st.integers(-5, 70000).map(lambda p: f":{p}"),
    st.sampled_from([":", ":80", "：80", ":8o", ":99999999999999999999", ": 80"]),
)
_PATH = st.one_of(st.just("/"), st.text(_TEXT, max_size=15).map(lambda t: "/" + t))
_SCHEME = st.sampled_from(["http://", "https://", "HTTP://", "http:/", "http:", "ftp://", "//", ""])


@st.composite
def urls(draw: st.DrawFn) -> str:
    """A URL-shaped string: usually http(s), often broken somewhere."""
    if draw(st.integers(0, 9)) == 0:
        anything: str = draw(st.text(_TEXT, max_size=40))
        return anything
    user = draw(st.sampled_from(["", "", "user@", "a:b@", "@"]))
    return f"{draw(_SCHEME)}{user}{draw(_HOST)}{draw(_PORT)}{draw(_PATH)}{draw(_ODD | st.just(''))}"


# --- the URL reader and the planner -----------------------------------------------------


@FUZZ
@given(url=urls())
def test_the_url_reader_parses_or_says_why(url: str) -> None:
    COUNTS["reader generated"] += 1
    try:
        where = target(url)
    except MalformedUrlError as exc:
        COUNTS["reader malformed"] += 1
        assert str(exc)
        return
    if where.web:
        assert where.host and 0 < where.port < 65536
        assert where.host == where.host.lower() and "[" not in where.host


@FUZZ
@given(url=urls(), other=urls())
def test_the_planner_and_the_helpers_never_raise(url: str, other: str) -> None:
    planned = plan([url, other], LinkSettings())
    for given_url in (url, other):
        assert given_url in planned.targets or given_url in planned.skipped
    for result in planned.skipped.values():
        assert isinstance(result.host, str)
        LinkResult.from_json(json.loads(json.dumps(result.as_json())))
    plain_url_problem(url, lambda host: False)
    soft_404(url, other)
    assert "\x1b" not in shown(url) and "\n" not in shown(url)


# --- the commands -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _command_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """typer builds the command on every invoke (0.1 s): more than a fuzzed run takes."""
    built = typer.main.get_command(app)
    monkeypatch.setattr(typer.testing, "_get_command", lambda _: built)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


@pytest.fixture
def sealed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """DNS knows only `localhost`; a connect off loopback (a generated public literal, with
    --allow-private) fails instead of going out, and is recorded."""
    off: list[str] = []
    resolve, connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in name else socket.AF_INET, name)
        except (OSError, ValueError):
            if name != "localhost":
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return resolve(host, *args, **kwargs)  # type: ignore[arg-type]

    def guarded(self: socket.socket, address: object) -> None:
        host = str(address[0]) if isinstance(address, tuple) else str(address)
        if not host.startswith(("127.", "::ffff:127.")) and host not in ("::1", "0.0.0.0"):
            off.append(host)
            raise OSError(f"test: {host} is off the machine")
        connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded)
    return off


def _lines(batch: list[str]) -> list[str]:
    """What `read_url_list` will make of the batch, one URL per line."""
    text = "\n".join(batch)
    return list(
        dict.fromkeys(
            line.strip()
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        )
    )


@FUZZ_CLI
@given(batch=st.lists(urls(), min_size=1, max_size=6))
def test_links_urls_reports_every_url_and_never_exits_3(
    batch: list[str], server: Server, sealed: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    good = server.url("/ok")
    # Some generated URLs point at the loopback server, in its own or a unicode spelling.
    port = server.ports[HOSTS[0]]
    batch = [*batch, good, f"http://①②⑦.0.0.2:{port}/ok"]
    file = tmp_path_factory.mktemp("fuzz") / "urls.txt"
    file.write_text("\n".join(batch) + "\n", encoding="utf-8")
    args = ["links", "--urls", str(file), "--allow-private", "--no-cache", "-f", "jsonl"]
    result = runner.invoke(app, [*args, "--timeout", "1", "--retries", "0"], env=ONLINE)
    assert result.exit_code in (0, 1, 2), (batch, result.output)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    expected = _lines(batch)
    # Each URL as given, a password (or a user name alone) shown as **** (L010).
    assert [row["url"] for row in rows] == [redact(url) for url in expected]
    verdicts = {row["url"]: row for row in rows}
    assert verdicts[good]["verdict"] == "alive"
    COUNTS["links generated"] += len(expected) - 2
    for row in rows:
        if (row["error"] or "").startswith("malformed URL"):
            COUNTS["links malformed"] += 1
            assert row["verdict"] == "error"


@FUZZ_CLI
@given(batch=st.lists(urls(), min_size=1, max_size=5))
def test_verify_offline_reports_every_malformed_url_and_never_exits_3(
    batch: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    sources = "".join(
        f"  - id: s{i}\n    title: S\n    kind: news\n    url: {json.dumps(url)}\n"
        for i, url in enumerate(batch)
    )
    citations = ", ".join(f"{{source: s{i}}}" for i in range(len(batch)))
    path = tmp_path_factory.mktemp("fuzz") / "claims.yaml"
    path.write_text(
        f"version: 1\nsources:\n{sources}claims:\n  - id: c\n    text: t\n    kind: fact\n"
        f"    citations: [{citations}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["verify", str(path), "--offline", "-f", "json"])
    assert result.exit_code in (0, 1, 2), (batch, result.output)
    COUNTS["verify generated"] += len(batch)
    if result.exit_code == 2:  # the registry itself was refused (R001...), with a message
        COUNTS["verify registry refused"] += 1
        return
    findings = json.loads(result.stdout)["findings"]
    COUNTS["verify malformed"] += sum("malformed URL" in f["message"] for f in findings)


def test_the_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs last in file order: the counts of the generators above, for the README."""
    if not COUNTS:
        pytest.skip("the fuzz tests did not run in this session")
    with capsys.disabled():
        print("\nURL fuzz counts:", json.dumps(dict(sorted(COUNTS.items()))))
    assert COUNTS["reader generated"] == 300
    assert COUNTS["reader malformed"] >= 60  # the generators do reach the broken cases
    assert COUNTS["links malformed"] >= 30
