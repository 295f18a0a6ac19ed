"""Q: does the source still say it? Quotes and figures re-checked in the sources' snapshots.

`claimcheck snapshot` reads each source and keeps the passages that matter; this check
re-runs the matching on those passages, offline, so CI gets the same answer every time.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.checks.base import SNAPSHOTS, Check, CheckContext
from claimcheck.findings import ClaimState, Family, Finding, Severity, Support
from claimcheck.model import Claim, Locator, Registry
from claimcheck.sources.match import (
    FigureMatch,
    FigureVerdict,
    QuoteVerdict,
    match_figure,
    match_quote,
    quote_contradicts,
    said_otherwise,
)
from claimcheck.sources.scholarly import Update
from claimcheck.sources.snapshot import (
    FigureRecord,
    QuoteRecord,
    Snapshot,
    check_pages,
    not_of,
)

_REFRESH = "run `claimcheck snapshot` to read the source again"

FAMILY = Family("Q", "quotes in sources", marks=ClaimState.FAILING_SOURCE)

Q001 = FAMILY.rule(
    "Q001",
    "quote-not-in-source",
    Severity.ERROR,
    "A citation's quote is not in the source.",
    "The quotation was looked for in the source's text as it was read: word for word, then "
    "forgiving whitespace, quote marks, dashes and case, then as a paraphrase (same figures, "
    "most of the same key words in one to three sentences). None matched: the source does "
    "not say it (or no longer does), or the citation points at the wrong source. An error "
    "by default: the page puts words in a source's mouth that it does not say, and a reader "
    "who looks finds them missing; a paraphrase is only a note (Q002).",
    "Correct the `quote` to the source's words, cite the source that says it, or mark the "
    "claim `review: {status: disputed}` with the reason.",
)
Q002 = FAMILY.rule(
    "Q002",
    "quote-paraphrased",
    Severity.NOTE,
    "A citation's quote is a paraphrase of the source, not its words.",
    "The figures and most key words are in one passage of the source, but the wording "
    "differs. A `quote` should be the source's own words, so a reader can find it.",
    "Replace `quote` with the source's words (the snapshot's `exact` text).",
)
Q003 = FAMILY.rule(
    "Q003",
    "paraphrase-as-quotation",
    Severity.WARNING,
    "The page puts quotation marks around a paraphrase.",
    "A claim of kind `quote` presents words as the source's own; the source says something "
    "like it in other words. Readers take quotation marks to mean verbatim.",
    "Quote the source exactly on the page, or drop the quotation marks and report it as "
    "a paraphrase (and change the claim's kind).",
)
Q004 = FAMILY.rule(
    "Q004",
    "figure-not-in-source",
    Severity.WARNING,
    "A claim's figure is not in any source it cites.",
    "The claim's value was looked for by value, unit and scale (102,878 = 102878; £65 "
    "million = £65m; two-thirds = 66.7%), near the cited page first. No cited source states "
    "it: it may be derived (say so with `derived`), or from a source not cited.",
    "Cite the source the figure comes from, or record how it was derived.",
)
Q005 = FAMILY.rule(
    "Q005",
    "figure-differs-from-source",
    Severity.ERROR,
    "The source states a different figure for the claim's measure.",
    "The claim's value is not in the cited source, but a different figure is, next to the "
    "words of the claim's `measure`; or the value is there only for another time, unit or "
    "bound (Q017) and another figure is there for all the claim says ('3.9 million tonnes "
    "in 2023, from 4.2 million tonnes in 2022' for a claim of 4.2 in 2023); or the "
    "citation's own quote gives the measure another figure. The page may have mis-copied, "
    "rounded or misdated the figure, or the source may have been revised. An error by "
    "default: the reader is given a figure "
    "the cited source contradicts, with the source's own figure beside the same words; a "
    "figure that is merely not found stays a warning (Q004), as it may be derived.",
    "Check the figure against the source and correct the page and the claim's `value`.",
)
Q006 = FAMILY.rule(
    "Q006",
    "measure-not-in-source",
    Severity.ERROR,
    "The figure is in the source, but not as the claim's measure.",
    "The value appears in the source, but the clause that holds it names another measure: "
    "it names things and none is in the claim's `measure`, or it has another word where the "
    "measure has one (a charge rate, not a conviction rate; offences, not offenders). A "
    "measure narrower than the source's words (consumer price inflation for 'inflation') is "
    "not another measure. This is the error pages make most often. An error by "
    "default: the figure is right but means something else, so a reader is misled as surely "
    "as by a wrong number, and a link to the source looks like proof.",
    "Check what the source's figure counts, and correct the claim's wording or `measure`.",
)
Q007 = FAMILY.rule(
    "Q007",
    "source-drifted",
    Severity.WARNING,
    "A source's content changed since it was last verified.",
    "`claimcheck snapshot` found different text at the source than when its snapshot was "
    "taken. The claims citing it may no longer hold: their quotes and figures have been "
    "re-read from the new text.",
    "Re-check the claims citing it, then run `claimcheck snapshot --accept` to accept the "
    "new content (an archived copy of the old one may be suggested: Q009).",
    marks=ClaimState.STALE,
)
Q008 = FAMILY.rule(
    "Q008",
    "source-unreadable",
    Severity.NOTE,
    "A source could not be read, so its quotes and figures were not checked.",
    "When the snapshot was taken, the source did not answer, or answered with something "
    "that is not text (a scan without a text layer, an image, a login page).",
    "Give the source a readable `url` or `archive_url`, or check its claims by hand.",
)
Q009 = FAMILY.rule(
    "Q009",
    "archive-available",
    Severity.NOTE,
    "An archived copy was found for a dead or changed source.",
    "The Wayback Machine holds a capture of the source from before it was accessed, and "
    "the capture is the page itself (not a redirect to a home page).",
    "Add it as the source's `archive_url` (`claimcheck snapshot --fix` writes it).",
)
Q010 = FAMILY.rule(
    "Q010",
    "not-snapshotted",
    Severity.NOTE,
    "A cited source with quotes or figures has no snapshot.",
    "Snapshots are in use (the snapshot directory exists), but this source has none, so its "
    "quotes and figures are not checked. (A snapshot taken of another address than the "
    "source's `url` now is Q020.)",
    "Run `claimcheck snapshot --source <id>`.",
)


Q011 = FAMILY.rule(
    "Q011",
    "verified-but-unsupported",
    Severity.ERROR,
    "A claim marked verified is supported by none of its citations.",
    "Every citation of the claim was read and judged `unsupported`: its quote is not in the "
    "source, or its figure is absent, different or another measure. A review that says "
    "`verified` while every source, as read, says otherwise is a contradiction a reader "
    "cannot see; a citation that could not be read (blocked, paywalled) is `unverifiable`, "
    "never unsupported, and keeps this from firing.",
    "Re-check the claim against its sources: correct the quote or figure, cite the source "
    "that says it, or change `review.status` (to `disputed`, with the reason).",
)


Q017 = FAMILY.rule(
    "Q017",
    "figure-said-otherwise",
    Severity.ERROR,
    "The source gives the claim's figure, but for another time, as a change the other way, "
    "in another unit, currency or base, or as the opposite bound.",
    "The claim's value is in the source as the claim's measure, but its clause says "
    "something the claim contradicts: another year or period ('4.2 million tonnes in 2022' "
    "for a claim about 2023), a fall for a rise ('decreased by 8%' for 'increased by 8%'), "
    "another currency or unit ('4.2 million euros' for '£4.2 million', degrees Fahrenheit for "
    "Celsius), a rate for a total ('5.1 road deaths per 100,000 people' for '5.1 road "
    "deaths'), or a bound the other way ('fewer than 9,000' for 'more than 9,000'). The "
    "message says what differs. When the source also gives another figure for all the "
    "claim says, that is Q005 instead. A citation's quote that says the claim's figure "
    "otherwise is this finding too, whatever the rest of the source says. An error by "
    "default: the number matches, so a reader who checks the link sees it and is misled.",
    "Correct the claim (its wording, `period`, `unit` or `qualifier`) to what the source "
    "says, or cite the source that says what the claim does.",
)


Q012 = FAMILY.rule(
    "Q012",
    "doi-metadata-mismatch",
    Severity.WARNING,
    "A source's DOI resolves to a work with another title, first author or year.",
    "Crossref's record of the DOI (kept in the source's snapshot) was compared with the "
    "source's `title`, `author` and `published` year: a title not the same in its words (a "
    "subtitle left out is allowed), a first author not among the author's names, or another "
    "year. The commonest citation failure in scholarship: a DOI copied from the neighbouring "
    "reference, or a fabricated reference with a real DOI. The message names both versions.",
    "Check which work the page means: correct the `doi`, or the title, author or year.",
)
Q013 = FAMILY.rule(
    "Q013",
    "source-retracted",
    Severity.ERROR,
    "A cited work has been retracted.",
    "Crossref lists a retraction (or withdrawal) notice for the source's DOI, or the "
    "Retraction Watch data the user named lists it. A claim resting on a retracted work rests "
    "on nothing; an error by default.",
    "Find another source for the claims citing it, or say on the page that the work was "
    "retracted (and mark the claims `disputed` with the reason).",
)
Q014 = FAMILY.rule(
    "Q014",
    "source-under-concern",
    Severity.WARNING,
    "A cited work carries an expression of concern.",
    "The publisher has said the work's reliability is in question (Crossref's "
    "`expression_of_concern` relation, or Retraction Watch's nature).",
    "Re-check the claims citing it, and say so on the page if they stand.",
)
Q015 = FAMILY.rule(
    "Q015",
    "source-corrected",
    Severity.NOTE,
    "A cited work has been corrected.",
    "A correction, erratum or corrigendum was published for the source's DOI: the figure or "
    "quote cited may be one the correction changed.",
    "Read the correction, and check the claims citing the work against it.",
)
Q016 = FAMILY.rule(
    "Q016",
    "retractions-checked",
    Severity.NOTE,
    "Which retraction data the cited DOIs were looked up in.",
    "When the user names a Retraction Watch CSV (`retractions`), the report says which file, "
    "its size and date, and how many cited DOIs were looked up: a DOI not listed is not known "
    "to be sound, only not listed in that copy.",
    "Keep the copy current (Crossref publishes it), or remove `retractions` to stop looking.",
)

Q018 = FAMILY.rule(
    "Q018",
    "not-at-locator",
    Severity.WARNING,
    "A citation's locator names a page the quote or figure is not on, or one the source "
    "does not have.",
    "The snapshot records the PDF page each quote and figure was found on (the cited page is "
    "looked at first, so a passage the document repeats is found there). A `locator` page "
    "(`p. 12`, `pp. 12-14`, `{page: 12}`, roman `p. iv`) is compared with it both ways a "
    "page can be counted: the PDF's own page number, and the number printed on the page "
    "(the PDF's page labels, or a page number printed alone on the first or last line of "
    "its pages, at one offset from the PDF's count). Either agreeing is enough. A page the "
    "document has by neither count (p. 9 of a 4-page PDF) is an error: the reader is sent "
    "where there is nothing. A web page or a text file has no pages, so its page locators "
    "are not checked, nor are section and paragraph locators (extracted text keeps neither "
    "reliably).",
    "Correct the `locator` to the page the message names (or cite the page that says it).",
)
Q019 = FAMILY.rule(
    "Q019",
    "quote-says-otherwise",
    Severity.ERROR,
    "A citation's quote is the source's passage with its meaning changed.",
    "The quote was found as the source's words with a gap, or as a paraphrase, but it "
    "differs from them in a way that reverses what they say: a negation added or left out "
    "(not, n't, no, never, without, neither, nor, none, failed to; an un-, in-, dis- or "
    "non- word for the source's plain one), a direction turned round (rose for fell, "
    "increased for reduced, cut for protected, rejected for approved...), two words or "
    "phrases swapped ('boys outperformed girls' for 'girls outperformed boys'), a figure "
    "changed, or an ellipsis or [brackets] standing for a negation. The message says what "
    "differs. An error by default: a reader is told the source says the opposite of what "
    "it does.",
    "Correct the `quote` to the source's words, and the claim if it follows the quote.",
)

Q020 = FAMILY.rule(
    "Q020",
    "snapshot-of-another-source",
    Severity.WARNING,
    "A source's snapshot was taken of another address or DOI than the source's now.",
    "The source's `url` (or the archived copy it was read from, or its DOI) was edited since "
    "its snapshot, or its id was given to another source: the snapshot is not of it, so it "
    "is not used and the claims citing it are not checked against it. A warning, where a "
    "source never snapshotted is a note (Q010): a claim checked against the old address "
    "passed before the edit, and would pass silently on the new one.",
    "Run `claimcheck snapshot --source <id>` to read the source at its address now.",
)

_UPDATE_RULE = {"retraction": Q013, "expression of concern": Q014, "correction": Q015}


def run(registry: Registry, ctx: CheckContext) -> Iterator[Finding]:
    yield from _scholarly(registry, ctx)
    snapshots = ctx.snapshots
    if snapshots is None:
        return
    from claimcheck.sources.support import supports

    snapshots, elsewhere = _usable(registry, snapshots)
    links = ctx.links.results if ctx.links else None
    ctx.support.update(supports(registry, snapshots, links, only=ctx.scope))
    for i, claim in ctx.claims(registry):
        cited = ctx.support.get(claim.id, ())
        if (
            claim.status == "verified"
            and cited
            and all(c.verdict is Support.UNSUPPORTED for c in cited)
        ):
            reasons = "; ".join(f"`{c.source}`: {c.reason}" for c in cited)
            yield Finding(
                Q011,
                f"reviewed as verified, but no citation supports it ({reasons})",
                ("claims", i, "review", "status"),
                claim=claim.id,
            )
    for i, source in ctx.sources(registry):
        snapshot = snapshots.get(source.id)
        if snapshot is None:
            continue
        path = ("sources", i)
        if snapshot.error:
            yield Finding(
                Q008, f"not read on {snapshot.fetched}: {snapshot.error}", path, source=source.id
            )
        if snapshot.drift:
            yield Finding(
                Q007,
                f"content changed (found on {snapshot.drift.detected}); quotes and figures "
                "were re-read from the new text",
                path,
                source=source.id,
            )
        if snapshot.archive and snapshot.archive.url != source.archive_url:
            yield Finding(
                Q009,
                f"archived copy of {snapshot.archive.timestamp[:8]}: {snapshot.archive.url}",
                path,
                source=source.id,
                hint=f"add `archive_url: {snapshot.archive.url}` (or run snapshot --fix)",
            )
    for i, claim in ctx.claims(registry):
        yield from _claim(claim, i, snapshots, elsewhere)


def _usable(
    registry: Registry, snapshots: dict[str, Snapshot]
) -> tuple[dict[str, Snapshot], dict[str, str]]:
    """The snapshots that are of their source as the registry gives it now, and for the
    others why not: a snapshot of the address a source had before its `url` was edited, or
    of another source that had its id, says nothing about it, so it is not used at all."""
    usable = dict(snapshots)
    elsewhere: dict[str, str] = {}
    for source in registry.sources:
        snapshot = snapshots.get(source.id)
        reason = not_of(snapshot, source) if snapshot is not None else None
        if reason is not None:
            del usable[source.id]
            elsewhere[source.id] = reason
    return usable, elsewhere


def _scholarly(registry: Registry, ctx: CheckContext) -> Iterator[Finding]:
    """DOI metadata against the source (from its snapshot), and the notices Crossref or the
    user's Retraction Watch data list for it."""
    from claimcheck.sources.scholarly import differences, normal_doi

    snapshots = ctx.snapshots or {}
    looked_up = 0
    for i, source in ctx.sources(registry):
        if not source.doi:
            continue
        path = ("sources", i, "doi")
        seen: set[tuple[str, str | None]] = set()
        metadata = snapshots[source.id].metadata if source.id in snapshots else None
        doi = normal_doi(source.doi)
        if metadata is not None and metadata.doi != doi:
            # The snapshot asked about another DOI (the registry's was edited since, or it was
            # taken when `https://www.doi.org/...` or `doi: 10...` was asked of Crossref as
            # typed): its record says nothing about this one.
            typed = f" (`doi` {source.doi})" if doi != source.doi.strip() else ""
            yield Finding(
                Q020,
                f"the snapshot's DOI metadata is of {metadata.doi}, not {doi}{typed}",
                path,
                source=source.id,
                hint="run `claimcheck snapshot` to read the DOI again",
            )
            metadata = None
        if metadata is not None and metadata.error is not None:
            # Never clean: a DOI Crossref does not know is the fabricated-reference case.
            unknown = "(404)" in metadata.error
            yield Finding(
                Q012 if unknown else Q008,
                f"doi {source.doi}: {metadata.error}",
                path,
                source=source.id,
                hint="check the DOI (a typo, or a reference that does not exist?)"
                if unknown
                else "run `claimcheck snapshot` again",
            )
        elif metadata is not None:
            year = source.published.year if source.published is not None else None
            changed = differences(source.title, source.author, year, metadata)
            if changed:
                yield Finding(
                    Q012,
                    f"doi {source.doi}: the registry gives {'; '.join(changed)}",
                    path,
                    source=source.id,
                )
            for update in metadata.updates:
                key = (update.kind, normal_doi(update.doi or ""))
                if update.kind in _UPDATE_RULE and key not in seen:
                    seen.add(key)
                    yield _notice(source.id, source.doi, update, path, "Crossref")
        if ctx.retractions is not None:
            looked_up += 1
            for update in ctx.retractions.about(source.doi):
                key = (update.kind, normal_doi(update.doi or ""))
                if key in seen:
                    continue
                seen.add(key)
                yield _notice(source.id, source.doi, update, path, "Retraction Watch")
    if ctx.retractions is not None:
        yield Finding(
            Q016,
            f"{looked_up} cited DOI{'s' if looked_up != 1 else ''} looked up in "
            f"{ctx.retractions.describe()}; a DOI not listed is only not listed",
            ("sources",),
        )


