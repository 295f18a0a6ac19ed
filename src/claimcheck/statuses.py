"""Statuses: the words that make a statement true only while it is written (T001, T004).

Two lists, both configurable (`[staleness]` in the config):

- **dated phrases** are statuses wherever they stand: they point at the moment of writing
  ("so far", "currently", "pending", "ongoing", "not yet", "expected to", "still", "today").
  "Pending legislation" is a status: the bill has not passed when the page says so, and will
  pass or lapse.
- **status words** are statuses only in a status construction, because they also classify:
  "economically active population", "active ingredient", "open data" and "closed issues"
  name kinds of things, not a state that expires. A construction is
  - a present or future predicate: "is active", "remains open", "are still closed", "is
    temporarily closed" (any adverb in -ly between), "has been suspended", "will be live"
    (a past one, "was active until 2013", is history); "under" and a process ("is under
    construction", "under examination") is one too;
  - a label: "status: active", "Status - open", "(active)", or the word alone on its line.

Besides the lists, English grammar marks a statement as written for its moment, and these
constructions are recognised whatever the lists hold:

- the present progressive, an action under way: "is being drafted", "are continuing", "is
  awaiting approval", "has been consulting" (not an adjective in -ing that names a quality,
  "is interesting", "is misleading"; nor a gerund naming an aim, "the challenge is recruiting");
- time counted from the moment of writing (deixis): "today", "tomorrow", "this week", "next
  month", "last season", "two years ago", "in the coming months", and "in the past 12 months"
  with a present perfect ("have risen in the past year"; "applied in the last four weeks"
  counts from the applying);
- the future with a time: "will close at the end of 2026", "is due to open in 2027", "is set to
  open in the spring", "won't be ready until 2027"; and a present state with an end date, "runs
  until 30 June 2026". Such a statement also expires on its own date (see `expiry`);
- a present level of a changing figure: "is at 3.2%", "stands at a record high", "are up 12%".

Contractions are read in full ("hasn't yet" is "has not yet"). What cannot be a status of the
moment of writing is not one: an aspect word bound to a past tense ("was still lit", "had not
yet reported") speaks of that past, and a title in quotation marks ("Still Waiting", "The
Waiting Room") is a name, as are "tomorrow" and "tonight" after a determiner, with a
possessive or before a noun ("The Tonight Show", "Tomorrow's World").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from claimcheck import lexicon
from claimcheck.dates import MONTHS, Duration, PartialDate, ReadDay, either_note, numeric_days

#: Statuses wherever they stand.
DATED_PHRASES: tuple[str, ...] = (
    "so far",
    "to date",
    "as yet",
    "currently",
    "current",
    "at present",
    "presently",
    "for now",
    "at the moment",
    "at the time of writing",
    "as things stand",
    "nowadays",
    "these days",
    "pending",
    "ongoing",
    "underway",
    "under way",
    "in coming weeks",
    "in the coming weeks",
    "in coming months",
    "in the coming months",
    "in the coming days",
    "coming weeks",
    "recently",
    "now",
    "latest",
    "yet to",
    "not yet",
    "still",
    "upcoming",
    "forthcoming",
    "imminent",
    "imminently",
    "incumbent",
    "reigning",
    "this year",
    "next year",
    "today",
    "tonight",
    "tomorrow",
    "yesterday",
    "expected to",
    "expected in",
    "expected by",
    "expected later",
    "expected next",
    "expected soon",
    "expected shortly",
    "expected this",
    "due to be",
    "scheduled to",
    "scheduled for",
    "about to",
    "continues to",
    "continue to",
)
#: Statuses only as a predicate or a label.
STATUS_WORDS: tuple[str, ...] = (
    "active",
    "inactive",
    "open",
    "closed",
    "shut",
    "suspended",
    "paused",
    "on hold",
    "live",
    "in force",
    "in place",
    "in progress",
    "in effect",
    "under review",
    "under investigation",
    "under consideration",
    "awaiting review",
    "awaited",
    "planned",
    "proposed",
    "delayed",
    "unresolved",
    "outstanding",
    "overdue",
    "expected",
    "announced",
    "due",
    "before parliament",
    "before congress",
    "before the court",
    "before the courts",
)
#: Fixed expressions a dated phrase occurs in without pointing at the moment of writing.
_NOT_STATUS = (
    "at current prices",
    "current account",
    "current affairs",
    "electric current",
    "than expected",
    "as expected",
)
#: Dated phrases that, bound to a past tense, speak of that past: "was still lit".
_ASPECT = frozenset({"still", "now", "currently", "presently", "not yet", "yet to", "so far"})
#: Adjectives in -ing that name a quality, and nouns in -ing: after "is", not an action under way.
_NOT_PROGRESSIVE = frozenset(
    (
        "interesting", "misleading", "surprising", "striking", "amazing", "astonishing",
        "concerning", "alarming", "encouraging", "disappointing", "promising", "worrying",
        "confusing", "compelling", "convincing", "overwhelming", "pleasing", "satisfying",
        "shocking", "stunning", "damning", "revealing", "telling", "daunting", "lasting",
        "binding", "demanding", "challenging", "exciting", "boring", "charming", "appealing",
        "rewarding", "refreshing", "fascinating", "frustrating", "embarrassing", "depressing",
        "distressing", "disturbing", "troubling", "intriguing", "puzzling", "baffling",
        "reassuring", "welcoming", "willing", "unwilling", "loving", "caring", "understanding",
        "accommodating", "entertaining", "fitting", "befitting", "appalling", "thrilling",
        "exhausting", "enduring", "everlasting", "unrelenting", "unceasing", "unerring",
        "unflinching", "unwavering", "nothing", "something", "anything", "everything", "thing",
        "king", "ring", "spring", "string", "wing", "sibling", "ceiling", "evening", "morning",
        "during", "pudding", "according", "notwithstanding", "sterling"
    )
)  # fmt: skip
#: Nouns that name an aim, a task or a problem: "the challenge is recruiting teachers" names
#: the task (a gerund), it does not say that recruiting is under way.
_GERUND_SUBJECTS = frozenset(
    (
        "aim", "aims", "goal", "goals", "priority", "priorities", "task", "tasks", "challenge",
        "challenges", "problem", "problems", "issue", "issues", "answer", "solution", "key",
        "focus", "hope", "risk", "job", "role", "purpose", "objective", "difficulty", "concern",
        "option", "step", "remedy", "hobby", "habit", "practice", "method", "approach",
        "policy", "rule", "advice", "requirement", "duty", "responsibility", "mission", "cause",
        "danger", "trick", "point"
    )
)  # fmt: skip

_MONTH = "|".join(sorted((m for m in MONTHS if m != "may"), key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
_DAY_NAMES = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_SEASONS = "spring|summer|autumn|winter"
_UNIT = (
    rf"(?:day|week|weekend|fortnight|month|quarter|year|decade|season|{_SEASONS}|{_DAY_NAMES}"
    r"|january|february|march|april|june|july|august|september|october|november|december)"
)
_UNITS = rf"(?:(?:day|week|weekend|fortnight|month|quarter|year|decade|season)s|{_UNIT})"
_NUM = (
    r"(?:\d+|a\s+few|few|several|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"eighteen|twenty|thirty)"
)
_BEFORE = r"(?<![\w'-])"
_AFTER = r"(?![\w-])"
# Adverbs that do not change a construction: any in -ly ("temporarily", "formally"), and a few.
_ADVERBS = r"(?:\s+(?:still|now|not|also|already|again|once\s+again|yet|being|[a-z]+ly)(?![\w-]))*"
# A linking verb in the present or future, then adverbs that do not change the construction.
_PREDICATE = (
    rf"{_BEFORE}(?:is|are|am|'s|remains?|stays?|be|has\s+been|have\s+been|becomes?|appears?"
    rf"|seems?){_ADVERBS}\s+"
)
_PROCESS = (
    r"under\s+(?:[a-z]+(?:tion|sion|ment)|way|repairs?|trial|scrutiny|threat|offer|appeal"
    r"|debate|study|discussion)"
)


# --- Times: what a statement about the future looks to, read as the END of the time it names,
# so that the statement is stale as soon as that time has passed, neither later nor earlier.
_ORD = r"(?:st|nd|rd|th)?"
_DAY = rf"\d{{1,2}}{_ORD}"
_MON = rf"(?:{_MONTH}|may)\.?"
# A year, or a pair or range of years ("2024/25", "2024-2026"); a comma after it ends its
# clause ("in 2025/26, according to"), unless a digit follows (a number's thousands).
_YEARS = rf"(?<![\d,./]){_YEAR}(?:[/\u2013-](?:{_YEAR}|\d\d))?(?![\d%]|,\d)"
#: The nouns a year names a period of ("the 2024/25 financial year", "the 2025 season").
_PERIOD_NOUN = r"(?:\s+(?:(?:(?:financial|fiscal|tax|academic|school|calendar)\s+)?year|season))"
#: The words before a time that make it the time of the statement ("in 2026", "by March",
#: "next spring", "on 2 March"). After another word a year, a month or a season may name a
#: thing instead ("its 2024 accounts", "the 2024 season awards", "its spring catalogue").
_LEADS = (
    "in", "on", "by", "until", "till", "through", "throughout", "during", "of", "from",
    "before", "after", "for", "to", "around", "within", "than", "and", "or", "between", "this",
    "next", "last", "early", "late", "mid", "end", "start",
)  # fmt: skip
#: "May" is a month only after these ("in May", "by May"), not after "this" ("this may change").
_MAY_LEADS = (
    "in", "by", "until", "till", "through", "during", "of", "from", "before", "after", "next",
    "early", "late", "mid", "end",
)  # fmt: skip
#: The words after a year, month or season that leave it the statement's time: "in 2026 as
#: planned", "in 2026 and", "in the autumn, the council said". Any other word after it makes
#: it a name's ("its 2024 accounts"), unless a lead stands before it.
_AFTER_TIME = (
    "and", "or", "but", "nor", "as", "at", "by", "for", "from", "in", "into", "of", "on", "onto",
    "to", "with", "without", "when", "while", "whilst", "if", "unless", "after", "before",
    "until", "till", "than", "so", "then", "which", "that", "where", "whereas", "despite",
    "because", "since", "following", "pending", "subject", "depending", "according",
    "alongside", "amid", "under", "over", "via", "per", "is", "are", "was", "were", "will",
    "would", "could", "should", "may", "might", "can", "must", "has", "have", "had", "be",
    "been", "being", "too", "also", "already", "again", "instead", "only", "alone", "itself",
    "the", "a", "an", "its", "their", "his", "her", "our", "it", "they", "he", "she", "we",
    "you", "this", "these", "those", "there", "here", "not", "ahead", "rather", "says", "said",
    "once", "provided", "assuming", "now", "still", "yet", "even", "just", "around", "about",
    "plus", "each", "every", "onwards", "onward",
)  # fmt: skip


def _lookbehinds(words: tuple[str, ...], then: str = r"\s") -> str:
    """`words`, each followed by `then`, as look-behinds: one per length, since Python's
    look-behind must have one width."""
    by_length: dict[int, list[str]] = {}
    for word in dict.fromkeys(words):
        by_length.setdefault(len(word), []).append(word)
    return "|".join(rf"(?<=\b(?:{'|'.join(ws)}){then})" for _, ws in sorted(by_length.items()))


_LEAD = _lookbehinds(_LEADS)
_MAY_LEAD = _lookbehinds(_MAY_LEADS) + r"|(?<=\d\s)"  # "in May", "on 3 May"
_NOT_A_NAME = rf"(?!\s+(?!(?:{'|'.join(_AFTER_TIME)}|[a-z]+ly)\b)[a-z])"  # no noun after it
#: "For" or "on" before a period names what it is of ("its accounts for 2024", "results for
#: Q1 2025", "will report on 2024"), before a day when ("on 3 March"); unless what is
#: scheduled for it is ("is scheduled for March").
_NOT_OF = (
    r"(?:(?<!\bfor\s)(?<!\bon\s)|"
    + _lookbehinds(("scheduled", "planned", "slated", "booked", "set", "due"), r"\sfor\s")
    + ")"
)


def _when(g: str) -> str:
    """A time as prose writes it (lower case), its groups named after `g` (a pattern may hold
    it twice): `{g}t` the time, `{g}p` set when a lead word stands before it."""
    days = (
        # 2025-03-02, 2025/03/02; 02/03/2025, 13.03.2025 (day and month either way)
        rf"{_YEAR}(?P<{g}is>[-/.])\d\d?(?P={g}is)\d\d?(?!\d)"
        rf"|\d\d?(?P<{g}ns>[/.-])\d\d?(?P={g}ns){_YEAR}(?!\d)"
        # 2 March 2025, 2nd of March 2025, March 2nd, 2025
        rf"|(?:{_DAY}\s+(?:of\s+)?{_MON},?|{_MON}\s+{_DAY},?)\s+{_YEARS}"
        # Without a year, after a lead: "on 3 March", "by the 2nd of March", "on March 3rd"
        rf"|(?({g}p)(?:{_DAY}\s+(?:of\s+)?(?:{_MONTH}|may)|(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th))|(?!))"
    )
    periods = (
        # Q1 2025, 2025 Q1, the first quarter of 2025; H1 2025, the second half of 2025
        rf"(?:q[1-4]|h[12])\s*(?:of\s+)?{_YEAR}(?!\d)|{_YEAR}[\s-]?(?:q[1-4]|h[12])(?!\w)"
        rf"|(?:first|second|third|fourth|final|last)\s+(?:quarter|half)\s+of\s+{_YEAR}(?!\d)"
        # FY2025, FY25, FY 2024/25, financial year 2024-25
        rf"|fy\s?(?:{_YEAR}|\d\d)(?:[/\u2013-](?:{_YEAR}|\d\d))?(?!\d)"
        rf"|(?:financial|fiscal|tax)\s+year\s+{_YEARS}"
        # spring 2025, autumn of 2025, winter 2025/26; March 2025
        rf"|(?:{_SEASONS}|fall)(?:\s+of)?\s+{_YEARS}|{_MON}\s+{_YEARS}"
        # the 2025 season, the 2024/25 financial year
        rf"|{_YEARS}{_PERIOD_NOUN}"
        # A year alone only after a lead ("in 2026", "by the end of 2026", "mid-2026"): "will
        # publish 2024 figures" looks to no time in 2024.
        rf"|(?({g}p)|(?:(?<=mid-)|(?<=early-)|(?<=late-))){_YEARS}"
        # Without a year, after a lead: "in February", "by May", "in Q3", "next spring";
        # a season after "the" too ("in the autumn").
        rf"|(?({g}p)(?:{_MONTH}|(?:{_MAY_LEAD})may|(?:q[1-4]|h[12])(?!\w))|(?!))"
        rf"|(?({g}p)|(?<=\bthe\s))(?:{_SEASONS})"
        rf"|(?<=\bend\sof\s)(?:the|this)\s+(?:year|quarter|month|week|decade)"
        rf"|(?:the\s+)?year[\s-]end"
    )
    return (
        rf"(?=[\dqhfsawmjondtely])(?P<{g}p>{_LEAD})?"
        rf"(?P<{g}t>(?:(?:mid|early|late)-)?(?:{days}|{_NOT_OF}(?:{periods})))"
        rf"(?({g}p)|{_NOT_A_NAME})(?!'s\b)"
    )


_TIME = rf"(?:{_when('f')}|later|soon|shortly)"
# "Is due to the strike", "due to rising costs" give a cause, "is due to open" a time: after
# "to" a verb (not a determiner, nor a word in -ing, -ed or a plural's -s).
_NOT_A_CAUSE = (
    r"(?!(?<=\bdue\sto)\s+(?:(?:the|a|an|its|their|his|her|our|this|that|these|those)\b"
    r"|[a-z]+(?:ing|ed|[^s\W]s)\b))"
)
_CLAUSE = r"(?:(?![;!?\n]|\.(?:\s|$)).)"
_FUTURE = (
    rf"{_BEFORE}(?:will|shall|(?:is|are|am)\s+(?:set|due|going|planned|poised|likely)\s+to"
    # "is expected in March 2026", "is scheduled to reopen in spring", "are due in H1 2025"
    rf"|(?:is|are)\s+(?:due|expected|scheduled|slated|forecast|projected)(?:\s+to)?+"
    rf"|(?:is|are)\s+to|(?:plans?|intends?|aims?|hopes?)\s+to)(?![\w-]){_NOT_A_CAUSE}"
    rf"{_CLAUSE}{{0,80}}?"
    rf"(?<![\w-]){_TIME}{_AFTER}"
)
_UNTIL = (
    rf"{_BEFORE}(?:runs?|lasts?|continues?|remains?|stays?|is|are)\s+(?:[^\s.;!?]+\s+){{0,5}}?"
    rf"(?:until|till|through)\s+(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?(?:the\s+)?"
    rf"{_when('u')}{_AFTER}"
)
#: "Tomorrow" and "tonight" name a thing after a determiner ("The Tonight Show", "its Tomorrow
#: Fund"), with a possessive ("Tomorrow's World") or before a noun ("Tonight Show host"), except
#: where a clause begins with them ("Tomorrow councillors vote"); a time of day may follow them.
_DETERMINERS = ("the", "a", "an", "its", "their", "his", "her", "our", "your", "whose", "that")
_CLAUSE_START = r"(?:^|(?<=[\n.!?;:(\u2013\u2014])|(?<=[.!?;:(\u2013\u2014]\s))"
_NOT_A_NAME_DAY = (
    rf"(?!\s+(?!(?:{'|'.join(_AFTER_TIME)}|morning|afternoon|evening|night|[a-z]+ly)\b)[a-z])"
)
_DAY_WORD = (
    rf"(?:{_CLAUSE_START}(?:tomorrow|tonight)(?!['\u2019]s)"
    rf"|(?!{_lookbehinds(_DETERMINERS)})(?:tomorrow|tonight)(?!['\u2019]s){_NOT_A_NAME_DAY})"
)
_DAY_WORD_AT = re.compile(_DAY_WORD, re.MULTILINE)
_DEICTIC = (
    rf"{_BEFORE}(?:(?<!the\s)(?:this|next|last)\s+{_UNIT}|{_DAY_WORD}"
    rf"|(?:in|within|over|during|for)\s+the\s+(?:next|coming)\s+(?:{_NUM}\s+)?{_UNITS}(?!\s+of\b)"
    rf"|(?:{_NUM}|a|an|one)\s+{_UNITS}\s+ago"
    rf"|in\s+(?:{_NUM}|a|an)\s+{_UNITS}['\u2019]?\s+time){_AFTER}"
)
_DEICTIC_IN = re.compile(_DEICTIC)
# Counted back from now only with a present perfect: "have risen in the past year".
_SINCE = (
    rf"{_BEFORE}(?:has|have)\s+(?:[^\s;]+\s+){{1,6}}?(?:in|within|over|during|for)\s+the\s+"
    rf"(?:past|last)\s+(?:{_NUM}\s+)?{_UNITS}(?!\s+of\b){_AFTER}"
)
_PROGRESSIVE = (
    rf"{_BEFORE}(?P<be>is|are|am|has\s+been|have\s+been|will\s+be|shall\s+be){_ADVERBS}\s+"
    rf"(?P<ing>[a-z]{{2,}}ing)(?:(?<=being)\s+[a-z]+)?{_AFTER}"
)
_LEVEL = (
    rf"{_BEFORE}(?:is|are|stands?|sits?|remains?){_ADVERBS}\s+(?:(?:top|bottom)\s+of|(?:at|up|down)\s+"
    r"(?:a\s+record|an?\s+all-time|an?\s+\d+-year|an?\s+new|its\s+(?:highest|lowest)|record"
    r"|\d[\d,.]*\s*(?:%|per\s?cent|percent|million|billion|bn|m|k)(?![a-z])))"
)
# A present continuation with nothing after it: "the strike continues", "the record stands".
_GOES_ON = (
    rf"{_BEFORE}(?:continues|continue|persists|persist|goes\s+on|go\s+on|carries\s+on"
    r"|carry\s+on|drags\s+on|drag\s+on|stands)(?=\s*(?:[.;,!?)]|and\b|but\b|$))"
)
_LABEL_BEFORE = r"(?:status\s*(?:[:\-\u2013\u2014]|is|of)\s*|\(\s*)"
_LABEL_AFTER = r"(?=\s*(?:[).;,:\n\u2013\u2014]|-\s|$))"
#: The words a text must hold for each construction to be looked for (most texts hold few of
#: them, and a search for every construction costs five times one for the lists alone).
_FUTURE_CUES = frozenset(
    [
        "will",
        "shall",
        "set",
        "due",
        "going",
        "planned",
        "poised",
        "plans",
        "plan",
        "intends",
        "intend",
        "aims",
        "aim",
        "hopes",
        "hope",
        "to",
        "expected",
        "scheduled",
        "slated",
        "forecast",
        "projected",
        "likely",
    ]
)
#: Besides a year, the words a time of `_TIME` or `_UNTIL` holds one of ("FY25": "fy"; "by the
#: end of the year", "by year-end": "end").
_TIME_WORDS = frozenset(
    (*MONTHS, *_SEASONS.split("|"), "later", "soon", "shortly", "end", "fy", "q", "h")
)
_CUES = {
    "future": _FUTURE_CUES,
    "until": frozenset({"until", "till", "through"}),
    "deictic": frozenset({"this", "next", "last", "ago", "time", "coming", "tomorrow", "tonight"}),
    "since": frozenset({"past", "last"}),
    "level": frozenset({"at", "up", "down", "top", "bottom"}),
    "goes_on": frozenset(
        [
            "continues",
            "continue",
            "persists",
            "persist",
            "goes",
            "go",
            "carries",
            "carry",
            "drags",
            "drag",
            "stands",
        ]
    ),
    "progressive": frozenset({"is", "are", "am", "been", "be"}),
}
_YEAR_IN = re.compile(_YEAR)
_TOKEN = re.compile(r"[a-z']+")
_QUOTED = re.compile(
    r"\u201c([^\u201d\n]{1,200})\u201d|\"([^\"\n]{1,200})\""
    r"|\u2018([^\u2019\n]{1,200})\u2019(?![a-z])|(?<![\w'])'([^'\n]{1,200})'(?!\w)"
)
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    ]
)
_PAST = re.compile(r"(?<![\w'-])(?:was|were|had)(?:\s+(?:not|never|also|been|[a-z]+ly))*\s+$")


#: The date a statement was written, or a function giving it: called only for a text with a
#: status in it (at 100,000 claims, working out every claim's date cost more than the rest
#: of the check).
WrittenOn = PartialDate | Callable[[], PartialDate | None] | None


class StatusReader(Protocol):
    """`StatusVocabulary.reader`'s function: a text's first status and the end of the
    earliest time a statement in it looks to, times without a year ("in February", "next
    month", "tomorrow") read from `as_of`, the date the statement was written."""

    def __call__(
        self, text: str, as_of: WrittenOn = None
    ) -> tuple[str | None, PartialDate | None]: ...


@dataclass(frozen=True)
class StatusVocabulary:
    """The dated phrases and status words of a run (the config's `[staleness]`)."""

    dated_phrases: tuple[str, ...] = DATED_PHRASES
    status_words: tuple[str, ...] = STATUS_WORDS

    def find(self, text: str) -> str | None:
        """The first status in `text` (as the vocabulary spells it), or None."""
        return _compiled(self)(text)

    def finder(self) -> Callable[[str], str | None]:
        """`find`, looked up once for many texts (each `find` hashes the vocabulary)."""
        return _compiled(self)

    def reader(self) -> StatusReader:
        """`find` and `expiry` at once, looked up once for many texts."""
        return _compiled(self).read

    def expiry(self, text: str, as_of: WrittenOn = None) -> PartialDate | None:
        """The end of the earliest time a statement in `text` looks to, or None: "will close
        at the end of 2026": 31 December 2026; "runs until 30 June 2026"; "will open on
        2025-03-02"; "in Q1 2025": March 2025. Once it has passed, the statement is out of date
        however recently it was written. A time without its year ("in February", "next
        month", "tomorrow", "in the autumn") is read from `as_of`, the date the statement was
        written (the last day it allows), and left unread without it."""
        return _compiled(self).read(text, as_of)[1]


DEFAULT_VOCABULARY = StatusVocabulary()


def _alternation(words: tuple[str, ...]) -> str:
    # Longest first, so "in the coming weeks" wins over "coming weeks"; spaces match any run.
    ordered = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=8)
