"""A support verdict per citation: does the source, as `snapshot` read it, bear the claim out?

Each citation is judged on its own, from what the Q rules look at, so that no verdict says
otherwise than a finding beside it: its quote (found word for word: supported; a
paraphrase: partial; absent: unsupported; the source saying otherwise, Q019: unsupported,
whatever the figure) and, for a figure claim, the figure (in the source as the claim's
measure: supported; there as another measure, for another time, as a change the other way,
in another unit, currency or base, as the opposite bound, a different figure, or absent:
unsupported; a quote that gives the figure otherwise makes it unsupported too). Both
checked and one failing is partial. A quote edited since the snapshot is checked against
the passage the snapshot kept, as the Q rules check it. A source
that could not be read is `unverifiable`, with why (blocked by a bot wall, dead with no
archived copy, paywalled, unreadable, not snapshotted, nothing to check), and is never
counted as unsupported: a wall says nothing about what the source says.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from claimcheck.findings import CitationSupport, Support
from claimcheck.links.model import LinkResult, Verdict
from claimcheck.model import Citation, Claim, Registry
from claimcheck.sources.match import (
    FigureMatch,
    FigureVerdict,
    QuoteVerdict,
    match_figure,
    match_quote,
    quote_contradicts,
    said_otherwise,
)
from claimcheck.sources.snapshot import (
    BLOCKED_PREFIX,
    DEAD_PREFIX,
    FigureRecord,
    QuoteRecord,
    Snapshot,
)

_PAYWALL = re.compile(r"\bHTTP 40[12]\b")
#: The error an older snapshot kept for a dead source (`fetch.Body.gone`'s words, before
#: they were written after DEAD_PREFIX).
_OLD_DEAD = re.compile(
    r"HTTP 404$|HTTP 410$|no such host |redirected to (?:the site's front page|an error page) "
    r"\(|the page says .* \(HTTP \d+\): a soft 404$"
)


def supports(
    registry: Registry,
    snapshots: Mapping[str, Snapshot],
    links: Mapping[str, LinkResult] | None = None,
    *,
    only: Collection[str] | None = None,
) -> dict[str, tuple[CitationSupport, ...]]:
    """Each cited claim's citations' verdicts, by claim id (of the claims in `only`, if
    given)."""
    urls = {s.id: s.url for s in registry.sources}
    archives = {s.id: s.archive_url for s in registry.sources}
    out: dict[str, tuple[CitationSupport, ...]] = {}
    for claim in registry.claims:
        if not claim.citations or (only is not None and claim.id not in only):
            continue
        out[claim.id] = tuple(
            citation_support(
                claim,
                citation,
                snapshots.get(citation.source),
                (links or {}).get(urls.get(citation.source) or ""),
                urls.get(citation.source),
                archives.get(citation.source),
            )
            for citation in claim.citations
        )
    return out


def citation_support(
    claim: Claim,
    citation: Citation,
    snapshot: Snapshot | None,
    link: LinkResult | None,
    source_url: str | None = None,
    archive_url: str | None = None,
) -> CitationSupport:
    """One citation's verdict, and why."""
    source = citation.source

    def verdict(kind: Support, reason: str) -> CitationSupport:
        return CitationSupport(source, kind, reason)

    if snapshot is None:
        if link is not None and link.verdict is Verdict.BLOCKED:
            return verdict(Support.UNVERIFIABLE, f"blocked: {link.error or link.status}")
        return verdict(Support.UNVERIFIABLE, "not snapshotted")
    captured = snapshot.archive.url if snapshot.archive else None  # a dead source's capture
    if source_url is not None and snapshot.url not in (source_url, archive_url, captured):
        # Read from another address than the registry now gives: says nothing about this one.
        return verdict(Support.UNVERIFIABLE, f"the snapshot is of {snapshot.url}, not the source")
    if snapshot.error:
        if snapshot.error.startswith((BLOCKED_PREFIX, DEAD_PREFIX)):
            return verdict(Support.UNVERIFIABLE, snapshot.error)
        if _OLD_DEAD.match(snapshot.error):
            # A snapshot taken before dead sources were said so ("HTTP 404"): dead all the
            # same, and no archived copy read (one read would have given the snapshot text).
            none = "no archived copy read" if snapshot.archive else "no archived copy"
            return verdict(Support.UNVERIFIABLE, f"{DEAD_PREFIX}{snapshot.error}; {none}")
        if _PAYWALL.search(snapshot.error):
            return verdict(Support.UNVERIFIABLE, f"paywalled or login required: {snapshot.error}")
        return verdict(Support.UNVERIFIABLE, f"unreadable: {snapshot.error}")
    checked: list[tuple[Support, str]] = []
    if citation.quote:
        checked.append(_quote(claim, citation.quote, snapshot))
        if checked[0][1].startswith(_ALTERED):
            # The source's words quoted saying otherwise (Q019, an error beside the verdict)
            # do not bear the claim out, whatever else the source says: "partial" with the
            # figure found kept Q011 from firing on a claim reviewed as verified.
            if claim.value is not None and claim.kind == "figure":
                checked.append(_figure(claim, snapshot))
            return verdict(Support.UNSUPPORTED, "; ".join(why for _, why in checked))
    if claim.value is not None and claim.kind == "figure":
        checked.append(_figure(claim, snapshot))
        quoted = checked[0] == (Support.SUPPORTED, "quote found")
        if citation.quote and quoted and checked[-1][0] is Support.SUPPORTED:
            said = quote_contradicts(claim, citation.quote)
            if said is not None:
                # the source's own words, quoted, give the figure otherwise: they do not
                # bear the claim out, whatever else the source says
                checked = [(Support.UNSUPPORTED, f"quote found, but it {said_otherwise(said)}")]
    # What could not be checked (a figure the snapshot did not look for) does not decide the
    # verdict, but is said beside it: "quote found" alone read as if the figure had been
    # checked too.
    unchecked = [why for kind, why in checked if kind is Support.UNVERIFIABLE]
    checked = [c for c in checked if c[0] is not Support.UNVERIFIABLE] or checked
    if not checked:
        return verdict(Support.UNVERIFIABLE, "nothing to check: no quote, and not a figure")
    kinds = {kind for kind, _ in checked}
    reason = "; ".join(
        [why for _, why in checked] + [u for u in unchecked if kinds != {Support.UNVERIFIABLE}]
    )
    if kinds == {Support.SUPPORTED}:
        return verdict(Support.SUPPORTED, reason)
    if kinds == {Support.UNSUPPORTED}:
        return verdict(Support.UNSUPPORTED, reason)
    if kinds == {Support.UNVERIFIABLE}:
        return verdict(Support.UNVERIFIABLE, reason)
    return verdict(Support.PARTIAL, reason)