def _notice(
    source: str, doi: str, update: Update, path: tuple[str | int, ...], where: str
) -> Finding:
    notice = f" (notice {update.doi})" if update.doi else ""
    when = f" on {update.date}" if update.date else ""
    return Finding(
        _UPDATE_RULE[update.kind],
        f"doi {doi}: {update.kind}{when}{notice}, listed by {where}",
        path,
        source=source,
    )


def _claim(
    claim: Claim, i: int, snapshots: dict[str, Snapshot], elsewhere: dict[str, str]
) -> Iterator[Finding]:
    figures: list[tuple[FigureRecord | None, Snapshot, int]] = []
    for j, citation in enumerate(claim.citations):
        snapshot = snapshots.get(citation.source)
        path = ("claims", i, "citations", j)
        if snapshot is None:
            if citation.quote or claim.value is not None:
                moved = elsewhere.get(citation.source)
                yield Finding(
                    Q010 if moved is None else Q020,
                    f"source `{citation.source}` has no snapshot"
                    if moved is None
                    else f"the snapshot of `{citation.source}` is not of it, so it is not "
                    f"used: {moved}",
                    path,
                    claim=claim.id,
                    source=citation.source,
                    hint=None
                    if moved is None
                    else f"run `claimcheck snapshot --source {citation.source}`",
                )
            continue
        if snapshot.error:
            continue
        record = None
        if citation.quote:
            record = _find(snapshot.quotes, claim.id, citation.quote)
            yield from _quote(claim, citation.quote, record, snapshot, (*path, "quote"))
        figure = None
        if claim.value is not None and claim.kind == "figure":
            figure = next((f for f in snapshot.figures if f.claim == claim.id), None)
            figures.append((figure, snapshot, j))
        yield from _locator(claim, citation.locator, snapshot, record, figure, path)
    if figures:
        yield from _figure(claim, i, figures)