def _compiled(vocabulary: StatusVocabulary) -> _Finder:
    return _Finder(vocabulary)


def _is_title(text: str) -> bool:
    """Whether a quoted text is a title: every word but the small ones capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", text) if w.lower() not in _SMALL_WORDS]
    return bool(words) and all(w[0].isupper() for w in words)


def _reading(text: str) -> str:
    """`text` as the patterns read it: titles blanked, lower case, contractions in full."""
    if '"' in text or "'" in text or "\u201c" in text or "\u2018" in text:
        text = _QUOTED.sub(
            lambda m: " " * len(m.group()) if _is_title(m.group(m.lastindex or 0)) else m.group(),
            text,
        )
    return lexicon.spelt_out(text)


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group's text, None where the match's pattern has no such group."""
    return match.group(name) if name in match.re.groupindex else None


#: The last day of each season as the northern hemisphere counts them, the latest of its
#: readings (spring ends with May to a meteorologist, on 20 or 21 June to an astronomer).
#: Winter `y` begins in December of `y` and ends in March of `y + 1`.
_SEASON_ENDS = {"spring": (6, 21), "summer": (9, 23), "autumn": (12, 22), "fall": (12, 22)}
_WINTER_END = (3, 21)
#: A year pair ("2024/25", "the 2024/25 financial year") is a year that does not begin in
#: January, so it ends in its later year, on the latest end of those in common use: 30
#: September (the US federal year's; a UK or Indian financial year ends on 31 March, an
#: Australian one on 30 June, an academic year in the summer). A season of sport ("the
#: 2024/25 season") ends by 30 June.
_PAIR_END = (9, 30)
_SEASON_PAIR_END = (6, 30)
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
    "twenty": 20, "thirty": 30,
}  # fmt: skip
_WEEKDAYS = {name: i for i, name in enumerate(_DAY_NAMES.split("|"))}
#: Spans counted from the statement's date: "in two weeks' time", "over the next 12 months".
_SPANS = {
    "day": (1, "d"), "week": (1, "w"), "fortnight": (2, "w"), "month": (1, "m"),
    "quarter": (3, "m"), "year": (1, "y"), "decade": (10, "y"),
}  # fmt: skip
_NOUN = r"(?: ((?:(?:financial|fiscal|tax|academic|school|calendar) )?year|season))?"
_YEARS_TEXT = rf"({_YEAR})(?:[/\u2013-]({_YEAR}|\d\d))?"
_ISO_DAY = re.compile(rf"({_YEAR})([-/.])(\d\d?)\2(\d\d?)")
_NUMERIC_DAY = re.compile(rf"(\d\d?)([/.-])(\d\d?)\2({_YEAR})")
_PART = re.compile(
    rf"(?:(q|h)([1-4]) (?:of )?({_YEAR})|({_YEAR}) ?-?(q|h)([1-4])"
    rf"|(first|second|third|fourth|final|last) (quarter|half) of ({_YEAR}))"
)
_FY = re.compile(r"fy ?(\d\d(?:\d\d)?)(?:[/\u2013-](\d\d(?:\d\d)?))?")
_FY_WORDS = re.compile(rf"(?:financial|fiscal|tax) year {_YEARS_TEXT}")
_SEASON_YEAR = re.compile(rf"({_SEASONS}|fall) (?:of )?{_YEARS_TEXT}")
_CALENDAR = re.compile(
    rf"(?:(\d\d?){_ORD} (?:of )?({_MONTH}|may)|({_MONTH}|may)(?: (\d\d?){_ORD})?)\.?"
    rf"(?: ({_YEAR}))?"
)
_YEARS_ALONE = re.compile(rf"{_YEARS_TEXT}{_NOUN}")
_THIS_UNIT = re.compile(r"(?:the |this )?(?:(year|quarter|month|week|decade)|year[ -]end)")
_BARE_PART = re.compile(r"(q|h)([1-4])")
_PREFIX = re.compile(r"\b(this|next|last)\s+$")
_STARTING = re.compile(r"\b(?:start|beginning)\s+of\s+(?:the\s+)?$")
_ORDINALS = ("first", "second", "third", "fourth")