#: How a quote's reason starts when the source says otherwise than the quote (Q019).
_ALTERED = "the quote says otherwise than the source"


def _quote(claim: Claim, quote: str, snapshot: Snapshot) -> tuple[Support, str]:
    """The quote against the passage the snapshot kept, as the Q rules check it
    (`checks.content`): a quote edited since the snapshot is re-checked against that passage
    too. Called unverifiable ("the quote changed"), it was left out of the verdict, which
    said "supported" above the Q019 error the same passage gave the edited quote."""
    record = _record(snapshot.quotes, claim.id, quote)
    stale = record is None or record.quote != quote
    if record is None or record.selector is None:  # as Q001 says: not in the source
        return Support.UNSUPPORTED, "quote not in the source" + (_STALE if stale else "")
    changed = _EDITED if stale else ""
    found = match_quote(quote, [record.selector.passage]).verdict
    if found is QuoteVerdict.ALTERED:
        return Support.UNSUPPORTED, _ALTERED + changed
    if found is QuoteVerdict.ABSENT:
        return Support.UNSUPPORTED, "quote not in the source" + changed
    if found is QuoteVerdict.PARAPHRASE:
        return Support.PARTIAL, "the source says it in other words" + changed
    return Support.SUPPORTED, "quote found" + changed


_STALE = " (the quote changed since the snapshot)"
_EDITED = " (the quote changed since the snapshot: checked against the passage it kept)"


def _figure(claim: Claim, snapshot: Snapshot) -> tuple[Support, str]:
    record = next((f for f in snapshot.figures if f.claim == claim.id), None)
    if record is None:  # the snapshot was taken before the claim was a figure: not looked for
        return Support.UNVERIFIABLE, "the figure was not looked for in the snapshot"
    found = _figure_match(claim, record)
    if found.verdict is FigureVerdict.SUPPORTED:
        return Support.SUPPORTED, "figure found"
    if found.verdict is FigureVerdict.OTHER_MEASURE:
        return Support.UNSUPPORTED, "the figure is there as another measure"
    if found.verdict is FigureVerdict.ABSENT:
        return Support.UNSUPPORTED, "figure not in the source"
    return Support.UNSUPPORTED, f"the source {said_otherwise(found)}"


def _figure_match(claim: Claim, record: FigureRecord) -> FigureMatch:
    """The claim's figure against the passage the snapshot kept for it."""
    if record.selector is None:
        return FigureMatch(False)
    return match_figure(claim, [record.selector.passage])


def figure_counts(claims: Iterable[Claim], snapshot: Snapshot) -> dict[str, int]:
    """The snapshot's figures by what the source says of each, as the verdicts read them:
    "found" (as the claim gives it), "said otherwise" (for another time, the other way, in
    another unit, or a different figure), "as another measure", "not found". `snapshot`'s
    summary counted every figure whose value was there as found: "2 of 2 found" where the
    verdicts beside it said one was for another year."""
    by_id = {claim.id: claim for claim in claims}
    counts: dict[str, int] = {}
    for record in snapshot.figures:
        claim = by_id.get(record.claim)
        if claim is None:
            continue
        verdict = _figure_match(claim, record).verdict
        said = _SAID.get(verdict, "said otherwise")
        counts[said] = counts.get(said, 0) + 1
    return counts


_SAID = {
    FigureVerdict.SUPPORTED: "found",
    FigureVerdict.OTHER_MEASURE: "as another measure",
    FigureVerdict.ABSENT: "not found",
}


def _record(records: tuple[QuoteRecord, ...], claim: str, quote: str) -> QuoteRecord | None:
    return next((r for r in records if r.claim == claim and r.quote == quote), None) or next(
        (r for r in records if r.claim == claim), None
    )