def _locator(
    claim: Claim,
    locator: str | Locator | None,
    snapshot: Snapshot,
    quote: QuoteRecord | None,
    figure: FigureRecord | None,
    path: tuple[str | int, ...],
) -> Iterator[Finding]:
    """The locator's page against the page the quote (else the figure) was found on."""
    what, page = "quote", quote.page if quote and quote.selector else None
    if page is None and figure is not None and figure.found:
        what, page = "figure", figure.page
    checked = check_pages(locator, snapshot, page)
    if checked is None:
        return
    printed = f" (printed as page {checked.printed})" if checked.printed else ""
    if checked.outside:
        count = f"{snapshot.pages} page{'s' if snapshot.pages != 1 else ''}"
        labels = [label for label in snapshot.labels if label]
        if labels:
            count += f", printed {labels[0]}-{labels[-1]}"
        found = f"; the {what} is on p. {page}{printed}" if page else ""
        yield Finding(
            Q018,
            f"locator {str(locator)!r} names a page `{snapshot.source}` does not have "
            f"({count}){found}",
            (*path, "locator"),
            claim=claim.id,
            source=snapshot.source,
            severity=Severity.ERROR,
        )
        return
    yield Finding(
        Q018,
        f"the {what} is on p. {page}{printed} of `{snapshot.source}`, not where the locator "
        f"{str(locator)!r} says",
        (*path, "locator"),
        claim=claim.id,
        source=snapshot.source,
    )


