"""Every output format escapes what its reader would interpret (issue 15).

Each defence plants the attack in a registry (or a server's answer) and keeps a clean twin
whose output is unchanged. The readers: a terminal (escape sequences, bidi, Rich markup), a
GitHub Actions log (`::command::` at a line's start, `##[command]` anywhere), a spreadsheet
(formulas), GitHub's Markdown (mentions, issue references, links, images, HTML), XML parsers
(characters outside XML 1.0), SARIF viewers (embedded links).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from junitparser import JUnitXml
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.findings import Report, Severity
from claimcheck.links.model import LinkResult, LinkRun, Verdict
from claimcheck.render import RENDERERS
from claimcheck.render.base import csv_cell, guard_json, guard_log_commands, safe_text
from claimcheck.render.github import escape_data
from claimcheck.render.markdown import cell
from claimcheck.render.sarif import message_text
from claimcheck.render.snapshots import snapshot_line
from claimcheck.render.urls import render_results
from claimcheck.sources.run import Outcome
from claimcheck.sources.snapshot import Capture, Snapshot

runner = CliRunner()

#: What a hostile registry puts in a claim's text and a review note (S005 quotes the note).
ATTACK = (
    "Line one\n::error file=x,line=1::pwned\r\n  ::warning::indented ##[error]legacy "
    "\x1b[2J\x1b]0;title\x07 \u202eevil\u202c \u2066iso\u2069 zero\u200bwidth\u2060\ufeff "
    "\x9b31m\x85 [bold red]x[/] [link=file:///etc/passwd]y[/link] nonchar\uffff nul\x00 tab\t "
    '=HYPERLINK("http://x") @octocat #123 ![x](http://tracker/p.png) '
    "<img src=x onerror=alert(1)> a|b `tick` &#64;me $x$ ~~s~~"
)
NOTE = (
    '=HYPERLINK("http://x")\n::warning::note @octocat #123 ![x](http://tracker/p.png) '
    "<img src=x> a|b `t` &#64;me ##[stop-commands]tok \uffff <b>x</b>"
)
#: The clean twin: ordinary text, with non-ASCII and punctuation a page really has.
CLEAN = "Café prices rose 10 % (approx.) \u2013 “quoted”, 2,000 people; see p. 3 ✓"
CLEAN_NOTE = "the source counts 2,000 \u2013 not 2,200"

#: Characters no output a person reads may carry raw.
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufffe\uffff]"
)
#: What a GitHub Actions runner runs: `::` first on a line after whitespace, `##[` anywhere.
LOG_COMMAND = re.compile(r"^\s*::|##\[", re.MULTILINE)


def _yaml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def write_registry(tmp_path: Path, text: str, note: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(
        "version: 1\n"
        "sources:\n"
        "  - {id: audit, title: The audit, kind: government, url: https://example.org/a,"
        " accessed: 2026-11-01}\n"
        "claims:\n"
        f"  - id: planted\n    text: {_yaml(text)}\n    kind: figure\n    value: -3\n"
        "    mentions: ['3']\n    citations: [{source: audit}]\n"
        f"    review: {{status: disputed, note: {_yaml(note)}}}\n",
        encoding="utf-8",
    )
    return path


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def verify(registry: Path, fmt: str) -> str:
    return run("verify", str(registry), "--offline", "--today", "2026-12-01", "-f", fmt)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_registry(tmp_path, ATTACK, NOTE)


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return write_registry(tmp_path, CLEAN, CLEAN_NOTE)


# The sanitiser itself.


def test_safe_text_shows_what_a_terminal_would_obey_or_hide() -> None:
    assert safe_text("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert safe_text("\x1b[2J\x07\x00\x9b") == "\\x1b[2J\\x07\\x00\\x9b"
    assert safe_text("\u202eevil\u202c\u2066\u200b\u200d\u2060\ufeff") == (
        "\\u202eevil\\u202c\\u2066\\u200b\\u200d\\u2060\\ufeff"
    )
    assert safe_text("\U000e0041\uffff\u2028") == "\\U000e0041\\uffff\\u2028"
    assert RAW.search(safe_text(ATTACK)) is None
    assert "\n" not in safe_text(ATTACK)


def test_safe_text_leaves_ordinary_text_alone() -> None:
    for text in (CLEAN, "plain ASCII", "日本語のテキスト", "emoji 🎉 ok", "a\u00a0b", ""):
        assert safe_text(text) == text


def test_the_log_guard_changes_only_command_lines() -> None:
    planted = "ok\n::error::x\n   ::warning::y\nin ##[error]z\r::notice::w"
    guarded = guard_log_commands(planted)
    assert LOG_COMMAND.search(guarded) is None
    assert guarded == "ok\n\\x3a:error::x\n   \\x3a:warning::y\nin #\\x23[error]z\r\\x3a:notice::w"
    for text in ("a: b :: c\nhttp://[::1]/ and std::vector", CLEAN, "# heading\n#[x]"):
        assert guard_log_commands(text) == text


def test_json_guard_is_lossless() -> None:
    data = {"t": ATTACK, "n": NOTE}
    encoded = guard_json(json.dumps(data, ensure_ascii=False))
    assert json.loads(encoded) == data
    assert RAW.search(encoded) is None and LOG_COMMAND.search(encoded) is None
    clean = json.dumps({"t": CLEAN}, ensure_ascii=False)
    assert guard_json(clean) == clean


def test_csv_cells_never_start_a_formula() -> None:
    for formula in ("=1+1", "+1+1", "-1+1", "@SUM(A1)", "\uff1d1+1", "-3 to 5"):
        assert csv_cell(formula).startswith("'"), formula
    assert csv_cell("\t=1") == "\\t=1" and csv_cell("\r=1") == "\\r=1"  # shown, not run
    # Plain numbers are numbers in a spreadsheet, not formulas: kept as they are.
    for number in ("-3", "+4", "-1.5", "-2e3", ".5", "102878", CLEAN, "a=b"):
        assert csv_cell(number) == number


def test_github_workflow_command_escaping() -> None:
    assert escape_data("100% \r\n::error::x") == "100%25 %0D%0A::error::x"


# Every report format, planted and clean.

REPORT_FORMATS = sorted(RENDERERS)


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_no_format_carries_raw_controls_or_log_commands(hostile: Path, fmt: str) -> None:
    out = verify(hostile, fmt)
    assert RAW.search(out) is None, RAW.search(out)
    lines = out.splitlines()
    if fmt == "github":
        # Its own lines are the only commands: one per finding (C015, C001, S005), none from
        # the registry.
        assert len(lines) == 3 and all(re.match(r"::(error|warning) file=", x) for x in lines)
        assert "##[" not in out
    else:
        assert LOG_COMMAND.search(out) is None, LOG_COMMAND.search(out)


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_clean_text_is_shown_as_written(clean: Path, fmt: str) -> None:
    out = verify(clean, fmt)
    if fmt == "json":
        assert json.loads(out)["claims"][0]["text"] == CLEAN
    elif fmt == "sarif":
        assert CLEAN_NOTE in json.loads(out)["runs"][0]["results"][-1]["message"]["text"]
    elif fmt == "html":
        assert "Café prices rose 10 % (approx.) \u2013 “quoted”" in out
    else:
        assert CLEAN_NOTE in out


def test_terminal_prints_markup_and_escapes_literally(hostile: Path) -> None:
    out = verify(hostile, "terminal")
    assert "[bold red]x[/]" in out and "[link=file:///etc/passwd]y[/link]" in out
    assert "Line one\\n\\x3a:error file=x" not in out  # no guard needed: it is not a line start
    assert "Line one\\n::error file=x,line=1::pwned\\r\\n  ::warning" in out.replace("\n", "")
    assert "\\x1b[2J\\x1b]0;title\\x07" in out and "\\u202eevil\\u202c" in out


def test_a_wrapped_line_cannot_start_with_a_command(tmp_path: Path) -> None:
    # Rich wraps long text at spaces: a `::` after a space may land at a line's start.
    text = "word " * 19 + "::error::wrapped " + "word " * 30
    out = verify(write_registry(tmp_path, text, text), "terminal")
    assert LOG_COMMAND.search(out) is None
    assert "\\x3a:error::wrapped" in out


def test_show_and_list_escape(hostile: Path) -> None:
    for out in (
        run("show", "planted", "--registry", str(hostile), "--today", "2026-12-01"),
        run("list", str(hostile), "--today", "2026-12-01"),
    ):
        assert RAW.search(out) is None and LOG_COMMAND.search(out) is None
        assert "[bold red]x[/]" in out
    listed = run("list", str(hostile), "-f", "csv", "--today", "2026-12-01")
    assert RAW.search(listed) is None and LOG_COMMAND.search(listed) is None
    row = next(csv.DictReader(io.StringIO(listed)))
    assert row["value"] == "-3"  # a number stays a number
    assert not row["text"].startswith(("=", "+", "-", "@"))
    assert len(listed.splitlines()) == 2  # the newline in the text did not start a line
    shown = json.loads(run("show", "planted", "--registry", str(hostile), "-f", "json"))
    assert shown["text"] == ATTACK  # JSON keeps the exact text


def test_csv_report_neutralises_formulas(hostile: Path) -> None:
    out = verify(hostile, "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    message = next(r for r in rows if r["code"] == "S005")["message"]
    # The note's newline is shown, so its `::warning` starts no line and needs no guard.
    assert message.endswith(
        '=HYPERLINK("http://x")\\n::warning::note @octocat #123 '
        "![x](http://tracker/p.png) <img src=x> a|b `t` &#64;me "
        "#\\x23[stop-commands]tok \\uffff <b>x</b>"
    )
    assert len(out.splitlines()) == len(rows) + 1


def test_csv_formula_leading_message_gets_a_quote(tmp_path: Path) -> None:
    # A message is the checker's own words, so plant a formula where a cell starts with
    # registry text: a source id is validated, the claim text in `list` is not.
    registry = write_registry(tmp_path, '=HYPERLINK("http://x","y")', CLEAN_NOTE)
    listed = run("list", str(registry), "-f", "csv", "--today", "2026-12-01")
    assert next(csv.DictReader(io.StringIO(listed)))["text"] == '\'=HYPERLINK("http://x","y")'


def test_junit_and_html_are_well_formed(hostile: Path, tmp_path: Path) -> None:
    junit = verify(hostile, "junit")
    ET.fromstring(junit.encode("utf-8"))  # raises on a character outside XML 1.0
    path = tmp_path / "r.xml"
    path.write_text(junit, encoding="utf-8")
    failures = [case for suite in JUnitXml.fromfile(str(path)) for case in suite if case.result]
    assert failures
    html = verify(hostile, "html")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    data = re.search(r'id="report-data">(.*?)</script>', html)
    assert data is not None and json.loads(data.group(1))["errors"] >= 1


@pytest.mark.parametrize(
    "text",
    [ATTACK + " ÉCOLE \U0001bca0 Straße", CLEAN],
    ids=["hostile", "clean"],
)
def test_html_filter_text_is_the_shown_cells_lowered(tmp_path: Path, text: str) -> None:
    """The search box lowers its query; each row's filter text is its id and claim cells as
    shown, lowered, so what a reader copies from a cell (an escape such as \\U0001bca0
    included) finds its row."""
    html = verify(write_registry(tmp_path, text, CLEAN_NOTE), "html")
    row = re.search(
        r'<tr data-states="[^"]*" data-text="([^"]*)"><td><code>([^<]*)</code></td>'
        r"<td>[^<]*</td><td[^>]*>.*?</td><td>(.*?)(?:<br>|</td>)",
        html,
    )
    assert row is not None
    assert row.group(1) == f"{row.group(2)} {row.group(3)}".lower()
    assert ("\\u0001bca0" in row.group(1)) is (text != CLEAN)


def test_markdown_shows_user_text_literally(hostile: Path) -> None:
    out = verify(hostile, "markdown")
    assert "@octocat" not in out and "@<!-- -->octocat" in out
    assert re.search(r"#\d", out) is None and "\\#<!-- -->123" in out
    # Markdown's syntax is backslash-escaped: no image, no raw HTML, no entity (`&#64;` would
    # become a mention).
    assert "!\\[x\\](http://tracker/p.png)" in out
    for raw in ("<img", "<b>", "&#64;", "[stop", "`t`"):
        assert re.search(r"(?<!\\)" + re.escape(raw), out) is None, raw
    table_rows = [line for line in out.splitlines() if line.startswith("| `")]
    for row in table_rows:  # the cells are still 4: every `|` from the registry is escaped
        assert len(re.findall(r"(?<!\\)\|", row)) == 5, row
    # The clean twin of a cell: nothing to escape, nothing changed.
    assert cell("Plain words and 2,000 numbers.") == "Plain words and 2,000 numbers."


def test_sarif_messages_are_plain_text_without_links(hostile: Path) -> None:
    document = json.loads(verify(hostile, "sarif"))
    for result in document["runs"][0]["results"]:
        assert set(result["message"]) == {"text"}  # no `markdown` message
        text = result["message"]["text"]
        assert re.search(r"(?<!\\)\[", text) is None and RAW.search(text) is None
    assert message_text("see [x](1) or \\[") == "see \\[x\\](1) or \\\\\\["


def test_json_report_keeps_the_exact_text(hostile: Path) -> None:
    out = verify(hostile, "json")
    assert json.loads(out)["claims"][0]["text"] == ATTACK
    assert RAW.search(out) is None and LOG_COMMAND.search(out) is None


def test_snapshot_lines_show_what_a_server_sent() -> None:
    snap = Snapshot(
        format=1,
        source="audit",
        url="https://example.org/a",
        fetched="2026-12-01",
        error="HTTP 500: \x1b]0;owned\x07\x1b[2J\n::error::from the server ##[add-mask]x",
        archive=Capture(url="https://web.archive.org/\x1b[31m\u202e", timestamp="2026"),
    )
    line = snapshot_line(Outcome(snap, archive_note=None, saved="\x1b[1mno"))
    assert RAW.search(line) is None and LOG_COMMAND.search(line) is None and "\n" not in line
    assert "\\x1b]0;owned\\x07" in line
    clean = Snapshot(
        format=1, source="audit", url="https://example.org/a", fetched="2026-12-01", kind="html"
    )
    assert snapshot_line(Outcome(clean)) == "audit: html; quotes: none; figures: 0 of 0 found"


def test_url_results_escape_urls_and_errors() -> None:
    bad = "https://example.org/\x1b[2J\n::error::x"
    results = {bad: LinkResult(bad, Verdict.ERROR, error="\u202ereset ##[error]y")}
    link_run = LinkRun(results=results)
    from claimcheck.render.base import RenderOptions

    for fmt in ("terminal", "json", "jsonl"):
        out = render_results(link_run, fmt, RenderOptions())
        assert RAW.search(out) is None and LOG_COMMAND.search(out) is None, fmt
    assert json.loads(render_results(link_run, "json", RenderOptions()))[0]["url"] == bad


def test_error_and_note_lines_quote_untrusted_text_on_one_line(tmp_path: Path) -> None:
    # A one-line error quotes what it was given (an id, a path, a server's words): planted
    # newlines and log commands stay inside that line.
    registry = write_registry(tmp_path, CLEAN, CLEAN_NOTE)
    result = runner.invoke(app, ["show", "nope\n::error::pwned ##[error]x", "-r", str(registry)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert not LOG_COMMAND.search(result.stderr)
    assert "nope\\n" in result.stderr
    # The clean twin: an ordinary unknown id is quoted as typed.
    result = runner.invoke(app, ["show", "nope", "-r", str(registry)])
    assert "no claim `nope`" in result.stderr


def test_a_summary_note_keeps_its_own_lines_and_guards_each(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from claimcheck.cli.common import note

    note("wrote report.json\n3 claims\n::error::planted \x1b[2J")
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "claimcheck: wrote report.json",
        "3 claims",
        "\\x3a:error::planted \\x1b[2J",
    ]


def _junit_lines(findings: list[Any]) -> str:
    return "\n".join(
        safe_text(
            (f"{f.location}: " if f.location else "")
            + f"{f.level.label} {f.code} {f.rule.name}: {f.message}"
        )
        for f in findings
    )


def _junit_by_elementtree(report: Report, fail_on: Severity = Severity.ERROR) -> str:
    """The JUnit writer as it was, on ElementTree: the reference the fast one must equal."""
    from collections import defaultdict

    from claimcheck.render.base import guard_xml
    from claimcheck.render.junit import _subject

    by_family: dict[Any, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for finding in report.findings:
        by_family[finding.rule.family][_subject(finding)].append(finding)
    root = ET.Element("testsuites", name="claimcheck", tests="0", failures="0")
    total = failed = 0
    claims = [f"claim {c.id}" for c in report.claims]
    for family in sorted(by_family, key=lambda f: f.letter):
        cases = by_family[family]
        subjects = claims + [s for s in cases if s not in set(claims)]
        suite = ET.SubElement(root, "testsuite", name=f"{family.letter} {family.title}")
        failures = 0
        for subject in subjects:
            case = ET.SubElement(
                suite, "testcase", name=safe_text(subject), classname=f"claimcheck.{family.letter}"
            )
            found = cases.get(subject, [])
            failing = [f for f in found if f.level >= fail_on]
            below = [f for f in found if f.level < fail_on]
            if found:
                loc = (failing or found)[0].location
                if loc is not None:
                    case.set("file", safe_text(loc.file))
                    case.set("line", str(loc.line))
            if failing:
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=max(f.level for f in failing).label,
                    message="; ".join(safe_text(f"{f.code} {f.message}") for f in failing),
                )
                failure.text = _junit_lines(failing)
            if below:
                ET.SubElement(case, "system-out").text = _junit_lines(below)
        suite.set("tests", str(len(subjects)))
        suite.set("failures", str(failures))
        total += len(subjects)
        failed += failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    document = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + guard_xml(document) + "\n"


@pytest.mark.parametrize("which", ["hostile", "clean", "golden", "empty"])
def test_junit_is_written_as_elementtree_wrote_it(tmp_path: Path, which: str) -> None:
    from claimcheck.engine import run_checks
    from claimcheck.loader import load_registry
    from claimcheck.render.base import RenderOptions
    from claimcheck.render.junit import render

    if which == "golden":
        path = Path(__file__).parent / "data" / "registries" / "golden.yaml"
    elif which == "empty":
        path = tmp_path / "claims.yaml"
        path.write_text("version: 1\nsources: []\nclaims: []\n", encoding="utf-8")
    else:
        path = write_registry(
            tmp_path, *((ATTACK, NOTE) if which == "hostile" else (CLEAN, CLEAN_NOTE))
        )
    report = run_checks(load_registry(path), today=date(2026, 12, 1))
    assert render(report, RenderOptions()) == _junit_by_elementtree(report)
    for level in Severity:  # each threshold: failures and output split where the run's is
        options = RenderOptions(fail_on=level)
        assert render(report, options) == _junit_by_elementtree(report, level)