def _day(year: int, month: int, day: int) -> PartialDate | None:
    try:
        date(year, month, day)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def _years(first: str, second: str | None, noun: str | None = None) -> PartialDate:
    """The end of a year ("2025": 31 December), a year pair ("2024/25": see `_PAIR_END`), a
    range of years ("2024-2026": 2026) or ISO's month ("2025-03")."""
    year = int(first)
    if second is None:
        return PartialDate(year)
    later = year // 100 * 100 + int(second) if len(second) == 2 else int(second)
    if later == year + 1:
        return PartialDate(later, *(_SEASON_PAIR_END if noun == "season" else _PAIR_END))
    if later > year:
        return PartialDate(later)
    if len(second) == 2 and 1 <= int(second) <= 12:
        return PartialDate(year, int(second))  # 2025-03, ISO's March 2025
    return PartialDate(year)


def _season(name: str, year: int) -> PartialDate:
    """The last day of the season `name` of `year` (winter 2025 ends in March 2026)."""
    if name == "winter":
        return PartialDate(year + 1, *_WINTER_END)
    return PartialDate(year, *_SEASON_ENDS[name])


def _undated(
    month: int | None, day: int | None, season: str | None, prefix: str | None, ref: date
) -> PartialDate | None:
    """A month, a day of a month or a season without a year, read from the day `ref` the
    statement was written: bare ("in February" written on 15 January 2025: February 2025), the
    first that ends on or after `ref`; with "this", the one of `ref`'s year (none when it has
    ended); with "next", the one of the year after ("next March" written in January may be
    either March: the later is read); with "last", none (it has passed)."""
    if prefix == "last":
        return None

    def instance(year: int) -> PartialDate | None:
        if season is not None:
            return _season(season, year)
        assert month is not None
        return PartialDate(year, month) if day is None else _day(year, month, day)

    if prefix in ("this", "next"):
        year = ref.year
        if season == "winter" and ref <= date(ref.year, *_WINTER_END):
            year -= 1  # within the winter that began last December
        found = instance(year + (prefix == "next"))
        return None if found is None or found.last < ref else found
    for year in (ref.year - 1, ref.year, ref.year + 1):
        found = instance(year)
        if found is not None and found.last >= ref:
            return found
    return None


