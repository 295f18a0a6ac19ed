"""Is the quotation in the source, and the figure? Matching that forgives layout, not words.

Offsets always point into the source's own text, so a passage can be quoted back exactly.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from claimcheck.figures import claim_bounds, is_dated, is_percent, unit_scale, year_like
from claimcheck.model import Claim
from claimcheck.quantity import LOWER, UPPER, Quantity, find_quantities
from claimcheck.sources.aspects import (
    Aspects,
    claim_aspects,
    differences,
    figure_aspects,
    is_base,
)
from claimcheck.sources.measure import (
    Measure,
    Scope,
    describes,
    figure_kind,
    kind_of,
    prepare,
    quote_back,
    same_measure,
    scopes,
    speaks_of_future,
)
from claimcheck.sources.sentences import page_numbers, sentence_ends, unwrap
from claimcheck.sources.tables import labelled, table_rows
from claimcheck.sources.text import page_numbers_printed
from claimcheck.units import (
    COUNT,
    MONEY,
    PERCENT,
    POINTS,
    UNSTATED,
    Unit,
    compatible,
    convert,
    page_unit,
    parse_unit,
)

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2212": "-", "\u00ad": "",
    }
)  # fmt: skip
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\u2026|\[\.\.\.\]|\[\u2026\])\s*")
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_STOP = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "been",
        "were",
        "which",
        "their",
        "there",
        "they",
        "them",
        "than",
        "then",
        "into",
        "also",
        "more",
        "most",
        "such",
        "some",
        "what",
        "when",
        "where",
        "while",
        "will",
        "would",
        "could",
        "should",
        "about",
        "after",
        "before",
        "over",
        "under",
        "only",
        "other",
        "these",
        "those",
        "being",
        "each",
        "many",
        "much",
        "very",
        "said",
        "says",
    ]
)
#: How much of the source around a match a snapshot keeps, each side.
CONTEXT = 160
#: Share of a quotation's key words a passage must have to count as a paraphrase of it.
PARAPHRASE_SHARE = 0.6


class QuoteVerdict(enum.StrEnum):
    VERBATIM = "verbatim"  # character for character
    NORMALISED = "normalised"  # only whitespace, quote marks, dashes or case differ
    PARAPHRASE = "paraphrase"  # the figures and most key words are there, the wording is not
    #: Found, but saying otherwise: a negation added or left out, a direction reversed, a
    #: figure changed, words swapped (`QuoteMatch.change` says which).
    ALTERED = "altered"
    ABSENT = "absent"


@dataclass(frozen=True)
class Span:
    """Where in a source something was found: page (1-based, PDFs) and offsets in its text."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class QuoteMatch:
    verdict: QuoteVerdict
    span: Span | None = None
    #: For ALTERED: what the quote changes of the source's words, for a message.
    change: str | None = None


class FigureVerdict(enum.StrEnum):
    """What the source says of the claim's figure (each a Q rule but the first)."""

    SUPPORTED = "supported"  # the value, as the claim's measure, nothing else differing
    OTHERWISE = "otherwise"  # the value as the measure, but another time, direction... (Q017)
    OTHER_MEASURE = "other measure"  # the value, as another measure (Q006)
    DIFFERENT = "different"  # another figure for the claim's measure (Q005)
    ABSENT = "absent"  # neither (Q004)


@dataclass(frozen=True)
class FigureMatch:
    """The claim's figure in the source, or the nearest different one of the same measure."""

    found: bool
    span: Span | None = None
    #: What the source says instead (a different figure near the measure's words).
    instead: str | None = None
    #: The figure's clause does not give it as another measure (`measure.same_measure`;
    #: False is Q006; None: the claim names no measure).
    measure_ok: bool | None = None
    #: How the source words the figure when that is not the measure: "as 'the charge rate
    #: for burglary'" or "in '<its clause>'" (`measure.quote_back`).
    said: str | None = None
    verdict: FigureVerdict = FigureVerdict.ABSENT
    #: What the source's figure says otherwise than the claim (`aspects.differences`): "for
    #: 2022, not 2023", "a fall ('decreased'), not a rise", "in EUR, not GBP".
    differs: tuple[str, ...] = ()
    #: The source's own words for the value that differs in those ways ("4.2 million").
    value_text: str | None = None
    #: `instead` stands for all of the claim's measure and says nothing otherwise.
    full: bool = False


