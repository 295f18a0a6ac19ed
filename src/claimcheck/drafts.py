"""`claimcheck extract`: draft registry entries for what a page states and nobody registered.

Drafts come from the coverage findings (P001 figures, P004 statements): an id, the sentence as
`text` and `mentions`, a kind, the parsed value, and empty citations to fill in. They are
printed as YAML, or appended to the registry with its comments and order kept (ruamel.yaml's
round-trip mode) and written atomically.

The page is hostile and the YAML is printed to CI logs, so it is dumped log-safe with the same
meaning: no value is folded onto a line of its own (where a runner would read `::error ...` as
a workflow command), and a string holding `::`, `##[` or a control, bidi or invisible character
is double-quoted, those characters written as YAML escapes (`\\u202e`, `#\\x23[`).
"""

from __future__ import annotations

import bisect
import functools
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from claimcheck import lexicon
from claimcheck.checks.coverage import normal_already, normal_text, page_figures, sentences
from claimcheck.dates import PartialDate
from claimcheck.findings import Finding
from claimcheck.ids import Unique, snake_id
from claimcheck.model import Registry
from claimcheck.page import BREAK, FILLER, Link, PageText, references_start
from claimcheck.quantity import Quantity, find_quantities
from claimcheck.render.base import safe_text
from claimcheck.units import CURRENCY_MARKED, CURRENCY_SIGNS

#: Words left out of drafted ids.
_STOP = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "by",
        "with",
        "from",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "are",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "there",
        "over",
        "under",
        "about",
    }
)


@dataclass
class Drafts:
    """What `extract` drafts from a page: claims, the sources its links name, and the figures
    left out because their value could not be read reliably (figure text, why)."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def draft_entries(
    findings: Iterable[Finding], page: PageText, registry: Registry, taken: set[str]
) -> Drafts:
    """One draft claim per unregistered figure (P001) and per flagged statement (P004), each
    citing the links beside it (in its sentence or paragraph, or a numbered reference)."""
    spans = sentences(page.prose)
    starts = [start for start, _ in spans]
    figures = page_figures(page.prose)
    figure_starts = [q.start for q in figures]
    in_order = all(a <= b for a, b in itertools.pairwise(figure_starts))
    normal_page = _Occurrences(_plain(page.prose))
    # Claims and sources share one namespace: a drafted source's id avoids the claims' ids,
    # and a drafted claim's the sources' (the registry refuses an id used twice).
    unique = Unique(taken)
    links = _Links(page, registry, unique)
    relative = _Searches(_RELATIVE_TIME, page.prose)

    def within(start: int, end: int) -> Sequence[Quantity]:
        """The page's figures from `start` to `end`: by bisection rather than a scan."""
        if in_order:
            lo = bisect.bisect_left(figure_starts, start)
            return figures[lo : bisect.bisect_left(figure_starts, end, lo)]
        return tuple(q for q in figures if start <= q.start < end)

    # The date the page speaks for: a time after it is the figure's period, not an event's
    # date (C010 takes a `date` after it for a past event the page could not report).
    page_date = registry.page.as_of if registry.page and registry.page.as_of else None
    if page_date is None and page.own_date is not None:
        page_date = page.own_date.date
    out = Drafts()
    tables: _HtmlTables | None = None  # an HTML page's tables, read when a cell is drafted
    seen: set[str] = set()  # sentences drafted already (a page may repeat one)
    used: set[int] = set()  # the times the drafts take
    unused: list[tuple[Quantity, str]] = []  # the times P001 lists that took no draft yet
    located = [
        (
            f,
            spans[
                max(
                    0,
                    bisect.bisect_right(starts, page.offset(f.location.line, f.location.column))
                    - 1,
                )
            ],
        )
        for f in findings
        if f.code in ("P001", "P004") and f.location is not None
    ]
    # A sentence with unregistered figures is drafted figure by figure, each draft carrying
    # the sentence as its text, even when P004 flags it first: as a `fact` its figures were lost.
    with_figures = {span for f, span in located if f.code == "P001"}
    for finding, (start, end) in located:
        if finding.code == "P004" and (start, end) in with_figures:
            continue
        sentence = _plain(page.prose[start:end])
        if not sentence or sentence in seen:
            continue
        seen.add(sentence)
        text = _unmarked(sentence)
        if finding.code == "P004":
            cited = links.cite(start, end)
            out.claims.append(
                {
                    "id": unique(snake_id(text, skip=_STOP, prefix="claim")),
                    "text": text,
                    "kind": "quote" if '"' in text or "\u201c" in text else "fact",
                    "mentions": [_unmarked_mention(sentence)],
                    "citations": [{"source": ident} for ident in cited],
                    "review": dict(_REVIEW),
                }
            )
            continue
        own = _old_years(page.prose, within(start, end))
        listed = _listed(finding.message, own)
        own, joined = _joined(page.prose, own)  # ranges in words
        # What no draft is made of takes no time from the figures that are: a threshold in
        # another figure's measure ("74.2% ... seen within four hours in April 2025"), a label.
        bounded = _thresholds(page.prose, own, start)
        halves = _compound_durations(page.prose, own)
        timed = [q for q in own if q.start not in bounded and not _label(page.prose, q)]
        chosen_by: dict[int, tuple[int, ...]] = {}
        when_of = _times_of(page.prose, timed, relative, end, chosen_by, start)
        cited = links.cite(start, end)
        context = _Sentence(page.prose, start, end, own, normal_page)
        context.thresholds = bounded
        done: set[int] = set()
        times: list[Quantity] = []
        for piece in listed:
            q = joined.get(piece.start, piece)
            if q.start in done:
                continue  # the second end of a range
            done.add(q.start)
            if _is_time(q):
                if q is piece:
                    times.append(q)  # the sentence's period or date, not a claim
                continue
            why = _unreadable(page.prose, q)
            if q.start in bounded:
                counts = bounded[q.start].text.strip()
                why = f"a threshold in what {counts} counts, no figure of its own"
            elif q.start in halves:
                why = f"part of one duration in two units ('{halves[q.start]}'): one value"
            if why:
                out.skipped.append((q.text, why))
                continue
            cell = _table_cell(page.prose, q)
            if cell is None and page.headers:
                if tables is None:
                    tables = _HtmlTables(page.prose, page.headers, within)
                cell = tables.cell(q)
            if cell is not None:  # a table's cell: its row and column say what it is
                draft = _cell_draft(context, q, cell, within, page_date, used)
            else:
                when = _not_after(when_of.get(q.start, {}), page_date)
                used.update(chosen_by.get(q.start, ()))
                draft = _figure_draft(context, q, when)
            draft["id"] = unique(draft["id"])
            draft.setdefault("text", text)
            draft["citations"] = [{"source": ident} for ident in cited]
            draft["review"] = dict(_REVIEW)
            out.claims.append(_ordered(draft))
        unused.extend((q, _why_no_draft(page, q, own, listed, chosen_by)) for q in times)
    # P001 lists them: never left out without a word. A table's header is another line than
    # the cells that take its time.
    out.skipped.extend((q.text, why) for q, why in unused if q.start not in used)
    out.sources = links.new_sources()
    return out


def _not_after(when: dict[str, str], page_date: PartialDate | None) -> dict[str, str]:
    """A drafted date after the page's own (a figure it looks ahead to: "Bills will rise
    ... from April 2026") as the figure's `period`: a `date` is an event's, which a page can
    only report once it has happened (C010)."""
    if page_date is None or "date" not in when:
        return when
    from claimcheck.dates import parse_date

    try:
        later = parse_date(when["date"]).first > page_date.last
    except ValueError:
        return when
    return {"period": when["date"]} if later else when


def _why_no_draft(
    page: PageText,
    t: Quantity,
    own: Sequence[Quantity],
    listed: Sequence[Quantity],
    chosen_by: dict[int, tuple[int, ...]],
) -> str:
    """Why a time P001 lists took no draft: said on standard error, as a figure left out."""
    own_date = page.own_date  # "Updated 2 July 2025. First published 20 May 2025."
    if own_date is not None and page.line_span(own_date.offset) == page.line_span(t.start):
        return "a date the page states for itself (the registry's `page.as_of`)"
    unregistered = {q.start for q in listed}
    takers = [q for q in own if t.start in chosen_by.get(q.start, ())]
    if any(q.start not in unregistered for q in takers):
        return "the time of a figure already registered: give that claim this period or date"
    if takers:
        return "the time of a figure left out"
    if not _its_time(page.prose, t):
        return "a comparison's base or another figure's time, not a drafted figure's"
    return "a time no drafted figure takes"


#: Two figures that are the ends of one range: "between 6% and 9%", "between £4m and £5m".
_BETWEEN_AND = re.compile(r"(?i)\s+and\s+")
_BETWEEN = re.compile(r"(?i)\bbetween\s+$")


def _joined(
    prose: str, own: Sequence[Quantity]
) -> tuple[tuple[Quantity, ...], dict[int, Quantity]]:
    """The sentence's figures with those the reader reads apart joined: "between 6% and 9%",
    two figures of one unit, scale and currency, is one range (a date written in numbers,
    "2025-05-20", is one date to the figure reader itself). Also, by the start of each
    figure joined, what it is part of."""
    if not own:
        return tuple(own), {}
    joined: dict[int, Quantity] = {}
    for q, r in itertools.pairwise(own):
        if (
            q.start not in joined
            and r.start not in joined
            and _BETWEEN.search(prose, max(0, q.start - 12), q.start)
            and _BETWEEN_AND.fullmatch(prose, q.end, r.start)
            and not (_is_time(q) or _is_time(r) or q.is_range or r.is_range)
            and (q.unit, q.currency, q.scale) == (r.unit, r.currency, r.scale)
            and q.ratio is None
            and r.ratio is None
            and q.qualifier == r.qualifier == "exact"
            and q.low < r.low
        ):
            whole = replace(q, high=r.high, text=prose[q.start : r.end], end=r.end)
            joined[q.start] = joined[r.start] = whole
    if not joined:
        return tuple(own), {}
    parts = {id(w): w for w in joined.values()}
    kept = [q for q in own if q.start not in joined] + list(parts.values())
    return tuple(sorted(kept, key=lambda q: q.start)), joined


_REVIEW = {"status": "unverified", "note": "drafted by claimcheck extract"}
_ORDER = ("id", "text", "kind", "value", "qualifier", "unit", "measure", "period", "date")


def _ordered(draft: dict[str, Any]) -> dict[str, Any]:
    keys = [k for k in _ORDER if k in draft] + [k for k in draft if k not in _ORDER]
    return {k: draft[k] for k in keys}


def _plain(text: str) -> str:
    """Text as the mention check reads it: fillers out, white space one space."""
    return normal_text(text.replace(FILLER, ""))


#: Markdown markup a claim's text leaves out: list bullets, heading hashes, quote marks,
#: emphasis and link brackets.
_LINE_MARKUP = re.compile(r"(?m)^[ \t]*(?:#{1,6}\s+|[*+-]\s+|>\s*|\d+[.)]\s+)+")
_INLINE_MARKUP = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
#: A link's brackets: "[the survey]" before its (blanked) target, not "##[add-mask]x".
_LINK_BRACKETS = re.compile(r"\[([^\[\]\n]+)\](?!\w)")


