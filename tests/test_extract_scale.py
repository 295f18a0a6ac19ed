"""extract at scale (issue 18): a repeated statement is drafted once, ids stay unique however
often one base repeats, and the drafts' direct YAML writer writes what PyYAML's dumper does.
Timings are in bench/extract_scale.py, never here."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml
import yaml_rs
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.drafts import _block, _dumped, _Occurrences, dump_drafts
from claimcheck.ids import Unique, unique
from claimcheck.loader import load_registry

runner = CliRunner()

STATEMENT = (
    "The council said the new library opened on time because volunteers worked through the winter."
)
FIGURES = "About 40% of respondents waited more than 18 weeks for a first appointment."


def _extract(tmp_path: Path, page: str) -> list[dict[str, Any]]:
    registry = tmp_path / "claims.yaml"
    assert runner.invoke(app, ["init", str(registry)]).exit_code == 0
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    out = tmp_path / "drafts.yaml"
    args = ["extract", str(tmp_path / "page.txt"), "-r", str(registry), "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    drafts = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert isinstance(drafts, list)
    return drafts


def test_a_sentence_repeated_2000_times_is_drafted_once(tmp_path: Path) -> None:
    page = "Opening words.\n\n" + "\n\n".join([STATEMENT, FIGURES] * 2000) + "\n"
    drafts = _extract(tmp_path, page)
    statements = [d for d in drafts if d["text"] == STATEMENT]
    figures = [d for d in drafts if d["text"] == FIGURES]
    assert len(statements) == 1 and statements[0]["mentions"] == [STATEMENT]
    # One draft per figure, not 2,000 ("more than 18 weeks" bounds what the 40% counts: a
    # threshold, not a figure of its own).
    assert sorted(d["value"] for d in figures) == [40]
    for draft in figures:  # its mention stands for every place the sentence is repeated
        (mention,) = draft["mentions"]
        assert page.count(mention) == 2000
    ids = [d["id"] for d in drafts]
    assert len(ids) == len(set(ids)) == 2


def test_ids_of_many_figures_with_one_base_stay_unique(tmp_path: Path) -> None:
    # 600 distinct sentences, each drafting a figure whose id base is the same.
    page = "\n\n".join(f"Inspectors visited {1000 + 7 * i:,} homes in 2024." for i in range(600))
    drafts = _extract(tmp_path, page + "\n")
    ids = [str(d["id"]) for d in drafts]
    assert len(ids) == 600 and len(set(ids)) == 600
    assert ids[:3] == ["homes_2024", "homes_2024_2", "homes_2024_3"]
    # Appended, they load: no id clashes with another.
    registry = tmp_path / "claims.yaml"
    args = ["extract", str(tmp_path / "page.txt"), "-r", str(registry), "--append"]
    assert runner.invoke(app, args).exit_code == 0
    loaded = load_registry(registry)
    assert not loaded.invalid_ids and len(loaded.registry.claims) == 601


def test_unique_ids_are_those_of_the_one_at_a_time_search() -> None:
    rng = random.Random(18)
    taken = {"homes", "homes_3", "homes_4", "homes_2_2", "rate_2"}
    slow, fast = set(taken), Unique(set(taken))
    for _ in range(3000):
        base = rng.choice(["homes", "homes_2", "rate", "rate_2", "new"])
        if rng.random() < 0.05:  # ids taken meanwhile by something else
            extra = f"{base}_{rng.randint(2, 400)}"
            slow.add(extra)
            fast.taken.add(extra)
        assert fast(base) == unique(base, slow)
    assert fast.taken == slow


#: Strings that need care: YAML's typed look-alikes (1.1, 1.2 and yaml-rs's own numbers),
#: indicators, apostrophes, what a CI log would obey, and characters libyaml escapes.
AWKWARD = [
    "plain words",
    "",
    "yes",
    "No",
    "~",
    "null",
    "1e3",
    "08",
    "0o17",
    "0X1F",
    "_1",
    "1e3_",
    "_.5",
    "12:30:00",
    "2024-01-01",
    "3:15",
    "- item",
    "? key",
    ": x",
    "a: b",
    "a #b",
    "#c",
    "'quoted'",
    '"quoted"',
    "it's",
    "it's: here",
    "'it's'",
    "trailing ",
    " leading",
    "::error::x",
    "a ##[group]b",
    "\u202eevil",
    "tab\there",
    "line\nbreak",
    "emoji \U0001f600",
    "private \ue000",
    "nbsp\u00a0here",
    "£1.3 million",
    "50%",
    "@user",
    "`code`",
    "---",
    "...",
    "back\\slash",
]


def test_the_direct_writer_writes_what_the_dumper_writes() -> None:
    rng = random.Random(7)
    for _ in range(300):
        drafts = [
            {
                "id": rng.choice(AWKWARD) or "x",
                "text": rng.choice(AWKWARD),
                "kind": "figure",
                "value": rng.choice([3, 2.5, [1, 2], -4, 1e20, 0.0001]),
                "mentions": [rng.choice(AWKWARD), rng.choice(AWKWARD)],
                "citations": rng.choice([[], [{"source": rng.choice(AWKWARD)}]]),
                "review": {"status": "unverified", "note": rng.choice(AWKWARD)},
            }
            for _ in range(rng.randint(1, 3))
        ]
        written = _block(drafts)
        assert written is not None and written == _dumped(drafts)
        dumped = dump_drafts(drafts, indent=0)
        assert yaml.safe_load(dumped) == drafts
        assert yaml_rs.loads(dumped, parse_datetime=False) == drafts  # as the loader reads it


def test_occurrences_answer_as_count_does() -> None:
    rng = random.Random(3)
    words = ["a", "b", "ab", "a b", "5%", "of", "x"]
    for _ in range(200):
        page = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        found = _Occurrences(page)
        for _ in range(40):
            if rng.random() < 0.5:  # a piece of the page, cut anywhere
                a = rng.randint(0, len(page))
                text = page[a : rng.randint(a, len(page))]
            else:
                text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
                text = rng.choice(["", " "]) + text + rng.choice(["", " "])
            assert found.once(text) == (page.count(text) == 1), (page, text)


def test_relative_times_after_a_last_figure_are_found_as_a_scan_finds_them() -> None:
    from claimcheck.drafts import _RELATIVE_TIME, _own_relative_time, _Searches

    rng = random.Random(5)
    pieces = ["812 a year earlier", "down 2% on a year earlier", "previously", "earlier", "x"]
    pieces += ["the year before", "two months later", "last year", "on", "than", "1,046", "."]
    for _ in range(100):
        prose = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        searches = _Searches(_RELATIVE_TIME, prose)
        starts = [rng.randint(0, len(prose)) for _ in range(20)]
        for start in sorted(starts) + starts:  # in order, then in any order
            expected = _own_relative_time(prose, start, len(prose))
            assert _own_relative_time(prose, start, len(prose), searches) == expected
