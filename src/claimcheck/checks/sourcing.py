"""S: is every claim tied to a source a reader can find?"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.checks.base import Check, CheckContext
from claimcheck.findings import ClaimState, Family, Finding, Severity
from claimcheck.model import Registry, Source

FAMILY = Family("S", "sourcing", marks=ClaimState.FAILING_SOURCE)

S001 = FAMILY.rule(
    "S001",
    "unsourced-claim",
    Severity.WARNING,
    "A claim has no citation.",
    "Every figure and factual statement on the page should rest on a source a reader can "
    "check. A claim with no `citations` is unsourced. Claims of kind `assessment` (the "
    "page's own judgement) are reported as notes: they may stand without a source, but "
    "an editor should see which judgements the page presents as fact.",
    "Add a citation (`citations: [{source: <id>, locator: ..., quote: ...}]`), or mark the "
    "claim `kind: assessment` if it is the page's own judgement.",
    marks=ClaimState.UNSOURCED,
)
S002 = FAMILY.rule(
    "S002",
    "source-without-identifier",
    Severity.WARNING,
    "A source has no URL, DOI or ISBN.",
    "A source that cannot be found again cannot be checked. Give it a `url`, a `doi` or an "
    "`isbn`; for a printed document with none, say where it is held in `notes`.",
    "Add `url:` (or `doi:` / `isbn:`) to the source.",
)
S003 = FAMILY.rule(
    "S003",
    "relay-only",
    Severity.WARNING,
    "A claim rests only on sources that repeat another source.",
    "A source with `relay_of` only repeats what another source says (a news story about a "
    "report, a forum post quoting an audit). A claim that cites only relays has not been "
    "checked against the original, where wording and figures often differ.",
    "Cite the original source as well (the one named in `relay_of`).",
)
S004 = FAMILY.rule(
    "S004",
    "quote-without-anchor",
    Severity.WARNING,
    "A quotation has no verbatim quote or no locator in its citations.",
    "A claim of kind `quote` says someone said exactly these words. At least one citation "
    "should give the words as the source records them (`quote`) and where (`locator`), so "
    "that a reader, or the Q checks, can find them.",
    "Add `quote:` with the source's exact words and `locator:` to a citation.",
)
S005 = FAMILY.rule(
    "S005",
    "disputed-but-published",
    Severity.ERROR,
    "A claim whose review found it disputed or retracted is still on the page.",
    "The claim's `review.status` is `disputed` (a source says something else) or "
    "`retracted`, yet it still has `mentions`: the page still states it. This is the "
    "editor's most urgent kind of fix. The review note says what the source says instead.",
    "Correct or remove the statement on the page (then remove its mentions), or re-review "
    "the claim.",
    marks=ClaimState.DISPUTED,
)

S006 = FAMILY.rule(
    "S006",
    "identifier-not-valid",
    Severity.ERROR,
    "A source's DOI is not a DOI, or its ISBN's check digit disagrees.",
    "A DOI is `10.`, the registrant's number, `/` and the item's suffix, with no space in it "
    "(`https://doi.org/10.5281/zenodo.1234`, `doi: 10.5281/zenodo.1234` and the bare form are "
    "one DOI). An ISBN-10 or ISBN-13 ends in a check digit worked out from the others, so "
    "a mistyped digit is caught: an ISBN whose check digit disagrees names another book, or "
    "none. Either way a reader who follows the identifier does not find the source, and "
    "`export -f csl-json` leaves the source out rather than publish it.",
    "Copy the DOI or ISBN again from the source itself (its landing page, the book's copyright "
    "page), or remove the field.",
)

RULES = (S001, S002, S003, S004, S005, S006)


def run(registry: Registry, ctx: CheckContext) -> Iterator[Finding]:
    """Unsourced claims, unfindable sources, relays, unanchored quotes, disputed claims."""
    sources = registry.source_map()
    relays = {s.id for s in registry.sources if s.relay_of}
    for i, source in ctx.sources(registry):
        if source.identifier is None:
            yield Finding(
                S002,
                f"source `{source.id}` has no url, doi or isbn",
                ("sources", i),
                source=source.id,
            )
        yield from _identifiers(i, source)
    for i, claim in ctx.claims(registry):
        path = ("claims", i)
        citations = claim.citations
        if not citations:
            yield Finding(
                S001,
                f"{claim.kind} claim has no citation",
                path,
                claim=claim.id,
                severity=Severity.NOTE if claim.kind == "assessment" else None,
            )
        elif relays and citations[0].source in relays:  # all relays means the first is one
            cited = [sources[c.source] for c in citations if c.source in sources]
            if cited and all(s.relay_of for s in cited):
                originals = sorted({str(s.relay_of) for s in cited})
                yield Finding(
                    S003,
                    "cited only through relays of " + ", ".join(f"`{o}`" for o in originals),
                    (*path, "citations"),
                    claim=claim.id,
                    hint="cite " + ", ".join(f"`{o}`" for o in originals) + " directly",
                )
        if claim.kind == "quote" and claim.citations:
            missing = [
                what
                for what, present in (
                    ("verbatim `quote`", any(c.quote for c in claim.citations)),
                    ("`locator`", any(c.locator for c in claim.citations)),
                )
                if not present
            ]
            if missing:
                yield Finding(
                    S004,
                    "quotation's citations give no " + " and no ".join(missing),
                    (*path, "citations"),
                    claim=claim.id,
                )
        if claim.review and claim.review.status in ("disputed", "retracted") and claim.mentions:
            note = f": {claim.review.note}" if claim.review.note else ""
            yield Finding(
                S005,
                f"{claim.review.status} claim is still stated on the page "
                f"({len(claim.mentions)} mention{'s' if len(claim.mentions) != 1 else ''}){note}",
                (*path, "review", "status"),
                claim=claim.id,
            )


CHECK = Check("sourcing", RULES, run)


def _identifiers(i: int, source: Source) -> Iterator[Finding]:
    """A `doi` that is not a DOI and an `isbn` whose check digit disagrees (or that is not
    one), each at its field: the same reading as export's and the Crossref lookup's."""
    from claimcheck.safetext import shown
    from claimcheck.sources.scholarly import doi_problem, isbn_problem

    for field, value, problem, example in (
        ("doi", source.doi, doi_problem, "10.5281/zenodo.1234"),
        ("isbn", source.isbn, isbn_problem, "978-0-306-40615-7"),
    ):
        why = problem(value) if value else None
        if why is not None:
            yield Finding(
                S006,
                f"source `{source.id}`: `{field}` {shown(str(value), 80)!r} is not "
                f"{'a DOI' if field == 'doi' else 'an ISBN'}: {why}",
                ("sources", i, field),
                source=source.id,
                hint=f"copy the {field.upper()} again from the source (as `{example}`), or "
                f"remove `{field}`",
            )