#: A reference marker ("[1]"), or an editor's note a wiki leaves in the sentence ("[citation
#: needed]", "[who?]", "[dubious \u2013 discuss]"): no words of the claim. The notes are named,
#: not guessed from their shape: a link's text ("[funding needed](...)") keeps its brackets.
_REFERENCE_MARKER = re.compile(
    r"\s*\[(?:\d{1,3}|(?i:(?:citation|clarification|verification|better\s+source|"
    r"full\s+citation|page|year|date|attribution|quotation|source)\s+needed|"
    r"(?:who|whom|when|where|which|why|by\s+whom|according\s+to\s+whom|original\s+research|"
    r"unreliable\s+source)\?|dubious(?:\s*[-\u2013\u2014]\s*discuss)?|failed\s+verification|"
    r"not\s+in\s+citation\s+given))\]"
)
#: A reference link's label after its text ("[the report][r]"): no words of the sentence.
_LINK_LABEL = re.compile(r"(?<=\])\[[^\[\]\n]*\]")
_SPACE_BEFORE_MARK = re.compile(r" (?=[.,;:!?](?:\s|$))")


#: Where any of the four patterns above could match: text without it has no markup.
_MAYBE_MARKUP = re.compile(r"[*_`\[]|^[ \t]*(?:#|[+-]\s|>|\d+[.)]\s)", re.MULTILINE)


def _unmarked(text: str) -> str:
    """A sentence as a reader reads it: Markdown bullets, hashes, emphasis, brackets and
    reference markers ([1]) out, and the fillers a decoded entity left ("A&amp;E" is "A&E")."""
    if FILLER in text:
        text = text.replace(FILLER, "")
    if _MAYBE_MARKUP.search(text) is not None:
        text = _REFERENCE_MARKER.sub("", _LINE_MARKUP.sub("", _LINK_LABEL.sub("", text)))
        text = _LINK_BRACKETS.sub(r"\1", _INLINE_MARKUP.sub("", text))
    text = " ".join(text.split())
    return _SPACE_BEFORE_MARK.sub("", text)  # a blanked link target's space


def _unmarked_mention(sentence: str) -> str:
    """A whole sentence as a mention: its leading bullet or hashes left out (what follows is
    still the page's own characters, so the mention check finds it)."""
    return _LINE_MARKUP.sub("", sentence).strip() or sentence


def _listed(message: str, own: Sequence[Quantity]) -> list[Quantity]:
    """The figures of the sentence that P001 lists, in order (its message names them by their
    text, joined with ", ", before " in: ")."""
    rest = message.split(" ", 2)[-1] if message.startswith("unregistered figure") else ""
    listed = []
    for q in own:
        if rest.startswith(q.text) and rest[len(q.text) :][:2] in (", ", " i"):
            listed.append(q)
            rest = rest[len(q.text) + 2 :]
    return listed


def _is_time(q: Quantity) -> bool:
    return q.date is not None or q.period is not None or q.is_year


_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_SPAN = re.compile(
    rf"(?i)(?:\bbetween\s+({'|'.join(_MONTH_NAMES)})\s+and"
    rf"|\b({'|'.join(_MONTH_NAMES)})\s+(?:to|-|\u2013|until|till))\s+$"
)


#: "The report was released on 20 May 2025": the date of a publication, not of its figures.
_PUBLISHED = re.compile(
    r"(?i)\b(?:released|published|issued|updated|posted|announced)\s+(?:on\s+|in\s+)?$"
)
_SPAN_ON = re.compile(r"\s*(?:to|until|till|-|\u2013)\s+", re.IGNORECASE)
_OVER = re.compile(r"(?i)over\s")
#: The denominator of a rate ("7.2 per 100 households") is part of its figure.
_PER = re.compile(r"(?i)\bper\s+$")


def _times_of(
    prose: str,
    own: Sequence[Quantity],
    relative: _Searches | None = None,
    end: int | None = None,
    chosen_by: dict[int, tuple[int, ...]] | None = None,
    start: int = 0,
) -> dict[int, dict[str, str]]:
    """Each figure's period or date (by its start), from the times of its own clause.

    A sentence may give several figures several times: "137 litres ... in 2024/25, compared
    with 144 litres ... in 2019/20". A figure takes the time that follows it before the next
    figure; failing that, the time between the figure before it and itself that the figure
    before did not take ("In Q3 2025 ... 1,046 ..., up from 812 in Q2 2025"); failing that,
    the time of the figure before it, which it qualifies ("£3.9 billion in 2024/25, of which
    £1.2bn"). A time that is a comparison's base ("up 56% on 2023", "more than in 2015",
    "since 2020", "fell 14% from 2023", "compared with 2022") or names another figure ("the
    2019/20 figure") is no figure's. A figure set in a clause of its own ("The stand, costing
    £5m, is expected to open in August 2026") takes only a time of that clause, and a figure
    set against another ("below the 95% target") or a standard ("the 95% target") none of
    the figure before's. A figure with none gets none: "58% ..., up from 41% in 2014/15"
    gives 58% no period, never 41%'s. The sentence runs from `start` to `end`; `chosen_by`,
    if given, gets the starts of the times each figure took."""
    figures = [
        q
        for q in own
        if not _is_time(q)
        and not _PER.search(prose, max(0, q.start - 5), q.start)
        and not _day_of_month(prose, q)
    ]
    # A duration ("in four years") spans its own time: a period beside it is not its period.
    durations = {q.start for q in figures if _is_duration(q)}
    times = [
        q
        for q in own
        if _is_time(q) and _its_time(prose, q) and not _aside_time(prose, q, figures, end)
    ]
    if not figures or not times:
        return {}
    # The last figure's clause ends with its sentence (`end`), not with the page.
    bounds = [q.start for q in figures[1:]] + [len(prose) if end is None else end]
    asides = {q.start: _aside_clause(prose, q, start, bounds[-1]) for q in figures}
    part = _Parts(prose, start, bounds[-1])
    taken: set[int] = set()
    out: dict[int, dict[str, str]] = {}
    used: dict[int, tuple[int, ...]] = {}
    for i, q in enumerate(figures):
        low, high = asides[q.start] or (-1, bounds[i])
        # A semicolon ends the figure's clause: a time beyond it is the next clause's.
        first, last = part(q.start)
        after = [
            t
            for t in times
            if q.end <= t.start < min(bounds[i], high, last)
            and not _SUBORDINATE.search(prose, q.end, t.start)
        ]
        lower = max(figures[i - 1].end if i else -1, low, first)
        before = [t for t in times if lower <= t.start < q.start and t.start not in taken]
        chosen = after[:1] or before[-1:]
        if chosen:
            taken.add(chosen[0].start)
            spanned = _span(prose, chosen[0], times)
            out[q.start] = spanned or _when(prose, chosen)
            used[q.start] = (
                chosen[0].start,
                *(_span_end(prose, chosen[0], times) if spanned else ()),
            )
        elif (
            i
            and figures[i - 1].start in out
            and part(figures[i - 1].start) == (first, last)
            and not asides[q.start]
            and not asides[figures[i - 1].start]
            and not _COMPARED.search(prose, figures[i - 1].end, q.start)
            and not _STANDARD.match(prose, q.end)
            and not _own_relative_time(prose, q.end, bounds[i], relative)
        ):
            out[q.start] = out[figures[i - 1].start]
            used[q.start] = used.get(figures[i - 1].start, ())
    opening = [t for t in times if t.start < figures[0].start]
    if opening and len({t.text for t in times}) == 1:
        for q in figures:
            if (
                q.start not in out
                and not asides[q.start]
                and all(part(t.start) == part(q.start) for t in opening)
            ):
                out[q.start] = _when(prose, opening)
                used[q.start] = tuple(t.start for t in opening)
    kept = {at: when for at, when in out.items() if when and at not in durations}
    if chosen_by is not None:
        chosen_by.update((at, used.get(at, ())) for at in kept)
    return kept


#: A semicolon between clauses (not the one ending an entity, "&amp;": a space follows it).
_SEMICOLON = re.compile(r";(?=\s)")


class _Parts:
    """The parts of a sentence (`start` to `end`) its semicolons divide: clauses each with
    its own figures and times ("The 2019 volume was 52 km3; in 2024 it was 47 km3")."""

    def __init__(self, prose: str, start: int, end: int) -> None:
        self.start, self.end = start, end
        self.cuts = [m.start() for m in _SEMICOLON.finditer(prose, start, end)]

    def __call__(self, at: int) -> tuple[int, int]:
        """The (start, end) of the part holding `at`."""
        if not self.cuts:
            return self.start, self.end
        i = bisect.bisect_right(self.cuts, at)
        return (
            self.cuts[i - 1] + 1 if i else self.start,
            self.cuts[i] if i < len(self.cuts) else self.end,
        )


#: What a figure is a standard for, after it: "the 95% target", "a 2% limit".
_STANDARD = re.compile(
    r"(?i)[\s*_]*(?:target|goal|ambition|aim|limit|threshold|benchmark|ceiling|cap)s?\b"
)
#: Words that open a clause set in the sentence as an aside: a participle ("costing £5m",
#: "appointed in 2022") or a relative pronoun.
_ASIDE_FIGURE_OPENER = re.compile(
    r"(?i)\s*(?:[a-z]{2,}(?:ed|ing)|born|built|begun|began|chosen|given|held|known|made|won|"
    r"taken|written|which|who|whose|where)\b"
)


def _aside_clause(prose: str, q: Quantity, lower: int, upper: int) -> tuple[int, int] | None:
    """The (start, end) of the clause a figure stands in when it is an aside within the
    sentence: opened after a comma, dash or bracket by a participle or a relative pronoun, and
    closed by another before the sentence goes on (", costing £5m, is expected to open ...").
    None for a figure of the sentence's own clause."""
    start, stop = _clause_of(prose, q.start, lower, upper)
    if start <= lower or stop >= upper or not _ASIDE_FIGURE_OPENER.match(prose, start, q.start):
        return None
    opened = _mark_before(prose, start)
    closed = prose[stop : stop + 1]
    if opened not in ",(\u2014\u2013" or closed not in ",)\u2014\u2013":
        return None
    rest = prose[stop + 1 : upper].strip()
    return (start, stop) if rest and rest[0] not in ".!?" else None


#: A clause set under the figure's ("won 61 matches since he was appointed in October 2022"):
#: a time after it is that clause's, not the figure's.
_SUBORDINATE = re.compile(
    r"(?i)\b(?:because|although|though|when|while|whereas|which|who)\b|"
    # "since", "until"... are prepositions too ("until the end of 2027"): a clause has a subject
    r"\b(?:since|after|before|until)\s+(?:he|she|they|it|we|i|you|(?:the\s+)?\w+\s+"
    r"(?:was|were|is|are|had|has|have))\b"
)
#: Where a clause of a sentence starts: after a comma, semicolon, colon, dash or bracket
#: followed by a space (not the comma of "3,500"), or a sentence's end.
_CLAUSE_START = re.compile(r"(?:[,;:]\s|[(\u2014\u2013]|[.!?]\s)\s*(?=\S)")
_CLAUSE_END = re.compile(r"[,;:)\u2014\u2013](?:\s|$)|[.!?](?:\s|$)")
#: Words that open a clause about something else than the figure: a participle ("appointed in
#: October 2022", "opened in 1998") or a relative clause ("which began in May 2020").
_ASIDE_OPENER = re.compile(
    r"(?i)\s*(?:[a-z]+ed|born|built|begun|began|chosen|given|held|known|made|set up|won|"
    r"taken|written|which|who|whose|where|when)\b"
)


