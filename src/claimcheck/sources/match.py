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

from claimcheck.figures import claim_bounds, is_dated, is_percent, year_like
from claimcheck.model import Claim
from claimcheck.quantity import Quantity, find_quantities
from claimcheck.sources.measure import Scope, prepare, quote_back, same_measure, scopes

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


def match_quote(quote: str, pages: Sequence[str]) -> QuoteMatch:
    """The best verdict for `quote` anywhere in `pages`."""
    quote = quote.strip()
    for number, page in enumerate(pages, 1):
        at = page.find(quote)
        if at >= 0:
            return QuoteMatch(QuoteVerdict.VERBATIM, Span(number, at, at + len(quote)))
    fragments = [f for f in (fold(part)[0].strip(" \"'") for part in _ELLIPSIS.split(quote)) if f]
    if not fragments:
        return QuoteMatch(QuoteVerdict.ABSENT)
    for number, page in enumerate(pages, 1):
        folded, where = _folded(page)
        span = _find_in_order(fragments, folded)
        if span is not None:
            start, end = where[span[0]], where[span[1] - 1] + 1
            return QuoteMatch(QuoteVerdict.NORMALISED, Span(number, start, end))
    return _paraphrase(quote, pages)


def _find_in_order(fragments: list[str], folded: str) -> tuple[int, int] | None:
    """The span from the first fragment to the last, each after the one before (ellipses)."""
    first = folded.find(fragments[0])
    while first >= 0:
        at, ok = first + len(fragments[0]), True
        for fragment in fragments[1:]:
            found = folded.find(fragment, at)
            # An ellipsis leaves out a little, not pages: keep the fragments close.
            if found < 0 or found - at > 2000:
                ok = False
                break
            at = found + len(fragment)
        if ok:
            return first, at
        first = folded.find(fragments[0], first + 1)
    return None


#: Where a sentence ends: stops followed by a space (not the point in "1.5"), or a line end.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")


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
    for match in (*_SENTENCE_END.finditer(page), None):
        end = match.end() if match else len(page)
        text = page[start:end]
        if text.strip():
            found.append(
                _Sentence(start, end, frozenset(key_words(text)), tuple(find_quantities(text)))
            )
        start = end
    return tuple(found)


def _paraphrase(quote: str, pages: Sequence[str]) -> QuoteMatch:
    words = key_words(quote)
    numbers = find_quantities(quote)
    if len(words) < 2 and not numbers:
        return QuoteMatch(QuoteVerdict.ABSENT)
    best: tuple[float, Span] | None = None
    for number, page in enumerate(pages, 1):
        sentences = _sentences(page)
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
                span = Span(number, first.start, sentence.end)
                # The most of the key words, in the least text.
                if share >= PARAPHRASE_SHARE and (
                    best is None
                    or (share, span.start - span.end) > (best[0], best[1].start - best[1].end)
                ):
                    best = (share, span)
    if best is None:
        return QuoteMatch(QuoteVerdict.ABSENT)
    return QuoteMatch(QuoteVerdict.PARAPHRASE, best[1])


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
                text=page[last.start : q.end],
                start=last.start,
            )
            continue
        out.append(q)
    return out


@functools.lru_cache(maxsize=_PAGES_CACHED)
def _figures(page: str) -> tuple[_Figure, ...]:
    found = []
    quantities = _ranges(page, sorted(find_quantities(page), key=lambda q: q.start))
    clauses = scopes(page, [(q.start, q.end, is_dated(q)) for q in quantities])
    for q, scope in zip(quantities, clauses, strict=True):
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
            )
        )
    return tuple(found)


def measure_describes(measure: str, page: str, at: int) -> bool | None:
    """Whether the figure of `page` at offset `at` may be `measure`: its clause does not
    give it as another (None: no figure is there, or the measure has no words)."""
    prepared = prepare(measure)
    figure = next((f for f in _figures(page) if f.quantity.start <= at < f.quantity.end), None)
    if figure is None or not prepared.terms:
        return None
    return same_measure(prepared, page, figure.scope)


def _states(f: _Figure, low: float, high: float) -> bool:
    """The source's figure is the claim's: one's written value lies within the other's
    rounding. (Intervals that merely touch, 5% and 6%, are different figures here.)"""
    if low <= f.low <= high and low <= f.high <= high:
        return True
    return f.bound_low < (low + high) / 2 < f.bound_high


def match_figure(claim: Claim, pages: Sequence[str], page_hint: int | None = None) -> FigureMatch:
    """The claim's value in the source by value, unit and scale, looked for near the cited
    page first; failing that, a different figure next to the claim's measure words."""
    bounds = claim_bounds(claim)
    if bounds is None:
        return FigureMatch(False)
    low, high = float(bounds[0]), float(bounds[1])
    # "more than 16,000" is what a source's 16,214 states: a bound, not a point.
    if claim.qualifier in ("at_least", "more_than"):
        high = float("inf")
    elif claim.qualifier in ("at_most", "less_than"):
        low = float("-inf")
    percent, years = is_percent(claim.unit), year_like(claim)
    prepared = prepare(claim.measure or "")
    measure = prepared.terms
    order = list(range(len(pages)))
    if page_hint is not None and 1 <= page_hint <= len(pages):
        # The cited page and its neighbours first: a figure repeated elsewhere may differ.
        order.sort(key=lambda i: abs(i + 1 - page_hint))
    fallback: FigureMatch | None = None
    nearest: tuple[int, Quantity, int] | None = None
    for index in order:
        page = pages[index]
        for figure in _figures(page):
            if figure.percent != percent or (figure.dated and not years):
                continue  # as `comparable`: percentages with percentages, years with years
            q, context = figure.quantity, figure.scope.words
            if _states(figure, low, high):
                measured = same_measure(prepared, page, figure.scope) if measure else None
                said = None
                if measured is False:
                    said = quote_back(page, figure.scope, q.start, q.end)
                match = FigureMatch(True, Span(index + 1, q.start, q.end), None, measured, said)
                if measured is not False:
                    return match
                fallback = fallback or match
            elif measure:
                score = len(measure & context)
                if score and (nearest is None or score > nearest[2]):
                    nearest = (index, q, score)
    if fallback is not None:
        return fallback
    if nearest is not None and nearest[2] >= max(1, len(measure) // 2):
        index, q, _ = nearest
        return FigureMatch(False, Span(index + 1, q.start, q.end), q.text, True)
    return FigureMatch(False)
