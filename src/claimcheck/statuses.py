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
Waiting Room") is a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from claimcheck import lexicon
from claimcheck.dates import MONTHS, PartialDate

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
    rf"(?:day|week|weekend|fortnight|month|year|decade|season|{_SEASONS}|{_DAY_NAMES}"
    r"|january|february|march|april|june|july|august|september|october|november|december)"
)
_UNITS = rf"(?:(?:day|week|weekend|fortnight|month|year|decade|season)s|{_UNIT})"
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


#: A date as prose writes it (lower case): 30 june 2026, june 30, 2026, june 2026, 2026, 2026/27.
def _date(g: str) -> str:
    """The date pattern, its groups named after `g` (a pattern may hold it twice)."""
    return (
        rf"(?:(?P<{g}d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<{g}m1>{_MONTH}|may)\.?,?\s+"
        rf"|(?P<{g}m2>{_MONTH}|may)\.?\s+(?:(?P<{g}d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?)?"
        # A comma after the year ends its clause ("in 2025/26, according to"), unless a digit
        # follows it (a number's thousands): "2025/26," is the year pair, not 2025.
        rf"(?<![\d,.])(?P<{g}y>{_YEAR})(?:[/\u2013-](?P<{g}y2>\d\d(?:\d\d)?))?(?![\d%]|,\d)"
    )


_TIME = rf"(?:{_date('f')}|{_MONTH}|(?<=in\s)may|{_SEASONS}|later|soon|shortly)"
_CLAUSE = r"(?:(?![;!?\n]|\.(?:\s|$)).)"
_FUTURE = (
    rf"{_BEFORE}(?:will|shall|(?:is|are|am)\s+(?:set|due|going|planned|poised)\s+to|(?:is|are)\s+to"
    rf"|(?:plans?|intends?|aims?|hopes?)\s+to)(?![\w-]){_CLAUSE}{{0,80}}?"
    rf"(?<![\w-]){_TIME}{_AFTER}"
)
_UNTIL = (
    rf"{_BEFORE}(?:runs?|lasts?|continues?|remains?|stays?|is|are)\s+(?:[^\s.;!?]+\s+){{0,5}}?"
    rf"(?:until|till|through)\s+{_date('u')}"
)
_DEICTIC = (
    rf"{_BEFORE}(?:(?<!the\s)(?:this|next|last)\s+{_UNIT}"
    rf"|(?:in|within|over|during|for)\s+the\s+(?:next|coming)\s+(?:{_NUM}\s+)?{_UNITS}(?!\s+of\b)"
    rf"|(?:{_NUM}|a|an|one)\s+{_UNITS}\s+ago"
    rf"|in\s+(?:{_NUM}|a|an)\s+{_UNITS}['\u2019]?\s+time){_AFTER}"
)
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
    ]
)
_TIME_WORDS = frozenset(
    (*(m for m in MONTHS if m != "may"), "may", *_SEASONS.split("|"), "later", "soon", "shortly")
)
_CUES = {
    "future": _FUTURE_CUES,
    "until": frozenset({"until", "till", "through"}),
    "deictic": frozenset({"this", "next", "last", "ago", "time", "coming"}),
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

    def reader(self) -> Callable[[str], tuple[str | None, PartialDate | None]]:
        """`find` and `expiry` at once, looked up once for many texts."""
        return _compiled(self).read

    def expiry(self, text: str) -> PartialDate | None:
        """The earliest date a statement about the future in `text` points at ("will close
        at the end of 2026": 2026; "runs until 30 June 2026"), or None. Once it has passed,
        the statement is out of date whenever it was written."""
        return _compiled(self).expiry(text)


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


def _date_of(match: re.Match[str], g: str) -> PartialDate:
    """The date a `_date(g)` match names; a year pair ("2026/27") is its second year."""
    year = int(match.group(f"{g}y"))
    end = match.group(f"{g}y2")
    if end:
        later = year // 100 * 100 + int(end) if len(end) == 2 else int(end)
        return PartialDate(later if later > year else year)
    name = match.group(f"{g}m1") or match.group(f"{g}m2")
    if name is None:
        return PartialDate(year)
    day = match.group(f"{g}d1") or match.group(f"{g}d2")
    try:
        result = PartialDate(year, MONTHS[name], int(day) if day else None)
        result.last  # noqa: B018 - validates the day
    except ValueError:  # 31 June: no such day, so the month
        return PartialDate(year, MONTHS[name])
    return result


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group's text, None where the match's pattern has no such group."""
    return match.group(name) if name in match.re.groupindex else None


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
            elif name == "future":
                wanted = year or not _TIME_WORDS.isdisjoint(tokens)
            elif name == "until":
                wanted = year
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

    def expiry(self, text: str) -> PartialDate | None:
        return self.read(text)[1]

    def read(self, text: str) -> tuple[str | None, PartialDate | None]:
        """The first status in `text` and the earliest date a statement about the future
        in it looks to."""
        found = None
        ends: PartialDate | None = None
        for match in self._matches(text):
            if found is None:
                phrase = (
                    _group(match, "dated")
                    or _group(match, "word")
                    or _group(match, "label")
                    or match.group()
                )
                found = " ".join(phrase.split())
            for g in ("f", "u"):
                if _group(match, f"{g}y"):
                    when = _date_of(match, g)
                    if ends is None or when.last < ends.last:
                        ends = when
        return found, ends