def _this(unit: str, ref: date, ahead: int = 0) -> PartialDate:
    """The end of the week, month, year or decade `ref` is in, or `ahead` of them later."""
    if unit == "week":
        sunday = ref + timedelta(days=6 - ref.weekday() + 7 * ahead)
        return PartialDate(sunday.year, sunday.month, sunday.day)
    if unit in ("month", "quarter"):
        months = 3 if unit == "quarter" else 1
        last = (ref.month - 1) // months * months + months  # the last month of ref's
        year, month0 = divmod(last - 1 + ahead * months, 12)
        return PartialDate(ref.year + year, month0 + 1)
    if unit == "decade":
        return PartialDate(ref.year // 10 * 10 + 9 + 10 * ahead)
    return PartialDate(ref.year + ahead)


def _time_end(text: str, before: str, ref: date | None) -> PartialDate | None:
    """The end of the time `text` names (a `_when` match's), `before` the text before it,
    `ref` the day the statement was written (None where unknown: a time without its year is
    then left unread)."""
    text = " ".join(re.sub(r"^(?:mid|early|late)-", "", text).replace(",", " ").split())
    end = _dated_end(text)
    if end is not None or ref is None:
        return end
    prefix = found.group(1) if (found := _PREFIX.search(before)) else None
    return _undated_end(text, prefix, ref)


def _dated_end(text: str) -> PartialDate | None:
    """The end of a time with its year; None for one without."""
    if match := _ISO_DAY.fullmatch(text):
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
        if not 1 <= month <= 12:
            return None
        return _day(year, month, day) or PartialDate(year, month)  # 2025-06-31: June
    if match := _NUMERIC_DAY.fullmatch(text):
        # Day or month first (13/03/2025 and 3/13/2025 are each one day). Where either could
        # be (02/03/2025) the earlier is read: where the later was meant, T001 comes early
        # and says how it read the date (a warning the writer can answer by writing the
        # year first); the later would let a stale statement pass as fresh, without a word.
        readings = numeric_days(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        if len(readings) < 2:
            return readings[0] if readings else None
        earlier, other = readings
        return ReadDay(earlier, f"{text} {either_note(earlier, other)}")
    if match := _PART.fullmatch(text):
        kind = match.group(1) or match.group(5) or match.group(8)[0]
        order = match.group(2) or match.group(6) or match.group(7)
        if order in ("final", "last"):
            number = 4 if kind == "q" else 2
        else:
            number = _ORDINALS.index(order) + 1 if order in _ORDINALS else int(order)
        month = number * (3 if kind == "q" else 6)
        year = int(match.group(3) or match.group(4) or match.group(9))
        return PartialDate(year, month) if month <= 12 else None
    if match := _FY.fullmatch(text):
        start, pair = match.groups()
        # FY2025: the financial year that ends in 2025; whose, so in which month, is not said:
        # 31 December at the latest. FY2024/25 is the pair.
        return _years(start if len(start) == 4 else f"20{start}", pair, "financial year")
    if match := _FY_WORDS.fullmatch(text):
        return _years(match.group(1), match.group(2))
    if match := _SEASON_YEAR.fullmatch(text):
        name, start, pair = match.groups()
        if pair is None:
            # Winter 2025 ends in March 2025 or in March 2026: the later is read.
            return _season(name, int(start))
        return _season(name, _years(start, pair).year - (name == "winter"))
    if match := _YEARS_ALONE.fullmatch(text):
        return _years(match.group(1), match.group(2), match.group(3))
    if (match := _CALENDAR.fullmatch(text)) and match.group(5) is not None:
        day_text = match.group(1) or match.group(4)
        month, year = MONTHS[match.group(2) or match.group(3)], int(match.group(5))
        if day_text is None:
            return PartialDate(year, month)
        return _day(year, month, int(day_text)) or PartialDate(year, month)  # 31 June: June
    return None


def _undated_end(text: str, prefix: str | None, ref: date) -> PartialDate | None:
    """The end of a time without its year, read from the day `ref` it was written."""
    if match := _CALENDAR.fullmatch(text):
        day_text = match.group(1) or match.group(4)
        month = MONTHS[match.group(2) or match.group(3)]
        return _undated(month, int(day_text) if day_text else None, None, prefix, ref)
    if match := _BARE_PART.fullmatch(text):
        month = int(match.group(2)) * (3 if match.group(1) == "q" else 6)
        return _undated(month, None, None, prefix, ref) if month <= 12 else None
    if text in _SEASON_ENDS or text == "winter":
        return _undated(None, None, text, prefix, ref)
    if match := _THIS_UNIT.fullmatch(text):
        return _this(match.group(1) or "year", ref)
    return None


_RELATIVE_NEXT = re.compile(r"(this|next) (\w+)")
_RELATIVE_SPAN = re.compile(
    r"(?:(?:in|within|over|during|for) the (?:next|coming)|in) (?:(\w+|a few) )?(\w+?)(?:'? time)?"
)


def _relative_end(text: str, ref: date) -> PartialDate | None:
    """The end of a time counted from the day `ref` a statement was written: "tomorrow",
    "next week" (its Sunday), "next month", "this year", "next Friday", "next spring", "in two
    weeks' time", "over the next 12 months". None for the past ("last year", "two years ago")
    and for what says no length ("in the coming months", "in a few weeks")."""
    text = " ".join(text.replace("\u2019", "'").split())
    if text == "tomorrow":
        return _day(*(ref + timedelta(days=1)).timetuple()[:3])
    if text == "tonight":
        return PartialDate(ref.year, ref.month, ref.day)
    if match := _RELATIVE_NEXT.fullmatch(text):
        ahead, unit = int(match.group(1) == "next"), match.group(2)
        if unit in ("week", "weekend", "month", "quarter", "year", "decade"):
            return _this("week" if unit == "weekend" else unit, ref, ahead)
        if unit in _WEEKDAYS:
            day = ref + timedelta(days=_WEEKDAYS[unit] - ref.weekday() + 7 * ahead)
            return None if day < ref else PartialDate(day.year, day.month, day.day)
        if unit in MONTHS:
            return _undated(MONTHS[unit], None, None, match.group(1), ref)
        if unit in _SEASON_ENDS or unit == "winter":
            return _undated(None, None, unit, match.group(1), ref)
        return None  # "next day", "next season": no length said
    if match := _RELATIVE_SPAN.fullmatch(text):
        count, unit = match.group(1), match.group(2)
        unit = unit[:-1] if unit.endswith("s") and unit[:-1] in _SPANS else unit
        if unit not in _SPANS:
            return None
        if count is None:
            number = None if match.group(2).endswith("s") else 1  # "the coming months"
        else:
            number = int(count) if count.isdigit() else _NUMBERS.get(count)
        if number is None:
            return None
        amount, letter = _SPANS[unit]
        end = Duration(number * amount, letter).after(ref)
        # Past the calendar's last day (`after` may give `date.max` or raise): no end to read.
        return PartialDate(end.year, end.month, end.day) if end < date.max else None
    return None


def _ends(match: re.Match[str], ref: date | None) -> Iterator[PartialDate]:
    """The ends of the times a construction's match names (`ref`: the day it was written)."""
    for g in ("f", "u"):
        text = _group(match, f"{g}t")
        if text is None:
            continue
        start = match.start(f"{g}t")
        before = match.string[max(0, start - 24) : start]
        try:
            end = _time_end(text, before, ref)
        except (ValueError, OverflowError):  # a date past 9999 from a registry's own
            end = None
        if end is not None and g == "u" and end.day is None and _STARTING.search(before):
            first = end.first  # "until the start of March": through the last day before it
            end = PartialDate(first.year, first.month, first.day)
        if end is not None:
            yield end
    if ref is None:
        return
    deictic = _group(match, "deictic")
    # A time counted from now inside a statement about the future: "will launch next month".
    spans = [deictic] if deictic else [m.group() for m in _DEICTIC_IN.finditer(match.group())]
    for span in spans:
        try:
            end = _relative_end(span, ref)
        except (ValueError, OverflowError):
            end = None
        if end is not None:
            yield end


class _Finder:
    """The vocabulary's patterns, compiled once: at 100,000 claims the searches add up."""

    def __init__(self, vocabulary: StatusVocabulary) -> None:
        words = _alternation(vocabulary.status_words)
        predicate = f"{words}|{_PROCESS}" if words else _PROCESS
        dated = _alternation(vocabulary.dated_phrases)
        # In the order they are tried where several start at one place.
        self.parts: tuple[tuple[str, str], ...] = tuple(
            (name, part)
            for name, part in (
                ("future", rf"(?P<future>{_FUTURE})"),
                ("until", rf"(?P<until>{_UNTIL})"),
                ("deictic", rf"(?P<deictic>{_DEICTIC})"),
                ("since", rf"(?P<since>{_SINCE})"),
                ("level", rf"(?P<level>{_LEVEL})"),
                ("goes_on", rf"(?P<goes_on>{_GOES_ON})"),
                ("dated", rf"(?<![\w-])(?P<dated>{dated})(?![\w-])" if dated else ""),
                ("word", rf"{_PREDICATE}(?P<word>{predicate})(?![\w-])"),
                ("progressive", _PROGRESSIVE),
                ("label", rf"{_LABEL_BEFORE}(?P<label>{words}){_LABEL_AFTER}" if words else ""),
            )
            if part
        )

        # Each phrase's longest word ("coming" of "in the coming weeks"): a text with none of
        # them holds none of the phrases.
        def keys(phrases: tuple[str, ...]) -> frozenset[str]:
            return frozenset(max(w.lower().split(), key=len) for w in phrases if w.strip())

        self.dated_keys = keys(vocabulary.dated_phrases)
        self.word_keys = keys(vocabulary.status_words) | {"under"}
        # Which constructions each word is a cue for: a construction is looked for only in a
        # text holding one of its cues (and, for some, a year or another word as well).
        cues = {**_CUES, "dated": self.dated_keys, "word": self.word_keys, "label": self.word_keys}
        named = {name for name, _ in self.parts}
        self.cued_by: dict[str, tuple[str, ...]] = {}
        for name, cue_words in cues.items():
            if name in named:
                for word in cue_words:
                    self.cued_by[word] = (*self.cued_by.get(word, ()), name)
        self.patterns: dict[tuple[str, ...], re.Pattern[str]] = {}
        self.idioms = re.compile("|".join(re.escape(i) for i in _NOT_STATUS))

    def _chosen(self, lower: str) -> tuple[str, ...]:
        """The constructions `lower` holds the words of."""
        tokens = set(_TOKEN.findall(lower))
        cued: set[str] = set()
        for token in tokens:
            parts = self.cued_by.get(token)
            if parts is not None:
                cued.update(parts)
        if not cued:  # most texts: one look-up per word
            return ()
        year = _YEAR_IN.search(lower) is not None
        chosen = []
        for name, _ in self.parts:
            if name not in cued:
                continue
            if name == "label":
                wanted = "status" in tokens or "(" in lower
            elif name in ("future", "until"):
                wanted = year or not _TIME_WORDS.isdisjoint(tokens)
            elif name == "progressive":
                wanted = any(t.endswith("ing") for t in tokens)
            else:
                wanted = True
            if wanted:
                chosen.append(name)
        return tuple(chosen)

    def _pattern(self, chosen: tuple[str, ...]) -> re.Pattern[str]:
        pattern = self.patterns.get(chosen)
        if pattern is None:
            parts = dict(self.parts)
            pattern = re.compile("|".join(parts[name] for name in chosen), re.MULTILINE)
            self.patterns[chosen] = pattern
        return pattern

    def _matches(self, text: str) -> list[re.Match[str]]:
        lower = _reading(text)
        chosen = self._chosen(lower)
        if not chosen:
            return []
        lower = self.idioms.sub(lambda m: " " * len(m.group()), lower)
        return [m for m in self._pattern(chosen).finditer(lower) if self._counts(m, lower)]

    @staticmethod
    def _counts(match: re.Match[str], lower: str) -> bool:
        """Whether a match is a status: not an aspect word of a past tense, an -ing adjective,
        a gerund naming a task, nor "due to" giving a cause."""
        dated = _group(match, "dated")
        if dated is not None:
            phrase = " ".join(dated.split())
            if phrase in ("tomorrow", "tonight"):  # a name's word is no time ("The Tonight Show")
                return _DAY_WORD_AT.match(lower, match.start("dated")) is not None
            return phrase not in _ASPECT or not _PAST.search(lower, 0, match.start())
        ing = _group(match, "ing")
        if ing is not None:
            if ing in _NOT_PROGRESSIVE:
                return False
            before = lower[max(0, match.start() - 40) : match.start()].split()
            return ing == "being" or not before or before[-1] not in _GERUND_SUBJECTS
        if _group(match, "word") == "due":
            return not re.match(r"\s+to\s+(?!be\b)", lower[match.end() :])
        return True

    def __call__(self, text: str) -> str | None:
        return self.read(text)[0]

    def read(self, text: str, as_of: WrittenOn = None) -> tuple[str | None, PartialDate | None]:
        """The first status in `text` and the end of the earliest time a statement in it
        looks to (times without a year read from `as_of`)."""
        found = None
        ends: PartialDate | None = None
        matches = self._matches(text)
        ref = None
        if matches and as_of is not None:
            written = as_of() if callable(as_of) else as_of
            ref = written.last if written is not None else None
        for match in matches:
            if found is None:
                phrase = (
                    _group(match, "dated")
                    or _group(match, "word")
                    or _group(match, "label")
                    or match.group()
                )
                found = " ".join(phrase.split())
            for when in _ends(match, ref):
                if ends is None or when.last < ends.last:
                    ends = when
        return found, ends
