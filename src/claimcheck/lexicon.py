"""Words that turn a statement round: a rise or a fall, more or less, better or worse, a
win or a loss, kept or cut, approved or refused, included or left out, after or before, and
the negations.

One list for the three readers that compare such words: the page's mentions against the
page (`polarity`), a quote against its source's passage (`sources.wording`), and a figure's
direction in a source (`sources.aspects`). A word one of them knows, all of them know: each
had a list of its own, and "slipped", "plummeted" or "widened" were known to one and not the
others.
"""

from __future__ import annotations

import re


def words(*forms: str) -> frozenset[str]:
    """Every word of `forms`, each a space-separated list."""
    return frozenset(w for f in forms for w in f.split())


#: Verbs and nouns of a rise or a fall, all their forms.
RISE = words(
    "rise rises rising rose risen increase increases increased increasing grow grows growing",
    "grew grown growth climb climbs climbed climbing jump jumps jumped jumping surge surges",
    "surged surging soar soars soared soaring expand expands expanded expanding expansion",
    "boost boosts boosted boosting widen widens widened widening",
    "rebound rebounds rebounded rebounding leap leaps leapt leaped leaping rocket rockets",
    "rocketed rocketing balloon balloons ballooned ballooning swell swells swelled swelling",
    "swollen spike spikes spiked spiking double doubles doubled doubling triple triples",
    "tripled tripling",
)
FALL = words(
    "fall falls falling fell fallen decrease decreases decreased decreasing decline declines",
    "declined declining drop drops dropped dropping shrink shrinks shrank shrunk shrinking",
    "slump slumps slumped slumping plunge plunges plunged plunging plummet plummets",
    "plummeted plummeting reduce reduces reduced reducing reduction reductions cut cuts",
    "cutting narrow narrows narrowed narrowing dip dips dipped dipping contract contracts",
    "contracted contraction slip slips slipped slipping tumble tumbles tumbled tumbling sink",
    "sinks sank sunk sinking dwindle dwindles dwindled dwindling halve halves halved halving",
    "slide slides slid sliding",
)
#: Verbs of a change that say no direction ("changed from 5 to 7", "moved from 40% to 38%"),
#: and recovering, easing and slowing, whose direction depends on what is measured. Not "go"
#: or "goes": "fares go from £5 to £10 depending on distance" is a range.
CHANGE = words(
    "change changes changed changing move moves moved moving shift shifts shifted shifting",
    "went gone edge edges edged edging tick ticks ticked ticking ease eases eased easing",
    "recover recovers recovered recovering accelerate accelerates accelerated accelerating",
    "slow slows slowed slowing lengthen lengthens lengthened lengthening shorten shortens",
    "shortened shortening",
)
#: "Raised taxes" is a rise, but "raised £4.2 million" brought it in: a direction for a
#: statement's words, never for a figure's.
RAISE = words("raise raises raised raising")
#: "Up" and "down" and their adverbs. The particles say a direction only before a figure or
#: "by", "from", "on", or at a clause's end ("up 6 per cent", "down from 51,900", "prices were
#: up"): "made up of", "set up", "broken down into" say none (`particle_directs`).
UP = words("up upward upwards")
DOWN = words("down downward downwards")
PARTICLES = frozenset({"up", "down"})
_PARTICLE_NEXT = frozenset({"by", "from", "on"})


def particle_directs(next_word: str | None) -> bool:
    """Whether "up" or "down" before `next_word` (None: the end of the clause) says a
    direction: before a figure, "by", "from", "on", or at the end."""
    return next_word is None or next_word[:1].isdigit() or next_word in _PARTICLE_NEXT