def _find(records: tuple[QuoteRecord, ...], claim: str, quote: str) -> QuoteRecord | None:
    return next((r for r in records if r.claim == claim and r.quote == quote), None) or next(
        (r for r in records if r.claim == claim), None
    )


def _quote(
    claim: Claim,
    quote: str,
    record: QuoteRecord | None,
    snapshot: Snapshot,
    path: tuple[str | int, ...],
) -> Iterator[Finding]:
    where = f"`{snapshot.source}`" + (f" (p. {record.page})" if record and record.page else "")
    if record is None or record.selector is None:
        stale = record is None or record.quote != quote
        yield Finding(
            Q001,
            f"{quote!r} is not in {where}"
            + (" (the quote changed since the snapshot)" if stale else ""),
            path,
            claim=claim.id,
            source=snapshot.source,
            hint=_REFRESH if stale else None,
        )
        return
    found = match_quote(quote, [record.selector.passage])
    verdict = found.verdict
    if verdict is QuoteVerdict.ALTERED:
        stale = record.quote != quote
        yield Finding(
            Q019,
            f"{found.change}; {where} says: {_clip(record.selector.exact)!r}"
            + (" (the quote changed since the snapshot)" if stale else ""),
            path,
            claim=claim.id,
            source=snapshot.source,
            hint=_REFRESH if stale else None,
        )
    elif verdict is QuoteVerdict.ABSENT:
        yield Finding(
            Q001,
            f"{quote!r} is not in {where}"
            + ("" if record.quote == quote else " (the quote changed since the snapshot)"),
            path,
            claim=claim.id,
            source=snapshot.source,
            hint=None if record.quote == quote else _REFRESH,
        )
    elif verdict is QuoteVerdict.PARAPHRASE:
        rule = Q003 if claim.kind == "quote" else Q002
        yield Finding(
            rule,
            f"{where} words it: {_clip(record.selector.exact)!r}",
            path,
            claim=claim.id,
            source=snapshot.source,
        )


