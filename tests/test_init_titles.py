"""`init` writes the page's title and address whole (review 18, item 1).

Planted: titles longer than 80 characters, with `: ` (which needs quotes), a newline, and
the line breaks YAML knows beside `\\n` (U+0085, U+2028, U+2029), typed as `--title` or read
from a page (`# ` heading, HTML `<title>`): each must be written whole, read back as given,
and verify with no error. A title no line of YAML holds (a lone surrogate, what a byte that
is not UTF-8 on the command line becomes) is refused naming `--title`, nothing written. Clean
twins: short titles stay plain, as before. Two subjects and more: glaciers, hospital waiting
lists, a football club.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.edit import set_source_fields
from claimcheck.loader import load_registry

runner = CliRunner()

GLACIER = "Glacier retreat in the Swiss Alps: what a century of mass-balance records says " * 3
WAITS = (
    "Hospital waiting lists in England: how long patients wait for planned treatment "
    "and why the backlog persists"
)


def _verify_clean(path: Path) -> None:
    result = runner.invoke(app, ["verify", str(path), "--offline", "-f", "concise"])
    assert result.exit_code == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "title",
    [
        GLACIER.strip(),  # 239 characters, with `: `
        WAITS + ": 2025\nsecond line",  # `: ` and a newline
        "Glacier\u2028retreat: the Rhône glacier",
        "Waiting lists\u0085in England",
        "Waiting lists\u2029in England: March",
        "Rovers' season: " + "attendance, goals and gate receipts, " * 4,
    ],
    ids=["239 chars", "newline", "U+2028", "U+0085", "U+2029", "apostrophe"],
)
def test_init_writes_a_long_or_broken_title_whole(tmp_path: Path, title: str) -> None:
    path = tmp_path / "claims.yaml"
    result = runner.invoke(app, ["init", str(path), "--title", title])
    assert result.exit_code == 0, result.stderr
    page = load_registry(path).registry.page
    assert page is not None and page.title == title
    (line,) = [ln for ln in path.read_text(encoding="utf-8").splitlines() if "  title: " in ln][:1]
    assert line.startswith("  title: ")  # one line, whatever the title holds
    _verify_clean(path)


@pytest.mark.parametrize("title", ["Glacier retreat", "Hospital waiting lists", "Rovers 2024"])
def test_a_short_title_stays_plain(tmp_path: Path, title: str) -> None:
    path = tmp_path / "claims.yaml"
    assert runner.invoke(app, ["init", str(path), "--title", title]).exit_code == 0
    assert f"\n  title: {title}\n" in path.read_text(encoding="utf-8")
    _verify_clean(path)


@pytest.mark.parametrize(
    ("name", "page", "title"),
    [
        (
            "waits.md",
            f"# {WAITS}\n\nPublished 12 May 2025\n\n"
            "The waiting list stood at 7.42 million in March 2025.\n",
            WAITS,
        ),
        (
            "glaciers.html",
            f"<html><head><title>{GLACIER.strip()}</title></head><body><h1>Glaciers</h1>"
            "<p>The Rhône glacier lost 3.2 metres of ice in 2024.</p></body></html>",
            GLACIER.strip(),
        ),
        (  # the clean twin: a short title
            "rovers.md",
            "# Rovers' season\n\nThe Rovers drew 8,412 fans a game in 2024.\n",
            "Rovers' season",
        ),
    ],
)
def test_init_from_a_page_keeps_its_long_title(
    tmp_path: Path, name: str, page: str, title: str
) -> None:
    (tmp_path / name).write_text(page, encoding="utf-8")
    path = tmp_path / "claims.yaml"
    result = runner.invoke(app, ["init", str(path), "--from", str(tmp_path / name)])
    assert result.exit_code == 0, result.stderr
    assert ".claimcheck-init-" not in result.stderr
    registry = load_registry(path).registry
    assert registry.page is not None and registry.page.title == title
    assert registry.claims  # drafted as before


@pytest.mark.parametrize("title", ["Glacier\udcffretreat", "Waiting lists \ud800"])
def test_a_title_no_yaml_line_holds_is_refused_naming_the_flag(tmp_path: Path, title: str) -> None:
    path = tmp_path / "claims.yaml"
    result = runner.invoke(app, ["init", str(path), "--title", title])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("claimcheck: error: --title ") and "nothing was written" in line
    assert "lone surrogate" in line and "Traceback" not in result.stderr
    assert not path.exists()


def test_a_field_set_by_snapshot_fix_is_written_whole(tmp_path: Path) -> None:
    """`snapshot --fix` adds fields by the same writer: a long value with `: ` stays whole."""
    path = tmp_path / "claims.yaml"
    assert runner.invoke(app, ["init", str(path), "--title", "Glacier retreat"]).exit_code == 0
    archive = "https://web.archive.org/web/2024/https://example.org/report?q=" + "ice: mass " * 12
    assert set_source_fields(path, {"example_report": {"archive_url": archive}})
    (source,) = load_registry(path).registry.sources
    assert source.archive_url == archive


def test_init_from_reads_the_whole_draft_back_before_writing() -> None:
    """A draft the registry rejects is refused, naming it, not written for verify to
    reject (exit 2 there); the clean twin is returned and loads."""
    from claimcheck.edit import drafted_registry
    from claimcheck.errors import ConfigError
    from claimcheck.loader import parse_registry

    fields = [("title", "Glacier retreat"), ("path", "glaciers.md")]
    good = {"id": "ice_loss", "text": "The glacier lost 3.2 metres.", "kind": "figure"}
    text = drafted_registry("glaciers.md", fields, [good])
    assert parse_registry(text, "claims.yaml").findings == []
    bad = {**good, "id": "ice_gain", "kind": "factoid"}
    with pytest.raises(ConfigError, match=r"the draft `ice_gain` of glaciers\.md would not be"):
        drafted_registry("glaciers.md", fields, [good, bad])