#: Comparatives: a figure "8% higher" rose; "above 40%" is a bound.
MORE = words("higher highest more most above larger largest bigger greater longer")
LESS = words("lower lowest less least fewer fewest below smaller smallest shorter")
BETTER = words(
    "improve improves improved improving improvement better best strengthen strengthened"
)
WORSE = words(
    "worsen worsens worsened worsening deteriorate deteriorated worse worst weaken weakened"
)
WIN = words("win wins won winning surplus profit profits ahead outperform outperformed")
LOSE = words("lose loses lost losing loss losses deficit behind underperform underperformed")
KEEP = words("protect protects protected protecting safeguard safeguarded preserve preserved")
SCRAP = words("cut cuts cutting remove removed scrap scrapped")
APPROVE = words(
    "approve approves approved accept accepts accepted allow allows allowed permit permitted"
)
REFUSE = words(
    "reject rejects rejected refuse refused ban banned forbid forbidden prohibit prohibited"
)
INCLUDE = words("include includes included including")
EXCLUDE = words("exclude excludes excluded excluding")
AFTER = words("after later")
BEFORE = words("before earlier")
#: Before a time, the words that make it the base a figure is compared with, or the edge it is
#: told from, not the figure's own time: "up 5% on 2023", "higher than in 2015", "compared
#: with 2019", "relative to 2022", "versus 2019", "against the 2020 level", "5% over 2023",
#: "since the end of 2012", "from 2019", "before 2015". One list for every reader of a
#: figure's time (`sources.aspects`, `checks.coverage`, `checks.consistency`, `drafts`): each
#: had its own, and a page's "relative to 2023" was a base to one and the figure's time to
#: another. What a word says besides is each reader's to tell (`comparison_base` gives it).
_COMPARED = r"than|compared\s+(?:with|to)|relative\s+to|versus|vs\.?|against|on|over"
_TOLD_FROM = r"from|since|before|after|until"
_BEFORE_TIME = r"(?:\s+(?:in|the\s+(?:end|start)\s+of))?\s+(?:the\s+)?$"
COMPARISON_BASE = re.compile(rf"(?i)\b(?P<word>{_COMPARED}|{_TOLD_FROM}){_BEFORE_TIME}")
#: Of those, the words of a comparison only: a reader that counts a date from another ("two
#: years after 2012", "on from 2022") reads "from", "since", "before", "after", "until" itself.
COMPARED_WITH = re.compile(rf"(?i)\b(?P<word>{_COMPARED}){_BEFORE_TIME}")
#: Of those, the words that set a base only before a year or a span of years: before a day
#: or a month they say when ("on 30 June 2025", "from April 2025").
BASE_BEFORE_YEAR = frozenset({"on", "over", "from"})
#: After a time, the words that make it another figure's ("the 2019/20 figure", "the 2019
#: baseline", "the 2020 level"), not the time of the figure beside it.
OTHER_FIGURE = re.compile(r"(?i)\s*(?:figure|level|total|rate|average|peak|baseline)s?\b")


def comparison_base(text: str, start: int) -> str | None:
    """The word (lower case, one space) before `start`, a time's, that makes the time a
    comparison's base or the edge it is told from (`COMPARISON_BASE`), or None."""
    found = COMPARISON_BASE.search(text, max(0, start - 32), start)
    return " ".join(found.group("word").lower().split()) if found else None


#: Words that negate what follows (a contraction's n't is read as "not").
NEGATIONS = words("not no never without neither nor none nobody nothing nowhere cannot")
#: "Failed to reduce": a negation of what follows, in a quote.
FAILURES = words("fail fails failed failing")

#: Contractions spelt out, so that a negation or an auxiliary reads as its word ("didn't" as
#: "did not", "cannot" as "can not", "they're" as "they are").
_CONTRACTIONS = (
    (re.compile(r"\bcan'?t\b|\bcannot\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"(?<=[a-z])n't\b"), " not"),
    (re.compile(r"(?<=[a-z])'re\b"), " are"),
    (re.compile(r"(?<=[a-z])'ll\b"), " will"),
    (re.compile(r"(?<=[a-z])'ve\b"), " have"),
)


def spelt_out(text: str) -> str:
    """`text` in lower case with a curly apostrophe straight and contractions in full."""
    text = text.lower().replace("\u2019", "'")
    if "'" not in text:  # most texts: only "can't" without its apostrophe, and "cannot"
        pattern, full = _CONTRACTIONS[0]
        return pattern.sub(full, text) if "can" in text else text
    for pattern, full in _CONTRACTIONS:
        text = pattern.sub(full, text)
    return text