def fold(text: str) -> tuple[str, list[int]]:
    """Lower case, one kind of quote mark and dash, whitespace runs as one space; and, for
    each character of the result, its offset in `text` (mapped char by char: soft hyphens
    are dropped, which would otherwise shift every offset after them)."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, raw in enumerate(text):
        ch = raw.translate(_FOLD)
        if not ch:
            continue
        if ch.isspace():
            if out and not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        for c in ch.lower():
            out.append(c)
            where.append(i)
    return "".join(out), where


#: Per-page work is cached: every quote and figure citing a source is matched in its pages.
_PAGES_CACHED = 4096


@functools.lru_cache(maxsize=_PAGES_CACHED)
def _folded(page: str) -> tuple[str, array[int]]:
    folded, where = fold(page)
    return folded, array("I", where)  # 4 bytes an offset, not a list's 36


def key_words(text: str) -> set[str]:
    """Words that carry the meaning (four letters or more, common ones dropped), stemmed."""
    folded = text.translate(_FOLD).lower()
    return {_stem(w) for w in _WORD.findall(folded) if w not in _STOP}


def _stem(word: str) -> str:
    word = word.strip("'-")
    for suffix in ("ies", "es", "s", "ed", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _same_number(a: Quantity, b: Quantity) -> bool:
    return a.low * a.scale == b.low * b.scale and a.high * a.scale == b.high * b.scale


def match_quote(quote: str, pages: Sequence[str], page_hint: int | None = None) -> QuoteMatch:
    """The best verdict for `quote` anywhere in `pages` (the cited page and its neighbours
    first: a quotation a document repeats is found where the citation points)."""
    quote = quote.strip()
    order = _page_order(len(pages), page_hint)
    for index in order:
        at = pages[index].find(quote)
        if at >= 0:
            return QuoteMatch(QuoteVerdict.VERBATIM, Span(index + 1, at, at + len(quote)))
    fragments, gaps = _fragments(quote)
    if not fragments:
        return QuoteMatch(QuoteVerdict.ABSENT)
    altered: QuoteMatch | None = None
    for index in order:
        folded, where = _folded(pages[index])
        spans = _find_in_order(fragments, gaps, folded)
        if spans is None:
            continue
        span = Span(index + 1, where[spans[0][0]], where[spans[-1][1] - 1] + 1)
        changed = _gap_change(gaps, spans, folded)
        if changed is None and gaps:
            # what an ellipsis leaves out may move a figure's year ("102 million tonnes ...
            # 2022" for "102 million tonnes in 2023, a fall compared with 2022")
            changed = quote_says_otherwise(quote, pages[index], span.start, span.end)
        if changed is None:
            return QuoteMatch(QuoteVerdict.NORMALISED, span)
        altered = altered or QuoteMatch(QuoteVerdict.ALTERED, span, changed)
    return altered or _paraphrase(quote, pages, order)


def _page_order(count: int, page_hint: int | None) -> list[int]:
    order = list(range(count))
    if page_hint is not None and 1 <= page_hint <= count:
        order.sort(key=lambda i: abs(i + 1 - page_hint))
    return order


#: What a quotation may leave out of the source's words: an ellipsis (a little, not pages),
#: or an editor's words in square brackets standing for a few of the source's ("[the
#: council] agreed" for "it agreed").
_GAP = re.compile(r"\s*(?:(\.\.\.|\u2026|\[\.\.\.\]|\[\u2026\])|\[([^\[\]]*)\])\s*")
_ELLIPSIS_GAP = 2000
_BRACKET_GAP = 60


@dataclass(frozen=True)
class _Gap:
    limit: int
    #: The editor's words put in (a bracket's), "" for an ellipsis.
    inserted: str


def _fragments(quote: str) -> tuple[list[str], list[_Gap]]:
    """The quotation's runs of the source's own words (folded), and the gap between each
    two. A bracket before the first run or after the last stands for words outside it."""
    fragments: list[str] = []
    gaps: list[_Gap] = []
    pending: _Gap | None = None
    at = 0
    for match in (*_GAP.finditer(quote), None):
        text = quote[at : match.start() if match else len(quote)]
        fragment = fold(text)[0].strip(" \"'")
        if fragment:
            if fragments and pending is not None:
                gaps.append(pending)
            elif fragments:  # two runs with no gap: cannot happen, but keep them apart
                gaps.append(_Gap(_ELLIPSIS_GAP, ""))
            fragments.append(fragment)
            pending = None
        if match is not None:
            gap = _Gap(_ELLIPSIS_GAP, "") if match[1] else _Gap(_BRACKET_GAP, match[2] or "")
            # Two gaps in a row: the wider limit, the words of both.
            if pending is not None:
                gap = _Gap(max(gap.limit, pending.limit), f"{pending.inserted} {gap.inserted}")
            pending = gap
            at = match.end()
    return fragments, gaps


def _find_in_order(
    fragments: list[str], gaps: list[_Gap], folded: str
) -> list[tuple[int, int]] | None:
    """Where each fragment is, each after the one before within its gap's reach."""
    first = folded.find(fragments[0])
    while first >= 0:
        spans = [(first, first + len(fragments[0]))]
        for fragment, gap in zip(fragments[1:], gaps, strict=True):
            at = spans[-1][1]
            found = folded.find(fragment, at)
            if found < 0 or found - at > gap.limit:
                break
            spans.append((found, found + len(fragment)))
        else:
            return spans
        first = folded.find(fragments[0], first + 1)
    return None