def _figure(
    claim: Claim, i: int, figures: list[tuple[FigureRecord | None, Snapshot, int]]
) -> Iterator[Finding]:
    """The figure need be in one cited source; otherwise the most telling finding. When it
    is, a citation's quote that gives it otherwise is a finding still."""
    first: dict[FigureVerdict, tuple[FigureMatch, Snapshot, int, int | None, str]] = {}
    for record, snapshot, j in figures:
        if record is None or record.selector is None:
            continue
        passage = record.selector.passage
        found = match_figure(claim, [passage])
        if found.verdict is FigureVerdict.SUPPORTED:
            yield from _quoted_figure(claim, i, {s.source: s for _, s, _ in figures})
            return
        first.setdefault(found.verdict, (found, snapshot, j, record.page, passage))
    value = _value(claim)
    if FigureVerdict.OTHERWISE in first:
        found, snapshot, j, page, _ = first[FigureVerdict.OTHERWISE]
        # "gives '8%' as a fall ('decreased'), not a rise"
        yield Finding(
            Q017,
            f"`{snapshot.source}`{_p(page)} {said_otherwise(found)}",
            ("claims", i, "citations", j),
            claim=claim.id,
            source=snapshot.source,
        )
    elif FigureVerdict.OTHER_MEASURE in first:
        found, snapshot, j, page, passage = first[FigureVerdict.OTHER_MEASURE]
        said = f"{passage[found.span.start : found.span.end]} " if found.span else ""
        said += found.said or ""
        # The source's own words for the figure: "gives 1.3% as 'the charge rate for
        # burglary', not as 'conviction rate for burglary'".
        yield Finding(
            Q006,
            f"`{snapshot.source}`{_p(page)} gives {said or value}, not as {claim.measure!r}",
            ("claims", i, "citations", j),
            claim=claim.id,
            source=snapshot.source,
        )
    elif FigureVerdict.DIFFERENT in first:
        found, snapshot, j, _, _ = first[FigureVerdict.DIFFERENT]
        # The claim's value said otherwise beside it: "(its 4.2 million tonnes is for 2022,
        # not 2023)".
        aside = f" (its {found.value_text} is {'; '.join(found.differs)})" if found.differs else ""
        yield Finding(
            Q005,
            f"the claim says {value}; `{snapshot.source}` says {found.instead!r} for "
            f"{claim.measure!r}{aside}",
            ("claims", i, "value"),
            claim=claim.id,
            source=snapshot.source,
        )
    else:
        names = ", ".join(f"`{s.source}`" for _, s, _ in figures)
        yield Finding(
            Q004,
            f"{value} is not in {names}",
            ("claims", i, "value"),
            claim=claim.id,
            source=figures[0][1].source,
        )


