"""`snapshot`'s line per source counts the figures as the support verdicts read them (review
14): "figures: 2 of 2 found" stood beside verdicts saying one was for another year."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sourcepages import SUBJECTS, no_quote, page, take_snapshot, write_registry
from tests.sourceserver import serve

# --- the snapshot's summary counts what the verdicts count ----------------------------------


@pytest.mark.parametrize(
    ("subject", "wrong", "said"),
    [
        ("rivers", ("in 2024", "in 2019"), "0 of 1 found (1 said otherwise)"),
        ("homes", ("new homes", "new schools"), "0 of 1 found (1 as another measure)"),
    ],
)
def test_the_summary_does_not_count_a_figure_said_otherwise_as_found(
    tmp_path: Path, subject: str, wrong: tuple[str, str], said: str
) -> None:
    # "figures: 2 of 2 found" stood beside verdicts saying one was for another year.
    template, body = SUBJECTS[subject]
    template = no_quote(template)
    with serve() as site:
        site.pages["/r"] = (200, "text/html", page(body.replace(*wrong)))
        site.pages["/ok"] = (200, "text/html", page(body))
        planted = take_snapshot(write_registry(tmp_path, template, site.url("/r")), site)
        twin = take_snapshot(write_registry(tmp_path, template, site.url("/ok")), site)
    assert f"figures: {said}" in planted.stdout, planted.stdout
    assert "figures: 1 of 1 found\n" in twin.stdout, twin.stdout