def _clause_of(prose: str, at: int, lower: int = 0, upper: int | None = None) -> tuple[int, int]:
    """The (start, end) of the clause around `at`: from the last clause mark before it (not
    before `lower`) to the next after it (not after `upper`, the sentence's end: a table's
    cells may hold no mark for the rest of the page)."""
    start = lower
    for found in _CLAUSE_START.finditer(prose, max(lower, at - 300), at + 1):
        if found.end() <= at:
            start = found.end()
    upper = len(prose) if upper is None else max(upper, at)
    end = _CLAUSE_END.search(prose, at, upper)
    return start, end.start() if end is not None else upper


#: A present participle opening a clause set off by a comma, dash or bracket ("The library,
#: reopening in May 2026, lent ..."), but the -ing words that say when the sentence's own
#: figure is ("Bills will rise 5%, starting in April 2026") or what it holds ("including").
_ASIDE_ING = re.compile(
    r"(?i)\s*(?!(?:during|following|starting|beginning|ending|including|excluding|"
    r"according|regarding|concerning|pending|barring|notwithstanding|considering|counting)\b)"
    r"[a-z]{2,}ing\b"
)


def _aside_time(
    prose: str, t: Quantity, figures: Sequence[Quantity], upper: int | None = None
) -> bool:
    """Whether a time belongs to a clause of its own, not to any figure: "The manager,
    appointed in October 2022, has won 61 of his 139 matches" dates the appointment, not the
    61 wins, and "The library, reopening in May 2026, lent 52,000 books" the reopening. The
    clause opens with a participle or a relative pronoun and holds no figure (an -ing
    participle after a comma, dash or bracket: at a sentence's start, "Spending in 2024/25
    was £5m", it may be the subject)."""
    start, end = _clause_of(prose, t.start, 0, upper)
    if not _ASIDE_OPENER.match(prose, start, t.start) and not (
        _ASIDE_ING.match(prose, start, t.start) and _mark_before(prose, start) in ",(\u2014\u2013-"
    ):
        return False
    return not any(start <= q.start < end for q in figures)


def _mark_before(prose: str, at: int) -> str:
    """The character before `at`, white space passed over ("" at the start)."""
    while at > 0 and prose[at - 1].isspace():
        at -= 1
    return prose[at - 1] if at else ""


def _is_duration(q: Quantity) -> bool:
    return _is_duration_unit(q.unit)


@functools.lru_cache(maxsize=256)
def _is_duration_unit(word: str | None) -> bool:
    from claimcheck.units import DURATION, page_unit

    unit = page_unit(word)
    return unit is not None and unit.dimension == DURATION


#: A figure set against the one before it ("63% ..., against a long-term average of 77%") is
#: not of its time.
_COMPARED = re.compile(
    r"(?i)\b(?:against|compared|versus|vs|than|from|below|above|beneath|short\s+of|ahead\s+of|"
    r"behind)\b"
)
#: A figure with a time of its own, relative to the figure before it ("1,046 in 2024 and 812
#: a year earlier"): not the time of the figure before.
_RELATIVE_TIME = re.compile(
    r"(?i)\b(?:(?:a|one|two|three|\d+)\s+(?:years?|months?|decades?|quarters?)\s+"
    r"(?:earlier|before|previously|ago|later|on)|the\s+(?:year|month|quarter)\s+before|"
    r"previously|earlier|last\s+year|the\s+previous\s+(?:year|month|quarter))\b"
)
_SPAN_JOIN = re.compile(r"\s+(?:and|to|until)\s+|\s*[-\u2013]\s*")


def _span(prose: str, first: Quantity, times: Sequence[Quantity]) -> dict[str, str]:
    """The period "between 2020/21 and 2024/25" (or "from ... to ..."), from the start of
    its first time to the end of its second; {} when `first` opens no such span."""
    join = _SPAN_JOIN.match(prose, first.end)
    if join is None:
        return {}
    second = next((t for t in times if t.start == join.end()), None)
    if second is None:
        return {}
    from claimcheck.dates import Period, parse_period

    try:
        a, b = parse_period(first.text.strip()), parse_period(second.text.strip())
    except ValueError:
        return {}
    return {"period": str(Period(a.start, b.end))} if a.start.year <= b.end.year else {}


def _span_end(prose: str, first: Quantity, times: Sequence[Quantity]) -> tuple[int, ...]:
    """The start of the second time of the span `first` opens (see `_span`)."""
    join = _SPAN_JOIN.match(prose, first.end)
    second = next((t for t in times if join is not None and t.start == join.end()), None)
    return () if second is None else (second.start,)


def _own_relative_time(prose: str, start: int, end: int, relative: _Searches | None = None) -> bool:
    """Whether the clause states a time of the figure's own relative to the one before ("812
    a year earlier"), not a comparison's base ("down 2.1% on a year earlier").

    After a sentence's last figure the clause runs to the end of the page; `relative` (the
    page's `_RELATIVE_TIME` searches) finds the same matches there without searching the
    rest of the page again for every sentence."""
    if relative is not None and end == len(prose):
        found = relative.search(start)
        while found is not None:
            if lexicon.comparison_base(prose, found.start()) is None:
                return True
            found = relative.search(found.end())
        return False
    for match in _RELATIVE_TIME.finditer(prose, start, end):
        if lexicon.comparison_base(prose, match.start()) is None:
            return True
    return False


class _Searches:
    """`pattern.search(text, pos)` asked for many `pos`: a search from `pos` that finds its
    match at `at` (or none to the end) is the answer from every position in between, so
    questions asked in order search each stretch of the text once."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern, self.text = pattern, text
        self._last: tuple[int, int, re.Match[str] | None] = (1, 0, None)  # (from, to, found)

    def search(self, pos: int) -> re.Match[str] | None:
        low, high, found = self._last
        if not low <= pos <= high:
            found = self.pattern.search(self.text, pos)
            self._last = (pos, found.start() if found else len(self.text), found)
        return found


def _its_time(prose: str, t: Quantity) -> bool:
    """Whether a time can be a figure's own (not a comparison's base, not another figure's)."""
    before = prose[max(0, t.start - 24) : t.start]
    if lexicon.OTHER_FIGURE.match(prose, t.end) or _PUBLISHED.search(before):
        return False
    word = lexicon.comparison_base(prose, t.start)
    if word is None:
        # "rose 4.1% over 2022": a bare year read with its "over" as a bound's
        return not (t.date is None and t.period is None and _OVER.match(t.text))
    if word not in lexicon.BASE_BEFORE_YEAR:
        return False
    # "Fell 14% from 2023" is a base, "from 2020 to 2024" a span and "rises 4.99% from April
    # 2025" when the figure starts: a span's opener is read here, where its period is drafted.
    return t.date is not None or (word == "from" and _SPAN_ON.match(prose, t.end) is not None)


def _when(prose: str, times: Sequence[Quantity]) -> dict[str, str]:
    """The sentence's period or date, when it states exactly one ("January to March 2025" is
    the period 2025-01/2025-03, not the date March 2025). A time "since", "before", "after",
    "until" the figure's is not its period ("by 2030" is: the figure's target date)."""
    if len({t.text for t in times}) != 1:
        return {}
    t = times[0]
    if t.date is not None and t.period is None:
        span = _MONTH_SPAN.search(prose, max(0, t.start - 28), t.start)
        month = _MONTH_NAMES.index((span.group(1) or span.group(2)).lower()) + 1 if span else 0
        end = str(t.date)
        if month and re.fullmatch(r"\d{4}-\d\d", end) and month < int(end[5:]):
            return {"period": f"{end[:4]}-{month:02d}/{end}"}
        return {"date": end}
    words = t.text.split()
    while words and words[0].lower() in ("the", "in", "during", "for", "of", "over"):
        words.pop(0)
    return {"period": " ".join(words)} if words else {}


_NAME_PART = re.compile(r"[A-Za-z][-\u2010\u2011]$")
#: A sign the figure's reading left out: "-8C", "\u22128", "minus 12.4C" (not a range's or a
#: compound's dash: "2019-20", "COVID-19").
_SIGN = re.compile(r"(?:(?<![\w.,])[-\u2212\u2013]|(?i:\bminus\s+))$")
#: Letters run on to the figure: a unit the reader does not know ("12.4C", "1.8GW").
_GLUED = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_MONTHS = "|".join(m[:3] + f"(?:{m[3:]})?" if len(m) > 3 else m for m in _MONTH_NAMES)
#: "9 January", "9th of January", "January 9": a day of a month, written without its year.
_DAY_BEFORE_MONTH = re.compile(rf"(?i)(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b")
_MONTH_BEFORE_DAY = re.compile(rf"(?i)\b(?:{_MONTHS})\s+$")


def _unreadable(prose: str, q: Quantity) -> str:
    """Why a figure's value cannot be drafted reliably ("" when it can). A figure the page
    states that its reading would change (a sign lost, a unit not read) is left out and
    listed, never drafted with a value the page does not state."""
    before = prose[max(0, q.start - 2) : q.start]
    control = not before.isprintable() and any(
        unicodedata.category(c) == "Cc" and c not in "\n\t" + FILLER for c in before
    )
    if control or _NAME_PART.search(before):
        return "part of a name or code"
    label = _label(prose, q)
    if label:
        return f"a number that labels ('{label}'), not a count"
    if q.low >= 0 and _SIGN.search(prose, max(0, q.start - 8), q.start):
        return "a negative figure (its sign is not read)"
    glued = _GLUED.match(prose, q.end)
    if glued is not None and prose[q.start - 1 : q.start].isalpha():
        return "part of a name or code"
    if glued is not None:
        return f"a unit claimcheck does not read ('{glued.group()}')"
    if _day_of_month(prose, q):
        return "a day of the month (a date, not a figure)"
    if prose[q.start - 1 : q.start] == "[" and prose[q.end : q.end + 1] == "]":
        return "a reference marker"
    if q.ratio is not None:
        return "a fraction in words"
    if q.unit and "duration" in q.unit:
        return "a duration"
    return ""


#: A word a number labels rather than counts ("category 2 calls", "Division 1", "type 2
#: diabetes", "Band 5 nurses"), unless a word before it makes it a time or a set ("in this
#: phase 300 homes").
_LABEL_WORD = re.compile(
    r"(?i)(?<![\w-])(?:(?:this|that|each|every|next|last|first|same|another|any|which|what)\s+)?"
    r"(?:category|categories|type|grade|level|tier|stage|phase|division|band|class|step|"
    r"section|chapter|article|clause|route|platform|gate|version|episode|zone|ward|no\.)\s*$"
)
_LABEL_DETERMINER = re.compile(
    r"(?i)^(?:this|that|each|every|next|last|first|same|another|any|which|what)\s"
)


def _label(prose: str, q: Quantity) -> str:
    """The words a number labels ("category 2", "#1"), or "" when it is no label's: a
    whole number under 1,000 with no unit, currency or scale, after a label's word or "#"."""
    if q.unit or q.currency or q.is_range or q.scale != 1 or q.qualifier != "exact":
        return ""
    digits = q.text.strip()
    if not digits.isdigit() or int(digits) >= 1000:
        return ""
    if prose[q.start - 1 : q.start] == "#":
        return prose[q.start - 1 : q.end]
    found = _LABEL_WORD.search(prose, max(0, q.start - 24), q.start)
    if found is None or _LABEL_DETERMINER.match(found.group()):
        return ""
    return " ".join(prose[found.start() : q.end].split())


#: A time preposition before a bare four-digit number: "since 1850", "in 1066", "from 1850
#: to 1890", "between 1850 and 1899".
_YEAR_BEFORE = re.compile(
    r"(?i)(?:\b(?:since|in|from|until|till|by|before|after|between|during|circa|c\.)"
    r"|\b(?:from|between)\s+\d{4}\s+(?:to|and|until))\s+$"
)


