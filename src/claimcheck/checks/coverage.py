"""P: the page and the registry, both ways: what the page states that nobody registered,
and what the registry quotes that the page no longer says."""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from claimcheck import lexicon, polarity
from claimcheck.checks.base import PAGE, Check, CheckContext
from claimcheck.findings import ClaimState, Family, Finding, Location, Severity
from claimcheck.model import Claim, Registry
from claimcheck.page import BREAK, FILLER, SILENT, URL, PageText, references_start
from claimcheck.quantity import (
    QUALIFIER_LEAD,
    Quantity,
    find_quantities,
    rate_after,
    rate_end,
    unit_rate,
)
from claimcheck.units import CURRENCY_SIGNS, SIGN_CLASS, page_unit

FAMILY = Family("P", "page coverage", marks=ClaimState.INCONSISTENT)

#: "Most mentions gone": more than half of them, and at least this many (one or two missing
#: mentions are an edit, not a lost page).
LOST_AT_LEAST = 3

P001 = FAMILY.rule(
    "P001",
    "unregistered-figure",
    Severity.WARNING,
    "A figure on the page is stated by no claim's mention.",
    "Every count, percentage, amount, range, duration, age or date the page states as a fact "
    "should be in the registry, so that it is sourced and checked. Figures are grouped by "
    "sentence. Years used as labels in short headings, a table's header cells, list numbering "
    "and phone numbers are recognised and left out; the registry's `ignore` list names "
    "anything else, each with a reason.",
    "Register the figure (`claimcheck extract PAGE` drafts entries), or add it to `ignore`.",
    unmarked="a figure that no claim states: there is no claim to mark",
)
P002 = FAMILY.rule(
    "P002",
    "missing-mention",
    Severity.WARNING,
    "A registered mention is no longer on the page.",
    "The registry says the page states the claim in these words, but they are not there. "
    "Matching tolerates differences in white space, line breaks, quote marks and dashes, "
    "not changed words or numbers. The page was edited, or the mention was mistyped.",
    "Update or remove the mention, or restore the page's text.",
)
P003 = FAMILY.rule(
    "P003",
    "changed-figure",
    Severity.ERROR,
    "A registered mention is on the page with a different number or time, or turned by a word.",
    'The words of the mention are on the page, but a figure in them has changed ("9,500 '
    'historic cases" where the registry says "9,000 historic cases"; "lost 80" where it '
    'says "lost 8"), or a word that turns the statement has: a direction become its '
    'opposite ("down 6 per cent" for "up 6 per cent"), a negation added or taken away, a '
    'rank changed ("thirteenth" for "third"), a rate changed ("£512 a month" for "£512 a '
    "year\", or a rate the claim's unit does not have after a figure that ends the mention). "
    "So is a sentence that gives the mention's "
    'figure another time than the claim\'s period or date ("in 2023" for a claim of 2024; '
    'not a comparison\'s base such as "since 2012"), and one copy of a statement the page '
    "repeats, registered once for each place, changed while the other still stands. The "
    "page was edited and the registry was not, or the reverse, and the claim's sources no "
    "longer support what the page says.",
    "Re-check the figure against its source; then correct the page or the registry.",
)
P004 = FAMILY.rule(
    "P004",
    "unregistered-statement",
    Severity.NOTE,
    "A sentence without figures presents a checkable fact that no claim registers.",
    "Sentences are scored by transparent features (`claimcheck.checkworthy`). For: a "
    'past-tense verb ("closed", "was replaced") 2, an attribution ("found", "said", '
    '"confirmed") 2, a quotation 2, a present-tense verb 1, a named entity 1, a date 1, a '
    'quantity word ("most", "twice", "second") 1. Against: an opinion marker ("should", '
    '"would", "we believe", "surely") -3, a question or exclamation -3, an evaluative word '
    '("best", "superb", "proud") -2, text about the page (a call to action, byline, '
    "caption, copyright, cookies) -5. Sentences of 4 words or more scoring 3 or more, and "
    "any sentence with an explicit marker ([citation needed], TODO, [source?]), are "
    "reported, highest score first, with the features in the message. No model and no "
    "network are involved. On labelled pages it was not tuned on it flags over four in "
    "five factual sentences without figures, and about one opinion in twenty "
    "(bench/checkworthy.py).",
    "Register the statement (as a fact, quote or assessment), or leave it if it is not a claim.",
    unmarked="a statement that no claim states: there is no claim to mark",
)

P005 = FAMILY.rule(
    "P005",
    "page-lost-content",
    Severity.ERROR,
    "The page has lost its content: it has no text, no figures, or most mentions are gone.",
    "A page that is empty, has text but no figure while the registry has figures to find, "
    f"or no longer has most of its registered mentions (more than half, and at least "
    f"{LOST_AT_LEAST}) is not an edited page but a broken build, a truncated file or the "
    "wrong file. Reporting each mention as missing (P002, a warning) would let it pass CI; "
    "this is one error, naming the claims whose mentions are gone.",
    "Check `page.path` (or `--page`) points at the published page, and that the page built "
    "completely.",
    marks=ClaimState.INCONSISTENT,
)

RULES = (P001, P002, P003, P004, P005)

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
    }
)
#: The characters `_TRANSLATE` changes: text without them (all ASCII text) is left as it is.
_MARKS = re.compile("[" + "".join(chr(c) for c in _TRANSLATE) + "]")
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
#: Telephone numbers, which are not figures: an international or trunk-prefixed number in
#: digit groups ("+44 20 7946 0958", "(020) 7946 0958", "0800 000 000"), three groups
#: ("555 010 0142"), and any run of 7 to 15 digits in groups after a word that says it is a
#: number to ring ("Admissions line 555-0142", "call 555 0142").
_PHONE = re.compile(
    r"(?<![\w.,+(/-])(?=[+(0-9])(?:"
    r"\+\d{1,3}(?:[ .-]?\(0\))?(?:[ .-]?\d{1,5}){2,5}"
    r"|\(0?\d{2,5}\)[ .-]?\d{3,4}[ .-]?\d{3,4}"
    r"|0\d{2,4}[ .-]\d{3,4}(?:[ .-]\d{3,4})?"
    r"|\d{3,5}[ -]\d{3,4}[ -]\d{3,4}"
    r")(?![\w,]|[.-]\d)"
)
_CUED_PHONE = re.compile(
    r"(?i)\b(?=[cdfhlmprt])(?:tel|telephone|phone|call|ring|dial|fax|text|line|helpline|hotline|mobile)"
    r"\b[:.]?[ \t]*(?:(?:us|on|at)[ \t]+)?"
    r"(\+?\(?\d[\d() .-]{5,18}\d)(?![\w,]|[.-]\d)"
)
_MARKER = re.compile(r"\[citation needed\]|\[source\?\]|\[according to whom\?\]|\bTODO\b", re.I)
#: A sentence's end as a reader sees it: a full stop, a blank line, an HTML block's edge.
_READER_SENTENCE_END = re.compile(rf"(?<=[.!?])\s+|\n[ \t{FILLER}]*\n\s*|{BREAK}\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(A-Z])")


@dataclass
class _Normal:
    """Text with quotes and dashes made plain and white space runs made one space."""

    text: str
    norm_at: list[int] = field(default_factory=list)
    orig_at: list[int] = field(default_factory=list)

    def origin(self, position: int) -> int:
        """The offset in the original text of a position in the normal one."""
        i = bisect.bisect_right(self.norm_at, position) - 1
        return self.orig_at[i] + position - self.norm_at[i]


#: A run of white space and what readers skip (FILLER, soft hyphens, zero-width characters)
#: that is not one plain space.
_WHITE_RUN = re.compile(rf"[\s{SILENT}]{{2,}}|[^\S ]|[{SILENT}]")
_WHITE_RUN_START = re.compile(rf"[\s{SILENT}]*")
#: The spaces that separate groups of digits ("1\u2009120", SI style and French typography):
#: kept between digits, as U+2009 whichever of them the text has, so that a number reads
#: whole (`claimcheck.quantity`) on the page and in a mention alike.
GROUP_SPACES = "\u2009\u202f\u00a0"
_GROUP_AFTER = re.compile(r"\d{3}(?!\d)")


def _separates_digits(text: str, start: int, end: int, space: str) -> bool:
    """Whether `space`, standing at text[start:end], is a digit group separator."""
    return (
        space in GROUP_SPACES
        and start > 0
        and text[start - 1].isdigit()
        and _GROUP_AFTER.match(text, end) is not None
    )


def _plain_marks(text: str) -> str:
    """`text.translate(_TRANSLATE)`, done only where a character changes (a whole page at a
    time is ten times slower)."""
    if text.isascii():
        return text
    return _MARKS.sub(lambda m: _TRANSLATE[ord(m.group())], text)


def normalise(text: str) -> _Normal:
    plain = _plain_marks(text)
    parts: list[str] = []
    normal = _Normal("", [0], [0])
    at = size = 0
    # Only runs that are not one plain space change the text: most are, and are left alone.
    for run in _WHITE_RUN.finditer(plain):
        parts.append(plain[at : run.start()])
        size += run.start() - at
        space = run.group().strip(SILENT)
        if _separates_digits(plain, run.start(), run.end(), space):
            parts.append("\u2009")
            size += 1
        elif space:  # white space (with or without fillers): one space
            parts.append(" ")
            size += 1
        at = run.end()
        normal.norm_at.append(size)
        normal.orig_at.append(at)
    parts.append(plain[at:])
    normal.text = "".join(parts)
    return normal


#: White space that is not one plain space: a run of two or more, or another character.
_SPACES = re.compile(r"\s{2,}|[^\S ]")
_UNSEEN = re.compile(f"[{SILENT}]")


def _one_space(match: re.Match[str]) -> str:
    text = match.string
    return "\u2009" if _separates_digits(text, match.start(), match.end(), match.group()) else " "


def normal_text(text: str) -> str:
    """A mention as the page's prose would read: URLs blanked, white space and marks plain
    (a space between groups of digits kept, as U+2009)."""
    text = _plain_marks(URL.sub(" ", text))
    if not text.isascii():
        text = _UNSEEN.sub("", text)
    return _SPACES.sub(_one_space, text).strip()


def normal_already(text: str) -> bool:
    """Whether `normal_text` of any part of `text` is that part stripped: it has no URL, no
    typographic mark, no invisible character and no white space but single spaces."""
    return (
        "://" not in text
        and "www." not in text
        and _SPACES.search(text) is None
        and (text.isascii() or (_MARKS.search(text) is None and _UNSEEN.search(text) is None))
    )


#: What carries a number on past where a mention's stops: more digits or letters ("80" after
#: "8", "8th"), a decimal part, another group of digits ("18,450,000", "1\u2009120"), a
#: scale ("£4.2" of "£4.2bn", "8 million").
_FIGURE_GOES_ON = re.compile(
    r"\w|[.,]\d|[\u2009\u202f\u00a0]\d{3}(?!\d)"
    r"|[\s-]*(?:thousand|million|billion|trillion|hundred|dozen|bn|mn|tn|m|k)\b",
    re.IGNORECASE,
)
#: The last character of what makes a number start before a mention's: a sign ("-120",
#: "+8"), a range's first end ("10-120"), digits and a separator ("1,074", "1.5").
_SIGN_OR_SEPARATOR = frozenset("-+.,\u2009\u202f\u00a0")
_FIRST_TOKEN = re.compile(r"\w+")
_LAST_TOKEN = re.compile(r"\w+\Z")


def whole_figures(text: str, start: int, end: int) -> bool:
    """Whether the mention found at text[start:end] (normal text) starts and ends at a
    boundary of its figures: "lost 8" is not in "lost 80", "drew 8.5", "lost 8 million",
    nor "120 over" in "-120 over" or "1,120 over". A mention whose edge is a word is not
    held to it ("member" in "members" is a reworded mention's business, not a figure's)."""
    mention = text[start:end]
    first = _FIRST_TOKEN.match(mention)
    if first is not None and any(c.isdigit() for c in first.group()) and start > 0:
        before = text[start - 1]
        if before.isalnum() or before == "_":
            return False
        # A sign or a range's dash stands right before the digits; a separator after
        # digits makes the number longer ("1,120", "1.5").
        if (
            before in _SIGN_OR_SEPARATOR
            and mention[0].isdigit()
            and (before in "-+" or (start > 1 and text[start - 2].isdigit()))
        ):
            return False
    last = _LAST_TOKEN.search(mention)
    return not (
        last is not None
        and any(c.isdigit() for c in last.group())
        and _FIGURE_GOES_ON.match(text, end)
    )


