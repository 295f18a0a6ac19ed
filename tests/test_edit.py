"""init and add: a starter that verifies clean, and additions that keep every other byte."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()


def test_init_writes_a_commented_registry_that_verifies(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    assert runner.invoke(app, ["init", str(path), "--title", "Page: a title"]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("#") > 5 and "title: 'Page: a title'" in text
    assert runner.invoke(app, ["verify", str(path), "--offline"]).exit_code == 0
    again = runner.invoke(app, ["init", str(path)])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_add_keeps_the_rest_of_the_file_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    runner.invoke(app, ["init", str(path)])
    original = path.read_text(encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "add",
            "source",
            "--id",
            "second",
            "--title",
            "Second",
            "--kind",
            "news",
            "--url",
            "https://example.org/2",
            "-r",
            str(path),
        ],
    )
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(
        app,
        [
            "add",
            "claim",
            "--id",
            "c2",
            "--text",
            "12 cases.",
            "--kind",
            "figure",
            "--value",
            "12",
            "--mention",
            "12 cases",
            "--cite",
            "second",
            "-r",
            str(path),
        ],
    )
    assert result.exit_code == 0, result.stderr
    updated = path.read_text(encoding="utf-8")
    matcher = difflib.SequenceMatcher(None, original.splitlines(True), updated.splitlines(True))
    assert {op for op, *_ in matcher.get_opcodes()} == {"equal", "insert"}  # only insertions
    registry = load_registry(path).registry
    assert [c.id for c in registry.claims] == ["example_figure", "c2"]
    assert registry.claims[1].citations[0].source == "second"


def test_add_refuses_a_used_id_and_a_bad_entry(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    runner.invoke(app, ["init", str(path)])
    before = path.read_text(encoding="utf-8")
    used = runner.invoke(
        app,
        [
            "add",
            "claim",
            "--id",
            "example_figure",
            "--text",
            "t",
            "--kind",
            "fact",
            "-r",
            str(path),
        ],
    )
    assert used.exit_code == 2 and "already used" in used.stderr
    bad = runner.invoke(
        app, ["add", "claim", "--id", "Bad-Id", "--text", "t", "--kind", "fact", "-r", str(path)]
    )
    assert bad.exit_code == 2
    assert path.read_text(encoding="utf-8") == before


# extract's YAML is printed to CI logs: the page (hostile) must not become workflow commands --

#: Sentences whose drafts a 100-column dump folded so that a line started with `::error`, the
#: legacy `##[command]` form the runner reads anywhere in a line, and characters a log or
#: terminal would obey or hide (bidi overrides and isolates, zero-width, BOM, escape).
HOSTILE_PAGE = "\n\n".join(
    [f"{'Word ' * n}::error file=x::FOLD{n} there were {n + 40} cases." for n in range(30)]
    + [
        "The ##[add-mask]secret and ##[stop-commands]token groups had 17 members.",
        "Some \u202eevil\u202c and zero\u200bwidth\u2066isolated\u2069 text had 23 parts.",
        "A \ufeffmarked and \x1b[31mred\x1b[0m report gave 31 results.",
        "Plain text about 12 ordinary schools.",
    ]
)

#: Strings that exercise every escape: controls, bidi, invisible, astral tags, `\`, quotes.
NASTY = [
    "w " * 70 + "::error file=x::FOLD",
    "::error::at the start",
    "a ##[add-mask]b ###[c",
    "\u202e\u200b\ufeff\u2066x\x85y\u2028z\u2029\x1b[31m\x00\x7f\x9f\U000e0041\U0001d173\t\r\n end",
    "back\\slash\u202e and \\x23[ written out",
    "'single' and \"double\" quotes :: and # marks",
    "plain words",
]


def unsafe_lines(text: str) -> list[str]:
    from claimcheck.render.base import safe_text

    return [
        line
        for line in text.split("\n")
        if re.match(r"\s*::", line) or "##[" in line or safe_text(line) != line
    ]


def test_drafts_dump_log_safe_and_load_back_the_same() -> None:
    import yaml
    import yaml_rs
    from ruamel.yaml import YAML

    from claimcheck.drafts import dump_drafts

    drafts = [
        {"id": f"c{i}", "text": text, "mentions": [text, text + "   "], "unit": text}
        for i, text in enumerate(NASTY)
    ]
    dumped = dump_drafts(drafts, indent=0)
    assert not unsafe_lines(dumped), unsafe_lines(dumped)
    assert yaml.safe_load(dumped) == drafts
    assert YAML(typ="safe", pure=True).load(dumped) == drafts
    assert yaml_rs.loads(dumped) == drafts  # what the registry's loader reads
    assert "plain words\n" in dumped  # text with nothing to hide keeps its plain style


def test_extract_prints_and_appends_no_workflow_command(tmp_path: Path) -> None:
    import yaml

    registry = tmp_path / "claims.yaml"
    assert runner.invoke(app, ["init", str(registry)]).exit_code == 0
    page = tmp_path / "page.md"
    page.write_text(HOSTILE_PAGE, encoding="utf-8")
    printed = runner.invoke(app, ["extract", str(page), "-r", str(registry)])
    assert printed.exit_code == 0, printed.stderr
    assert not unsafe_lines(printed.stdout), unsafe_lines(printed.stdout)
    texts = [draft["text"] for draft in yaml.safe_load(printed.stdout)]
    assert len(texts) == 34 and "Plain text about 12 ordinary schools." in texts
    assert any("::error file=x::FOLD29" in text for text in texts)  # the meaning is kept
    assert any("##[add-mask]secret" in text for text in texts)
    assert any("\u202eevil\u202c" in text for text in texts)
    before = registry.read_text(encoding="utf-8")
    appended = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert appended.exit_code == 0, appended.stderr
    after = registry.read_text(encoding="utf-8")
    matcher = difflib.SequenceMatcher(None, before.splitlines(True), after.splitlines(True))
    assert {op for op, *_ in matcher.get_opcodes()} == {"equal", "insert"}
    assert not unsafe_lines(after)
    assert [c.text for c in load_registry(registry).registry.claims][1:] == texts


def test_add_source_takes_a_csl_kind_or_none(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    runner.invoke(app, ["init", str(path)])
    for ident, kind in (("plain_page", None), ("annual_report", "report")):
        args = ["add", "source", "--id", ident, "--title", "T", "-r", str(path)]
        result = runner.invoke(app, [*args, *(["--kind", kind] if kind else [])])
        assert result.exit_code == 0, result.output
    sources = {s.id: s.kind for s in load_registry(path).registry.sources}
    assert sources["plain_page"] is None and sources["annual_report"] == "report"
    # The wrong twin: a kind that is neither a CSL type nor a first-version kind is refused.
    args = ["add", "source", "--id", "x", "--title", "T", "--kind", "reprot", "-r", str(path)]
    bad = runner.invoke(app, args)
    assert bad.exit_code == 2 and "report" in bad.stderr


BULLETIN = """\
# Water use in England, 2024