#: An ellipsis leaving out this many words or fewer is read for a negation it drops ("it did
#: ... reduce deaths" for "it did not reduce deaths"); a longer one leaves out a clause.
_SHORT_OMISSION = 3


def _gap_change(gaps: list[_Gap], spans: list[tuple[int, int]], folded: str) -> str | None:
    """What the quotation's gaps change: an ellipsis over a negation, brackets that negate or
    reverse the words they stand for."""
    from claimcheck.sources.wording import replaced, tokens

    for gap, before, after in zip(gaps, spans, spans[1:], strict=False):
        omitted = folded[before[1] : after[0]]
        if not gap.inserted and len(tokens(omitted)) > _SHORT_OMISSION:
            continue
        found = replaced(gap.inserted, omitted)
        if found and not gap.inserted:  # an ellipsis puts nothing in: it left a negation out
            return f"the ellipsis leaves out the source's negation {omitted.strip()!r}"
        if found:
            return f"the brackets [{gap.inserted}] stand for {omitted.strip()!r}: {found}"
    return None


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    words: frozenset[str]
    numbers: tuple[Quantity, ...]


@functools.lru_cache(maxsize=_PAGES_CACHED)
def _sentences(page: str) -> tuple[_Sentence, ...]:
    """A page's sentences with their key words and figures, worked out once per page: a
    source is matched against every quote that cites it."""
    found = []
    start = 0
    page = unwrap(page)  # a sentence wrapped across lines is one sentence
    # Read once for the page: a sentence's figures, and the line breaks inside figures
    # ("102\nMtCO2e"), which end no sentence.
    quantities = sorted(find_quantities(page), key=lambda q: q.start)
    k = 0
    for end in (*sentence_ends(page, [(q.start, q.end) for q in quantities]), len(page)):
        text = page[start:end]
        numbers = []
        while k < len(quantities) and quantities[k].start < end:
            numbers.append(quantities[k])
            k += 1
        if text.strip():
            found.append(_Sentence(start, end, frozenset(key_words(text)), tuple(numbers)))
        start = end
    return tuple(found)


def _paraphrase(quote: str, pages: Sequence[str], order: Sequence[int]) -> QuoteMatch:
    from claimcheck.sources.wording import change

    words = key_words(quote)
    numbers = find_quantities(quote)
    if len(words) < 2 and not numbers:
        return QuoteMatch(QuoteVerdict.ABSENT)
    found = _windows(words, numbers, pages, order)
    # The most of the key words, in the least text; and one that does not say otherwise
    # (a source may say a thing and, elsewhere, its opposite).
    altered: QuoteMatch | None = None
    for _, span in found[:_CANDIDATES]:
        passage = pages[span.page - 1][span.start : span.end]
        changed = change(quote, passage) or quote_says_otherwise(
            quote, pages[span.page - 1], span.start, span.end
        )
        if changed is None:
            return QuoteMatch(QuoteVerdict.PARAPHRASE, span)
        altered = altered or QuoteMatch(QuoteVerdict.ALTERED, span, changed)
    if altered is not None:
        return altered
    if numbers and len(words) >= _FIGURE_WORDS:
        # The words are there, the figures are not: the passage's figures, not the quote's.
        near = _windows(words, [], pages, order)
        if near:
            span = near[0][1]
            passage = pages[span.page - 1][span.start : span.end]
            return QuoteMatch(QuoteVerdict.ALTERED, span, _figures_changed(numbers, passage))
    return QuoteMatch(QuoteVerdict.ABSENT)


#: How many of the best passages are read for what a paraphrase changes.
_CANDIDATES = 8
#: A quotation's figure is said to be changed only when this many of its key words (and
#: PARAPHRASE_SHARE of them) are in one passage: fewer could be any passage with figures.
_FIGURE_WORDS = 3