@dataclass
class _Index:
    """Where each word of the normalised page stands."""

    normal: _Normal
    words: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    #: The text it was made from: its blocks (paragraphs, headings, list items) are read
    #: from it, since the normal text has lost their line breaks.
    original: str = ""
    #: Where (in the normal text) each mention found word for word starts.
    found_at: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> _Index:
        index = cls(normalise(text), original=text)
        for match in _WORD.finditer(index.normal.text):
            index.words[match.group()].append(match.start())
        return index

    def find_all(self, mention: str) -> list[tuple[int, int]]:
        """Every place the (normalised) mention stands, as original (start, end) offsets."""
        return [self._span(start, end) for start, end in self.find_normal(mention)]

    def find_normal(self, mention: str) -> list[tuple[int, int]]:
        """Every place the (normalised) mention stands, as (start, end) in the normal text. A
        table's row written with its cells' pipes ("Waste collection | £46.3m", as `extract`
        drafts a Markdown table's cell) stands where an HTML table has the same cells, each
        pipe where a block's edge parts them (BREAK: `</td><td>`)."""
        found = self._find(mention)
        if not found and "|" in mention:
            cells = [cell.strip() for cell in mention.strip("| ").split("|")]
            if len(cells) > 1 and all(cells):
                joined = " ".join(cells)
                edges = list(itertools.accumulate(len(cell) + 1 for cell in cells[:-1]))
                found = [
                    (start, end)
                    for start, end in self._find(joined, record=False)
                    if all(self._edge(start + edge - 1) for edge in edges)
                ]
                self.found_at.extend(found)
        return found

    def _edge(self, position: int) -> bool:
        """Whether the space at `position` of the normal text stands for a block's edge."""
        start = self.normal.origin(position)
        end = self.normal.origin(position + 1) if position + 1 < len(self.normal.text) else start
        return BREAK in self.original[start:end]

    def _find(self, mention: str, *, record: bool = True) -> list[tuple[int, int]]:
        anchors = list(_WORD.finditer(mention))
        if not anchors:
            return []
        # The rarest word on the page: fewest places to try (absent: the mention is not there).
        anchor = min(anchors, key=lambda m: len(self.words.get(m.group(), ())))
        found = []
        for position in self.words.get(anchor.group(), ()):
            start = position - anchor.start()
            if (
                start >= 0
                and self.normal.text.startswith(mention, start)
                and whole_figures(self.normal.text, start, start + len(mention))
            ):
                found.append((start, start + len(mention)))
        if record:
            self.found_at.extend(found)
        return found

    def _span(self, start: int, end: int) -> tuple[int, int]:
        return self.normal.origin(start), self.normal.origin(end - 1) + 1

    def block_starts(self) -> list[int]:
        """Where (in the normal text) each block of prose a reader reads on its own starts
        (`_runs`: after a blank line, a heading, a list item...)."""
        normal = self.normal
        starts = []
        for run, _ in _runs(self.original):
            # Its first character: white space before it is one run, made one space.
            blank = _WHITE_RUN_START.match(self.original, run)
            start = blank.end() if blank else run
            i = bisect.bisect_right(normal.orig_at, start) - 1
            starts.append(min(normal.norm_at[i] + start - normal.orig_at[i], len(normal.text)))
        return starts


class MentionFinder:
    """Where a page states mentions word for word, as P002 and P003 find them: white space,
    quote marks, dashes and HTML entities aside, whole figures only, and a table's row
    written with its cells' pipes at an HTML row's cell edges. For `review`'s highlights,
    which should stand where the P rules find a mention."""

    def __init__(self, prose: str) -> None:
        self._index = _Index.of(prose)

    def places(self, mention: str) -> list[tuple[int, int]]:
        """The (start, end) offsets in the prose of each place the mention stands."""
        return self._index.find_all(normal_text(mention))


def _lost(page: PageText, registry: Registry, figures: int, mentions: int, gone: list[str]) -> str:
    """Why the page looks lost (empty, no figures, most mentions gone), or ""."""
    if not page.prose.replace(FILLER, "").strip():
        return "the page has no text: is this the right file?"
    if figures == 0 and any(c.value is not None for c in registry.claims if c.mentions):
        return "the page has no figures, where the registry registers some: is this the right file?"
    if len(gone) >= LOST_AT_LEAST and len(gone) * 2 > mentions:
        return (
            f"{len(gone)} of the {mentions} registered mentions are not on the page: is it "
            "truncated, or the wrong file?"
        )
    return ""


#: Words that say little about where a mention stands: they count a quarter.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "there",
        "this",
        "to",
        "was",
        "were",
        "which",
        "who",
        "with",
    ]
)
#: A mention is located where at least this share of its words (figures aside, stop words
#: weighing a quarter) stand in order in one sentence, and at least two of them.
LOCATED_AT = 0.6
#: The score of a sentence where all of a mention's words stand, in order.
_WHOLE = 1.0 - 1e-9
#: Sentences tried per mention: those holding its rarest words.
_CANDIDATES = 4
#: Places of each rare word looked at when choosing them.
_PLACES = 64
#: A number beside a word ("region 7", "7 cases") in more sentences than this says too little
#: about where a mention stands to look there; a mention's one word in more sentences than
#: this says too little to locate it.
_COMMON = 64
_READER_SENTENCES = _READER_SENTENCE_END
#: A number with the words either side of it, a few marks apart at most ("Enrolled: 4,875").
_NUMBER_CONTEXT = re.compile(
    r"(?:\b([^\W\d]\w*+)[^\w\n]{0,3}+)?(?<![\w.,])(\d(?:[\d,.]*\d)?)(?!\w|[.,]\d)"
    r"(?=[^\w\n]{0,3}+([^\W\d]\w*)|)"
)
#: What a figure may start with on the page (digits, a sign, a currency, a number word; a
#: marked currency or a code, "US$", "GBP", starts with a letter).
_MAY_START_FIGURE = re.compile(rf"[\w{SIGN_CLASS}+-]")
_NOT_ALONE = re.compile(r"\w|[.,]\d")  # what follows a number that is part of a longer one
_WORD_OR_LINE = re.compile(r"\w|\n")
_WORD_AFTER = re.compile(r"[^\w\n]{0,3}+([^\W\d]\w*)")
#: Why a mention was not located although sentences are worded like it.
AMBIGUOUS = "several sentences on the page are worded like it, none with its figures"
CONTESTED = (
    "the sentence most like it has none of its figures, and another mention is worded like it"
)


@dataclass(frozen=True)
class _Located:
    """Where a mention's sentence stands on the page, and how its figures differ."""

    span: tuple[int, int]
    at: int
    changes: list[str]
    sentence: int
    #: The page's figures compared with the mention's, in the normal text.
    figures: tuple[tuple[int, int], ...]
    #: How many of the mention's figures stand unchanged there, not inside another mention
    #: found word for word. With none, the sentence is only the one most like the mention's,
    #: and is its place only if no other mention's.
    shared: int
    #: Whether every figure compared stands unchanged inside a mention found word for word:
    #: the sentence is that mention's place, and this one's only if no other will do.
    held: bool = False
    #: The page's figure compared with a mention's figure that ends the mention with no rate
    #: ("...cost £84.6 million"): what rate it has is the claim's unit's to say (`run`).
    open_end: Quantity | None = None


@dataclass(frozen=True)
class _Aligned:
    """The sentences a mention's words line up with, best first."""

    scored: list[tuple[float, int, list[int | None]]]
    #: Whether the best of them scores higher than any other sentence on the page can.
    unique: bool
    #: The best score a sentence not among them could have.
    bound: float = 1.0