def _old_years(prose: str, own: Sequence[Quantity]) -> Sequence[Quantity]:
    """The figures with a year before 1900 read as one ("lost 60% of their volume since
    1850"): the figure reader reads years from 1900 on, and 1850 is no count of anything.
    A bare four-digit whole number after a preposition of time, with no noun it counts
    after it ("in 1850 schools" is a count), is that year."""
    out: list[Quantity] | None = None
    for i, q in enumerate(own):
        if (
            q.unit is None
            and q.currency is None
            and q.scale == 1
            and not q.is_range
            and q.qualifier == "exact"
            and q.date is None
            and q.period is None
            and 1000 <= q.low < 1900
            and re.fullmatch(r"\d{4}", q.text)
            and _YEAR_BEFORE.search(prose, max(0, q.start - 24), q.start)
            and not _head_noun(prose, q)
        ):
            from claimcheck.dates import parse_period

            if out is None:
                out = list(own)
            out[i] = replace(q, period=parse_period(q.text))
    return own if out is None else out


#: Words that bound a duration after a verb ("seen within four hours", "seen in under 4
#: hours": the figure reader reads "under" with the figure).
_WITHIN = re.compile(r"(?i)\b(?:within|in)\s+$")
#: Verbs of a wait that are not read as verbs' forms by their ending.
_WAITS = frozenset({"wait", "waits", "spend", "spends", "stay", "stays", "last", "lasts"})


def _thresholds(prose: str, own: Sequence[Quantity], lower: int) -> dict[int, Quantity]:
    """The durations that bound what another figure of their clause counts ("74.2% of
    patients were seen within four hours", "58.9% had waited less than 18 weeks", "300
    waited more than 52 weeks"), by their start, to that figure: part of its measure, not
    a claim of their own. A bound ("within", "less than", "over"...) right after a verb's
    form, with a figure (not a time or a duration) before it in its clause; not "followed
    for more than 36 months", which is the figure itself."""
    out: dict[int, Quantity] = {}
    for q in own:
        if not _is_duration(q) or q.is_range:
            continue
        clause, _ = _clause_of(prose, q.start, lower, q.end)
        head = q.start
        if q.qualifier == "exact":
            found = _WITHIN.search(prose, max(clause, q.start - 10), q.start)
            if found is None or found.group().lower().startswith("in"):
                continue  # "in four years" is no bound
            head = found.start()
        elif q.qualifier not in ("less_than", "more_than", "at_least", "at_most"):
            continue
        else:
            found = _WITHIN.search(prose, max(clause, q.start - 4), q.start)
            head = found.start() if found is not None else q.start  # "seen in under 4 hours"
        verb = prose[clause:head].split()[-1:]
        if not verb or not (_verb_like(verb[0]) or verb[0].lower() in _WAITS):
            continue
        counted = [
            p for p in own if clause <= p.start < head and not _is_time(p) and not _is_duration(p)
        ]
        if counted:
            out[q.start] = counted[-1]
    return out


_DURATION_JOIN = re.compile(r"\s*,?\s*(?:and\s+)?")


def _compound_durations(prose: str, own: Sequence[Quantity]) -> dict[int, str]:
    """The durations written in two units ("28 minutes and 40 seconds", "3 years, 4
    months"), both halves by their start, to the whole: neither half is the figure."""
    out: dict[int, str] = {}
    for q, r in itertools.pairwise(own):
        if (
            _is_duration(q)
            and _is_duration(r)
            and not (q.is_range or r.is_range)
            and _DURATION_JOIN.fullmatch(prose, q.end, r.start)
            and _duration_size(q.unit) > _duration_size(r.unit)
        ):
            out[q.start] = out[r.start] = " ".join(prose[q.start : r.end].split())
    return out


def _duration_size(word: str | None) -> tuple[bool, Decimal]:
    """A duration unit's size, to order them: a calendar unit (a month, a year) is longer
    than any other."""
    from claimcheck.units import page_unit

    unit = page_unit(word)
    return (False, Decimal(0)) if unit is None else (unit.calendar, unit.factor[0])


def _day_of_month(prose: str, q: Quantity) -> bool:
    """Whether the figure is the day of a date ("on 9 January", "January 9th")."""
    if q.unit or q.currency or q.is_range or q.scale != 1 or not 1 <= q.low <= 31:
        return False
    if q.low != q.low.to_integral_value() or not q.text.strip().isdigit():
        return False
    return bool(
        _DAY_BEFORE_MONTH.match(prose, q.end)
        or _MONTH_BEFORE_DAY.search(prose, max(0, q.start - 12), q.start)
    )


_SCALE_WORDS = {10**3: "thousand", 10**6: "million", 10**9: "billion", 10**12: "trillion"}
#: Words after a figure that are not what it counts.
_NOT_NOUNS = _STOP | frozenset(
    {
        "per",
        "cent",
        "percent",
        "than",
        "more",
        "less",
        "fewer",
        "up",
        "down",
        "since",
        "between",
        "has",
        "had",
        "have",
        "will",
        "would",
        "could",
        "rose",
        "fell",
        "increased",
        "decreased",
        "year",
        "years",
        "times",
        "each",
        "every",
        "who",
        "which",
        "when",
        "while",
        "not",
        "no",
    }
)
#: Words before a head noun that describe it ("new homes", "full-time staff").
_DESCRIBING = frozenset(
    {
        "new",
        "additional",
        "extra",
        "more",
        "young",
        "older",
        "full-time",
        "part-time",
        "local",
        "registered",
        "recorded",
        "adult",
        "other",
        "active",
        "public",
        "private",
        "primary",
        "secondary",
        "urban",
        "rural",
        "domestic",
        "foreign",
    }
)
_WORD_AFTER = re.compile(r"[\s*_]*([A-Za-z][A-Za-z-]*)")


def _verb_like(word: str) -> bool:
    """Whether a word after a figure is a verb's form rather than a noun it counts ("84 were
    admitted", "7,950 came", "1,209 given", "34 councillors voting")."""
    w = word.lower()
    return (
        w in _VERBS
        or w in _VERB_FORMS
        or (len(w) > 4 and w.endswith("ed") and not w.endswith("eed"))
        or (len(w) > 5 and w.endswith("ing"))
    )


#: Irregular verb forms (the regular ones end in -ed).
_VERB_FORMS = frozenset(
    {
        "became",
        "began",
        "begun",
        "came",
        "come",
        "did",
        "done",
        "got",
        "given",
        "gave",
        "held",
        "kept",
        "left",
        "lost",
        "made",
        "paid",
        "put",
        "said",
        "seen",
        "set",
        "sold",
        "spent",
        "stood",
        "taken",
        "told",
        "took",
        "went",
        "won",
        "cut",
        "can",
        "may",
        "must",
        "shall",
        "should",
        "might",
    }
)


def _head_noun(prose: str, q: Quantity) -> str:
    """The noun the figure counts: the word after it ("1,400 pupils", "4.6 million new
    homes", "14 senior internationals": a plural after a word that is not), or "" when none
    follows (a verb's form is none: "84 were admitted", "1,209 given usual care")."""
    words: list[str] = []
    at = q.end
    for _ in range(3):
        found = _WORD_AFTER.match(prose, at)
        if found is None or "\n" in prose[at : found.start(1)] or found.start(1) == q.end:
            break
        word = found.group(1)
        low = word.lower()
        if words and low in ("and", "or") and not words[-1].endswith("s"):
            return ""  # "17 water and sewerage companies": the noun comes later
        if low in _NOT_NOUNS or word[0].isupper() or _verb_like(word):
            break
        if words and words[-1] not in _DESCRIBING:
            # A second word only makes a plural head of a modifier ("senior internationals").
            if words[-1].endswith("s") or not low.endswith("s"):
                break
            words.append(low)
            break
        words.append(low)
        at = found.end()
        if prose[at : at + 1] in (",", ";", ":", "."):
            break
    while words and words[-1] in _DESCRIBING:
        words.pop()
    return " ".join(words)


def _plain_reading(prose: str, q: Quantity) -> Quantity:
    """The figure as its words read without an HTML entity's filler ("&pound;65m" is £65m in
    the prose, with fillers between "£" and "65m"), its offsets kept."""
    at = q.start
    while at > 0 and prose[at - 1] == FILLER:
        at -= 1
    if at == q.start and FILLER not in prose[q.start : q.end]:
        return q
    at = max(0, at - 1)
    found = find_quantities(prose[at : q.end].replace(FILLER, ""))
    if found and (found[-1].low, found[-1].high) == (q.low, q.high):
        return replace(found[-1], start=q.start, end=q.end)
    return q


def _figure_draft(
    sentence: _Sentence, q: Quantity, when: dict[str, str], mention: str = ""
) -> dict[str, Any]:
    prose = sentence.prose
    q = _plain_reading(prose, q)
    value: Any = _number(q.low) if q.low == q.high else [_number(q.low), _number(q.high)]
    draft: dict[str, Any] = {"kind": "figure", "value": value}
    if q.qualifier != "exact":
        draft["qualifier"] = q.qualifier
    scale = _SCALE_WORDS.get(int(q.scale), "") if q.scale != 1 else ""
    noun = "" if q.unit or q.currency else _head_noun(prose, q)
    notes = ""
    # A rate read after the figure ("412 megalitres per day", "£512 a year") ends the unit:
    # without it the draft's unit states a total the page never gives. A count named by its
    # noun alone ("3 coaches a year") keeps its noun; its rate stays in the text.
    if q.currency:
        unit = " ".join(w for w in (q.currency, scale, q.rate) if w)
    elif q.unit == "percent" and not 0 <= q.low <= q.high <= 100:
        unit, notes = _percent_beyond_a_share(sentence, q)
    else:
        unit = " ".join(w for w in (scale, q.unit or noun, q.rate if q.unit else None) if w)
    if unit:
        draft["unit"] = unit
    measure = _measure(sentence, q, noun or q.unit or "")
    if measure:
        draft["measure"] = measure
    draft.update(when)
    draft["mentions"] = [mention or _mention(sentence, q)]
    if notes:
        draft["notes"] = notes
    name = measure if measure and measure.split()[0] != noun else noun or measure
    name = name or q.unit or draft["mentions"][0]
    draft["id"] = snake_id(f"{name} {_year(when)}", skip=_STOP, prefix="figure")
    return draft


#: A Markdown table's delimiter row: `|---|:--:|`, at least one pipe.
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*")
#: A cell's unit in its row's or column's label: "Customers (millions)", "Cost (£m)".
_LABEL_UNIT = re.compile(r"\(([^()\n]{1,24})\)")
#: A label's currency sign ("£m", "¥m", "₹ crore", "US$m", "Rs lakh"), the longest first: the
#: signs the quantity reader knows (`units`), not a list of our own.
_LABEL_SIGNS = sorted((*CURRENCY_MARKED, *CURRENCY_SIGNS), key=len, reverse=True)
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_SCALE_NAME = re.compile(r"(?i)\b(?:thousand|million|billion|trillion)s?\b")


@dataclass(frozen=True)
class _Cell:
    """A figure's cell in a table: its row's first cell (the row's label), its column's
    header, their spans, and the span of the row from its label to the figure's cell; for
    an HTML table, the cells of that span (a mention gives them with a pipe between)."""

    label: tuple[int, int]
    header: tuple[int, int] | None
    row: tuple[int, int]
    cell: tuple[int, int]
    cells: tuple[tuple[int, int], ...] = ()