def _windows(
    words: set[str], numbers: list[Quantity], pages: Sequence[str], order: Sequence[int]
) -> list[tuple[float, Span]]:
    """Passages of one to three sentences with all of `numbers` and PARAPHRASE_SHARE of
    `words`, best first: the most of the words, in the least text, nearest the cited page."""
    found: list[tuple[tuple[float, int, int], Span]] = []
    for rank, index in enumerate(order):
        sentences = _sentences(pages[index])
        for i, first in enumerate(sentences):
            if words and not words & first.words and not numbers:
                continue
            window_words: set[str] = set()
            window_numbers: list[Quantity] = []
            for sentence in sentences[i : i + 3]:  # a quotation may run over three sentences
                window_words |= sentence.words
                window_numbers.extend(sentence.numbers)
                if not all(any(_same_number(n, f) for f in window_numbers) for n in numbers):
                    continue
                share = len(words & window_words) / len(words) if words else 1.0
                if share >= PARAPHRASE_SHARE:
                    span = Span(index + 1, first.start, sentence.end)
                    found.append(((-share, span.end - span.start, rank), span))
    found.sort(key=lambda f: f[0])
    return [(-key[0], span) for key, span in found]


def quote_says_otherwise(
    quote: str, page: str, start: int = 0, end: int | None = None
) -> str | None:
    """What a quote's figure says otherwise than the passage page[start:end] says the same
    figure: another time, the other direction, the other bound, each read as a source's
    figure is read (`aspects`), in the whole page: a time before the passage is its figure's
    too ("In 2023 the county library lent 52,000 books" for a quote of "...lent 52,000 books
    ... in 2022"). "...102 million tonnes (MtCO2e) in 2022" where the passage has "102
    million tonnes (MtCO2e) in 2023, a fall compared with 2022" moved the figure's year to
    the comparison's, though every word and figure of the quote is in the passage. None: it
    says nothing otherwise (a figure the passage lacks is `_figures_changed`'s)."""
    end = len(page) if end is None else end
    quote = _ELLIPSIS.sub(" ", quote)
    theirs = [
        f
        for f in _figures(page)
        if not f.dated and not f.base and start <= f.quantity.start and f.quantity.end <= end
    ]
    if not theirs:
        return None
    read = unwrap(page)
    for figure in _figures(quote):
        if figure.dated or figure.base:
            continue
        same = [t for t in theirs if _same_number(figure.quantity, t.quantity)]
        said = _told(figure.aspects(unwrap(quote)))
        found = [differences(said, _told(t.aspects(read))) for t in same]
        if found and all(found):
            text = " ".join(same[0].quantity.text.split())
            return f"the source gives {text!r} {'; '.join(found[0])}"
    return None


def _told(aspects: Aspects) -> Aspects:
    """The aspects a quote's words tell of its figure: its time, direction and bound (its
    unit is its passage's, written the same or shorter)."""
    return Aspects(
        aspects.when,
        aspects.when_text,
        aspects.direction,
        aspects.direction_word,
        bound=aspects.bound,
    )


def _figures_changed(numbers: list[Quantity], passage: str) -> str:
    """The quote's figures the passage lacks, and the passage's of the same kind instead (a
    percentage for a percentage, a year only for a year)."""
    theirs = find_quantities(passage)
    lacking = [q for q in numbers if not any(_same_number(q, t) for t in theirs)]
    missing = [q.text for q in lacking]
    kinds = {(q.unit == "percent", is_dated(q)) for q in lacking}
    other = [
        t.text
        for t in theirs
        if (t.unit == "percent", is_dated(t)) in kinds
        and not any(_same_number(t, q) for q in numbers)
    ]
    said = f"the quote has {', '.join(repr(m) for m in missing)}"
    if other:
        return f"{said} where the source has {', '.join(repr(o) for o in other[:3])}"
    return f"{said}, which the source's passage does not"


@dataclass(frozen=True, slots=True)
class _Figure:
    """A figure on a page, prepared for matching many claims: the words of its own clause
    (`measure.scopes`), and its written values and rounding bounds as floats (Decimal
    arithmetic, a million times over, was most of the time)."""

    quantity: Quantity
    scope: Scope
    percent: bool
    dated: bool
    low: float
    high: float
    bound_low: float
    bound_high: float
    #: A rate's base ("per 100,000 people"), not a figure of its own.
    base: bool = False
    #: Its unit of measurement (tonnes, miles, kilowatt hours), if it has one.
    unit: Unit | None = None
    #: The page's times (years, periods, dates) in order, for `aspects`.
    times: list[Quantity] = dataclasses.field(compare=False, repr=False, default_factory=list)
    #: A table's bare cell whose labels state no unit (`tables`): its number in a unit the
    #: table does not say, read in the claim's unit and scale.
    unitless: bool = False
    #: A unitless cell whose table names nothing of what it counts (`tables.Labelled`).
    unnamed: bool = False

    def aspects(self, page: str) -> Aspects:
        """What the figure says besides its value (worked out when a claim asks)."""
        return _aspects(page, self)