def _quoted_figure(claim: Claim, i: int, snapshots: dict[str, Snapshot]) -> Iterator[Finding]:
    """A citation's quote, found in the source, is the source's words: one that gives the
    claim's measure another figure, or its value otherwise, contradicts the claim whatever
    else the source says. (A quote not found is Q001's.)"""
    for j, citation in enumerate(claim.citations):
        snapshot = snapshots.get(citation.source)
        if not citation.quote or snapshot is None:
            continue
        kept = next(
            (r for r in snapshot.quotes if r.claim == claim.id and r.quote == citation.quote),
            None,
        )
        if kept is None or kept.verdict not in (QuoteVerdict.VERBATIM, QuoteVerdict.NORMALISED):
            continue
        found = quote_contradicts(claim, citation.quote)
        if found is None:
            continue
        if found.verdict is FigureVerdict.DIFFERENT:
            yield Finding(
                Q005,
                f"the claim says {_value(claim)}; its quote of `{citation.source}` says "
                f"{found.instead!r} for {claim.measure!r}",
                ("claims", i, "value"),
                claim=claim.id,
                source=citation.source,
            )
        else:
            yield Finding(
                Q017,
                f"its quote of `{citation.source}` {said_otherwise(found)}",
                ("claims", i, "citations", j, "quote"),
                claim=claim.id,
                source=citation.source,
            )


def _clip(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _p(page: int | None) -> str:
    return f" (p. {page})" if page else ""


def _value(claim: Claim) -> str:
    value = claim.value
    text = f"{value[0]}-{value[1]}" if isinstance(value, tuple) else str(value)
    return f"{text} {claim.unit}" if claim.unit else text


CHECK = Check(
    "content",
    (
        Q001,
        Q002,
        Q003,
        Q004,
        Q005,
        Q006,
        Q007,
        Q008,
        Q009,
        Q010,
        Q011,
        Q012,
        Q013,
        Q014,
        Q015,
        Q016,
        Q017,
        Q018,
        Q019,
        Q020,
    ),
    run,
    needs=frozenset({SNAPSHOTS}),
)