def _cells(prose: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of each cell of a table's line, its outer pipes left out, its
    spaces trimmed."""
    line = prose[start:end]
    inner_start = start + (len(line) - len(line.lstrip()))
    inner = line.strip()
    if inner.startswith("|"):
        inner, inner_start = inner[1:], inner_start + 1
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    spans = []
    at = 0
    for part in [*_CELL_SPLIT.split(inner)]:
        lead = len(part) - len(part.lstrip())
        spans.append((inner_start + at + lead, inner_start + at + len(part.rstrip())))
        at += len(part) + 1
    return spans


def _table_cell(prose: str, q: Quantity) -> _Cell | None:
    """The cell of a Markdown table (a pipe table: a header row, a `|---|` row, body rows) the
    figure stands in, if it stands in a body row's cell; None elsewhere."""
    line_start = prose.rfind("\n", 0, q.start) + 1
    line_end = prose.find("\n", q.start)
    line_end = len(prose) if line_end < 0 else line_end
    if "|" not in prose[line_start:line_end]:
        return None
    # Up the table's lines (no blank line between) to its delimiter row; the header is above it.
    at = line_start
    rule = None
    for _ in range(1000):
        if at == 0:
            return None
        above = prose.rfind("\n", 0, at - 1) + 1
        text = prose[above : at - 1]
        if not text.strip() or "|" not in text:
            return None
        if _TABLE_RULE.fullmatch(text):
            rule = above
            break
        at = above
    if rule is None or rule == 0:
        return None
    header_start = prose.rfind("\n", 0, rule - 1) + 1
    header = _cells(prose, header_start, rule - 1)
    row = _cells(prose, line_start, line_end)
    k = next((i for i, (a, b) in enumerate(row) if a <= q.start < max(b, a + 1)), None)
    if k is None or k == 0 or len(row) < 2:
        return None  # a figure as the row's label is no cell of a column to draft
    column = header[k] if k < len(header) and header[k][0] < header[k][1] else None
    return _Cell(row[0], column, (row[0][0], row[k][1]), row[k])


#: What ends a sentence in a block: no table's cell or label holds one.
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_BLANK = " \t\r\n" + BREAK + FILLER


class _HtmlTables:
    """The tables of an HTML page (or of a Markdown page's HTML blocks), read from its prose:
    each cell, header cell and row edge is a block there (its tags blanked, a BREAK at each),
    and `headers` says which blocks are header cells (`<th>`, a `<thead>`'s; an empty one
    too, such as the corner over a table's labels). A row's end is not marked, so a table is
    read by its shape: a header row, then rows as long as it, each a label (words, a header
    cell or a time) and cells that each hold one figure alone. A figure's cell is drafted
    from its row and column only where exactly one row length reads the table so from its
    header row through the figure's row; anything else (a text or empty cell, a cell
    spanning columns, no header row) leaves the figure drafted as any other."""

    _HEADER, _CELL, _TIME, _LABEL, _PROSE = range(5)

    def __init__(
        self,
        prose: str,
        headers: Sequence[tuple[int, int]],
        within: Callable[[int, int], Sequence[Quantity]],
    ) -> None:
        self.prose, self.headers, self.within = prose, headers, within
        self.header_starts = [a for a, _ in headers]
        found: list[tuple[int, int, int]] = []
        at = 0
        while at <= len(prose):
            stop = prose.find(BREAK, at)
            stop = len(prose) if stop < 0 else stop
            a, b = at, stop
            while a < b and prose[a] in _BLANK:
                a += 1
            while b > a and prose[b - 1] in _BLANK:
                b -= 1
            if a < b:
                found.append((a, b, self._kind(a, b)))
            at = stop + 1
        # An empty header cell holds no text, but it is a column's (or the labels') place.
        found += [(a, a, self._HEADER) for a, b in headers if not prose[a:b].strip(_BLANK)]
        found.sort()
        self.blocks = [(a, b) for a, b, _ in found]
        self.kinds = [kind for _, _, kind in found]
        self.stretch: list[int] = []  # the first block of each block's run of table-like ones
        self.tops: list[int] = []  # blocks starting a run of header cells after no cell
        first = 0
        for k, kind in enumerate(self.kinds):
            if kind == self._PROSE:
                first = k + 1
            elif kind == self._HEADER and (
                k == first or self.kinds[k - 1] not in (self._HEADER, self._CELL, self._TIME)
            ):
                self.tops.append(k)
            self.stretch.append(first)
        self.starts = [a for a, _ in self.blocks]
        #: (top, row length, header cells) -> (blocks read, the first breaking the shape or -1)
        self.read: dict[tuple[int, int, int], tuple[int, int]] = {}

    def _kind(self, a: int, b: int) -> int:
        i = bisect.bisect_right(self.header_starts, a) - 1
        if i >= 0 and self.headers[i][0] <= a and b <= self.headers[i][1]:
            return self._HEADER
        figures = self.within(a, b)
        if len(figures) == 1:
            q = figures[0]
            rest = self.prose[a : q.start] + self.prose[q.end : b]
            if not rest.strip(_BLANK):
                return self._TIME if _is_time(q) else self._CELL
        if b - a > 150 or _SENTENCE_END.search(self.prose, a, b):
            return self._PROSE
        return self._LABEL

    def cell(self, q: Quantity) -> _Cell | None:
        """The cell the figure holds alone, with its row's label and column's header; None
        where the table's shape is not read one way only."""
        k = bisect.bisect_right(self.starts, q.start) - 1
        if k < 0 or self.kinds[k] != self._CELL or q.start >= self.blocks[k][1]:
            return None
        lo = bisect.bisect_left(self.tops, self.stretch[k])
        hi = bisect.bisect_left(self.tops, k)
        for top in reversed(self.tops[max(lo, hi - 4) : hi]):  # the nearest table first
            heads = 0  # the header row is at most the run of header cells at the top
            while top + heads < k and self.kinds[top + heads] == self._HEADER:
                heads += 1
            # A `<thead>` is one header span: it is the header row, and an empty cell in it
            # (the corner over the labels) is not seen, so its rows may be one block longer.
            # Cells of their own (`<th>`) show an empty one, and any run of them may be one.
            spanned = self._spanned(top, heads)
            if spanned > 1:
                shapes = [(spanned, spanned), (spanned + 1, spanned)]
            else:
                shapes = [(size, size) for size in range(2, min(heads, 40) + 1)]
            fits = [shape for shape in shapes if self._fits(top, *shape, k)]
            if len(fits) > 1:
                # Read more than one way through this row: the table's own shape holds to its
                # end, where another breaks sooner (a row's cell read as the next one's label).
                reach = {shape: self._reach(top, *shape) for shape in fits}
                furthest = max(reach.values())
                fits = [shape for shape in fits if reach[shape] == furthest]
                if len(fits) > 1:
                    return None  # still more than one: not known
            if fits:
                ((size, row_heads),) = fits
                row, column = divmod(k - top - row_heads, size)
                label = top + row_heads + row * size
                cells = tuple(self.blocks[label : k + 1])
                header = self.blocks[top + column - (size - row_heads)]
                return _Cell(
                    cells[0],
                    header if header[0] < header[1] else None,
                    (cells[0][0], cells[-1][1]),
                    cells[-1],
                    cells,
                )
        return None

    def _spanned(self, top: int, heads: int) -> int:
        """How many of the header cells from `top` on stand in its header span (a `<thead>`
        holds several, a `<th>` one)."""
        i = bisect.bisect_right(self.header_starts, self.blocks[top][0]) - 1
        end = self.headers[i][1] if i >= 0 else -1
        n = 0
        while n < heads and self.blocks[top + n][1] <= end:
            n += 1
        return n

    def _reach(self, top: int, size: int, heads: int) -> int:
        """The first block that breaks the shape (`_fits`), or the number of blocks."""
        self._fits(top, size, heads, len(self.blocks) - 1, whole=True)
        done, broken = self.read[(top, size, heads)]
        return broken if broken >= 0 else done

    def _fits(self, top: int, size: int, heads: int, k: int, *, whole: bool = False) -> bool:
        """Whether the table from `top` reads as a header row of `heads` header cells and
        rows of `size` blocks through the row of block `k`, which is a cell of it (not a
        row's label)."""
        body = top + heads
        if not whole and (k < body or (k - body) % size == 0):
            return False
        end = body + ((k - body) // size + 1) * size  # the end of k's row
        key = (top, size, heads)
        done, broken = self.read.get(key, (top, -1))
        if broken >= 0:
            return broken >= end
        for i in range(done, min(end, len(self.blocks))):
            kind = self.kinds[i]
            if i < body:
                good = kind == self._HEADER
            elif (i - body) % size == 0:
                good = kind in (self._LABEL, self._HEADER, self._TIME)
            else:  # a cell: a figure alone (a year in a cell is a figure read as a time)
                good = kind in (self._CELL, self._TIME)
            if not good or self.stretch[i] != self.stretch[top]:
                self.read[key] = (i, i)
                return i >= end
            done = i + 1
        self.read[key] = (done, -1)
        return done >= end


def _label_unit(prose: str, spans: Sequence[tuple[int, int] | None]) -> tuple[Quantity | None, str]:
    """The unit a row's or column's label gives its cells ("(millions)", "(£m)", "(%)"), read
    as the figure reader reads one after a number, and the label's words for it; None and ""
    when no label gives one."""
    for span in spans:
        if span is None:
            continue
        for hint in _LABEL_UNIT.findall(prose, *span):
            words = hint.strip().replace(FILLER, "")
            sign = next((s for s in _LABEL_SIGNS if words.startswith(s)), "")
            rest = words[len(sign) :].strip()
            sign += " " if sign[-1:].isalpha() else ""  # "Rs crore": "Rs 1 crore"
            rest = re.sub(r"(?i)\b(thousand|million|billion|trillion)s\b", r"\1", rest)
            rest = re.sub(r"(?i)^(?:'?000s?|000's)$", "thousand", rest)
            probe = (
                f"{sign}1{rest}"
                if sign and rest.lower() in ("m", "bn", "k", "mn")
                else (f"{sign}1 {rest}".rstrip())
            )
            found = find_quantities(probe)
            if len(found) == 1 and found[0].end == len(probe):
                unit = found[0]
                if unit.currency or unit.unit or unit.scale != 1:
                    return unit, words
    return None, ""


def _cell_draft(
    sentence: _Sentence,
    q: Quantity,
    cell: _Cell,
    within: Callable[[int, int], Sequence[Quantity]],
    page_date: PartialDate | None,
    used: set[int],
) -> dict[str, Any]:
    """A table cell's draft: the text its row and column state ("Customers (millions),
    2024/25: 5.6"), the unit and scale their labels give, the column's (else the row's) time,
    and a mention from the row's label to the cell (unique on the page where it is), so a
    change of the cell is found where the row stands."""
    prose = sentence.prose
    given, hint = _label_unit(prose, (cell.label, cell.header))
    note = ""
    if given is not None and q.scale == 1 and q.currency is None and q.unit is None:
        # The mention check reads the cell's figure without its label, but for a scale in
        # words ("(millions)"): a currency, a unit or "m" drafted from the label would fail
        # it (C001). Said in the notes instead.
        if _SCALE_NAME.search(hint) and not (given.currency or given.unit):
            q = replace(q, scale=given.scale)
        else:
            note = f"unit left out: the table's label gives it as ({hint}), the cell does not"
    # The mention: the row from its label to the cell, where the page holds it once (an
    # HTML row's cells with a pipe between, as a Markdown row is written: the mention check
    # reads each pipe at a cell's edge, "Morteratsch | 146"); else the cell's own.
    mention = ""
    if sentence.page.once(_plain(prose[cell.row[0] : cell.row[1]])):
        parts = [_plain(prose[a:b]) for a, b in cell.cells]
        mention = " | ".join(parts) if parts else _plain(prose[cell.row[0] : cell.row[1]])
    draft = _figure_draft(sentence, q, {}, mention)
    if note:
        draft["notes"] = note
    label = _unmarked(prose[cell.label[0] : cell.label[1]])
    column = _unmarked(prose[cell.header[0] : cell.header[1]]) if cell.header else ""
    value = _unmarked(prose[cell.cell[0] : cell.cell[1]])
    draft["text"] = f"{', '.join(w for w in (label, column) if w)}: {value}"
    measure = _LABEL_UNIT.sub("", label).strip()
    draft.pop("measure", None)  # what the row's label names, not a guess from its line
    if re.search(r"[A-Za-z]{3}", measure):
        draft["measure"] = measure
    when: dict[str, str] = {}
    for span in (cell.header, cell.label):
        if span is None:
            continue
        times = within(*span)
        if len(times) == 1 and _is_time(times[0]):
            when = _not_after(_when(prose, times), page_date)
            used.add(times[0].start)
            break
    for key in ("period", "date"):
        draft.pop(key, None)
    draft.update(when)
    name = draft.get("measure") or label
    draft["id"] = snake_id(f"{name} {_year(when)}", skip=_STOP, prefix="figure")
    return _ordered(draft)


#: Words of a change before a percentage ("rose 150%", "up 120%") or after it ("a 150%
#: increase", "140% higher than").
_CHANGE_BEFORE = re.compile(
    r"(?i)\b(?:rose|risen|rises?|rising|grew|grown|grows?|growing|increased?|increases|"
    r"increasing|fell|fallen|falls?|falling|dropped|drops?|declined?|declines|jumped|jumps?|"
    r"soared|soars?|surged|surges?|climbed|climbs?|up|down|cut|cuts|reduced?|reduces|lowered|"
    r"raised?|raises)\b(?:\s+(?:by|of|almost|nearly|about|around|some|over|more\s+than)){0,2}"
    r"\s*$"
)
_CHANGE_AFTER = re.compile(
    r"(?i)\s*(?:rise|rises|increase|increases|fall|falls|drop|drops|cut|reduction|growth|jump|"
    r"(?:higher|lower|more|less|fewer|greater|smaller|bigger)\s+than)\b"
)
_OF_PHRASE = re.compile(r"(?i)\s+of\s+")


def _percent_beyond_a_share(sentence: _Sentence, q: Quantity) -> tuple[str, str]:
    """The unit of a percentage below 0 or above 100, which is no share of a whole (the unit
    `percent` says it is, and C013 finds that impossible): a change ("rose 150%") is `percent
    change`; "112% of the 1991-2020 average" is `percent of the 1991-2020 average`, in the
    sentence's words. Anything else is left without a unit, and its notes say why."""
    prose = sentence.prose
    clause_start, clause_end = _clause_of(prose, q.start, sentence.start, sentence.end)
    clause_end = min(clause_end, sentence.end)
    if _CHANGE_BEFORE.search(prose, clause_start, q.start) or _CHANGE_AFTER.match(prose, q.end):
        return "percent change", ""
    of = _OF_PHRASE.match(prose, q.end)
    if of is not None:
        whole = _noun_phrase(_unmarked(prose[of.end() : clause_end]).split(), lead=False)
        if whole:
            return f"percent of {whole}", ""
    return "", (
        f"unit left out: {q.text.strip()} is not a share of a whole (no percentage of one is"
        " over 100 or below 0) and the sentence does not say what it is a percentage of;"
        " write it as `percent of ...`, or `percent change` for a change"
    )


#: Verbs that link a clause's subject to its figure ("the rate was 4.5%").
_VERBS = frozenset(
    {
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "numbered",
        "totalled",
        "totaled",
        "reached",
        "stood",
        "rose",
        "fell",
        "grew",
        "increased",
        "decreased",
        "dropped",
        "used",
        "spent",
        "installed",
        "took",
        "averaged",
        "plans",
        "received",
        "recorded",
        "made",
        "remained",
        "came",
        "added",
        "cost",
        "costs",
        "employed",
        "served",
        "saw",
    }
)
_CHANGE = frozenset({"up", "down", "rose", "fell", "grew", "increase", "decrease", "change"})
_OPENERS = frozenset({"the", "there", "about", "around", "some", "an", "a", "estimated", "of"})


def _year(when: dict[str, str]) -> str:
    """The last year of a drafted period or date, for the id."""
    found = re.findall(r"\d{4}", when.get("period", "") or when.get("date", ""))
    return found[-1] if found else ""


def _subject(words: Sequence[str], near: bool = False) -> str:
    """The words before the first linking verb, less openers ("The", "There"); "" when no
    verb follows them. With `near`, the verb must be the figure's, close before it with no
    other figure between ("Admissions fell by 31% in a trial of 2,418 adults": "Admissions"
    is the 31%'s subject, not the 2,418's). A clause joined before the subject ("Frost lasted
    8 days and the index fell 2-3 points") is left out."""
    if words and words[0].lower() in _CONJUNCTIONS:
        return ""  # "..., and are rising by 4.1mm": the subject is elided, not "and"
    subject: list[str] = []
    verb = -1
    for i, word in enumerate(words):
        low = word.lower().strip(",")
        if (
            low in _VERBS
            and not (i and words[i - 1].lower() in _DETERMINERS)  # "at a cost of"
            and not (low in _NOUN_OR_VERB and i + 1 < len(words) and words[i + 1].lower() in _VERBS)
        ) or (low in _MODALS and i + 1 < len(words)):  # "The new hospital will have 540 beds"
            verb = i
            break
        subject.append(word.strip(",;:"))
    if verb < 0:
        return ""
    between = words[verb + 1 :]
    if near and (len(between) > 4 or any(c.isdigit() for w in between for c in w)):
        return ""
    for i in range(len(subject) - 1, 0, -1):  # the last clause joined on, if any
        if subject[i].lower() in _CONJUNCTIONS and any(map(_verb_like, subject[:i])):
            subject = subject[i + 1 :]
            break
    while subject and subject[0].lower() in _OPENERS:
        subject.pop(0)
    if subject and subject[0].lower() in _TIME_PREPOSITIONS:
        # "Since 2010 the club has won 4 titles": the subject follows the time it opens on;
        # with no time to end it ("In total the club ..."), where it starts is not known.
        times = [k for k, w in enumerate(subject) if _TIME_WORD.search(w)]
        subject = subject[times[-1] + 1 :] if times else []
        while subject and subject[0].lower() in _OPENERS:
            subject.pop(0)
    while subject and _TIME_WORD.fullmatch(subject[0]) and len(subject) > 1:
        subject.pop(0)  # "The 2019 glacier volume": the year is its period, not its measure
    if len(subject) == 1 and subject[0].lower() in _PRONOUNS:
        return ""
    return " ".join(subject[:10])


#: Verbs that carry a clause's verb after them ("will have", "should have").
_MODALS = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must"})
#: Prepositions a sentence may open on before its subject, with a time ("Since 2010 the
#: club", "By 2030 the city").
_TIME_PREPOSITIONS = frozenset(
    {"since", "in", "by", "from", "after", "before", "during", "until", "till", "between", "for"}
)
#: A word that is a time: a year, a year pair, a month.
_TIME_WORD = re.compile(
    rf"(?i)\d{{4}}(?:[/\u2013-]\d{{2,4}})?[,;:]?|(?:{'|'.join(_MONTH_NAMES)})[,;:]?"
)


#: Words that are a noun before a verb ("Drug costs rose 150%") and a verb elsewhere ("The
#: inhaler costs £38.50").
_NOUN_OR_VERB = frozenset({"cost", "costs", "plans", "used", "spent", "made"})
_PRONOUNS = frozenset({"it", "that", "this", "they", "he", "she", "we", "these", "those", "which"})


def _measure(sentence: _Sentence, q: Quantity, noun: str) -> str:
    """What the figure counts, drafted from its clause: the subject before its verb ("the
    unemployment rate was 4.5%" measures "unemployment rate"), or the noun the figure counts
    with what the clause says of it ("9.3 million people aged 16 to 64 were economically
    inactive"); a change ("up 0.2 percentage points") is the change in the subject; what a
    figure is named ("a ground capacity of 8,000"). "" when the clause names nothing the
    sentence states as a measure: no draft carries words the page does not say of it."""
    prose, start = sentence.prose, sentence.start
    clause, _ = _clause_of(prose, q.start, start, q.end)
    words = _unmarked(prose[clause : q.start]).split()
    subject = _subject(words, near=True)
    if not subject and words and words[-1].lower() in _CHANGE and clause > start:
        whole = _subject(_unmarked(prose[start:clause]).split())  # "..., up 0.2 points"
        return f"change in {whole}" if _states_measure(sentence, whole) else ""
    candidates = (subject, _rest_measure(sentence, q, noun) if noun else "", _named(words))
    return next((found for found in candidates if _states_measure(sentence, found)), "")


def _rest_measure(sentence: _Sentence, q: Quantity, noun: str) -> str:
    """The noun the figure counts and what its clause says of it, up to a conjunction, a
    comparison or a time ("1,806 patients given the combination pill"; "41% of parents").
    A figure with a unit of its own ("31%", "21cm") is measured only by the "of" after it."""
    prose = sentence.prose
    _, clause_end = _clause_of(prose, q.start, sentence.start, sentence.end)
    clause_end = min(clause_end, sentence.end)
    for t in sentence.own:  # a time is the figure's period, not its measure
        if q.end <= t.start < clause_end and _is_time(t):
            clause_end = t.start
            break
    bounds = sentence.thresholds
    bound = next(
        (t for t in sentence.own if t.start in bounds and bounds[t.start].start == q.start),
        None,
    )
    if bound is not None and not q.end <= bound.start < clause_end:
        bound = None
    rest = _unmarked(prose[q.end : clause_end if bound is None else bound.start]).split()
    if rest and rest[0].lower() == "of":  # "41% of parents ..."
        rest = rest[1:]
    elif q.unit or q.currency:  # "27% in a trial of 3,612": not what the 27% is of
        return ""
    if not rest or _verb_like(rest[0]):  # "16 to 64 years was ...": no noun phrase
        return ""
    if bound is not None:
        # "58.9% had waited less than 18 weeks": what it counts, bounded ("patients seen
        # within four hours"), its words up to the bound's end all of one phrase.
        if len(rest) > 8 or _noun_phrase(rest, lead=False) != " ".join(rest):
            return ""
        return " ".join([*rest, *_unmarked(bound.text).split()])
    return _noun_phrase(rest)


#: Words that end a noun phrase after a figure: a conjunction, or what sets it against
#: another figure or time.
_PHRASE_END = frozenset(
    {
        "and",
        "or",
        "but",
        "while",
        "whereas",
        "from",
        "than",
        "since",
        "against",
        "compared",
        "versus",
        "between",
        "until",
        "after",
        "before",
    }
)
_CONJUNCTIONS = frozenset({"and", "or", "but", "while", "whereas", "yet", "so", "nor"})


def _noun_phrase(words: Sequence[str], lead: bool = True) -> str:
    """The words up to the end of their phrase, at most ten, less the function words at
    its end and (with `lead`) at its start ("the budget" is "budget")."""
    phrase: list[str] = []
    for word in words[:10]:
        bare = word.strip(",;:.!?()\"'")
        if bare.lower() in _PHRASE_END:
            break
        phrase.append(bare)
        if bare != word and word[-1:] in ",;:.!?)":
            break
    while lead and phrase and (phrase[0].lower() in _STOP or not phrase[0]):
        phrase.pop(0)
    while phrase and (phrase[-1].lower() in _STOP or not phrase[-1]):
        phrase.pop()
    return " ".join(phrase)


#: What a figure is named, before "of": "against a ground capacity of 8,000", "at a cost
#: of £9.5 million", "The record crowd of 7,950".
_DETERMINERS = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "this"})


