"""The words that turn a statement around while its figures stay: a direction and its opposite
("up 6 per cent", "down 6 per cent"), a negation ("has not fallen"), a rank ("third",
"thirteenth").

A page edited from "attendance was up 6 per cent" to "down 6 per cent", or from "finished
third" to "finished thirteenth", keeps every figure and all but one word: read as words it is
a rewording, but it says another thing. These words are read like figures instead: each side's
are collected and compared (`changes`). The lists are small and closed, pairs of opposites
with their forms; a word of neither list is no evidence either way, so a rewording in other
words ("rose" for "up") stays a rewording.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from claimcheck.lexicon import (
    AFTER,
    BEFORE,
    BETTER,
    DOWN,
    FALL,
    LESS,
    LOSE,
    MORE,
    NEGATIONS,
    PARTICLES,
    RAISE,
    RISE,
    UP,
    WIN,
    WORSE,
)

#: What stands for a figure in a text given to `polar_words` (figures are compared as
#: quantities, not as words): "up # on the previous season".
FIGURE_MARK = "#"


#: Each axis, and the words that say its two opposite directions (all their forms).
_AXES: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    (
        "direction",
        RISE | RAISE | MORE | UP | {"gain", "gains", "gained"},
        FALL | LESS | DOWN,
    ),
    ("result", WIN | BETTER, LOSE | WORSE),
    ("time", AFTER, BEFORE),
)
_DIRECTION: dict[str, tuple[str, int]] = {}
for _axis, _plus, _minus in _AXES:
    _DIRECTION.update(dict.fromkeys(_plus, (_axis, 1)))
    _DIRECTION.update(dict.fromkeys(_minus, (_axis, -1)))

#: "up" and "down" say a direction only before a figure or "by", "from", "on" ("up 6 per
#: cent", "down from 51,900", "up on last year") or at a clause's end ("prices were up."):
#: "made up of", "set up", "broke down" say none.
_PARTICLE = PARTICLES
_PARTICLE_DIRECTION = re.compile(rf"\s*(?:{FIGURE_MARK}|(?:by|from|on)\b|[.,;:!?)]|$)", re.I)


_UNITS = re.findall(r"\w+", "first second third fourth fifth sixth seventh eighth ninth")
_TEENS = re.findall(
    r"\w+",
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth"
    " nineteenth",
)
_TENS = re.findall(
    r"\w+", "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
)
_TENS_CARDINAL = re.findall(r"\w+", "twenty thirty forty fifty sixty seventy eighty ninety")
#: Ordinal words and their rank.
ORDINALS: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_UNITS)},
    **{w: i + 10 for i, w in enumerate(_TEENS)},
    **{w: 20 + 10 * i for i, w in enumerate(_TENS)},
    "hundredth": 100,
}
_CARDINAL_TENS = {w: 20 + 10 * i for i, w in enumerate(_TENS_CARDINAL)}
_CONTRACTION = re.compile(r"\b(?:can't|won't|shan't)|n't\b", re.IGNORECASE)
_TOKEN = re.compile(r"\d+(?:st|nd|rd|th)\b|[^\W\d_]+", re.IGNORECASE)
_DIGIT_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)", re.IGNORECASE)


@dataclass(frozen=True)
class Word:
    """A word that turns a statement: its text as written, where it stands, and what it is:
    ("direction", axis, sign), ("negation", "", 0) or ("rank", "", rank)."""

    text: str
    start: int
    end: int
    kind: str
    axis: str
    value: int


def polar_words(text: str) -> list[Word]:
    """The words of `text` that turn a statement, in order. Spans blanked out of the text
    (figures) hold none."""
    found: list[Word] = []
    contractions = {m.start(): m for m in _CONTRACTION.finditer(text)}
    tokens = list(_TOKEN.finditer(text))
    for i, token in enumerate(tokens):
        word = token.group().lower()
        start, end = token.span()
        # "didn't": "didn" then "t"; the negation is the contraction's.
        contraction = contractions.get(end - 1) or contractions.get(start)
        if contraction is not None and contraction.group().lower().endswith("n't"):
            if contraction.start() in (end - 1, start):
                negation = text[start : contraction.end()]
                found.append(Word(negation, start, contraction.end(), "negation", "", 0))
            continue
        if word == "t" and text[start - 1 : start] in ("'", "\u2019"):
            continue
        if word == "no" and text[end : end + 1] == ".":  # "No. 10"
            continue
        if word in _PARTICLE and not _PARTICLE_DIRECTION.match(text, end):
            continue
        if word in NEGATIONS:
            found.append(Word(token.group(), start, end, "negation", "", 0))
        elif word in _DIRECTION:
            axis, sign = _DIRECTION[word]
            found.append(Word(token.group(), start, end, "direction", axis, sign))
        elif word in ORDINALS or _DIGIT_ORDINAL.fullmatch(word):
            rank = ORDINALS.get(word) or int(_DIGIT_ORDINAL.fullmatch(word).group(1))  # type: ignore[union-attr]
            before = tokens[i - 1] if i else None
            # "twenty-first": one rank of two words.
            if (
                before is not None
                and word in ORDINALS
                and rank < 10
                and before.group().lower() in _CARDINAL_TENS
                and text[before.end() : start] in ("-", " ")
            ):
                rank += _CARDINAL_TENS[before.group().lower()]
                start = before.start()
            found.append(Word(text[start:end], start, end, "rank", "", rank))
    return found


def changes(said: list[Word], now: list[Word]) -> list[str]:
    """How the words `now` (the page's) turn around the statement of `said` (the registry's
    mention): a direction become its opposite or gone, a negation added or taken away, a
    rank changed. Empty when they say the same (the same words, or others of the same
    direction)."""
    found: list[str] = []
    for axis, *_ in _AXES:
        ours = [w for w in said if w.kind == "direction" and w.axis == axis]
        theirs = [w for w in now if w.kind == "direction" and w.axis == axis]
        if {w.value for w in ours} != {w.value for w in theirs}:
            found.append(f"{_listed(ours)} -> {_listed(theirs)}: {axis}")
    ours = [w for w in said if w.kind == "negation"]
    theirs = [w for w in now if w.kind == "negation"]
    if len(ours) % 2 != len(theirs) % 2:
        found.append(f"{_listed(ours)} -> {_listed(theirs)}: negation")
    ranks = Counter(w.value for w in said if w.kind == "rank")
    if ranks != Counter(w.value for w in now if w.kind == "rank"):
        ours = [w for w in said if w.kind == "rank"]
        theirs = [w for w in now if w.kind == "rank"]
        found.append(f"{_listed(ours)} -> {_listed(theirs)}: rank")
    return found


def same_kind(a: Word, b: Word) -> bool:
    """Whether `b` stands where `a` would in a statement: a direction of the same axis, a
    negation, a rank."""
    return a.kind == b.kind and a.axis == b.axis


def _listed(words: list[Word]) -> str:
    return " ".join(repr(w.text) for w in words) if words else "none"