#: "between 18 and 24": the two figures are one range.
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+$", re.IGNORECASE)


def _ranges(page: str, quantities: list[Quantity]) -> list[Quantity]:
    """Quantities in page order, "between X and Y" joined into one range: X bare or in Y's
    unit and scale ("between 18 and 24 students", "between 3% and 4%"), neither a date."""
    out: list[Quantity] = []
    for q in quantities:
        last = out[-1] if out else None
        if (
            last is not None
            and not last.is_range
            and not q.is_range
            and not is_dated(last)
            and not is_dated(q)
            and _AND.match(page, last.end, q.start)
            and _BETWEEN.search(page, max(0, last.start - 12), last.start)
            and last.low <= q.low
            and (
                (last.unit, last.currency, last.scale) == (q.unit, q.currency, q.scale)
                or (last.unit is None and last.currency is None and last.scale == 1)
            )
        ):
            out[-1] = dataclasses.replace(
                q,
                low=last.low,
                precision=max(last.precision, q.precision),
                text="between " + page[last.start : q.end],
                start=last.start,
            )
            continue
        out.append(q)
    return out


@functools.lru_cache(maxsize=_PAGES_CACHED)
def _figures(page: str, number: str = "") -> tuple[_Figure, ...]:
    """The figures of `page`, read in `unwrap(page)`: a sentence wrapped across lines is one
    sentence (its aspects and measure are read in that text too). `number`: the page number
    printed on this PDF page (`text.page_numbers_printed`), which its first or last line
    alone is no figure of the source; "" for any other text, whose bare number there is."""
    page = unwrap(page)
    found = []
    quantities = _ranges(page, sorted(find_quantities(page), key=lambda q: q.start))
    printed = [(a, b) for a, b in page_numbers(page) if number and _printed_is(page[a:b], number)]
    if printed:  # a page number printed on the page ("3") is no figure of the source
        quantities = [q for q in quantities if not any(a <= q.start < b for a, b in printed)]
    clauses = scopes(page, [(q.start, q.end, is_dated(q)) for q in quantities])
    times = [q for q in quantities if is_dated(q)]
    rows = table_rows(page) if "|" in page else {}
    for q, scope in zip(quantities, clauses, strict=True):
        unitless = unnamed = False
        if rows and not is_dated(q) and q.unit is None and q.currency is None and q.scale == 1:
            # A table's bare cell: its column's header, its row's label or the table's
            # stub gives its unit, scale and currency ("2025/26 (£ million)": 48.3 is £48.3
            # million), or the table states none.
            given = labelled(page, q, rows)
            if given is not None and given.unit is not None:
                unit = given.unit
                q = dataclasses.replace(
                    q,
                    unit=unit.unit,
                    currency=unit.currency,
                    scale=unit.scale,
                    text=f"{q.text} ({given.words})",
                )
            unitless = given is not None and given.unitless
            unnamed = given is not None and given.unnamed
        bound_low, bound_high = q.bounds()
        found.append(
            _Figure(
                q,
                scope,
                q.unit == "percent",
                is_dated(q),
                float(q.low * q.scale),
                float(q.high * q.scale),
                float(bound_low),
                float(bound_high),
                is_base(page, q),
                times=times,
                unit=_measured(q.unit),
                unitless=unitless,
                unnamed=unnamed,
            )
        )
    return tuple(found)


def _printed_is(line: str, number: str) -> bool:
    """The line alone ("12", "Page 12 of 40", "- 12 -") prints page number `number`."""
    found = re.search(r"\d+", line)
    return found is not None and found.group().lstrip("0") == number.lstrip("0")


@functools.lru_cache(maxsize=8)
def _page_numbers(pages: tuple[str, ...]) -> tuple[str, ...]:
    """`text.page_numbers_printed` of a source's pages, once for its claims."""
    return page_numbers_printed(pages)


_NOT_MEASURED = (COUNT, UNSTATED, MONEY, PERCENT, POINTS)