def _named(words: Sequence[str]) -> str:
    if len(words) < 3 or words[-1].lower() != "of":
        return ""
    for i in range(len(words) - 2, max(len(words) - 6, -1), -1):
        if words[i].lower() in _DETERMINERS:
            name = words[i + 1 : -1]
            plain = all(w.isalpha() or "-" in w for w in name)
            if name and plain and not any(w.lower() in _STOP for w in name):
                return " ".join(name)
            return ""
    return ""


def _states_measure(sentence: _Sentence, measure: str) -> bool:
    """Whether a drafted measure is words the sentence states, whole: found in it at word
    boundaries (not "500-seat stand" cut from "3,500-seat stand"), opening and closing with
    a word of its own (not "and", "in a trial of"), and naming something (a word of three
    letters or more)."""
    if not measure:
        return False
    words = measure.split()
    if words[0].lower() in _FUNCTION or words[-1].lower() in _FUNCTION:
        return False
    if not any(len(w) >= 3 and w.isalpha() and w.lower() not in _STOP for w in words):
        return False
    text = _unmarked(sentence.prose[sentence.start : sentence.end])
    # Found by str.find and its neighbours read, not a pattern per measure: 4,500 measures
    # of a 1 MB page overflowed re's cache of compiled patterns (0.6 s of compiling).
    at = text.find(measure)
    while at != -1:
        end = at + len(measure)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not _joins(before, ".,-\u2010\u2011") and not _joins(after, "-"):
            return True
        at = text.find(measure, at + 1)
    return False


