"""Checkworthiness: does a sentence state something a record could confirm or refute (P004)?

A transparent scorer, not a model: each feature is a pattern with a weight, and a finding
lists the features that fired. Positive features are what factual sentences are made of — a
subject and a verb that reports an event or a state, a name, an attribution or a quotation, a
date, a quantity word; negative ones mark opinion (modal verbs, "we believe", evaluative words,
a question) and text about the page rather than the world (calls to action, bylines, captions,
copyright). An attribution or quotation cancels the opinion markers: that someone said a thing
is checkable whatever they said (the labelling rules of tests/data/checkworthy/). The weights
were set on two of the pages of tests/data/checkworthy/ and measured on the other three
(`bench/checkworthy.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: A sentence scoring this much or more is reported.
THRESHOLD = 3
#: Sentences shorter than this many words are headings, labels or fragments.
MIN_WORDS = 4


def _words(*words: str) -> str:
    return r"\b(?:" + "|".join(words) + r")\b"


def _any(alternatives: str, *, cased: bool = False) -> str:
    """`(?:alternatives)`, tried only where one of them can start: a lookahead for their first
    letters (in either case unless `cased`). The engine tried each alternative at every word
    of every sentence (under IGNORECASE it cannot skip one whose first letter differs)."""
    initials = {alt[0] for alt in alternatives.split("|")}  # a few too many: never too few
    if not cased:
        initials = {c for i in initials for c in (i.lower(), i.upper())}
    return f"(?=[{''.join(sorted(initials))}])(?:{alternatives})"


#: A word as `\b` bounds one in ASCII text.
_TOKEN = re.compile(r"[A-Za-z0-9_]+")


@dataclass(frozen=True)
class _Text:
    """A sentence as the features read it, and, when it is ASCII (where `\\b` and
    IGNORECASE follow plain ASCII rules), its words as written and in lower case."""

    text: str
    words: frozenset[str] | None = None
    lower: frozenset[str] | None = None

    @classmethod
    def of(cls, text: str) -> _Text:
        if not text.isascii():
            return cls(text)
        words = frozenset(_TOKEN.findall(text))
        return cls(text, words, frozenset(w.lower() for w in words))


class _WordList:
    """`\\b(?:alternatives)\\b`, IGNORECASE unless `cased`. In ASCII text a one-word
    alternative stands there exactly when it is one of the text's words: those are looked up
    in a set, and only the others (phrases) are searched for; other text is searched with the
    whole pattern."""

    def __init__(self, alternatives: str, *, cased: bool = False) -> None:
        flags = "" if cased else "(?i)"
        self.cased = cased
        self.pattern = re.compile(rf"{flags}\b{_any(alternatives, cased=cased)}\b")
        alts = _top_level(alternatives)
        single = [a for a in alts if a.isascii() and a.isalpha()]
        self.words = frozenset(single if cased else (a.lower() for a in single))
        phrases = "|".join(a for a in alts if a not in single)
        self.phrases = re.compile(rf"{flags}\b{_any(phrases, cased=cased)}\b") if phrases else None

    def search(self, text: _Text) -> bool:
        words = text.words if self.cased else text.lower
        if words is None:
            return self.pattern.search(text.text) is not None
        if not self.words.isdisjoint(words):
            return True
        return self.phrases is not None and self.phrases.search(text.text) is not None


def _top_level(alternatives: str) -> list[str]:
    """The alternatives of a pattern, split at the `|` outside its groups."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(alternatives):
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == "|" and depth == 0:
            parts.append(alternatives[start:i])
            start = i + 1
    return [*parts, alternatives[start:]]