def _measured(word: str | None) -> Unit | None:
    """A figure's unit word as a unit of measurement (not a count, share or money)."""
    unit = page_unit(word)
    if unit is None or unit.dimension in _NOT_MEASURED:
        return None
    return unit


def _in_claim_unit(figure: _Figure, claim_unit: Unit) -> _Figure | None:
    """The figure in the claim's unit when it is in another of the claim's dimension ("371.0
    million tonnes" for a claim in MtCO2e, "12 months" for one in years), else None. Its
    written value and rounding bounds are converted (`units.convert`), so a figure stated
    in other units is the claim's when it is the same amount. A unit of the claim's
    dimension that cannot state it ("35 m s-2" for a claim in m s-1: another power of time)
    is no other way of writing the claim's amount: None, so the figure stays in its own
    unit and is said to be in another (Q017), never converted to a false agreement."""
    unit = figure.unit
    if (
        unit is None
        or claim_unit.dimension in _NOT_MEASURED
        or unit.dimension != claim_unit.dimension
        or unit.name == claim_unit.name
        or not compatible(claim_unit, unit)
    ):
        return None
    q = figure.quantity
    low, high = convert((q.low * q.scale, q.high * q.scale), unit, claim_unit)
    bound_low, bound_high = convert(q.bounds(), unit, claim_unit)
    return dataclasses.replace(
        figure,
        low=float(low),
        high=float(high),
        bound_low=float(bound_low),
        bound_high=float(bound_high),
    )


def _in_claim_scale(figure: _Figure, scale: float, percent: bool) -> _Figure:
    """A unitless table cell read in the claim's unit and scale ("48.3" in a table that
    states no unit, for a claim of 48.3 GBP million), to compare its number: no unit stated
    is no other value, but neither is it the claim's (`_UNSTATED_UNIT`)."""
    return dataclasses.replace(
        figure,
        percent=percent,
        low=figure.low * scale,
        high=figure.high * scale,
        bound_low=figure.bound_low * scale,
        bound_high=figure.bound_high * scale,
    )


#: What a unitless table cell says otherwise than a claim in a share, money or a unit of
#: measurement: "12" in a "Deaths" column states no "12%" nor "£12 million", only the number.
_UNSTATED_UNIT = "in a table that states no unit"


def _unit_unstated(
    figure: _Figure, claim_unit: Unit, written: str | None, scale: float
) -> str | None:
    """What a unitless table cell does not say of a claim counted in `claim_unit` (None: a
    count or a bare number, which a bare cell states as written; or a cell whose table names
    nothing of what it counts, "48.3" under "2025/26" in a budget book, read as the claim's)."""
    if figure.unnamed or (claim_unit.dimension in (COUNT, UNSTATED) and scale == 1):
        return None
    return f"{_UNSTATED_UNIT}, not {' '.join((written or claim_unit.name).split())}"


def _aspects(page: str, figure: _Figure) -> Aspects:
    scope = figure.scope
    return figure_aspects(
        page,
        figure.quantity,
        (scope.own_start, scope.own_end),
        (scope.sentence_start, scope.sentence_end),
        figure.times,
        scope.reach,
        scope.asides,
    )


@functools.lru_cache(maxsize=1 << 12)
def _claim_own(text: str, value: tuple[float, float]) -> Aspects | None:
    """The aspects of the claim's value in its own text (its direction, its base)."""
    low, high = value
    for figure in _figures(text):
        if not figure.dated and _states(figure, low, high):
            return figure.aspects(unwrap(text))
    return None


@functools.lru_cache(maxsize=1 << 12)
def _claim_kind(text: str, value: tuple[float, float] | None) -> tuple[str | None, bool]:
    """What kind of figure the claim's text makes its value (`measure.kind_of`: a target, a
    projection or neither) and whether it speaks of the future, read in the value's clause
    as a source's figure is (the whole text when the value is not in it)."""
    page = unwrap(text)
    if value is not None:
        for figure in _figures(text):
            if not figure.dated and _states(figure, *value):
                scope = figure.scope
                kind = kind_of(page, scope.own_start, scope.own_end, figure.quantity.start)
                return kind, speaks_of_future(page, scope.own_start, scope.own_end)
    return kind_of(page, 0, len(page)), speaks_of_future(page, 0, len(page))


def claim_aspects_of(claim: Claim) -> Aspects:
    """The claim's aspects (`aspects.claim_aspects`), its text read for its value's."""
    bounds = claim_bounds(claim)
    own = None
    if bounds is not None:
        own = _claim_own(claim.text, (float(bounds[0]), float(bounds[1])))
    return claim_aspects(claim, own)