#: Words no drafted measure opens or closes on: it would be a phrase cut from its clause
#: ("in a trial of", "new hospital will", "Since 2010 the club").
_FUNCTION = (
    _STOP
    | _CONJUNCTIONS
    | _MODALS
    | frozenset({"has", "have", "had", "do", "does", "did", "than"})
    | _TIME_PREPOSITIONS
)


def _joins(char: str, marks: str) -> bool:
    """Whether a character beside a phrase makes it part of a longer word or figure: a word
    character (regex `\\w`: alphanumeric or `_`) or one of `marks`."""
    return char.isalnum() or char == "_" or char in marks


_MARKUP = re.compile(r"[*_\[\]`#<>|]")
_RUN = re.compile(r"\S+")
#: The order words are added to a mention: (a)fter or (b)efore the figure, the i-th.
_PLAN = (
    ("a", 0),
    ("a", 1),
    ("b", 0),
    ("a", 2),
    ("b", 1),
    *((side, i) for i in range(2, 40) for side in ("b", "a")),
)


class _Sentence:
    """A sentence figures are drafted from: the page's prose and the sentence's span in it,
    its figures, and the normalised page its mentions are looked for in. Its words are read
    once for all its drafts."""

    def __init__(
        self, prose: str, start: int, end: int, own: Sequence[Quantity], page: _Occurrences
    ) -> None:
        self.prose, self.start, self.end, self.own, self.page = prose, start, end, own, page
        text = prose[start:end]
        #: Whether `_plain` leaves any part of it as it is: no filler, link, typographic mark
        #: or white space but single spaces.
        self.plain = FILLER not in text and normal_already(text)
        self._words: list[tuple[int, int]] | None = None
        self.ends: list[int] = []
        #: Whether each word may join a mention: no markup, and none of a figure in it.
        self.clean: list[bool] = []
        #: The durations that bound what another of its figures counts (`_thresholds`).
        self.thresholds: dict[int, Quantity] = {}

    @property
    def words(self) -> list[tuple[int, int]]:
        """The (start, end) of each run of non-space characters."""
        if self._words is None:
            words = [m.span() for m in _RUN.finditer(self.prose, self.start, self.end)]
            starts = [a for a, _ in words]
            self._words, self.ends, self.clean = words, [b for _, b in words], [True] * len(words)
            spans = [(q.start, q.end) for q in self.own]
            spans += [m.span() for m in _MARKUP.finditer(self.prose, self.start, self.end)]
            for f, g in spans:  # the words it touches: a < g and f < b
                for i in range(bisect.bisect_right(self.ends, f), bisect.bisect_left(starts, g)):
                    self.clean[i] = False
        return self._words


def _mention(sentence: _Sentence, q: Quantity) -> str:
    """The figure with its neighbouring words, verbatim, short and unique on the page where
    it can be: words are added around it (two after, one before, then more) up to another
    figure, markup or the sentence's ends."""
    prose, words = sentence.prose, sentence.words
    before = bisect.bisect_right(sentence.ends, q.start)  # words[:before] end before it
    after = bisect.bisect_left(words, (q.end, 0))  # words[after:] start after it
    left, right = q.start, q.end
    # The figure's own word may run on into markup ("**4.5%**"): the mention stops there.
    head = prose[words[before - 1][1] if before else sentence.start : q.start].lstrip()
    tail = prose[q.end : words[after][0] if after < len(words) else sentence.end].rstrip()
    take_before: list[tuple[int, int]] = []
    take_after: list[tuple[int, int]] = []
    if not _MARKUP.search(head):
        left = q.start - len(head)
        for i in range(before - 1, max(before - 41, -1), -1):  # the plan takes 40 a side
            if not sentence.clean[i]:
                break
            take_before.append(words[i])
    if not _MARKUP.search(tail):
        right = q.end + len(tail)
        # A semicolon, colon or full stop ending the figure's own word ends its clause ("52
        # cubic kilometres; in 2024 ..."): no word of the next is taken. (After a comma one
        # is, as a mention ends after a word ending with one: "risen 21cm, and are".)
        ended = tail[-1:] in (".", ";", ":", "!", "?")
        for i in range(after, after if ended else min(after + 40, len(words))):
            if not sentence.clean[i]:
                break
            take_after.append(words[i])
            if prose[words[i][1] - 1] in ".,;:!?)":
                break
    # The mention is that of the last step taken; it is read (and looked for) only from the
    # third step on, and at the end.
    plain = sentence.plain and q.end <= sentence.end  # a figure may run on past its end
    read = None
    most = max(len(take_after), len(take_before))
    for n, (side, i) in enumerate(_PLAN):
        if n >= 5 and i >= most:
            break  # from the sixth step on, i only grows: no step is left to take
        if side == "a" and i < len(take_after):
            right = take_after[i][1]
        elif side == "b" and i < len(take_before):
            left = take_before[i][0]
        else:
            continue
        if n >= 2:
            best = (prose[left:right].strip() if plain else _plain(prose[left:right])).rstrip(
                ".,;:!?"
            )
            read = (left, right)
            if sentence.page.once(best):
                return best
    if read == (left, right):
        return best
    return _plain(prose[left:right]).rstrip(".,;:!?")


class _Occurrences:
    """The normalised page, asked whether a mention occurs on it exactly once (as
    `page.count(text) == 1`, non-overlapping occurrences). A draft's mention grows a word at a
    time until it does, so a page of many drafts asked this of the whole page tens of
    thousands of times; instead the text's rarest inner word (a whole word of the page
    wherever the text occurs) is looked up in an index of the page's words, and only the
    places it stands are compared."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: dict[str, list[int]] | None = None
        self._known: dict[str, bool] = {}

    def once(self, text: str) -> bool:
        known = self._known.get(text)
        if known is None:
            known = self._known[text] = self._once(text)
        return known

    def _once(self, text: str) -> bool:
        if not text:
            return not self.text  # "" occurs len + 1 times
        inner = text.split(" ")[1:-1]
        if not inner or "" in inner:  # no whole word to look up: scan (at most twice)
            first = self.text.find(text)
            return first >= 0 and self.text.find(text, first + len(text)) < 0
        words = self._index()
        word = min(inner, key=lambda w: len(words.get(w, ())))
        at = text.index(f" {word} ") + 1  # where that word stands in the text
        page = self.text
        found = [p - at for p in words.get(word, ()) if p >= at and page.startswith(text, p - at)]
        # str.count's occurrences do not overlap: a second one starts after the first ends.
        return bool(found) and all(p < found[0] + len(text) for p in found)

    def _index(self) -> dict[str, list[int]]:
        if self._words is None:
            words: dict[str, list[int]] = {}
            at = 0
            for word in self.text.split(" "):
                found = words.get(word)
                if found is None:
                    words[word] = [at]
                else:
                    found.append(at)
                at += len(word) + 1
            self._words = words
        return self._words


def _number(value: Any) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class _Links:
    """The page's links as drafted sources: those in a figure's sentence or paragraph, and
    the numbered items of its references section, each URL once, and none the registry has."""

    def __init__(self, page: PageText, registry: Registry, unique: Unique | None = None) -> None:
        self.prose = page.prose
        # Only a link verify would take as it is, offline too: a javascript: or data: link, a
        # user name and password before the host (L010), a malformed address (L007) or a
        # control character in it is not drafted as a source.
        self.links = [link for link in page.links if _plain_url(link.url)]
        self.known = {normal_url(s.url): s.id for s in registry.sources if s.url is not None}
        self.unique = unique or Unique({s.id for s in registry.sources})
        self.drafted: dict[str, dict[str, Any]] = {}
        self.references = _references(page.prose, self.links)
        listed = self.listed = set(self.references.values())
        # Looked up by bisection, not by a scan of every link for every sentence (a page of
        # thousands of links took seconds): the links by where they start, and the blocks
        # they stand in by where those start, each with the furthest end up to it.
        self.starts = [link.start for link in self.links]
        self.in_order = all(a <= b for a, b in itertools.pairwise(self.starts))
        blocks: dict[tuple[int, int], list[int]] = {}
        for i, link in enumerate(self.links):
            if link not in listed:
                blocks.setdefault(link.block, []).append(i)
        self.blocks = sorted(blocks.items())
        self.block_starts = [start for (start, _), _ in self.blocks]
        self.reach = list(itertools.accumulate((end for (_, end), _ in self.blocks), max))

    def cite(self, start: int, end: int) -> list[str]:
        """The ids of the sources a sentence cites: its own links, else its paragraph's, else
        the references its markers ([1], [2]) number."""
        if self.in_order:
            lo = bisect.bisect_left(self.starts, start)
            near = self.links[lo : bisect.bisect_left(self.starts, end, lo)]
        else:
            near = [link for link in self.links if start <= link.start < end]
        if not near:  # the links of its paragraph or list item, but the references listed
            held: list[int] = []
            k = bisect.bisect_right(self.block_starts, start) - 1
            while k >= 0 and self.reach[k] > start:
                (_, block_end), links = self.blocks[k]
                if block_end > start:
                    held.extend(links)
                k -= 1
            near = [self.links[i] for i in sorted(held)]
        if not near and self.references:
            for marker in re.finditer(r"\[(\d{1,3})\]", self.prose[start:end]):
                link = self.references.get(int(marker.group(1)))
                if link is not None:
                    near.append(link)
        return list(dict.fromkeys(self._source(link) for link in near))

    def _source(self, link: Link) -> str:
        key = normal_url(link.url)
        if key in self.known:
            return self.known[key]
        if key not in self.drafted:
            from urllib.parse import urlsplit

            host = (urlsplit(link.url).hostname or "").removeprefix("www.")
            title = link.text
            if title == link.url and link in self.listed:  # "1. League tables, https://..."
                title = _item_title(self.prose, link) or title
            worded = title != link.url and re.search(r"[A-Za-z]{3}", title)
            name = title if worded else host
            ident = self.unique(snake_id(name, skip=_STOP, prefix="source"))
            self.drafted[key] = {"id": ident, "title": title, "url": link.url}
            self.known[key] = ident
        return str(self.drafted[key]["id"])

    def new_sources(self) -> list[dict[str, Any]]:
        for link in self.references.values():  # the page's own list of sources, cited or not
            self._source(link)
        return list(self.drafted.values())


#: A list item's number or bullet, and what joins its title to its address.
_ITEM_MARK = re.compile(r"^\s*(?:[*+-]|\[?\d{1,3}[.)\]])?\s*")
_TITLE_JOIN = re.compile(r"[\s,;:\u2013\u2014-]+$")


def _item_title(prose: str, link: Link) -> str:
    """The words a reference list's item gives before its bare address ("1. League
    attendance tables, https://..." is titled "League attendance tables"); "" when it gives
    none."""
    line = prose[prose.rfind("\n", 0, link.start) + 1 : link.start]
    title = _TITLE_JOIN.sub("", line[_ITEM_MARK.match(line).end() :])  # type: ignore[union-attr]
    title = " ".join(title.replace(FILLER, "").split())
    return title if re.search(r"[A-Za-z]{3}", title) else ""


def _plain_url(url: str) -> bool:
    from claimcheck.http import plain_url_problem

    return plain_url_problem(url, lambda _host: False) is None


def _references(prose: str, links: Sequence[Link]) -> dict[int, Link]:
    """The links listed under a references heading ("Sources", "References", "Notes"), by
    their number in the list (1 for the first)."""
    heading = references_start(prose)
    if heading is None:
        return {}
    listed = [link for link in links if link.start >= heading]
    numbered: dict[int, Link] = {}
    for n, link in enumerate(listed, 1):
        line_start = prose.rfind("\n", 0, link.start) + 1
        marker = re.match(r"\s*\[?(\d{1,3})[.)\]]", prose[line_start : link.start])
        numbered[int(marker.group(1)) if marker else n] = link
    return numbered


def normal_url(url: str) -> str:
    """A URL as compared for sameness: scheme and host lower case, default port, trailing
    slash and fragment dropped."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, parts.path.rstrip("/"), parts.query, ""))