class _Locator:
    """Finds a mention whose words are on the page with other figures, or a little
    reworded: its words (figures aside) aligned in order against the sentences holding its
    rarest words or its figures beside the same words, then the figures between the aligned
    words read and compared as quantities (value, scale, unit, currency, qualifier, date and
    period).

    A location must be unambiguous. A sentence where one of the mention's figures stands
    unchanged is preferred (the most such figures, then the best aligned); a sentence where
    every figure differs is the mention's only when no other sentence on the page aligns as
    well, and no other mention is there (`run` checks that last across mentions). Sentences
    of one template ("recorded 1,049 cases in region 7") are thus told apart by their
    figures, never taken for one another."""

    def __init__(self, index: _Index) -> None:
        self.index = index
        self._ready = False
        self._lower: dict[str, list[int]] | None = None

    def _prepare(self) -> None:
        # Only when a mention is not found word for word: most runs never need it.
        text = self.index.normal.text
        # A sentence ends at a full stop, and where a block ends: a heading's words are not
        # the first of the paragraph below it ("# Fees" over "Fees rose to £120").
        ends = [m.end() for m in _READER_SENTENCES.finditer(text)] + self.index.block_starts()
        bounds = sorted({0, *ends, len(text)})
        self.sentences = [(a, b) for a, b in itertools.pairwise(bounds) if a < b]
        self.where: dict[str, list[int]] = defaultdict(list)
        self.words: list[list[str]] = []  # each sentence's words, lower case
        self.starts = [start for start, _ in self.sentences]
        # The sentences where a number stands beside a word, as they are asked for.
        self.contexts: dict[tuple[str, str, str], list[int]] = {}
        # Sentences end after white space, so no word straddles two: each is read on its own.
        for k, (start, end) in enumerate(self.sentences):
            words = [word.lower() for word in _WORD.findall(text, start, end)]
            self.words.append(words)
            for word in dict.fromkeys(words):
                self.where[word].append(k)
        # The figures of mentions found word for word are theirs, not another mention's.
        self.taken = _Spans(self.index.found_at)
        self._figures: dict[int, list[Quantity]] = {}
        self._tokens: dict[int, list[tuple[int, int]]] = {}
        self._free: dict[int, list[str]] = {}
        self._placed: dict[int, list[Quantity]] = {}
        # Which sentences a mention's words align with depends on those words alone, and
        # mentions written to one template share them.
        self._aligned: dict[tuple[tuple[str, ...], tuple[int, ...]], _Aligned] = {}
        self._ready = True

    def _sentence_figures(self, k: int) -> list[Quantity]:
        """The figures of sentence `k` (phone numbers aside), read once: a sentence is a
        candidate for many mentions."""
        figures = self._figures.get(k)
        if figures is None:
            s_start, s_end = self.sentences[k]
            text = self.index.normal.text[s_start:s_end]
            figures = rated(text, find_quantities(mask_phones(text)))
            self._figures[k] = figures
        return figures

    def _placed_figures(self, k: int) -> list[Quantity]:
        """The figures of sentence `k` at their places in the normal text, read once."""
        placed = self._placed.get(k)
        if placed is None:
            s_start = self.sentences[k][0]
            placed = self._placed[k] = [_moved(q, s_start) for q in self._sentence_figures(k)]
        return placed

    def _free_words(self, k: int) -> list[str]:
        """Sentence `k`'s words (lower case), those inside its figures blanked, the first of
        each made `FIGURE`: a mention's words are lined up with the page's words outside
        figures, as its own are read outside its figures ("a year" of "£48 a year" is the
        figure's rate, not words)."""
        free = self._free.get(k)
        if free is None:
            s_start = self.sentences[k][0]
            spans = [(s_start + q.start, s_start + q.end) for q in self._sentence_figures(k)]
            free = []
            n = 0  # the first figure not ended before this word (both in the page's order)
            marked = -1  # the last figure whose first word was made `FIGURE`
            for word, (start, _) in zip(self.words[k], self._tokens_of(k), strict=True):
                while n < len(spans) and spans[n][1] <= start:
                    n += 1
                if n == len(spans) or start < spans[n][0]:
                    free.append(word)
                else:
                    free.append("" if marked == n else FIGURE)
                    marked = n
            self._free[k] = free
        return free

    def _tokens_of(self, k: int) -> list[tuple[int, int]]:
        """The (start, end) of each word of sentence `k` in the normal text."""
        tokens = self._tokens.get(k)
        if tokens is None:
            start, end = self.sentences[k]
            found = _WORD.finditer(self.index.normal.text, start, end)
            tokens = self._tokens[k] = [m.span() for m in found]
        return tokens

    def locate(self, mention: str) -> tuple[_Located | None, str]:
        """Where the (normalised) mention's sentence stands, or None and why not ("" when
        nothing on the page is worded like it)."""
        quantities = rated(mention, find_quantities(mention))
        if not self._ready:
            self._prepare()
        found, why = self._locate_worded(mention, quantities)
        if found is None and not why and self._few_words(mention, quantities):
            # Too few words to be located by them ("for £4.2m", "74 points", "rose by 8%"):
            # the mention's own text, its figures and turning words aside, around the page's.
            return self._locate_template(mention, quantities)
        return found, why

    @staticmethod
    def _few_words(mention: str, quantities: list[Quantity]) -> bool:
        """Whether the mention has at most one word to be located by (its figures, stop
        words and turning words aside): with more, the words would have found it."""
        turning = {w.start for w in polarity.polar_words(mention)}
        content = [
            m
            for m in _WORD.finditer(mention)
            if m.group().lower() not in _STOPWORDS
            and m.start() not in turning
            and not any(q.start <= m.start() < q.end for q in quantities)
        ]
        return len(content) <= 1

    def _locate_worded(
        self, mention: str, quantities: list[Quantity]
    ) -> tuple[_Located | None, str]:
        """The mention located by its words (see the class), or None and why not."""
        words: list[tuple[str, int]] = []  # the mention's words outside its figures
        for match in _WORD.finditer(mention):
            if any(q.start <= match.start() < q.end for q in quantities):
                continue
            words.append((match.group().lower(), match.start()))
        if not words:
            return None, ""
        if len(words) == 1:
            return self._locate_short(mention, quantities, *words[0])
        # For each figure, how many of those words come before it.
        figure_at = [sum(1 for _, at in words if at < q.start) for q in quantities]
        plain = tuple(w for w, _ in words)
        marks = tuple(figure_at)
        aligned = self._aligned.get((plain, marks))
        if aligned is None:
            aligned = self._aligned[plain, marks] = self._align_words(plain, marks)
        # The sentences where one of its figures stands beside the same word as in it.
        near: set[int] = set()
        vague = False  # a figure with no such word to find it by
        contexts = list(_number_contexts(mention))
        for q in quantities:
            keys = [key for start, key in contexts if q.start <= start < q.end]
            places = [self._beside(key) for key in keys]
            usable = [p for p in places if len(p) <= _COMMON]
            vague = vague or not keys or len(usable) < len(places)
            for p in usable:
                near.update(p)
        tried: list[tuple[float, int, list[int | None]]] = []
        for candidate in aligned.scored:
            if aligned.unique or vague or candidate[1] in near:
                tried.append(candidate)
                near.discard(candidate[1])
        for k in sorted(near):
            scored = _score(plain, self._free_words(k), k, marks=marks)
            if scored is not None:
                tried.append(scored)
        found = []
        compared: dict[int, _Located | None] = {}
        for score, k, pairs in tried:
            located = compared[k] = self._compare(mention, quantities, figure_at, k, pairs)
            if located is not None:
                found.append((located.shared, score, k, located))
        sharing = sorted((f for f in found if f[0]), key=lambda f: (-f[0], -f[1], f[2]))
        if sharing:
            if len(sharing) > 1 and sharing[1][:2] == sharing[0][:2]:
                return None, AMBIGUOUS
            # All of the mention's words, in order, where its figures differ, rather than a
            # sentence less like it where one of them stands: "United won 25 of their" is
            # where "United won 24 of their" went, not "Rovers won 24 of their".
            whole = [f for f in found if f[1] >= _WHOLE and f[3].changes]
            if sharing[0][1] < _WHOLE and len(whole) == 1:
                return whole[0][3], ""
            return sharing[0][3], ""
        # A sentence where every figure compared is another mention's, found word for word,
        # is that mention's place: this one's is the sentence most like it among the rest,
        # when one is as like it as that one ("There were 1,420" for "there were 1,240",
        # beside "There were 1,240", registered too).
        for _, k, pairs in aligned.scored:
            if k not in compared:
                compared[k] = self._compare(mention, quantities, figure_at, k, pairs)
        held = [c for c in aligned.scored if (h := compared[c[1]]) is not None and h.held]
        rest = [c for c in aligned.scored if c not in held]
        if held and rest and (best := compared[rest[0][1]]) is not None:
            score = rest[0][0]
            if (
                score >= held[0][0]
                and score > aligned.bound
                and (len(rest) == 1 or rest[1][0] < score)
            ):
                return best, ""
        if aligned.unique and found and found[0][2] == aligned.scored[0][1]:
            return found[0][3], ""
        return None, AMBIGUOUS if len(aligned.scored) > 1 and not aligned.unique else ""

    def locate_copy(self, mention: str) -> tuple[_Located | None, str]:
        """Another place of a mention found word for word fewer times than it is registered
        (a statement the page repeats, changed in one place): where the page has its text
        word for word but for its figures and turning words, which stand at no mention's
        place (`_locate_template`)."""
        if not self._ready:
            self._prepare()
        return self._locate_template(mention, rated(mention, find_quantities(mention)))

    def _locate_template(
        self, mention: str, quantities: list[Quantity]
    ) -> tuple[_Located | None, str]:
        """The one place where the page has the mention's text word for word but for its
        figures and its turning words (`claimcheck.polarity`), which stand there as figures
        of the same kind (with the same unit) and turning words of the same kind, none of
        them another mention's: "for £4.2bn" for "for £4.2m", "174 points" for "74 points",
        "fell by 8%" for "rose by 8%". None when there is no such place, or more than one."""
        ours = polarity.polar_words(_marked(mention, [(q.start, q.end) for q in quantities]))
        slots: list[tuple[int, int, Quantity | polarity.Word]] = sorted(
            [(q.start, q.end, q) for q in quantities] + [(w.start, w.end, w) for w in ours],
            key=lambda slot: slot[0],
        )
        if not slots:
            return None, ""
        pieces = [mention[: slots[0][0]]]
        pieces += [mention[a[1] : b[0]] for a, b in itertools.pairwise(slots)]
        pieces.append(mention[slots[-1][1] :])
        anchors = [(i, m) for i, piece in enumerate(pieces) for m in _WORD.finditer(piece)]
        places: list[tuple[int, int | None, int]] = []  # (piece or slot, its page start)
        if anchors:
            lower = self._lower_words()
            i, anchor = min(anchors, key=lambda a: len(lower.get(a[1].group().lower(), ())))
            shift = anchor.start()
            places.extend((2 * i, None, at - shift) for at in lower.get(anchor.group().lower(), ()))
        elif len(slots) == 1 and isinstance(slots[0][2], Quantity) and slots[0][2].unit:
            # A figure alone, such as "74 points": found by the word of its unit.
            q = slots[0][2]
            unit = _WORD.findall(q.text)[-1]
            places.extend((1, at, 0) for at in self.index.words.get(unit, ()))
        matches: dict[int, tuple[int, int, list[tuple[int, int, object]]]] = {}
        for element, inside, start in places[: 4 * _PLACES * _COMMON]:
            if inside is not None:  # the page's figure holding the unit's word
                figure = self._figure_holding(inside)
                if figure is None:
                    continue
                start = figure[0]
            matched = self._walk(pieces, slots, element, start)
            if matched is not None:
                matches[matched[0]] = matched
        if len(matches) != 1:
            return None, AMBIGUOUS if matches else ""
        begin, end, found = next(iter(matches.values()))
        changes: list[str] = []
        compared: list[tuple[int, int]] = []
        shared = 0
        at: int | None = None
        open_end: Quantity | None = None
        theirs: list[polarity.Word] = []
        for (_, _, slot), (a, b, now) in zip(slots, found, strict=True):
            if isinstance(slot, Quantity) and isinstance(now, Quantity):
                compared.append((a, b))
                if _open_end(mention, slot):
                    open_end = now
                difference = _differs(mention, slot, now)
                if difference:
                    changes.append(difference)
                    at = _changed_at(slot, now) if at is None else at
                else:
                    shared += 1
            elif isinstance(now, polarity.Word):
                theirs.append(now)
                if at is None and now.text.lower() != getattr(slot, "text", "").lower():
                    at = a
        changes.extend(polarity.changes(ours, theirs))
        k = bisect.bisect_right(self.starts, begin) - 1
        at = self.index.normal.origin(begin if at is None else at)
        span = self.index._span(begin, end)
        return _Located(span, at, changes, k, tuple(compared), shared, open_end=open_end), ""

    def _lower_words(self) -> dict[str, list[int]]:
        """Where each word of the normal text stands, in lower case (built when first asked
        for: most runs never need it)."""
        if self._lower is None:
            self._lower = defaultdict(list)
            for word, places in self.index.words.items():
                self._lower[word.lower()].extend(places)
            for places in self._lower.values():
                places.sort()
        return self._lower

    def _figure_holding(self, position: int) -> tuple[int, int, Quantity] | None:
        """The page's figure (start, end in the normal text) holding `position`."""
        k = bisect.bisect_right(self.starts, position) - 1
        s_start = self.sentences[k][0]
        for q in self._sentence_figures(k):
            if s_start + q.start <= position < s_start + q.end:
                return s_start + q.start, s_start + q.end, q
        return None

    def _figure_at(self, position: int, *, ending: bool = False) -> Quantity | None:
        """The page's figure starting (or `ending`) at `position` of the normal text, with
        offsets made the normal text's."""
        if not 0 <= position <= len(self.index.normal.text):
            return None
        k = bisect.bisect_right(self.starts, position - 1 if ending else position) - 1
        if k < 0:
            return None
        s_start = self.sentences[k][0]
        for q in self._sentence_figures(k):
            if (s_start + q.end if ending else s_start + q.start) == position:
                return dataclasses.replace(q, start=s_start + q.start, end=s_start + q.end)
        return None

    def _walk(
        self,
        pieces: list[str],
        slots: list[tuple[int, int, Quantity | polarity.Word]],
        element: int,
        start: int,
    ) -> tuple[int, int, list[tuple[int, int, object]]] | None:
        """The mention's pieces and slots (`element` counts both: piece i is 2i, slot i is
        2i + 1) matched on the page from `element` standing at `start`, forwards and
        backwards: (start, end, each slot's page match) or None."""
        text = self.index.normal.text
        found: dict[int, tuple[int, int, object]] = {}
        reached = []
        for forwards, elements in (
            (True, range(element, 2 * len(pieces) - 1)),
            (False, range(element - 1, -1, -1)),
        ):
            position = start
            for e in elements:
                matched = self._element(pieces, slots, e, position, forwards=forwards)
                if matched is None:
                    return None
                if e % 2:
                    found[e // 2] = matched
                position = matched[1] if forwards else matched[0]
            reached.append(position)
        end, begin = reached
        # Whole words and figures at either end: "for" is not "therefore", "74" not "174".
        if begin > 0 and pieces[0][:1].isalnum() and text[begin - 1].isalnum():
            return None
        if end < len(text) and pieces[-1][-1:].isalnum() and text[end].isalnum():
            return None
        if not whole_figures(text, begin, end):
            return None
        return begin, end, [found[i] for i in range(len(slots))]

    def _element(
        self,
        pieces: list[str],
        slots: list[tuple[int, int, Quantity | polarity.Word]],
        e: int,
        position: int,
        *,
        forwards: bool,
    ) -> tuple[int, int, object] | None:
        """Element `e` (see `_walk`) on the page starting (`forwards`) or ending at
        `position`: its (start, end, the page's figure or word), or None."""
        text = self.index.normal.text
        if e % 2 == 0:
            # Word for word, the case of a letter aside ("Fares rose" for "fares rose").
            piece = pieces[e // 2]
            begin = position if forwards else position - len(piece)
            ok = begin >= 0 and text[begin : begin + len(piece)].lower() == piece.lower()
            return (begin, begin + len(piece), piece) if ok else None
        slot = slots[e // 2][2]
        if isinstance(slot, Quantity):
            if forwards and not _MAY_START_FIGURE.match(text, position):
                return None
            now = self._figure_at(position, ending=not forwards)
            if now is None or _kind(now) != _kind(slot):
                return None
            if slot.unit and now.unit != slot.unit:
                return None
            if self.taken.overlaps(now.start, now.end):
                return None
            return now.start, now.end, now
        window = (
            text[position : position + 40] if forwards else text[max(0, position - 40) : position]
        )
        offset = position if forwards else position - len(window)
        words = polarity.polar_words(window)
        if forwards:
            words = [w for w in words if w.start == 0]
        else:
            words = [w for w in words if w.end == len(window)]
        if not words or not polarity.same_kind(slot, words[0]):
            return None
        word = words[0]
        return (
            offset + word.start,
            offset + word.end,
            dataclasses.replace(word, start=offset + word.start, end=offset + word.end),
        )

    def _beside(self, key: tuple[str, str, str]) -> list[int]:
        """The sentences where the number stands right after the word, or right before it
        (`key`: the word before, the number, the word after; one of the words is "")."""
        found = self.contexts.get(key)
        if found is not None:
            return found
        found = self.contexts[key] = []
        word, number, after = key
        text = self.index.normal.text
        # The places of the number's rarest digits ("049" of "1,049"), each checked.
        pieces = list(_WORD.finditer(number))
        piece = min(pieces, key=lambda m: len(self.index.words.get(m.group(), ())))
        for place in self.index.words.get(piece.group(), ()):
            start = place - piece.start()
            end = start + len(number)
            if not text.startswith(number, start) or _NOT_ALONE.match(text, end):
                continue
            if start and (text[start - 1].isalnum() or text[start - 1] in "_.,"):
                continue
            if word:
                gap = start  # up to 3 marks back, on the same line
                while start - gap < 3 and gap and not _WORD_OR_LINE.match(text, gap - 1):
                    gap -= 1
                begin = gap - len(word)
                if (
                    begin < 0
                    or text[begin:gap].lower() != word
                    or (begin and _WORD_OR_LINE.match(text, begin - 1))
                ):
                    continue
            else:
                match = _WORD_AFTER.match(text, end)
                if match is None or match.group(1).lower() != after:
                    continue
            k = bisect.bisect_right(self.starts, start) - 1
            if not found or found[-1] != k:
                found.append(k)
        return found

    def _locate_short(
        self, mention: str, quantities: list[Quantity], word: str, at: int
    ) -> tuple[_Located | None, str]:
        """A mention with one word besides its figures ("Enrolled: 4,875", "£1.3 million
        refurbishment"): located only where that word has a figure right beside it on the
        same side: the one place where that figure is of the mention's kind (a count, an
        amount of money, a share...), or the one place of the word on the page."""
        if word in _STOPWORDS or not quantities:
            return None, ""
        sides = []
        for q in quantities:
            gap = mention[q.end : at] if q.end <= at else mention[at + len(word) : q.start]
            if len(gap) > 3 or _WORD.search(gap):
                return None, ""
            sides.append(q.end <= at)
        if len(sides) != len(set(sides)):  # two figures on one side: not both beside it
            return None, ""
        places = self.where.get(word, [])
        if not places or len(places) > _COMMON:
            return None, ""
        text = self.index.normal.text
        spots = []
        for k in places:
            s_start = self.sentences[k][0]
            figures = self._sentence_figures(k)
            for j, (start, end) in enumerate(self._tokens_of(k)):
                if self._free_words(k)[j] != word:
                    continue
                beside = []
                for before in sides:
                    if before:
                        left = [
                            p
                            for p in figures
                            if s_start + p.end <= start
                            and not _WORD.search(text, s_start + p.end, start)
                            and start - s_start - p.end <= 3
                        ]
                    else:
                        left = [
                            p
                            for p in figures
                            if s_start + p.start >= end
                            and not _WORD.search(text, end, s_start + p.start)
                            and s_start + p.start - end <= 3
                        ]
                    beside.extend(left[:1])
                if len(beside) == len(sides):
                    spots.append((k, j, beside))
        alike = [
            spot
            for spot in spots
            if all(_kind(q) == _kind(p) for q, p in zip(quantities, spot[2], strict=True))
        ]
        chosen = alike or (spots if len(spots) == 1 and len(places) == 1 else [])
        if len(chosen) != 1:
            return None, AMBIGUOUS if chosen else ""
        k, j, _ = chosen[0]
        figure_at = [0 if before else 1 for before in sides]
        return self._compare(mention, quantities, figure_at, k, [j]), ""

    def _align_words(self, words: tuple[str, ...], marks: tuple[int, ...] = ()) -> _Aligned:
        """The sentences where at least `LOCATED_AT` of the words stand in order, best first,
        with the index each word is paired with in the sentence (or None)."""
        weight = [0.25 if w in _STOPWORDS else 1.0 for w in words]
        total = sum(weight)
        loss: dict[str, float] = defaultdict(float)  # what a sentence without the word loses
        for w, share in zip(words, weight, strict=True):
            loss[w] += share
        present = [w for w in loss if self.where.get(w)]
        # The rarest words, ties in the mention's order (a sort of a set would order them
        # by hash, and the candidates could differ from run to run).
        rare = sorted(present, key=lambda w: len(self.where[w]))[:3]
        # The sentences holding most of the rarest words (each word's first places only).
        hits: dict[int, int] = defaultdict(int)
        unseen = 0  # rare words with places not looked at
        for w in rare:
            unseen += len(self.where[w]) > _PLACES
            for k in self.where[w][:_PLACES]:
                hits[k] += 1
        ranked = sorted(hits, key=lambda k: (-hits[k], k))
        # The best any sentence not tried could score: it holds at most `most` rare words.
        most = min(len(rare), unseen + (hits[ranked[_CANDIDATES]] if ranked[_CANDIDATES:] else 0))
        lacking = sorted(loss[w] for w in rare)[: len(rare) - most]
        bound = (sum(loss[w] for w in present) - sum(lacking)) / total
        scored = []
        for k in ranked[:_CANDIDATES]:
            found = _score(words, self._free_words(k), k, weight, total, marks)
            if found is not None:
                scored.append(found)
        scored.sort(key=lambda c: (-c[0], c[1]))
        unique = bool(scored) and scored[0][0] > bound
        unique = unique and (len(scored) == 1 or scored[1][0] < scored[0][0])
        return _Aligned(scored, unique, bound)

    def _compare(
        self,
        mention: str,
        quantities: list[Quantity],
        figure_at: list[int],
        k: int,
        pairs: list[int | None],
    ) -> _Located | None:
        """The mention's figures against the page's between the same words; None when a
        figure there differs and is another mention's, found word for word (a sentence of
        the same template, or another claim's figure in the same sentence), or when a figure
        of the mention is not between its words but stands elsewhere in the sentence, the
        same (the statement is rewritten around it, not changed: "performed 9,870 hip
        replacements" is not in "Hip replacements performed | 9,870")."""
        tokens = self._tokens_of(k)
        s_start, s_end = self.sentences[k]
        aligned = [p for p in pairs if p is not None]
        first, last = tokens[aligned[0]][0], tokens[aligned[-1]][1]
        page_figures = self._placed_figures(k)
        changes: list[str] = []
        compared: list[tuple[int, int]] = []
        kept: list[tuple[int, int]] = []  # the mention's figures found there
        shared = others = 0
        at: int | None = None  # the first changed figure
        open_end: Quantity | None = None
        # The mention's figures between the same two words, in order, against the page's
        # there: counted from the word before them, or from the word after when they open
        # the mention ("2,400 homes" is the figure just before "homes").
        for before, group in itertools.groupby(
            zip(quantities, figure_at, strict=True), key=lambda g: g[1]
        ):
            figures = [q for q, _ in group]
            left = _last(pairs[:before])
            right = _last(pairs[before:][::-1])
            lo = tokens[left][1] if left is not None else s_start
            hi = tokens[right][0] if right is not None else s_end
            inside = [p for p in page_figures if lo <= p.start and p.end <= hi]
            # A table's row: the figures after its label stand in the cells beside it, each
            # a block of its own ("Waste collection" then "£46.3m").
            if right is None and len(inside) < len(figures) and self._ends_open(k, last, +1):
                inside += self._cells(k, +1, len(figures) - len(inside))
            if left is None and len(inside) < len(figures) and self._ends_open(k, first, -1):
                inside = self._cells(k, -1, len(figures) - len(inside)) + inside
            chosen = _pair(mention, figures, inside, back=left is None)
            for q, now in zip(figures, chosen, strict=True):
                if now is None:
                    if any(
                        not _differs(mention, q, p) and not self.taken.overlaps(p.start, p.end)
                        for p in page_figures
                    ):
                        return None
                    changes.append(f"{q.text!r} is gone")
                    at = lo if at is None else at
                    continue
                if _open_end(mention, q):
                    open_end = now
                difference = _differs(mention, q, now)
                if difference and self.taken.overlaps(now.start, now.end):
                    return None
                first, last = min(first, now.start), max(last, now.end)
                compared.append((now.start, now.end))
                kept.append((q.start, q.end))
                if difference:
                    at = _changed_at(q, now) if at is None else at
                    changes.append(difference)
                elif self.taken.overlaps(now.start, now.end):
                    others += 1  # another mention's figure, standing where that one says
                else:
                    shared += 1
        # The words that turn a statement (a direction, a negation, a rank), read like its
        # figures: over the stretch of the sentence the mention's words and figures span, and
        # as many words before and after it (two more) as the mention has beyond them.
        said = [(m.start(), m.end()) for m in _WORD.finditer(mention)]
        said = [w for w in said if not any(q.start <= w[0] < q.end for q in quantities)]
        held = [said[m] for m, p in enumerate(pairs) if p is not None and m < len(said)] + kept
        m_lo, m_hi = min(a for a, _ in held), max(b for _, b in held)
        lead = sum(1 for _, b in said if b <= m_lo)
        trail = sum(1 for a, _ in said if a >= m_hi)
        figure_spans = [(p.start, p.end) for p in page_figures]
        free = [t for t in tokens if not any(a <= t[0] < b for a, b in figure_spans)]
        before_words = [t for t in free if t[1] <= first][-(lead + 2) :] if lead else []
        after_words = [t for t in free if t[0] >= last][: trail + 2] if trail else []
        r_start = before_words[0][0] if before_words else first
        r_end = after_words[-1][1] if after_words else last
        ours = polarity.polar_words(_marked(mention, [(q.start, q.end) for q in quantities]))
        text = self.index.normal.text
        page_spans = [(a - r_start, b - r_start) for a, b in figure_spans]
        theirs = polarity.polar_words(_marked(text[r_start:r_end], page_spans))
        turned = polarity.changes(ours, theirs)
        if turned:
            changes.extend(turned)
            differ = [w for w in theirs if not any(w.text.lower() == o.text.lower() for o in ours)]
            at = (r_start + differ[0].start if differ else first) if at is None else at
            # The span shown: the sentence's stretch, and the words that turned it.
            first = min([first] + [r_start + w.start for w in theirs])
            last = max([last] + [r_start + w.end for w in theirs])
        span = self.index._span(first, last)
        at = self.index.normal.origin(first if at is None else at)
        whole = bool(others) and others == len(compared) and not changes
        return _Located(span, at, changes, k, tuple(compared), shared, whole, open_end=open_end)

    def _ends_open(self, k: int, edge: int, step: int) -> bool:
        """Whether sentence `k` holds no word past `edge` (its last aligned word's end, or
        going back, its first's start) and ends (or starts) at a block's edge, not a full
        stop: what stands beside it in the next block may be its row's cells."""
        s_start, s_end = self.sentences[k]
        text = self.index.normal.text
        rest = text[edge:s_end] if step > 0 else text[s_start:edge]
        if _WORD.search(rest):
            return False
        if step > 0:
            return not text[s_start:s_end].rstrip().endswith((".", "!", "?"))
        return k > 0 and not text[self.sentences[k - 1][0] : s_start].rstrip().endswith(
            (".", "!", "?")
        )

    def _cells(self, k: int, step: int, wanted: int) -> list[Quantity]:
        """Up to `wanted` figures of the blocks after sentence `k` (`step` 1) or before it
        (-1), while each holds figures alone (a table's cells: "£46.3m", "5.5"), in the
        page's order, at their places in the normal text."""
        found: list[Quantity] = []
        j = k + step
        text = self.index.normal.text
        while 0 <= j < len(self.sentences) and len(found) < wanted:
            s_start, s_end = self.sentences[j]
            figures = self._placed_figures(j)
            words = [
                m
                for m in _WORD.finditer(text, s_start, s_end)
                if not any(p.start <= m.start() < p.end for p in figures)
            ]
            if words or not figures:
                break
            found = found + figures if step > 0 else figures + found
            j += step
        if len(found) > wanted:
            found = found[:wanted] if step > 0 else found[-wanted:]
        return found


def _moved(q: Quantity, by: int) -> Quantity:
    """The figure at its place in the normal text (read from a sentence starting at `by`)."""
    return dataclasses.replace(q, start=q.start + by, end=q.end + by)


def rated(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """The figures with their rates' words ("£512 a year", "412 megalitres per day"): a
    figure's rate is compared as its unit is, and its words are no words of the sentence to
    line a mention up by."""
    out = []
    for q in quantities:
        end = rate_end(text, q)
        out.append(q if end == q.end else dataclasses.replace(q, end=end, text=text[q.start : end]))
    return out


def _open_end(mention: str, q: Quantity) -> bool:
    """Whether the figure ends the mention with no rate ("...is £84.6 million"): the mention
    says nothing of a rate after it (a mention that goes on, "1.4 kilometres since 1880",
    says it has none)."""
    return q.rate is None and not mention[q.end :].strip(" \t.,;:!?")


def _differs(mention: str, q: Quantity, now: Quantity) -> str:
    """How the page's figure differs from the mention's figure `q` (`_difference`), but for
    what the mention does not say: a rate after a figure that ends it (`_open_end`), and a
    qualifier before a figure that starts it ("18,250 patients had waited" says nothing of
    the "Some" in "Some 18,250 patients had waited")."""
    if q.qualifier == "exact" and now.qualifier != "exact" and not mention[: q.start].strip():
        now = dataclasses.replace(now, qualifier=q.qualifier, from_below=q.from_below)
    return _difference(q, now, rate=not _open_end(mention, q))


def _changed_at(q: Quantity, now: Quantity) -> int:
    """Where the page's figure differs from the mention's: at its rate's first changed word
    when only its rate does ("£512 a month" for "£512 a year": at "month"), else its start."""
    if (q.low, q.high, q.scale, q.unit, q.currency) != (
        now.low,
        now.high,
        now.scale,
        now.unit,
        now.currency,
    ):
        return now.start
    same = 0
    for a, b in zip(q.text.lower(), now.text.lower(), strict=False):
        if a != b:
            break
        same += 1
    # Back to the start of the word the two part in ("a year", "a month": at "month"),
    # then past any space.
    parted = same < len(q.text) and q.text[same].isalnum()
    while parted and same and now.text[same - 1].isalnum():
        same -= 1
    while same < len(now.text) and now.text[same].isspace():
        same += 1
    return now.start + min(same, len(now.text))


def _pair(
    mention: str, figures: list[Quantity], inside: list[Quantity], *, back: bool
) -> list[Quantity | None]:
    """The page's figure each of the mention's `figures` is compared with, from those
    between the same words (`inside`): where the page has more there than the mention, the
    ones that are the same, in order ("rose by 6.4% to 16.4%" for "rose by 6.4%": 6.4%);
    else in order, counted from the word before them, or `back` from the word after."""
    n = len(figures)
    if len(inside) > n:
        picked: list[Quantity | None] = []
        j = 0
        for q in figures:
            match = next(
                (m for m in range(j, len(inside)) if not _differs(mention, q, inside[m])), None
            )
            if match is None:
                break
            picked.append(inside[match])
            j = match + 1
        if len(picked) == n:
            return picked
    chosen: list[Quantity | None] = list(inside[-n:] if back else inside[:n])
    missing: list[Quantity | None] = [None] * (n - len(chosen))
    return missing + chosen if back else chosen + missing


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span (a figure) written as `polarity.FIGURE_MARK`s, offsets kept."""
    chars = list(text)
    for a, b in spans:
        for i in range(max(a, 0), min(b, len(chars))):
            chars[i] = polarity.FIGURE_MARK
    return "".join(chars)


def _score(
    words: tuple[str, ...],
    sentence: list[str],
    k: int,
    weight: list[float] | None = None,
    total: float = 0.0,
    marks: tuple[int, ...] = (),
) -> tuple[float, int, list[int | None]] | None:
    """How well the words align with sentence `k`'s, with the pairs, when at least
    `LOCATED_AT` of them (and two words) do. `marks`: before which of the words the
    mention has a figure; they are lined up with the sentence's figures too (`FIGURE` in
    `_free_words`), so that a word is paired where it stands beside a figure as in the
    mention ("cases" after the figure in "Cases: 7.9 million cases were waiting"), though
    they count for nothing in the score."""
    if weight is None:
        weight = [0.25 if w in _STOPWORDS else 1.0 for w in words]
        total = sum(weight)
    # Only words the sentence holds can be aligned: a cheap bound on the score.
    held = set(sentence)
    reach = [m for m, w in enumerate(words) if w in held]
    if len(reach) < 2 or sum(weight[m] for m in reach) / total < LOCATED_AT:
        return None
    pairs = _align_marked(words, marks, sentence)
    score = sum(weight[m] for m, p in enumerate(pairs) if p is not None) / total
    matched = sum(1 for p in pairs if p is not None)
    if matched >= 2 and score >= LOCATED_AT:
        return score, k, pairs
    return None


#: What stands for a figure among a sentence's words, and among a mention's, when they are
#: lined up (no word is written so).
FIGURE = "#"


def _align_marked(
    words: tuple[str, ...], marks: tuple[int, ...], sentence: list[str]
) -> list[int | None]:
    """`_align` of the words, with a `FIGURE` before the words `marks` names, against the
    sentence: the pairs of the words alone."""
    if not marks:
        return _align(list(words), sentence)
    marked: list[str] = []
    real: list[int] = []  # where each word stands in `marked`
    at = iter(sorted(marks))
    mark = next(at, None)
    for m, word in enumerate([*words, ""]):
        while mark is not None and mark == m:
            marked.append(FIGURE)
            mark = next(at, None)
        if m < len(words):
            real.append(len(marked))
            marked.append(word)
    pairs = _align(marked, sentence)
    return [pairs[i] for i in real]


def _number_contexts(text: str) -> Iterator[tuple[int, tuple[str, str, str]]]:
    """Where each number in the text starts, with the word before it, and with the word
    after it: ("region", "7", "") and ("", "7", "cases")."""
    for match in _NUMBER_CONTEXT.finditer(text):
        word, number, after = match.groups()
        if word:
            yield match.start(2), (word.lower(), number, "")
        if after:
            yield match.start(2), ("", number, after.lower())


def _kind(q: Quantity) -> str:
    """What a figure measures, roughly: a date, money, a share, a duration, a count..."""
    if q.date or q.period or q.is_year:
        return "date"
    if q.currency:
        return "money"
    unit = page_unit(q.unit)
    return str(unit.dimension) if unit is not None else "count"


def _last(pairs: list[int | None]) -> int | None:
    """The last paired index in `pairs`, or None."""
    return next((p for p in reversed(pairs) if p is not None), None)


def _align(a: list[str], b: list[str]) -> list[int | None]:
    """For each word of `a`, the index in `b` it is paired with in a longest common
    subsequence, or None.

    The table has a column only for the words of `b` that are in `a`: a column of another
    word holds the same values as the next kept column, so the walk back below reads those
    from the kept column and pairs exactly what the full table would."""
    wanted = set(a)
    kept = [j for j, word in enumerate(b) if word in wanted]
    words = [b[j] for j in kept]
    n = len(kept)
    table = [[0] * (n + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        row, below, word = table[i], table[i + 1], a[i]
        for c in range(n - 1, -1, -1):
            row[c] = below[c + 1] + 1 if word == words[c] else max(below[c], row[c + 1])
    pairs: list[int | None] = [None] * len(a)
    i = j = c = 0
    while i < len(a) and c < n:  # past the last kept column nothing pairs
        if kept[c] != j:  # a word of `b` not in `a`: the full table would step down while
            # that loses nothing, else across (to the next kept column)
            if table[i + 1][c] >= table[i][c]:
                i += 1
            else:
                j = kept[c]
        elif a[i] == b[j]:
            pairs[i] = j
            i, j, c = i + 1, j + 1, c + 1
        elif table[i + 1][c] >= table[i][c + 1]:
            i += 1
        else:
            j, c = j + 1, c + 1
    return pairs


_QUALIFIER_WORDS = {
    "exact": "no qualifier",
    "approx": "about",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "up to",
    "less_than": "less than",
}


def _difference(before: Quantity, now: Quantity, *, rate: bool = True) -> str:
    """How a figure on the page differs from the registered one ("" when it does not); its
    rate ("a year", "per day") too, unless `rate` is False."""
    changes = []
    if before.date != now.date or before.period != now.period:
        changes.append("date")
    elif (before.low, before.high) != (now.low, now.high):
        changes.append("value")
    if before.scale != now.scale:
        changes.append("scale")
    if before.unit != now.unit:
        old, new = page_unit(before.unit), page_unit(now.unit)
        same = old is not None and new is not None and old.dimension == new.dimension
        changes.append("unit" if same or (old is None and new is None) else "dimension")
    if before.currency != now.currency:
        changes.append("currency")
    if rate and before.rate != now.rate:
        changes.append("rate")
    if before.qualifier != now.qualifier:
        changes.append(
            f"qualifier {_QUALIFIER_WORDS.get(before.qualifier, before.qualifier)} -> "
            f"{_QUALIFIER_WORDS.get(now.qualifier, now.qualifier)}"
        )
    if not changes:
        return ""
    return f"{before.text!r} -> {now.text!r}: " + ", ".join(changes)


class _Spans:
    """Sorted spans of the page, asked "is this inside one?" and "does this touch one?" fast."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [start for start, _ in spans]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        for _, end in spans:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def contains(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.reach[i] >= end

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.reach[i] > start


def run(registry: Registry, ctx: CheckContext) -> Iterator[Finding]:
    """Both directions between the page and the registry, and the coverage counts."""
    page = ctx.page
    if page is None:
        return
    index = _Index.of(page.prose)
    locator = _Locator(index)
    covered: list[tuple[int, int]] = []  # where registered figures stand
    stated: list[tuple[int, int]] = []  # where registered mentions stand, reworded or not
    gone: list[str] = []  # the claim of each mention not on the page
    mentions = 0
    dated: list[tuple[int, int, Claim]] = []  # mentions of claims with a period or date
    pending: list[tuple[int, int, Claim, str, str]] = []  # mentions not there word for word
    there: list[_There] = []  # mentions found word for word
    for i, claim in enumerate(registry.claims):
        for j, mention in enumerate(claim.mentions):
            mentions += 1
            normal = normal_text(mention)
            normal_spans = index.find_normal(normal)
            spans = [index._span(start, end) for start, end in normal_spans]
            if spans:
                covered.extend(spans)
                if claim.period or claim.date or claim.as_of:
                    dated.extend((start, end, claim) for start, end in spans)
                there.append(_There(i, j, claim, mention, normal, spans, normal_spans))
                continue
            pending.append((i, j, claim, mention, normal))
    times = _Times(page.prose)

    # A statement the page repeats, registered once for each place: one place changed is
    # that mention's, even though its words still stand, unchanged, at the other.
    def words_at(offset: int) -> frozenset[str]:
        start, end = times.sentence_of(offset)
        return frozenset(_content_words(page.prose[start:end]))

    for found_there, (found, why) in _copies(there, locator, words_at):
        i, j, claim, mention = found_there.i, found_there.j, found_there.claim, found_there.mention
        if found is not None:
            covered.extend(index._span(*f) for f in found.figures)
            stated.append(found.span)
            yield _changed(page, found, i, j, claim, mention, found_there.unchanged())
        else:
            gone.append(claim.id)
            yield Finding(
                P002,
                f"mention {j + 1} is not on the page as often as it is registered: {mention!r} "
                f"({found_there.unchanged()}; {why})",
                ("claims", i, "mentions", j),
                claim=claim.id,
            )
        found_there.places.clear()
    # The time the page gives a mention's figure, against the claim's period or date.
    for found_there in there:
        changed = times.change(found_there.claim, found_there.places)
        if changed is not None:
            said, at = changed
            where = times.sentence_of(at)
            yield Finding(
                P003,
                f"the page now says {_clip(page.prose[where[0] : where[1]])!r} where "
                f"mention {found_there.j + 1} says {found_there.mention!r} ({said})",
                ("claims", found_there.i, "mentions", found_there.j),
                claim=found_there.claim.id,
                location=_at(page, at),
            )
    # The rate the page gives a figure that ends a mention ("...is £84.6 million" of "is
    # £84.6 million a month"), against the claim's unit: at every place.
    for found_there in there:
        rates = [
            _rate_beyond(found_there.claim, found_there.normal, index.normal.text, place)
            for place in found_there.normal_places
            if found_there.places
        ]
        if rates and all(rates):
            start, end, unlike, now = rates[0]  # type: ignore[misc]
            at = index.normal.origin(_rate_at(now))
            place = _Located(index._span(start, end), at, [unlike], -1, (), 0)
            yield _changed(
                page, place, found_there.i, found_there.j, found_there.claim, found_there.mention
            )
    # Then the rest, located by their words among the sentences no mention stands in word for
    # word: a sentence another claim's mention accounts for is not where this one went.
    located = [(*p, *locator.locate(p[4])) for p in pending]
    # A sentence where none of a mention's figures stands is its place only if no other
    # mention is there: not one whose figures stand there, nor another worded like it.
    owned = _Spans([f for *_, found, _ in located if found and found.shared for f in found.figures])
    # Two mentions placed in one sentence contest it, unless each was placed at figures of
    # its own ("gave 120 concerts and cost £14.50": "gave 12" and "cost £14").
    texts: dict[int, dict[str, _Located]] = defaultdict(dict)
    for *_, normal, found, _ in located:
        if found is not None and not found.shared:
            texts[found.sentence][normal] = found
    for i, j, claim, mention, normal, found, why in located:
        if found is not None and not found.shared:
            rivals = [f for n, f in texts[found.sentence].items() if n != normal]
            if any(_contest(found, rival) for rival in rivals):
                found, why = None, CONTESTED
            elif any(owned.overlaps(*f) for f in found.figures):
                found, why = None, ""
        if found is None:
            gone.append(claim.id)
            yield Finding(
                P002,
                f"mention {j + 1} is not on the page: {mention!r}" + (f" ({why})" if why else ""),
                ("claims", i, "mentions", j),
                claim=claim.id,
            )
            continue
        covered.extend(index._span(*f) for f in found.figures)
        stated.append(found.span)
        if claim.period or claim.date or claim.as_of:
            dated.append((*found.span, claim))
        now = page.prose[found.span[0] : found.span[1]]
        unlike = _rate_unlike(claim, found.open_end)
        if unlike:
            assert found.open_end is not None
            at = found.at if found.changes else index.normal.origin(_rate_at(found.open_end))
            found = dataclasses.replace(found, changes=[*found.changes, unlike], at=at)
        if not found.changes:
            start, end = found.span
            changed = times.change(claim, [(start, end)])
            if changed is not None:
                found = dataclasses.replace(found, changes=[changed[0]], at=changed[1])
        if found.changes:
            yield _changed(page, found, i, j, claim, mention)
        else:  # the same figures in other words: the registry's wording is out of date
            yield Finding(
                P002,
                f"mention {j + 1} is worded differently on the page, with the same "
                f"figures: now {_clip(now)!r}, registered {mention!r}",
                ("claims", i, "mentions", j),
                claim=claim.id,
                severity=Severity.NOTE,
                hint="Copy the page's wording into the mention.",
                location=_at(page, found.span[0]),
            )
    # A claim left out as invalid still registers the figures its mentions stand at: its
    # R error is the finding, not an unregistered figure.
    covered += [s for m in ctx.invalid_mentions for s in index.find_all(normal_text(m))]
    ignoring = [s for i in registry.ignore for s in index.find_all(normal_text(i.text))]
    ignored = _Spans(ignoring)
    registered = _Spans(covered)
    counts = {"figures": 0, "registered": 0, "ignored": 0, "unregistered": 0, "statements": 0}
    loose: dict[int, list[Quantity]] = defaultdict(list)
    # Figures and statements are looked for in the page's main content: a cookie banner's
    # "14 cookies" or a sidebar's job advert is not the page's claim.
    body = page.body
    spans_of = sentences(body)
    starts = [s for s, _ in spans_of]
    lines = _Lines(page)
    own = _OwnTimes(dated, page.prose)
    listing = _Listing(page)
    # A table's header cells label its columns ("Over 18 weeks", "2023/24"): no statements.
    headers = _Spans(list(page.headers))
    numbering = _Numbering(page.prose, page_figures(body), lines)
    for quantity in page_figures(body):
        counts["figures"] += 1
        # A mention that starts at the figure's number registers it with the qualifier the
        # page gives it ("18,250 patients had waited" in "Some 18,250 patients had waited").
        number = _number_start(page.prose, quantity)
        if registered.contains(number, quantity.end) or own.covers(quantity):
            counts["registered"] += 1
        elif (
            ignored.contains(quantity.start, quantity.end)
            or headers.contains(quantity.start, quantity.end)
            or _is_label(page.prose, quantity, lines, numbering)
            or listing.lists(quantity.start)
        ):
            counts["ignored"] += 1
        else:
            counts["unregistered"] += 1
            loose[bisect.bisect_right(starts, quantity.start) - 1].append(quantity)
    for sentence, quantities in sorted(loose.items()):
        start = quantities[0].start
        figures = ", ".join(q.text for q in quantities)
        text = _clip(body[spans_of[sentence][0] : spans_of[sentence][1]])
        yield Finding(
            P001,
            f"unregistered figure{'s' if len(quantities) > 1 else ''} {figures} in: {text}",
            location=_at(page, start),
            path=(),
        )
    lost = _lost(page, registry, counts["figures"], mentions, gone)
    if lost:
        yield Finding(
            P005,
            lost,
            ("page",) if registry.page is not None else (),
            related=tuple(dict.fromkeys(gone)),
        )
    # A sentence the registry ignores ("not a claim") is not flagged as a statement either.
    statements = list(_statements(body, spans_of, _Spans(covered + stated + ignoring)))
    counts["statements"] = len(statements)
    ctx.summary["coverage"] = counts
    for score, features, start, end in sorted(statements, key=lambda s: (-s[0], s[2])):
        yield Finding(
            P004,
            f"score {score} ({', '.join(features)}): {_clip(body[start:end])}",
            location=_at(page, start),
            path=(),
        )


@dataclass
class _There:
    """A mention found word for word, and the places it was found at."""

    i: int
    j: int
    claim: Claim
    mention: str
    normal: str
    places: list[tuple[int, int]]
    #: The same places in the normal text.
    normal_places: list[tuple[int, int]] = field(default_factory=list)
    #: How many mentions of the registry have its words (1, or more for a repeated statement).
    registered: int = 1

    def unchanged(self) -> str:
        """Where its words stand unchanged, for a message."""
        if self.registered == 1:
            return "its words stand unchanged only within another mention of the same figure"
        count = len(self.places)
        return (
            f"registered {self.registered} times, its words stand unchanged at {count} "
            f"place{'' if count == 1 else 's'}"
        )


def _copies(
    there: list[_There], locator: _Locator, words_at: Callable[[int], frozenset[str]]
) -> Iterator[tuple[_There, tuple[_Located | None, str]]]:
    """The mentions found word for word at fewer places than the page should have them, each
    with the place its statement's other copy went (a P003: its words with other figures or
    turning words), or None and why (several such places, or several claims it may be the
    copy of). A mention registered several times, by one claim or by several, stands at as
    many places; a claim's mention, or a mention stating the same value, found only inside
    another, longer mention of the same figure ("Rovers won 24 of their" inside "Again,
    Rovers won 24 of their") has lost its own place. Where no other copy is found, the
    mentions are taken to be registered twice for one place, as before. Which claim's copy
    changed is told by the claims' own words (`_whose`), `words_at` giving the words of the
    sentence at an offset."""
    by_words: dict[str, list[_There]] = defaultdict(list)
    for mention in there:
        by_words[mention.normal].append(mention)
    inside = _inside_another(there)
    for group in by_words.values():
        places = [p for p in group[0].places if p not in inside.get(group[0].normal, ())]
        if len(places) >= len(group):
            continue
        copy, why = locator.locate_copy(group[0].normal)
        if copy is None and why:
            for member in group[len(places) :]:
                member.registered = len(group)
                member.places = places
                yield member, (None, why)
            continue
        if copy is None or not copy.changes:
            continue
        chosen = _whose(group, places, copy.span, words_at)
        if len(chosen) > 1:  # claims the page's words do not tell apart: no id is sure
            names = ", ".join(dict.fromkeys(m.claim.id for m in chosen))
            for member in chosen:
                member.registered = len(group)
                member.places = places
                yield member, (None, f"{AMBIGUOUS_COPY} ({names})")
            continue
        member = chosen[0]
        member.registered = len(group)
        member.places = places
        yield member, (copy, "")


#: Why a changed copy of a statement several claims register is none of theirs for sure.
AMBIGUOUS_COPY = (
    "one place of its words changed, and the claims registering them do not say which of "
    "them stands there"
)
#: The most mentions of one statement whose places are matched to claims one by one.
_MATCHED_AT_MOST = 6


def _whose(
    group: list[_There],
    places: list[tuple[int, int]],
    copy: tuple[int, int],
    words_at: Callable[[int], frozenset[str]],
) -> list[_There]:
    """The mention of `group` (one statement, registered by several mentions) whose place is
    the changed `copy`, the others standing at the unchanged `places`: the one whose claim's
    own words (its text, measure and other mentions, the statement's words aside) the
    sentences around its place hold most of, each mention at one place. Several when no
    claim's words tell (all of them, or those tied): mentions of one claim, or of claims
    alike (the same text, value and unit), take the places in the registry's order, as the
    page's (the rule for a statement one registry repeats); others are none of them sure."""
    order = sorted([*places, copy])
    turn = group[min(order.index(copy), len(group) - 1)]
    if len({id(m.claim) for m in group}) == 1 or len(group) > _MATCHED_AT_MOST:
        return [turn]
    said = set(_content_words(group[0].normal))
    own = [frozenset(_claim_words(m.claim)) - said for m in group]
    spots = [words_at(start) for start, _ in places]
    at_copy = words_at(copy[0])
    scores: list[int] = []
    for x in range(len(group)):
        others = [m for m in range(len(group)) if m != x]
        best = 0
        for chosen in itertools.permutations(others, min(len(others), len(spots))):
            best = max(best, sum(len(own[m] & spot) for m, spot in zip(chosen, spots, strict=True)))
        scores.append(len(own[x] & at_copy) + best)
    top = max(scores)
    tied = [group[x] for x, score in enumerate(scores) if score == top]
    if len(tied) == 1:
        return tied
    if len({_alike(m.claim) for m in tied}) == 1:
        return [turn] if turn in tied else tied[:1]
    return tied


def _alike(claim: Claim) -> tuple[object, ...]:
    """What tells one claim's statement from another's: claims alike in all of it register
    one statement twice."""
    return (claim.text, claim.value, claim.unit, claim.period, claim.date, claim.measure)


def _claim_words(claim: Claim) -> Iterator[str]:
    """The words a claim says its statement in: its text, measure and mentions."""
    for text in (claim.text, claim.measure or "", *claim.mentions):
        yield from _content_words(text)


def _content_words(text: str) -> Iterator[str]:
    """The words of `text` that say what it is about: lower case, no stop words, no
    numbers."""
    for word in _WORD.findall(text.lower()):
        if word not in _STOPWORDS and not word[0].isdigit():
            yield word


def _inside_another(there: list[_There]) -> dict[str, set[tuple[int, int]]]:
    """The places of each mention (by its words) that lie within the place of another,
    longer mention of the same claim, or of a claim of the same value: the same statement of
    the same figure, registered twice."""
    spans = sorted(
        ((start, -end, k) for k, found in enumerate(there) for start, end in found.places),
    )
    longest = max((-minus_end - start for start, minus_end, _ in spans), default=0)
    inside: dict[str, set[tuple[int, int]]] = defaultdict(set)
    reach = -1
    for n, (start, minus_end, k) in enumerate(spans):
        end = -minus_end
        if reach >= end:  # some span before this one reaches over it: look for which
            one = there[k]
            back = n - 1
            while back >= 0 and spans[back][0] >= start - longest:
                _, b_minus_end, b = spans[back]
                other = there[b]
                if (
                    -b_minus_end >= end
                    and other.normal != one.normal
                    and (
                        other.claim is one.claim
                        or (one.claim.value is not None and other.claim.value == one.claim.value)
                    )
                ):
                    inside[one.normal].add((start, end))
                    break
                back -= 1
        reach = max(reach, end)
    return inside


class _Times:
    """The times a page's sentence gives a mention's figure, against its claim's period or
    date: "There were 2,911 cases in 2023" is not the claim of 2,911 cases in 2024. The times
    compared are those that follow the mention before the next figure of its sentence; failing
    those, those between the figure before it and the mention, but the first, which is that
    figure's ("38,412 applications for fall 2025, up from 35,960 a year earlier"). Not a
    comparison's base ("up 14% on 2023", "since 2012", "compared with 2022"),
    another figure's ("the 2019/20 figure"), nor a clause's about something else ("appointed
    in October 2022", "which began in May 2020", "since he was appointed in 2021")."""

    def __init__(self, prose: str) -> None:
        self.prose = prose
        self._starts: list[int] | None = None
        self._spans: list[tuple[int, int]] = []
        self._figures: dict[int, list[Quantity]] = {}  # each sentence's, read once

    def sentence_of(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._spans = sentences(self.prose) or [(0, len(self.prose))]
            self._starts = [start for start, _ in self._spans]
        return self._spans[max(0, bisect.bisect_right(self._starts, offset) - 1)]

    def change(self, claim: Claim, places: list[tuple[int, int]]) -> tuple[str, int] | None:
        """How the time its sentence gives the mention differs from the claim's, and where,
        when it does at every place (a place giving no time of its own, or the claim's,
        leaves nothing to report)."""
        if (claim.period is None and claim.date is None) or not places:
            return None
        first: Quantity | None = None
        for start, end in places:
            said = self._times(start, end)
            if not said or any(_owns(q, claim) for q in said):
                return None
            first = first or said[0]
        assert first is not None
        what = f"period {claim.period}" if claim.period is not None else f"date {claim.date}"
        return f"{what} -> {first.text!r}: date", first.start

    def _times(self, start: int, end: int) -> list[Quantity]:
        """The times the sentence gives the mention at `start`..`end` (see the class)."""
        s_start, s_end = self.sentence_of(start)
        text = self.prose[s_start:s_end]
        at, upto = start - s_start, end - s_start
        figures = self._figures.get(s_start)
        if figures is None:
            figures = self._figures[s_start] = _read_figures(text)
        others = [q for q in figures if not _is_time(q) and (q.end <= at or q.start >= upto)]
        lo = max((q.end for q in others if q.end <= at), default=0)
        hi = min((q.start for q in others if q.start >= upto), default=len(text))
        after: list[Quantity] = []
        before: list[Quantity] = []
        for q in figures:
            if not _is_time(q) or not lo <= q.start < hi or at <= q.start < upto:
                continue
            gap = text[upto : q.start] if q.start >= upto else text[q.end : at]
            if (
                _base(text, q)
                or lexicon.OTHER_FIGURE.match(text, q.end)
                or _SUBORDINATE.search(gap)
                or _aside(text, q, figures)
            ):
                continue
            moved = dataclasses.replace(q, start=s_start + q.start, end=s_start + q.end)
            (after if q.start >= upto else before).append(moved)
        if after or not before or lo == 0:
            return after or before
        # The first time after the figure before the mention is that figure's ("38,412
        # applications for fall 2025, up from 35,960 a year earlier"), with the rest of its
        # span ("from 2019 to 2024").
        first = before[0]
        return [q for q in before[1:] if first.period is None or q.period != first.period]


def _is_time(q: Quantity) -> bool:
    return q.date is not None or q.period is not None or q.is_year


def _owns(q: Quantity, claim: Claim) -> bool:
    """Whether the time is the claim's own (`_own_time`), or a year of it ("2024" of "from
    2019 to 2024", read as the period 2019/2024, for a claim of 2024)."""
    if _own_time(q, claim):
        return True
    bare = dataclasses.replace(q, period=None)
    return q.is_year and q.period is not None and _own_time(bare, claim)


#: A clause set under the figure's ("won 61 matches since he was appointed in ..."): a time
#: past its opener is that clause's.
_SUBORDINATE = re.compile(
    r"(?i)\b(?:because|although|though|when|while|whereas|which|who|whose)\b|"
    r"\b(?:since|after|before|until)\s+(?:he|she|they|it|we|i|you|(?:the\s+)?\w+\s+"
    r"(?:was|were|is|are|had|has|have))\b"
)
_CLAUSE_MARK = re.compile(r"[,;:()\u2013\u2014]")
#: A clause about something else: opened by a participle or a relative pronoun.
_ASIDE_OPENER = re.compile(
    r"(?i)\s*(?:[a-z]+ed|born|built|begun|began|chosen|given|held|known|made|set up|won|"
    r"taken|written|which|who|whose|where|when)\b"
)


def _base(text: str, q: Quantity) -> bool:
    """Whether the time is a comparison's base ("up 5% on 2023", "relative to 2023", "since
    2012", `lexicon.comparison_base`), not the mention's own. A span's "from 2019 to 2024"
    is read as one period, which its later year gives."""
    # "over 2023" is read as a bound, its word the time's own first.
    head = re.match(r"(?i)over\s+", q.text) if q.date is None and q.period is None else None
    word = lexicon.comparison_base(text, q.start + (head.end() if head else 0))
    return word is not None and not (word in lexicon.BASE_BEFORE_YEAR and q.date is not None)


def _aside(text: str, q: Quantity, figures: list[Quantity]) -> bool:
    """Whether the time stands in a clause of its own with no figure, opened by a participle
    or a relative pronoun ("The manager, appointed in October 2022, has won 61")."""
    before = [m.end() for m in _CLAUSE_MARK.finditer(text, 0, q.start)]
    start = before[-1] if before else 0
    after = _CLAUSE_MARK.search(text, q.end)
    end = after.start() if after else len(text)
    if not _ASIDE_OPENER.match(text, start, q.start):
        return False
    return not any(start <= f.start < end and not _is_time(f) for f in figures)


def _contest(one: _Located, other: _Located) -> bool:
    """Whether two mentions placed in one sentence (neither at a figure of its own that
    stands unchanged) could be each other's: unless both were placed at figures, and at
    different ones."""
    if not one.figures or not other.figures:
        return True
    theirs = _Spans(list(other.figures))
    return any(theirs.overlaps(*f) for f in one.figures)


class _OwnTimes:
    """The periods and dates of the claims mentioned in each sentence: "...14.3 million
    nights in 2025" states the year of the claim whose mention it is (`period: 2025`), not
    a figure of its own."""

    def __init__(self, dated: list[tuple[int, int, Claim]], prose: str) -> None:
        # Sentences as a reader sees them: a paragraph wrapped over several lines is one.
        starts = self.starts = [0] if dated else []
        if dated:
            starts.extend(m.end() for m in _READER_SENTENCE_END.finditer(prose))
        self.claims: dict[int, list[Claim]] = defaultdict(list)
        for start, end, claim in dated:
            first = bisect.bisect_right(starts, start) - 1
            last = bisect.bisect_right(starts, max(start, end - 1)) - 1
            for sentence in range(max(first, 0), last + 1):
                self.claims[sentence].append(claim)

    def covers(self, quantity: Quantity) -> bool:
        """Whether the figure is a year, year pair or date of a claim mentioned beside it."""
        if not self.claims or not (quantity.is_year or quantity.date or quantity.period):
            return False
        sentence = bisect.bisect_right(self.starts, quantity.start) - 1
        return any(_own_time(quantity, c) for c in self.claims.get(sentence, ()))


def _own_time(quantity: Quantity, claim: Claim) -> bool:
    """A year of the claim's period, date or `as_of`; its period; a date that is (or holds)
    the claim's date. A year inside a longer period is not the claim's own: "in 2020" beside
    a 2010-2025 claim may be a figure of another claim."""
    times = [t for t in (claim.date, claim.as_of) if t is not None]
    if claim.period is not None:
        times += [claim.period.start, claim.period.end]
    if quantity.period is not None:
        period = claim.period
        if period is None:
            return False
        own = (quantity.period.start.year, quantity.period.end.year)
        if (period.start.year, period.end.year) == own:
            return True
        # A bound of the claim's span: "between 2020/21 and 2024/25" for 2020/2025.
        longer = period.end.year - period.start.year > own[1] - own[0]
        return longer and (own[0] == period.start.year or own[1] == period.end.year)
    if quantity.date is not None:
        first, last = quantity.date.first, quantity.date.last
        return any(first <= t.first and t.last <= last for t in times)
    return any(t.year == quantity.low for t in times)


def _changed(
    page: PageText, found: _Located, i: int, j: int, claim: Claim, mention: str, *also: str
) -> Finding:
    """P003: what the page now says where mention `j` of claims[i] stood, and what changed
    (with `also`, what the finding adds: a copy that stands unchanged elsewhere)."""
    now = page.prose[found.span[0] : found.span[1]]
    return Finding(
        P003,
        f"the page now says {_clip(now)!r} where mention {j + 1} says {mention!r} "
        f"({'; '.join([*found.changes, *also])})",
        ("claims", i, "mentions", j),
        claim=claim.id,
        location=_at(page, found.at),
    )


def _rate_unlike(claim: Claim, now: Quantity | None) -> str:
    """How the rate the page gives a figure that ends a mention differs from the claim's
    unit's ("" when it does not, the page gives none, or the claim states no unit): "£84.6
    million a month" for a claim in `GBP million`, or "412 megalitres per week" for one in
    `megalitres per day`."""
    if now is None or not now.rate or not (claim.unit or "").strip():
        return ""
    unit = claim.unit or ""
    want = unit_rate(unit)
    if want == now.rate:
        return ""
    number = now.text[: _rate_at(now) - now.start].rstrip()
    has = f"is {want}" if want else "has no rate"
    return f"{number!r} -> {now.text!r}: rate; the claim's unit {unit!r} {has}"


def _rate_at(q: Quantity) -> int:
    """Where the words of a figure's rate start (`rated`), or its end when it has none."""
    if not q.rate:
        return q.end
    for gap in re.finditer(r"\s|/", q.text):
        if rate_after(q.text, gap.start())[1] == len(q.text):
            return q.start + gap.start() + (gap.group() != "/")
    return q.end


def _rate_beyond(
    claim: Claim, mention: str, text: str, place: tuple[int, int]
) -> tuple[int, int, str, Quantity] | None:
    """For a mention found word for word at `place` (the normal text's), whose last figure
    ends it with no rate, the rate the page goes on to give that figure when the claim's
    unit says another (`_rate_unlike`): (the place with the rate's words, the change, the
    page's figure), else None."""
    start, end = place
    if not rate_after(text, end)[0] or not (claim.unit or "").strip():
        return None
    figures = find_quantities(mention)
    if not figures or not _open_end(mention, figures[-1]):
        return None
    last = figures[-1]
    rate, rate_stop = rate_after(text, end)
    now = dataclasses.replace(
        last,
        start=start + last.start,
        end=rate_stop,
        text=text[start + last.start : rate_stop],
        rate=rate,
    )
    unlike = _rate_unlike(claim, now)
    return (start, rate_stop, unlike, now) if unlike else None


def _at(page: PageText, offset: int) -> Location:
    line, column = page.position(offset)
    return Location(page.path, line, column)


def _clip(text: str, size: int = 120) -> str:
    text = " ".join(text.replace(FILLER, "").split())
    return text if len(text) <= size else text[: size - 1] + "\u2026"


#: The last page read by `page_figures`, and its figures.
_last_read: tuple[str, tuple[Quantity, ...]] | None = None


def page_figures(prose: str) -> tuple[Quantity, ...]:
    """The figures of a page's prose (telephone numbers aside), in order. The last page's
    are kept: `extract` drafts from the figures P001 read a moment before, and reading a
    1 MB page takes about a second."""
    global _last_read
    last = _last_read
    if last is not None and last[0] == prose:
        return last[1]
    # A vague plural ("thousands of") is a statement's, not a figure to register or draft.
    figures = tuple(q for q in _read_figures(prose) if not q.vague)
    _last_read = (prose, figures)
    return figures


def _read_figures(prose: str) -> list[Quantity]:
    """The figures of the prose, read with what readers skip left out (FILLER, where an HTML
    entity or an inline tag inside a number stood: "31\x00\x00\x00\x00,240" is 31,240; a soft
    hyphen), at the prose's offsets."""
    if FILLER not in prose and (prose.isascii() or _UNSEEN.search(prose) is None):
        return find_quantities(mask_phones(prose))
    # Where each skipped character would stand in the plain text: an offset i there is
    # i plus the number of them at or before it.
    shifts = [m.start() - j for j, m in enumerate(_UNSEEN.finditer(prose))]
    plain = _UNSEEN.sub("", prose)

    def origin(i: int) -> int:
        return i + bisect.bisect_right(shifts, i)

    return [
        dataclasses.replace(q, start=origin(q.start), end=origin(q.end - 1) + 1)
        for q in find_quantities(mask_phones(plain))
    ]


def _figures(prose: str) -> Iterator[Quantity]:
    yield from page_figures(prose)


def mask_phones(text: str) -> str:
    """The text with its telephone numbers blanked (offsets kept)."""
    return _CUED_PHONE.sub(_blank_number, _PHONE.sub(_blank_number, text))


def _blank_number(match: re.Match[str]) -> str:
    """The match with its number (the whole match, or group 1) blanked, when it has as many
    digits as a telephone number (7 to 15)."""
    group = 1 if match.re.groups else 0
    number = match.group(group)
    if not 7 <= sum(c.isdigit() for c in number) <= 15:
        return match.group()
    return match.group()[: match.start(group) - match.start()] + " " * len(number)


class _Lines:
    """The page's lines, each stripped and counted once: a figure's line used to be found,
    cut and split again for every figure on it, quadratic on one long line."""

    def __init__(self, page: PageText) -> None:
        self.page = page
        self._seen: dict[int, tuple[str, int]] = {}

    def at(self, offset: int) -> tuple[int, str, int]:
        """The start of the line holding `offset`, the line stripped, and its word count."""
        start, end = self.page.line_span(offset)
        if start not in self._seen:
            line = self.page.prose[start:end].strip()
            self._seen[start] = (line, len(line.split()))
        return (start, *self._seen[start])


class _Listing:
    """The page's list of references: an entry's figures ("2023 UK greenhouse gas emissions",
    a report's title, "page 4") are its title's, not the page's claims. An entry is a line
    after the last "References"/"Sources"/"Notes" heading that holds a link or is a list
    item: one starting "1.", "[2]", "-", or an HTML `<li>` (its number no text), linked or
    not."""

    def __init__(self, page: PageText) -> None:
        self.page = page
        self.start = references_start(page.prose)
        self._links = sorted(link.start for link in page.links)
        self._items = page.items
        self._item_starts = [start for start, _ in page.items]

    def lists(self, offset: int) -> bool:
        if self.start is None or offset < self.start:
            return False
        prose = self.page.prose
        line_start, line_end = self.page.line_span(offset)
        at = bisect.bisect_left(self._links, line_start)
        if at < len(self._links) and self._links[at] < line_end:
            return True
        item = bisect.bisect_right(self._item_starts, offset) - 1
        if item >= 0 and offset < self._items[item][1]:
            return True
        return bool(_ENTRY.match(prose, line_start))


#: A list entry's start: "1.", "[2]", "(3)", "- ", "* ".
_ENTRY = re.compile(r"[ \t]*(?:\[\d{1,3}\]|\(?\d{1,3}[.)]|[-*+\u2022])[ \t]")


_RATE_BASE = re.compile(r"(?i)\bper\s+$")


def _number_start(text: str, quantity: Quantity) -> int:
    """Where the figure's number starts, after its qualifier ("18,250" of "Some 18,250")."""
    lead = QUALIFIER_LEAD.match(text, quantity.start, quantity.end)
    return lead.end() if lead is not None and lead.end() < quantity.end else quantity.start


def _is_label(
    prose: str, quantity: Quantity, lines: _Lines, numbering: _Numbering | None = None
) -> bool:
    """List numbering ("1Institutional", "(2) Why...", a count's "1", "2", "3" each alone on
    its line), a reference marker ("[4]"), a rate's base ("per 100"), or a year in a short
    heading. An amount of money, a measure or a rate is never a label, and neither is a
    number alone on its line that counts nothing before or after it: a table's cell
    (`<td>47</td>`, each cell its own line) or "Monitoring stations:" over "12"."""
    if (
        prose[quantity.start - 1 : quantity.start] == "["
        and prose[quantity.end : quantity.end + 1] == "]"
    ):
        return quantity.qualifier == "exact" and quantity.unit is None
    if _RATE_BASE.search(prose, max(0, quantity.start - 6), quantity.start):
        return True  # "7.2 per 100 households": the 100 is the rate's base, not a figure
    line_start, line, words = lines.at(quantity.start)
    # The last character before the figure on its line, white space skipped (each figure
    # looks back only over the gap since the one before it).
    at = quantity.start
    while at > line_start and prose[at - 1].isspace():
        at -= 1
    if _numbers_a_list(quantity) and (at == line_start or prose[at - 1] == "("):
        after = prose[quantity.end : quantity.end + 1]
        if line == quantity.text or after == "":
            # Alone on its line: numbering only where it counts on from or to another.
            return numbering is not None and numbering.counts(quantity.start)
        if after in (")", ".") or after.isalpha():
            return True
    is_date = quantity.is_year or quantity.date is not None or quantity.period is not None
    return is_date and words <= 8 and not line.endswith((".", ";", ":"))


def _numbers_a_list(quantity: Quantity) -> bool:
    """Whether the figure could number a list: a whole number under 100 in digits, with no
    unit, currency, scale, rate or qualifier ("£8m" and "47 metres" never do)."""
    return (
        quantity.low == quantity.high
        and quantity.low < 100
        and quantity.text.isdigit()
        and quantity.unit is None
        and quantity.currency is None
        and quantity.scale == 1
        and quantity.rate is None
        and quantity.qualifier == "exact"
    )


class _Numbering:
    """The numbers that stand alone on their lines and count the entries of a list: "1",
    then the entry's text, then "2"... Two or more in a row, each one more than the one
    before, with words between them. A number alone on its line that counts on from no
    other (a table's cell, "Visits:" over "12") is a figure."""

    def __init__(self, prose: str, figures: tuple[Quantity, ...], lines: _Lines) -> None:
        alone = [q for q in figures if _numbers_a_list(q) and lines.at(q.start)[1] == q.text]
        self.starts: set[int] = set()
        run: list[Quantity] = []
        for q in alone:
            if run and q.low == run[-1].low + 1 and _WORD_IN.search(prose, run[-1].end, q.start):
                run.append(q)
                continue
            if len(run) >= 2:
                self.starts.update(r.start for r in run)
            run = [q]
        if len(run) >= 2:
            self.starts.update(r.start for r in run)

    def counts(self, start: int) -> bool:
        return start in self.starts


_WORD_IN = re.compile(r"[^\W\d_]{2,}")


def sentences(prose: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence as a reader reads it. A paragraph wrapped over
    several lines is one run of prose ("fell to 412 megalitres\\nper day in 2024/25" is one
    sentence); a blank line, a heading, a list item, a table row or a rule ends one, and so
    does an HTML block's edge (`</h2>`, `<p>`, `<td>`, `<br>`: BREAK in the prose,
    whether or not a line break stands there), and a line break that the text gives no sign
    of going on over (`_runs_on`)."""
    spans: list[tuple[int, int]] = []
    for start, end in _runs(prose):
        at = start
        for stop in _SENTENCE_END.finditer(prose, start, end):
            if prose[at : stop.start()].strip():
                spans.append((at, stop.start()))
            at = stop.end()
        if prose[at:end].strip():
            spans.append((at, end))
    return spans


def _runs(prose: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each run of lines read as one block of prose."""
    start = -1
    last = ""  # the run's last line
    end = -1
    for line in _LINE.finditer(prose):
        text = line.group()
        if not text.strip(_BLANK):
            continue  # a blank line (or one of markup alone) ends the run
        # A line after an HTML block's edge (BREAK) starts a run whatever it says: only a
        # line break may be one the prose runs on over.
        if start >= 0 and not (
            end == line.start() - 1 and prose[end] == "\n" and _runs_on(last, text)
        ):
            yield start, end
            start = -1
        if start < 0:
            start = line.start()
        last, end = text, line.end()
    if start >= 0:
        yield start, end


def _runs_on(last: str, text: str) -> bool:
    """Whether the line `text` goes on with the prose of the line above it, `last`: not a
    heading, list item, table row or rule, nor after one; not where markup stood at both
    sides of the line break (an HTML block's end and the next one's start); and the text says
    it goes on: the line above ends with a comma, a dash, an opening bracket or a word that
    ends no sentence (`_GOES_ON_WORDS`), or this one starts with a word in lower case, a
    figure or a bracket."""
    if _STRUCTURE.match(text) or _CLOSED.match(last) or "|" in last or "|" in text:
        return False
    if last[-1] in _BLANK and text[0] in _BLANK:
        return False
    if text.lstrip(_BLANK).startswith(">") != last.lstrip(_BLANK).startswith(">"):
        return False  # a block quote starts or ends
    first = text.lstrip(_BLANK + ">")[:1]
    tail = last.rstrip(_BLANK)
    if first == "" or first.islower():
        return True
    if first == "(" or first.isdigit() or first in CURRENCY_SIGNS:
        # A figure or a bracket opens a sentence of its own after one that ended ("74% of
        # turnover." then "42 players were used."), and goes on with one that did not.
        return not _ends_sentence(tail)
    if tail[-1:] in _GOES_ON_MARKS:
        return True
    word = _LAST_WORD.search(tail, max(0, len(tail) - 24))
    return word is not None and word.group().lower() in _GOES_ON_WORDS


#: A line's end after a full stop, a question or an exclamation mark (closing quotes and
#: brackets aside), with the word before it.
_SENTENCE_STOP = re.compile(r"(\S*?)([.!?])[\"'\u2019\u201d)\]]*\Z")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
#: Words a full stop abbreviates rather than ends a sentence after ("approx. 40", "No. 10").
_ABBREVIATIONS = lexicon.words(
    "approx c ca cf no nos p pp fig figs vol vols vs v mr mrs ms dr st est inc ltd co op art",
    "para sec ch ed eds",
)


def _ends_sentence(tail: str) -> bool:
    """Whether the text ends a sentence: a full stop (after no abbreviation or initial), a
    question or an exclamation mark."""
    stop = _SENTENCE_STOP.search(tail)
    if stop is None:
        return False
    if stop.group(2) != ".":
        return True
    word = stop.group(1).lstrip("(\"'\u2018\u201c")
    if _DOTTED.fullmatch(word) or (len(word) == 1 and word.isalpha()):
        return False  # "e.g.", "U.K.", an initial
    return word.lower() not in _ABBREVIATIONS


#: A line as a reader sees it: an HTML block's edge (BREAK) starts one too.
_LINE = re.compile(f"[^\n{BREAK}]+")
_BLANK = f" \t{SILENT}"
_RULE = rf"(?:[-=_*][{_BLANK}]*){{3,}}$"
#: A line that starts a block of its own: a heading, a list item, a table row, a rule (or a
#: Setext heading's underline).
_STRUCTURE = re.compile(rf"[{_BLANK}]*(?:#{{1,6}}(?:\s|$)|[*+\u2022-]\s|\d{{1,3}}[.)]\s|{_RULE})")
#: A line after which a block ends: a heading, a rule or a Setext heading's underline.
_CLOSED = re.compile(rf"[{_BLANK}]*(?:#{{1,6}}(?:\s|$)|{_RULE})")
#: The end of a line whose sentence goes on: a comma, semicolon, dash, slash or opening
#: bracket, or a word that ends no sentence (an article, a preposition, a conjunction, an
#: auxiliary verb).
_GOES_ON_MARKS = frozenset(",;(\u2013\u2014/-")
_GOES_ON_WORDS = lexicon.words(
    "a an the and or but nor of in on at by for from to into with than per as is are was were",
    "be been has have had its their which who whose that",
)
_LAST_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]+\Z")


def _statements(
    prose: str, sentences: list[tuple[int, int]], covered: _Spans
) -> Iterator[tuple[int, list[str], int, int]]:
    # Imported here: its patterns take 8 ms to compile, and a run without a page never needs
    # them (the module is imported for its rules by every run).
    from claimcheck import checkworthy

    for start, end in sentences:
        text = prose[start:end]
        if _MARKER.search(text):
            yield 99, ["explicit marker"], start, end
            continue
        if any(map(str.isdigit, text)) or covered.overlaps(start, end):
            continue
        judged = checkworthy.score(_UNSEEN.sub("", text))
        if judged.checkworthy:
            yield judged.total, list(judged.features), start, end


CHECK = Check("coverage", RULES, run, needs=frozenset({PAGE}))