def measure_describes(measure: str, page: str, at: int) -> bool | None:
    """Whether the figure of `page` at offset `at` may be `measure`: its clause does not
    give it as another (None: no figure is there, or the measure has no words)."""
    prepared = prepare(measure)
    figure = next((f for f in _figures(page) if f.quantity.start <= at < f.quantity.end), None)
    if figure is None or not prepared.terms:
        return None
    q = figure.quantity
    return same_measure(prepared, unwrap(page), figure.scope, (q.start, q.end))


def _states(f: _Figure, low: float, high: float, point: bool = True) -> bool:
    """The source's figure is the claim's: one's written value lies within the other's
    rounding. (Intervals that merely touch, 5% and 6%, are different figures here.) A
    source's range holding a `point` claim's value is read as the claim's, to be said
    otherwise (`aspects`: a range is no single figure); a wider range than a range claim's
    states nothing of it."""
    if low <= f.low <= high and low <= f.high <= high:
        return True
    if not point and f.low != f.high:
        return False
    return f.bound_low < (low + high) / 2 < f.bound_high


def match_figure(claim: Claim, pages: Sequence[str], page_hint: int | None = None) -> FigureMatch:
    """The claim's value in the source by value, unit and scale, looked for near the cited
    page first, as the claim's measure and saying nothing otherwise than the claim (its time,
    direction, unit, currency, base, bound: `aspects`). Failing that, the most telling of: the
    value saying something otherwise (OTHERWISE), a different figure next to the claim's
    measure words (DIFFERENT; preferred when that figure is all the claim says, time and
    unit included, and the value is there only otherwise, or as another measure for a claim
    that is a bound), the value as another measure (OTHER_MEASURE)."""
    bounds = claim_bounds(claim)
    if bounds is None:
        return FigureMatch(False)
    low, high = float(bounds[0]), float(bounds[1])
    # "more than 16,000" is what a source's 16,214 states: a bound, not a point.
    if claim.qualifier in ("at_least", "more_than"):
        high = float("inf")
    elif claim.qualifier in ("at_most", "less_than"):
        low = float("-inf")
    percent, years = is_percent(claim.unit), year_like(claim) and _may_be_year(claim.unit)
    prepared = prepare(claim.measure or "")
    kind, future = _claim_kind(claim.text, (float(bounds[0]), float(bounds[1])))
    prepared = dataclasses.replace(prepared, kind=prepared.kind or kind, future=future)
    measure = prepared.terms
    wanted = claim_aspects_of(claim)
    claim_unit = parse_unit(claim.unit)
    bound = claim.qualifier in LOWER or claim.qualifier in UPPER
    point = not bound and not isinstance(claim.value, tuple)
    scale = float(unit_scale(claim.unit))
    order = list(range(len(pages)))
    if page_hint is not None and 1 <= page_hint <= len(pages):
        # The cited page and its neighbours first: a figure repeated elsewhere may differ.
        order.sort(key=lambda i: abs(i + 1 - page_hint))
    otherwise: FigureMatch | None = None
    fallback: FigureMatch | None = None
    nearest: list[tuple[int, int, _Figure, int]] = []  # (score, order, figure, page)
    numbers = _page_numbers(tuple(pages))
    for index in order:
        page = unwrap(pages[index])  # as `_figures` read it: one sentence, one line
        for figure in _figures(pages[index], numbers[index] if numbers else ""):
            if figure.unitless:
                figure = _in_claim_scale(figure, scale, percent)
            if figure.percent != percent or (figure.dated and not years) or figure.base:
                # as `comparable`: percentages with percentages, years with years; and a
                # rate's base ("per 100,000") is no figure of its own
                continue
            q, context = figure.quantity, figure.scope.words
            converted = _in_claim_unit(figure, claim_unit)
            as_written = _states(figure, low, high, point)
            # The same amount in another unit ("371.0 million tonnes" is 371.0 MtCO2e): its
            # unit agrees. The claim's number in another unit ("180 kilometres" for 180
            # miles) does not, though a bound ("up to 180 miles") is met by both.
            same_amount = (
                converted is not None
                and _states(converted, low, high, point)
                and not (as_written and bound)
            )
            if same_amount or as_written:
                span = Span(index + 1, q.start, q.end)
                measured = (
                    same_measure(prepared, page, figure.scope, (q.start, q.end))
                    if measure
                    else None
                )
                if measured is False:
                    said = quote_back(page, figure.scope, q.start, q.end)
                    kind = figure_kind(page, figure.scope, (q.start, q.end))
                    if kind != prepared.kind:
                        said += f" ({_KIND_SAID[kind]})"
                    fallback = fallback or FigureMatch(
                        True, span, None, False, said, FigureVerdict.OTHER_MEASURE
                    )
                    continue
                given = figure.aspects(page)
                if same_amount:
                    given = dataclasses.replace(given, unit=None)
                differs = differences(wanted, given)
                unstated = (
                    _unit_unstated(figure, claim_unit, claim.unit, scale)
                    if figure.unitless
                    else None
                )
                if unstated is not None:
                    differs = (*differs, unstated)
                if not differs:
                    return FigureMatch(True, span, None, measured, None, FigureVerdict.SUPPORTED)
                otherwise = otherwise or FigureMatch(
                    True,
                    span,
                    None,
                    measured,
                    None,
                    FigureVerdict.OTHERWISE,
                    differs,
                    " ".join(q.text.split()),
                )
            elif measure:
                score = len(measure & context)
                if score >= max(1, len(measure) // 2):
                    nearest.append((score, len(nearest), figure, index))
    instead = _instead(nearest, pages, prepared, wanted, claim_unit)
    # A bound ("at least 300") is met by many a figure of another measure ("9,000
    # players"): the source's figure for all the claim says is more telling then.
    if instead is not None and (
        (instead[2] and (otherwise is not None or fallback is None or bound))
        or (otherwise is None and fallback is None)
    ):
        # "3.9 million tonnes in 2023, from 4.2 million tonnes in 2022": the source's figure
        # for all the claim says is the finding, not its value said of another year.
        q, page_number, _ = instead
        return FigureMatch(
            False,
            Span(page_number, q.start, q.end),
            q.text,
            True,
            None,
            FigureVerdict.DIFFERENT,
            otherwise.differs if otherwise else (),
            otherwise.value_text if otherwise else None,
            instead[2],
        )
    return otherwise or fallback or FigureMatch(False)


#: How a figure's kind is said beside its words in a Q006 (`measure.kind_of`).
_KIND_SAID = {"target": "a target", "projection": "a projection", None: "what was so"}


def said_otherwise(found: FigureMatch) -> str:
    """What the source says instead, for messages: "gives '3.9 million tonnes'", or "gives
    '8%' as a fall ('decreased'), not a rise"."""
    if found.verdict is FigureVerdict.DIFFERENT:
        return f"gives {found.instead!r}"
    return f"gives {found.value_text!r} " + "; ".join(found.differs)


def quote_contradicts(claim: Claim, quote: str) -> FigureMatch | None:
    """A citation's quote that gives the claim's measure another figure ("a net revenue
    budget of £212.4 million for 2025/26" for a claim of £198.7 million), or the claim's
    value otherwise (as a fall, in another currency, for another year); None when the quote
    states the claim's figure or says nothing of its measure."""
    if claim.kind != "figure" or claim.value is None or not claim.measure:
        return None
    found = match_figure(claim, [quote])
    if found.verdict is FigureVerdict.OTHERWISE or (
        found.verdict is FigureVerdict.DIFFERENT and found.full
    ):
        return found
    return None


def _may_be_year(unit: str | None) -> bool:
    """A claim's value of 1900-2100 may be a year unless its unit counts something else
    ("more than 2,000 applications" is not met by "since 2016")."""
    return not unit or not unit.strip() or unit.strip().lower() in ("year", "years")


def _instead(
    nearest: list[tuple[int, int, _Figure, int]],
    pages: Sequence[str],
    prepared: Measure,
    wanted: Aspects,
    claim_unit: Unit,
) -> tuple[Quantity, int, bool] | None:
    """The source's figure for the claim's measure, when the claim's value is not it: the
    one with most of the measure's words, one saying nothing otherwise than the claim (its
    time, unit...) first; and whether it is all of the claim's measure, saying nothing
    otherwise (a unit the claim's converts to says nothing otherwise: its value differs
    or not in any unit). None: no figure stands near the measure's words."""
    if not nearest:
        return None
    ranked = sorted(nearest, key=lambda n: (-n[0], n[1]))
    for _, _, figure, index in ranked:
        page = unwrap(pages[index])
        given = figure.aspects(page)
        if _in_claim_unit(figure, claim_unit) is not None:
            given = dataclasses.replace(given, unit=None)
        if differences(wanted, given):
            continue
        q = figure.quantity
        full = describes(prepared.terms, figure.scope.words) and same_measure(
            prepared, page, figure.scope, (q.start, q.end)
        )
        return q, index + 1, full
    _, _, figure, index = ranked[0]
    return figure.quantity, index + 1, False