#: What a CI log would obey in a line: a workflow command (`::` after a line's leading
#: whitespace, the legacy `##[` anywhere).
_COMMAND = re.compile(r"::|##\[")


#: Plain scalars some YAML reader takes for something other than a string, by the characters
#: they can start with: YAML 1.1's (PyYAML's own resolvers), YAML 1.2's (ruamel.yaml's, which
#: dumped the drafts before), and the numbers yaml-rs (the registry's loader) reads with `_`
#: anywhere in them. A string like one of these is quoted; a real number, true or null is
#: written plain.
_NUMBER_START = "-+0123456789."
_TYPED = (
    (
        "bool",
        "yYnNtTfFoO",
        r"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
        r"|on|On|ON|off|Off|OFF",
    ),
    (
        "float",
        _NUMBER_START,
        r"[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
        r"|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
    ),
    (
        "int",
        _NUMBER_START,
        r"[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+"
        r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+",
    ),
    # yaml-rs reads a number with `_` anywhere ("_1", "1e3_", "_.5"): any such is quoted.
    ("float", _NUMBER_START + "_", r"[-+]?[0-9_.]*[0-9][0-9_.]*(?:[eE][-+]?[0-9_]*)?"),
    ("int", _NUMBER_START + "_", r"[-+]?[0-9_]*0[xXoObB][0-9a-fA-F_]*"),
    ("null", "~nN", r"~|null|Null|NULL"),
    (
        "timestamp",
        "0123456789",
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?",
    ),
    ("merge", "<", "<<"),
    ("value", "=", "="),
)


@functools.cache
def _dumper(pure: bool = False) -> Any:
    """PyYAML's C dumper, set to write what ruamel.yaml wrote (ten times slower, it dumped
    the drafts before): block style, a list under a key at the key's indentation, nothing
    folded, a string that needs quotes single-quoted unless it holds an apostrophe, and
    strings a log could obey double-quoted (the only style whose escapes name any character,
    so `_escape_unsafe` can rewrite them with the same meaning)."""
    import yaml

    base = yaml.SafeDumper if pure else getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[valid-type,misc]
        """Its own resolvers and representer: PyYAML's tables are shared by every user."""

    analyser = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)

    def represent_str(dumper: Any, data: str) -> Any:
        # A string holding an apostrophe, if it needs quotes, is double-quoted as ruamel did.
        quoted = (
            _COMMAND.search(data) is not None
            or safe_text(data) != data
            or ("'" in data and not analyser.analyze_scalar(data).allow_block_plain)
        )
        style = '"' if quoted else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Dumper.add_representer(str, represent_str)
    Dumper.yaml_implicit_resolvers = {"": [("tag:yaml.org,2002:null", re.compile("^$"))]}
    for kind, first, pattern in _TYPED:
        Dumper.add_implicit_resolver(
            f"tag:yaml.org,2002:{kind}", re.compile(f"^(?:{pattern})$"), list(first)
        )
    return Dumper


#: Any of those strings, as one pattern.
_TYPED_TEXT = re.compile("|".join(f"(?:{pattern})" for _, _, pattern in _TYPED))
#: A string libyaml writes plain, if it is printable, ends in no space and is not
#: `_TYPED_TEXT`: nothing YAML reads as an indicator at its start (a space, `-`, `?`, `.`,
#: `[`, quotes...), no `:` or `#` anywhere, and no character beyond U+FFFF (which libyaml
#: escapes). Anything else is asked of the dumper itself.
_PLAIN = re.compile(
    "[^\\s\\-?:,\\[\\]{}#&*!|>'\"%@`.~<=\U00010000-\U0010ffff][^:#\U00010000-\U0010ffff]*"
)


def _block(drafts: Sequence[Any], pad: str = "") -> str | None:
    """What `yaml.dump(drafts, Dumper=_dumper(), ...)` writes (each line after `pad`),
    written directly for the shapes drafts have (mappings of scalars, of lists of scalars or
    mappings, of mappings), the same text ten times faster; None for anything else (the
    dumper writes it)."""
    out: list[str] = []
    scalars: dict[str, str | None] = {}
    for item in drafts:
        if type(item) is not dict or not item:
            return None
        if not _mapping(item, pad + "- ", pad + "  ", out, scalars):
            return None
    return "".join(out)


def _mapping(
    mapping: dict[Any, Any], first: str, indent: str, out: list[str], scalars: dict[str, str | None]
) -> bool:
    """Writes a block mapping, its first key after `first`, the others at `indent`."""
    lead = first
    for key, value in mapping.items():
        if type(key) is not str or _scalar(key, scalars) != key:
            return False
        out.append(f"{lead}{key}:")
        lead = indent
        kind = type(value)
        if kind is dict:
            if not value:
                out.append(" {}\n")
                continue
            out.append("\n")
            if not _mapping(value, indent + "  ", indent + "  ", out, scalars):
                return False
        elif kind is list:
            if not value:
                out.append(" []\n")
                continue
            out.append("\n")
            for item in value:  # a list under a key: its dashes at the key's indentation
                if type(item) is dict:
                    if not item or not _mapping(item, indent + "- ", indent + "  ", out, scalars):
                        return False
                    continue
                text = _scalar(item, scalars)
                if text is None:
                    return False
                out.append(f"{indent}- {text}\n")
        else:
            text = _scalar(value, scalars)
            if text is None:
                return False
            out.append(f" {text}\n")
    return True


def _scalar(value: Any, scalars: dict[str, str | None]) -> str | None:
    """A scalar as the dumper writes it in a block (None: not one drafts have); strings are
    kept in `scalars` (drafts repeat their kinds, units and notes)."""
    kind = type(value)
    if kind is str:
        if value in scalars:
            return scalars[value]
        written = scalars[value] = _string(value)
        return written
    if kind is int:
        return str(value)
    if kind is float:  # as PyYAML's representer writes it
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
    if value is None or kind is bool:
        return {None: "null", True: "true", False: "false"}[value]
    return None


def _string(value: str) -> str | None:
    """A string as the dumper writes it in a block: plain when it can be, else as the dumper
    itself writes it (None if that takes more than a line)."""
    if (
        _PLAIN.fullmatch(value)
        and value.isprintable()
        and value[-1] != " "
        and not _TYPED_TEXT.fullmatch(value)
    ):
        return value
    import yaml

    try:
        text = str(yaml.dump({"k": value}, Dumper=_dumper(), width=-1, allow_unicode=True))
    except UnicodeEncodeError:
        return None
    return text[3:-1] if text.startswith("k: ") and text.count("\n") == 1 else None


def _escape_unsafe(text: str) -> str:
    """Dumped YAML with what a log or terminal would obey written as escapes. Only strings
    holding such characters have them, and those are double-quoted (`_dumper`), where YAML reads
    `\\u202e`, `\\x1b` and `\\x23` (`#`) as the characters: the same document, safe to print."""
    lines = [safe_text(line) for line in text.split("\n")]  # the dump's own newlines stay
    return "\n".join(lines).replace("##[", "#\\x23[")


def _dumped(drafts: Sequence[Any]) -> str:
    """The drafts dumped by `_dumper()`; by PyYAML's pure-Python emitter when libyaml cannot
    write a string (a lone surrogate), which it escapes."""
    import yaml

    def dump(dumper: Any, width: int) -> str:
        # Never folded: a folded value starts a line, which a runner reads as a command.
        return str(
            yaml.dump(
                list(drafts),
                Dumper=dumper,
                width=width,
                default_flow_style=False,
                sort_keys=False,
                allow_unicode=True,
            )
        )

    try:
        return dump(_dumper(), -1)
    except UnicodeEncodeError:
        return dump(_dumper(pure=True), 1 << 30)


def dump_drafts(drafts: Sequence[dict[str, Any]], indent: int = 2) -> str:
    """The drafts as a YAML list, its dashes `indent` spaces in (as under `claims:`)."""
    pad = " " * indent
    written = _block(drafts, pad)
    if written is not None:
        if "##[" not in written and written.replace("\n", "").isprintable():
            return written  # nothing to escape
        return _escape_unsafe(written)
    text = _escape_unsafe(_dumped(drafts))
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def other_page(registry_file: Path, registry: Registry, page: Path) -> str | None:
    """The `page.path` of the registry when it names another file than `page`, else None:
    drafts of `page` appended there would be looked for on that other page (P002 at once)."""
    named = registry.page.path if registry.page else None
    if not named:
        return None
    theirs = registry_file.parent / named
    try:
        same = theirs.samefile(page)
    except OSError:  # one of them missing: compared as paths
        same = theirs.resolve() == page.resolve()
    return None if same else named


def append_drafts(registry: Path, drafts: Sequence[dict[str, Any]]) -> None:
    """Insert the drafts after the last claim, leaving every other byte of the file as it was.

    The file is edited as text, not re-dumped: a YAML round-trip would re-quote and re-flow
    what the user wrote. Its BOM and line endings are kept, and it is locked meanwhile; the
    append is `claimcheck add`'s, so it works on every layout `add` does.
    """
    from claimcheck.edit import add_entries

    add_entries(registry, "claims", list(drafts))