# The common irregular past tenses (and was/were: "was handed over", "were frozen").
_IRREGULAR_PAST = _words(
    "was", "were", "won", "lost", "rose", "fell", "grew", "paid", "made", "took", "gave",
    "held", "met", "began", "became", "went", "came", "left", "sold", "bought", "built", "cut",
    "ran", "saw", "told", "wrote", "spent", "brought", "chose", "drew", "led", "kept", "broke",
    "found", "shut", "struck", "fought", "sent", "hit", "quit", "froze", "hid", "stole",
    "spoke", "swore", "shook", "withdrew", "undertook", "lent", "bore", "wore", "bound", "dug",
    "fed", "flew", "forbade", "hung", "knew", "laid", "meant", "rode", "rang", "sank", "sang",
    "shone", "shot", "slid", "spun", "stood", "stuck", "swam", "swept", "swung", "taught",
    "threw", "understood", "woke", "wound", "sought", "sat", "slept", "sped", "split", "spread",
    "sprang", "stank", "strove", "tore", "wept", "overtook", "overran", "forgave", "foresaw",
)  # fmt: skip
# -ed words that are adjectives of feeling or praise far more often than events.
_NOT_EVENTS = _words(
    "delighted", "excited", "interested", "talented", "dedicated", "devoted", "thrilled",
    "pleased", "concerned", "worried", "disappointed", "committed", "determined", "amazed",
    "surprised", "shocked", "need", "indeed", "proceed", "succeed", "exceed", "speed", "seed",
    "feed", "breed", "bleed", "red", "bed", "shed", "wed", "fled", "sled", "hundred", "sacred",
    "kindred", "naked", "wicked", "beloved", "blessed", "rugged", "ragged", "aged", "biased",
    "skilled", "limited", "based", "related", "noted", "used", "detailed", "advanced",
    "assisted", "supported", "qualified", "experienced", "registered", "listed",
)  # fmt: skip
_PAST = re.compile(rf"(?i){_IRREGULAR_PAST}|\b(?!{_NOT_EVENTS[2:]})[a-z]{{3,}}ed\b")
# The same test word by word: the pattern tried its alternations at every word, and P004
# scores every sentence of a page.
_LETTER_WORD = re.compile(r"\b[a-z]+\b")
_IRREGULAR_PAST_WORDS = frozenset(_IRREGULAR_PAST[5:-3].split("|"))
_NOT_EVENT_WORDS = frozenset(_NOT_EVENTS[5:-3].split("|"))


def _has_past(text: str) -> bool:
    """Whether the text has a past-tense verb (`_PAST` matches somewhere)."""
    for word in _LETTER_WORD.findall(text.lower()):
        if word in _IRREGULAR_PAST_WORDS:
            return True
        if len(word) > 4 and word.endswith("ed") and word not in _NOT_EVENT_WORDS:
            return True
    return False


# A present-tense statement about a named or definite subject: "X supports", "X is a".
_PRESENT = _WordList(
    "is|are|has|have|carries|lasts|weighs|employs|supports|designs|serves|holds|"
    "runs|owns|covers|includes|contains|lets|allows|requires|costs|opens|closes|uses|"
    "makes|sells|provides|receives|remains",
    cased=True,
)
_ATTRIBUTION = _WordList(
    "found|finds|said|says|stated|states|confirmed|confirms|reported|reports|"
    "announced|announces|admitted|refused|accepted|recommended|concluded|revealed|showed|"
    "shows|claimed|claims|denied|apologised|apologized|warned|ruled|criticised|criticized|"
    "blamed|rejected|approved|voted|according to|told"
)
# Real quotation marks: an opening mark after a space or bracket, closed before a non-letter.
# A possessive or contraction apostrophe ("the women's team") is not one.
# One quoted word ("'troubled' girls") is a scare quote, not a quotation: two words at least.
_QUOTATION = re.compile(
    r"(?=[\"'\u201c\u2018])(?:^|(?<=[\s(\[:]))"
    r"(?:\"[^\"]*\w\s+\w[^\"]*\"|\u201c[^\u201d]*\w\s+\w[^\u201d]*\u201d"
    r"|'[^']*\w\s+\w[^']*'(?!\w)|\u2018[^\u2019]*\w\s+\w[^\u2019]*\u2019(?!\w))"
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)
# A month or weekday's name (as written), or a time in words.
_DATE = (
    _WordList(_MONTHS, cased=True),
    _WordList(
        "yesterday|today|last (?:year|month|week|season)|in the (?:spring|summer|autumn|winter)"
        "|since the|for the (?:first|second|third) time"
    ),
)
_QUANTITY_WORD = _WordList(
    "most|all|every|none|no one|nobody|twice|half|majority|minority|"
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundreds|thousands|"
    "millions|first|second|third|fourth|fifth|only|record|double|doubled|tripled|halved"
)
# A sentence that opens on a definite or indefinite subject, or on a name.
_SUBJECT = re.compile(
    r"^(?:(?:The|A|An|Its|Their|His|Her|Our|This|These|Those|Every|Each)\s|"
    r"[A-Z]\w+(?:\s+[A-Z]\w+)+\s)"
)
# A capitalised word not at the start of the sentence, or two capitalised words at its start.
_NAME = re.compile(
    r"(?<=[\s(\"'\u201c,])(?!(?:I|The|A|An)\b)[A-Z][\w'\u2019-]*[a-z][\w'\u2019-]*"
    r"|^(?!(?:The|A|An|This|That|It|We|Our|They|Their|He|She|His|Her|Its)\b)"
    r"[A-Z]\w+(?:\s+[A-Z]\w+)+"
)
_OPINION = _WordList(
    "should|must|ought|would|could|might|we believe|we think|i think|we hope|"
    "we feel|hope|hopefully|surely|clearly|obviously|deserves?|fears?|perhaps|arguably|"
    "undoubtedly|of course|cannot thank|everyone who|nothing on the market"
)
_EVALUATIVE = _WordList(
    "best|finest|greatest|great|superb|excellent|wonderful|fantastic|amazing|"
    "delight|delightful|proud|exciting|tragedy|tragic|beautiful|stunning|brilliant|perfect|"
    "incredible|comfortable|outstanding|remarkable|impressive|shameful|disgraceful|heart of|"
    "hard to see|future of|never looked|love|loved|deserve|better than|the most"
)
_BOILERPLATE = re.compile(
    r"(?i)^(?:click|subscribe|follow|sign up|sign in|share|book|contact|email|call|visit|"
    r"read|get in touch|accept|join|pre-order|order|buy|download|register|find out|see|"
    r"watch|listen|like|donate|tap|manage|want to|do you|photo|photograph|picture|image|"
    r"pictured|caption|related|read more|media contact|published|posted|updated|written by|"
    r"by\s+(?:our|the|[A-Z]))\b"
    r"|\u00a9|(?i:"
    + _any(
        "copyright|all rights reserved|cookies|terms and conditions|newsletter|"
        "for immediate release|available on request|on our website|most read"
    )
    + ")"
)


