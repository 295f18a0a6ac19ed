"""A support verdict never says otherwise than a finding beside it (review 14): a quote the
source says otherwise (Q019) makes its citation unsupported whatever its figure, and a
quote edited after the snapshot is judged against the passage the snapshot kept, as the Q
rules judge it; Q011 then fires for a claim reviewed as verified."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sourcepages import (
    SUBJECTS,
    codes_of,
    page,
    run_verify,
    take_snapshot,
    verdicts,
    write_registry,
)
from tests.sourceserver import serve

# --- a verdict never says otherwise than a finding beside it ---------------------------------


@pytest.mark.parametrize(
    ("subject", "edit", "said"),
    [
        ("rivers", ("37 per cent", "47 per cent"), "Q019"),
        ("homes", ("completed 15,400", "never completed 15,400"), "Q019"),
    ],
)
def test_a_quote_edited_after_the_snapshot_is_judged_by_the_kept_passage(
    tmp_path: Path, subject: str, edit: tuple[str, str], said: str
) -> None:
    # The edited quote was "unverifiable (the quote changed)" and left out: the verdict said
    # "supported (figure found; ...)" above its own Q019 error, and Q011 never fired.
    template, body = SUBJECTS[subject]
    with serve() as site:
        site.pages["/r"] = (200, "text/html", page(body))
        path = write_registry(tmp_path, template, site.url("/r"))
        assert take_snapshot(path, site).exit_code == 0
    clean = run_verify(path)
    assert [s["verdict"] for s in verdicts(clean)] == ["supported"]
    before = path.read_text(encoding="utf-8")
    path.write_text(before.replace(*edit), encoding="utf-8")
    report = run_verify(path)
    [support] = verdicts(report)
    assert {said, "Q011"} <= codes_of(report)
    assert support["verdict"] == "unsupported" and "says otherwise" in support["reason"]
    assert "the quote changed since the snapshot" in support["reason"]
    # The twin: an edit of case and spacing only is still the source's words.
    quote = edit[0]
    path.write_text(before.replace(quote, quote.upper().replace(" ", "  ")), encoding="utf-8")
    twin = run_verify(path)
    assert [s["verdict"] for s in verdicts(twin)] == ["supported"]
    assert not {"Q019", "Q011", "Q001"} & codes_of(twin)


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_quote_the_source_says_otherwise_is_unsupported(tmp_path: Path, subject: str) -> None:
    # A negated source: Q019 on the quote, the figure found; "partial" kept Q011 silent.
    template, body = SUBJECTS[subject]
    negated = body.replace(" were in", " were not in").replace("completed", "never completed")
    with serve() as site:
        site.pages["/r"] = (200, "text/html", page(negated))
        path = write_registry(tmp_path, template, site.url("/r"))
        take_snapshot(path, site)
    report = run_verify(path)
    [support] = verdicts(report)
    assert {"Q019", "Q011"} <= codes_of(report)
    assert support["verdict"] == "unsupported"
