"""`import-sources` when an item's id is taken (review 18, item 7).

Planted: an item whose id is a claim's aborted the whole import ("choose another --id":
there is no --id there, and no CSL line); an item whose id is a source's but which is
another work (another title, another URL) was skipped as "(1 already listed)" without a
word. Now each is imported as `id_2`, as `extract` makes ids unique, and a line says so and
why; each item skipped is named with the source it is already listed as and why (the same
URL, DOI, or id and title). Clean twins: an item that is a listed source under its id (what
`export` wrote) is skipped, named; an item with a free id is imported under it, with no
note. Subjects: glaciers, hospital waiting lists.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()

GLACIERS = """\
version: 1
page: {title: Glacier retreat}
sources:
  - id: glamos
    title: GLAMOS mass balance
    url: https://www.glamos.ch/en/
claims:
  - id: retreat
    text: The Rhone glacier retreated.
    kind: fact
    citations: [{source: glamos}]
"""
WAITS = """\
version: 1
page: {title: Hospital waiting lists}
sources:
  - id: rtt
    title: Referral to treatment waiting times
    url: https://www.england.nhs.uk/statistics/rtt-waiting-times/
claims:
  - id: waiting_list
    text: The waiting list stood at 7.42 million.
    kind: figure
    value: 7.42
    unit: million
    citations: [{source: rtt}]
"""


def _import(tmp_path: Path, text: str, items: list[dict[str, object]]) -> tuple[int, str, Path]:
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    csl = tmp_path / "refs.json"
    csl.write_text(json.dumps(items), encoding="utf-8")
    result = runner.invoke(app, ["import-sources", str(csl), "-r", str(registry)])
    return result.exit_code, result.stderr, registry


@pytest.mark.parametrize(
    ("text", "item", "ident", "says"),
    [
        (
            GLACIERS,
            {"id": "retreat", "title": "Retreat report", "URL": "https://example.org/retreat"},
            "retreat_2",
            "item 1 (id 'retreat'): imported as `retreat_2`: `retreat` is the id of claim "
            "`retreat`",
        ),
        (
            WAITS,
            {"id": "waiting_list", "title": "Waiting list data", "URL": "https://e.org/wl"},
            "waiting_list_2",
            "`waiting_list` is the id of claim `waiting_list`",
        ),
        (
            GLACIERS,
            {"id": "glamos", "title": "A different GLAMOS report", "URL": "https://e.org/d"},
            "glamos_2",
            "item 1 (id 'glamos'): imported as `glamos_2`: `glamos` is the id of source "
            "`glamos`, another title",
        ),
        (
            WAITS,
            {
                "id": "rtt",
                "title": "Referral to treatment waiting times",
                "URL": "https://example.org/rtt-2019",
            },
            "rtt_2",
            "`rtt` is the id of source `rtt`, another URL",
        ),
    ],
    ids=["claim id glaciers", "claim id waits", "another title", "another URL"],
)
def test_an_item_whose_id_is_taken_is_imported_as_id_2_and_said(
    tmp_path: Path, text: str, item: dict[str, object], ident: str, says: str
) -> None:
    code, stderr, registry = _import(tmp_path, text, [item])
    assert code == 0, stderr
    assert says in stderr, stderr
    assert "added 1 source (0 already listed)" in stderr
    loaded = load_registry(registry)
    assert loaded.findings == [] and loaded.registry.sources[-1].id == ident
    assert loaded.registry.sources[-1].title == item["title"]


@pytest.mark.parametrize(
    ("text", "item", "says"),
    [
        (
            GLACIERS,
            {"id": "glamos2024", "title": "Mass balance", "URL": "https://WWW.glamos.ch/en/#top"},
            "item 1 (id 'glamos2024'): already listed as `glamos`: the same URL",
        ),
        (  # what `export` wrote comes back: the same id and title
            WAITS,
            {"id": "rtt", "title": "Referral to treatment  waiting TIMES"},
            "item 1 (id 'rtt'): already listed as `rtt`: the same id and title",
        ),
    ],
)
def test_an_item_already_listed_is_named(
    tmp_path: Path, text: str, item: dict[str, object], says: str
) -> None:
    code, stderr, registry = _import(tmp_path, text, [item])
    assert code == 0, stderr
    assert says in stderr and "added 0 sources (1 already listed)" in stderr, stderr
    assert registry.read_text(encoding="utf-8") == text


def test_two_items_of_one_file_are_told_apart(tmp_path: Path) -> None:
    items: list[dict[str, object]] = [
        {"id": "huss 2021", "title": "Accelerated loss", "DOI": "10.1038/s41586-021-03436-z"},
        {"id": "huss_2021", "title": "Loss again", "DOI": "https://doi.org/10.1038/S41586-021-03436-Z"},
        {"id": "wgms", "title": "WGMS bulletin", "URL": "https://wgms.ch/a"},
        {"id": "wgms", "title": "WGMS other bulletin", "URL": "https://wgms.ch/b"},
    ]  # fmt: skip
    code, stderr, registry = _import(tmp_path, GLACIERS, items)
    assert code == 0, stderr
    assert (
        "item 2 (id 'huss_2021'): already listed as `huss_2021`, item 1 (id 'huss 2021') of "
        "this file: the same DOI"
    ) in stderr
    assert "item 4 (id 'wgms'): imported as `wgms_2`: `wgms` is the id of item 3" in stderr
    ids = [s.id for s in load_registry(registry).registry.sources]
    assert ids == ["glamos", "huss_2021", "wgms", "wgms_2"]


def test_an_item_with_a_free_id_is_imported_under_it_with_no_note(tmp_path: Path) -> None:
    item: dict[str, object] = {
        "id": "wgms",
        "title": "WGMS bulletin",
        "URL": "https://wgms.ch/bulletin",
    }
    code, stderr, registry = _import(tmp_path, GLACIERS, [item])
    assert code == 0, stderr
    assert stderr.strip().splitlines() == ["claimcheck: added 1 source (0 already listed)"]
    assert load_registry(registry).registry.sources[-1].id == "wgms"
