"""The bundled claims.yaml is the product's showcase: it is tested like code."""

from __future__ import annotations

import re
from pathlib import Path

from claimcheck.engine import run_checks
from claimcheck.loader import load_registry
from tests.conftest import TODAY

BUNDLED = Path(__file__).parent.parent / "claims.yaml"


def test_bundled_registry_is_structurally_valid() -> None:
    loaded = load_registry(BUNDLED)
    assert loaded.findings == []
    report = run_checks(loaded, today=TODAY, select=("R",))
    problems = [f"{f.location} {f.code} {f.message}" for f in report.findings if f.code != "R006"]
    assert problems == []
    # The page lists two sources it attributes nothing to: reported, on purpose.
    assert sorted(f.source or "" for f in report.findings) == ["cwj", "nspcc_csa_stats"]


def test_every_cited_source_exists_and_ids_are_unique() -> None:
    registry = load_registry(BUNDLED).registry
    sources = {s.id for s in registry.sources}
    assert len(sources) == len(registry.sources)
    assert len({c.id for c in registry.claims}) == len(registry.claims)
    for claim in registry.claims:
        for citation in claim.citations:
            assert citation.source in sources, (claim.id, citation.source)
    for source in registry.sources:
        assert source.relay_of is None or source.relay_of in sources


def test_disputed_claims_say_why_and_cite_what_the_source_says() -> None:
    registry = load_registry(BUNDLED).registry
    disputed = [c for c in registry.claims if c.review and c.review.status == "disputed"]
    assert len(disputed) >= 10
    for claim in disputed:
        assert claim.review is not None and claim.review.note, claim.id
    # Where the research quoted the source, the quote is in a citation. The exceptions:
    # a judge's title and a URL (nothing to quote).
    unquoted = {c.id for c in disputed if not any(x.quote for x in c.citations)}
    assert unquoted == {"sentencing_judge_title", "maggie_oliver_website"}


def test_every_source_has_a_url_and_every_claim_a_mention() -> None:
    registry = load_registry(BUNDLED).registry
    assert all(s.url and re.match(r"https?://", s.url) for s in registry.sources)
    assert all(c.mentions for c in registry.claims)
    assert 120 <= len(registry.claims) <= 200