# An instruction to the reader, at the start or after a dash or colon: "Run the cold tap",
# "The system failed before - make it work now".
_IMPERATIVE = re.compile(
    r"(?:^|\s[-\u2013\u2014:]\s+)(?i:make|do|don't|let's|help|tell|ask|remember|stop|start|"
    r"keep|try|take|give|demand|write|run|check|use|avoid|report|please)\b"
)
_SMALL_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with")
)


def _is_heading(text: str) -> bool:
    """Title Case with no closing punctuation: "Who Benefited from Inaction"."""
    if text.endswith((".", "!", "?", ";", ":", '"', "\u201d")):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", text) if w.lower() not in _SMALL_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


@dataclass(frozen=True)
class Score:
    """A sentence's score and the features that gave it, in the order they count."""

    total: int
    features: tuple[str, ...]

    @property
    def checkworthy(self) -> bool:
        return self.total >= THRESHOLD


def _has(pattern: re.Pattern[str]) -> Callable[[_Text], bool]:
    return lambda text: pattern.search(text.text) is not None


#: (name, weight, test), in the order they are listed in a finding (strongest first).
_FEATURES: tuple[tuple[str, int, Callable[[_Text], bool]], ...] = (
    ("about the page", -5, _has(_BOILERPLATE)),
    ("heading", -3, lambda text: _is_heading(text.text)),
    ("instruction", -3, _has(_IMPERATIVE)),
    ("question or exclamation", -3, lambda text: text.text.endswith(("?", "!"))),
    ("opinion marker", -3, _OPINION.search),
    ("evaluative", -2, _EVALUATIVE.search),
    ("attribution", 2, _ATTRIBUTION.search),
    ("quotation", 2, _has(_QUOTATION)),
    ("past-tense verb", 2, lambda text: _has_past(text.text)),
    ("named entity", 1, _has(_NAME)),
    ("date", 1, lambda text: any(words.search(text) for words in _DATE)),
    ("quantity word", 1, _QUANTITY_WORD.search),
)


def score(sentence: str) -> Score:
    """The checkworthiness of one sentence (see the module's docstring)."""
    text = " ".join(sentence.split())
    if len(text.split()) < MIN_WORDS:
        return Score(0, ("too short",))
    read = _Text.of(text)
    found = [(name, weight) for name, weight, test in _FEATURES if test(read)]
    if not any(name == "past-tense verb" for name, _ in found) and _PRESENT.search(read):
        found.append(("present-tense verb", 1))
    verb = any(name.endswith("verb") for name, _ in found)
    if verb and _SUBJECT.search(text):
        found.append(("subject and verb", 1))
    if any(name in ("attribution", "quotation") for name, _ in found):
        # Reported speech is checkable whatever it says: "He said the work could not wait".
        found = [f for f in found if f[0] not in ("opinion marker", "evaluative")]
    positive = sorted((f for f in found if f[1] > 0), key=lambda f: -f[1])
    negative = [f for f in found if f[1] < 0]
    return Score(sum(w for _, w in found), tuple(name for name, _ in positive + negative))