Last updated: 14 March 2025

Households used 142 litres of water per person per day in 2024.
"""

STORY = """\
<!doctype html><html><head><title>Council approves new library | Example News</title>
<link rel="canonical" href="https://news.example.org/library">
</head><body><nav><a href="/">Home</a></nav>
<article><h1>Council approves new library</h1>
<p>By a reporter, <time datetime="2025-06-02T09:00:00Z">2 June 2025</time></p>
<p>The council hired 12 new staff for the library in 2025.</p>
</article><footer>Example News</footer></body></html>
"""


def test_init_from_a_page_drafts_a_registry_that_verifies(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the repository the page must be inside
    (tmp_path / "pages").mkdir()
    for name, source, page in (
        ("md.yaml", BULLETIN, {"title": "Water use in England, 2024", "as_of": "2025-03-14"}),
        (
            "html.yaml",
            STORY,
            {
                "title": "Council approves new library | Example News",
                "url": "https://news.example.org/library",
                "as_of": "2025-06-02",
            },
        ),
    ):
        suffix = ".md" if name.startswith("md") else ".html"
        (tmp_path / "pages" / f"page{suffix}").write_text(source, encoding="utf-8")
        path = tmp_path / name
        args = ["init", str(path), "--from", str(tmp_path / "pages" / f"page{suffix}")]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
        loaded = load_registry(path)
        assert loaded.registry.page is not None
        stated = {k: str(getattr(loaded.registry.page, k)) for k in page}
        assert stated == page and loaded.registry.page.path == f"pages/page{suffix}"
        assert [c.value for c in loaded.registry.claims if c.kind == "figure"] in ([142], [12])
        verified = runner.invoke(app, ["verify", str(path), "--offline", "-f", "json"])
        assert verified.exit_code == 0, verified.output
        assert '"level": "error"' not in verified.stdout
        again = runner.invoke(app, args)
        assert again.exit_code == 2 and "--force" in again.stderr
        assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".claimcheck-init")]


def test_init_from_refuses_a_page_outside_the_repository(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    page = tmp_path / "page.md"
    page.write_text(BULLETIN, encoding="utf-8")
    path = tmp_path / "repo" / "claims.yaml"
    result = runner.invoke(app, ["init", str(path), "--from", str(page)])
    assert result.exit_code == 2 and "outside the repository" in result.stderr
    assert "Traceback" not in result.output and not path.exists()


def test_init_from_names_the_figures_it_did_not_draft(tmp_path: Path) -> None:
    # As extract does: a figure left out (a day of a month here) is listed on stderr, never
    # silently missing from the drafted registry; a page with none lists nothing.
    page = tmp_path / "page.txt"
    page.write_text("The report was published on 9 January. It counted 1,240 cases.\n", "utf-8")
    result = runner.invoke(app, ["init", str(tmp_path / "claims.yaml"), "--from", str(page)])
    assert result.exit_code == 0, result.stderr
    assert "1 figure not drafted: '9' (a day of the month" in result.stderr
    plain = tmp_path / "plain.txt"
    plain.write_text("It counted 1,240 cases.\n", "utf-8")
    result = runner.invoke(app, ["init", str(tmp_path / "other.yaml"), "--from", str(plain)])
    assert result.exit_code == 0 and "not drafted" not in result.stderr
