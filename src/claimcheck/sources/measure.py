"""What a figure in a source counts: the words of its own clause, not every word near it.

A source sentence often names several measures ("Of these, 56 resulted in a charge: the charge
rate for burglary was 1.3%"). A claim's `measure` is read in the clause that holds its figure,
found by a small, documented segmentation (no parser: it runs for every figure of every
cited source):

1. **Sentences** end at `.`, `!` or `?` before a space, or at a line break. A source is read
   with its line breaks inside sentences as spaces (`sentences.unwrap`: a sentence wrapped
   across lines is one sentence); those left end a block (a blank line, a table row, a list
   item, a heading).
2. **Strong separators** always end a clause: `;`, a dash (an em dash, or a spaced hyphen or
   en dash) and brackets.
3. **Weak separators** (a comma that is not a thousands separator, a colon, and the
   coordinators *and, or, but, while, whereas, although, though, yet*) end a clause only
   between two parts that each hold a figure of their own ("x rose by 3% and y by 5%").
   Otherwise they join words within one clause ("abuse and exploitation offences", "the
   proportion of pupils reaching the expected standard, 61%", "Conviction rate: 1.3%").
4. A clause after a comma or colon **describes the one before** (and takes its words) when it
   opens a non-restrictive relative clause (*which, who, of whom...*), an infinitive (*to*),
   a participle (*-ing*) or a comparison (*compared with, up from, against*); and a clause
   opening with a preposition ("Of these 56 cases, 41 ...") frames the next one. A clause
   after a coordinator ("and y by 5%") is a clause of its own.
5. A figure whose clause names nothing but the figure ("...rose to 1.3%", "(1.3%)") takes the
   words of the nearest clause before it that does (after it, at a sentence's start).

   A clause opening with *it, this, they...*, or naming nothing in a sentence that names
   nothing ("It was 48,900 the season before."), takes the subject of the sentence before.
   A clause opening with a verb ("..., will add 1,150 beds") is the predicate of the one
   before and takes its words too.

A claim's measure is compared with that scope by its **distinctive terms**: its words less
stop words and the words every measure shares (rate, number, share...), after a light suffix
stripper ("conviction", "convictions" and "convicted" are one term). Words of change (rose,
fell, up, growth...) all stand for one term, matched anywhere in the sentence, since a list
drops the verb ("x rose by 3% and y by 5%").

The source gives the figure as **another measure** (`same_measure` is False, Q006) only
when its clause names something else, in one of two ways:

- the clause names things, and none of them is a term of the measure ("completions were
  154,000" for "apprenticeship starts"; "against a target of 95%" for "patients seen within
  four hours", even though it takes those words from the clause before); or
- a term of the measure is missing from the scope, and where the measure has it, next to a
  term both share, the source has another word ("the *charge* rate" for "conviction rate",
  "*median* weekly pay" for "mean weekly pay", "cases *referred*" for "cases charged").

A term merely absent is not another measure: the measure is narrower than the source's words
("consumer price inflation" for "Inflation was 3.2%", "share of victims who told no one" for
"; 61% told no one"). Words that only place a figure in time (year, March, season) or rank it
name nothing, and neither do the words every measure shares.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from claimcheck.sources.sentences import sentence_ends


def _wordlist(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words every measure shares: "charge rate" and "conviction rate" differ by the other word.
GENERIC = _wordlist(
    """rate rates number numbers total totals share shares proportion proportions percentage
    percentages percent per cent figure figures level levels count counts amount amounts people
    person persons individuals ratio fraction quantity value values estimate estimated
    statistic statistics data measure sum point points"""
)
#: Function words, and the words that report a figure rather than say what it counts.
_FUNCTION = _wordlist(
    """a an the of in on at to by for from with within into onto as and or but nor so yet
    while whereas although though than that this these those there their they them its it
    he she his her we our you your who whom whose which what when where why how all any
    each every some such no not only also just about around approximately roughly nearly
    almost over under more less fewer most least be is are was were been being has have
    had having do does did will would could should may might can must shall said says say
    reported reports found finds showed shows show stood stand stands reached reach reaches
    went go goes compared compare against versus vs million millions billion billions
    thousand thousands hundred hundreds one two three four five six seven eight nine ten
    first last during between since until after before new latest then now still among
    across ago earlier later previously made make makes making accounted amounted totalled
    totaled totalling comprised represented represents came"""
)
#: Words that place a figure in time: they say when, not what is counted (calendar periods
#: and their names; durations of the clock, hours and minutes, can be what a figure counts).
_WHEN = _wordlist(
    """day days week weeks month months quarter quarters season seasons year years decade
    decades century annual annually yearly monthly weekly daily january february march april
    june july august september october november december spring summer autumn winter
    monday tuesday wednesday thursday friday saturday sunday"""
)
#: Words that say a figure is a change. Pages drop the verb in a list ("x rose by 3% and y
#: by 5%"), so a measure of change ("rise in y") is matched by any of them in the sentence.
_CHANGE = _wordlist(
    """rose rise rises risen rising fell fall falls fallen falling increased increase
    increases increasing decreased decrease decreases decreasing grew grow grows growing
    growth dropped drop drops dropping declined decline declines declining up down reduced
    reduction reductions reduce cut cuts change changes changed higher lower smaller larger
    bigger"""
)
CHANGE = "+change"  # the one term all of them stand for: no word stems to it
#: Words that open a clause describing the one before it.
_DEPENDENT = _wordlist(
    "which who whom whose where to compared against up down versus vs including than"
)
#: Words that open a predicate: its subject is in the clause before ("..., will add 1,150").
_AUXILIARY = _wordlist(
    "is are was were will would can could may might shall should must has have had"
)
#: Pronouns that open a sentence about the subject of the one before ("It was 48,900...").
_ANAPHORA = _wordlist("it this that they these those its their")
_PREPOSITIONS = _wordlist("of among in for across from at by on during within between")
_IRREGULAR = {
    "children": "child",
    "women": "woman",
    "men": "man",
    "died": "death",
    "dies": "death",
    "dying": "death",
    "dead": "death",
    "deaths": "death",
    "paid": "pay",
    "sold": "sell",
    "bought": "buy",
    "spent": "spend",
    "taken": "take",
    "took": "take",
    "held": "hold",
    "lost": "lose",
    "left": "leave",
    "seen": "see",
    "saw": "see",
}
_TOKEN = re.compile(r"[a-z]+")
#: How many clauses back a describing clause takes words from.
_CHAIN = 3
# `,` not before a digit (2,350); `:` not before a digit (10:30); coordinators as words.
_SEPARATOR = re.compile(
    r"(?P<strong>;|\s[-\u2013\u2014]{1,2}\s|\u2014|[()\[\]])"
    r"|(?P<weak>,(?!\d)|:(?!\d)|\b(?:and|or|but|while|whereas|although|though|yet)\b)",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1 << 16)  # a source repeats its words: stem each once
def stem(word: str) -> str:
    """A light suffix stripper: plurals, -ed, -ing, -ion, -ment, a final e, doubled consonants
    ("convictions", "convicted", "conviction" -> "convict"; "admitted", "admission" -> "admit").
    Derivations that change meaning (offence/offender) are kept apart."""
    word = word.lower()
    if word in _CHANGE:
        return CHANGE
    word = _IRREGULAR.get(word, word)
    if len(word) > 4 and word.endswith(("ies", "ied")):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix, replace, keep in (("ission", "it", 2), ("ment", "", 4), ("ion", "", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: -len(suffix)] + replace
            break
    else:
        for suffix in ("ing", "ed"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                    word = word[:-1]  # admitt -> admit, stopp -> stop (not fall, pass)
                break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # charge/charged, replace/replaced
    elif len(word) > 4 and word.endswith("y") and word[-2] not in "aeiou":
        word = word[:-1]  # recovery/recovered, burglary/burglaries
    return word


def words(text: str) -> frozenset[str]:
    """The stems of `text`'s content words (function words and single letters dropped,
    generic ones kept)."""
    return frozenset(_stems(text))


def _stems(text: str) -> list[str]:
    """The stems of `text`'s content words, in order."""
    return [stem(w) for w in _TOKEN.findall(text.lower()) if w not in _FUNCTION and len(w) > 1]


_GENERIC_STEMS = frozenset(stem(w) for w in GENERIC)
_WHEN_STEMS = frozenset(stem(w) for w in _WHEN)
#: Stems that name nothing a figure counts: shared by every measure, change, time.
_UNNAMING = _GENERIC_STEMS | _WHEN_STEMS | {CHANGE}
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _named(stems: frozenset[str]) -> frozenset[str]:
    """The stems that name what a figure counts."""
    return stems - _UNNAMING


def measure_terms(measure: str) -> frozenset[str]:
    """The words that tell the claim's measure from another: its content words less the
    generic ones (all of them if nothing else is left). A bracket annotates a measure
    ("(a conservative estimate)"), so its words are not required."""
    found = words(_BRACKETED.sub(" ", measure))
    return found - _GENERIC_STEMS or found


def describes(terms: frozenset[str], scope: frozenset[str]) -> bool:
    """The measure's distinctive terms are in the figure's scope (one may be missing from a
    measure of five terms or more: long measures describe more than a source's clause says)."""
    return len(terms - scope) <= len(terms) // 5


@dataclass(frozen=True, slots=True)
class Measure:
    """A claim's measure, prepared for comparing with figures' scopes: its distinctive terms
    and the stems of its words in order (to find what stands next to a shared term)."""

    terms: frozenset[str]
    sequence: tuple[str, ...]
    #: The stems of its past forms ("replaced", "convicted"): what was done to the things.
    verbs: frozenset[str]
    stems: frozenset[str] = field(init=False)
    #: What kind of figure the claim is: an actual (None), a "target" or a "projection"
    #: (`kind_of`), from its measure or the clause of its value in its text; and whether
    #: that clause speaks of the future ("will spend"), which any kind of figure may bear out.
    kind: str | None = None
    future: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "stems", frozenset(self.sequence))


@functools.lru_cache(maxsize=1 << 12)
def prepare(measure: str) -> Measure:
    """The claim's `measure` as terms and a sequence of stems (brackets left out)."""
    text = _BRACKETED.sub(" ", measure)
    verbs = frozenset(
        stem(w) for w in _TOKEN.findall(text.lower()) if _past(w) and w not in _FUNCTION
    )
    kind = kind_of(text, 0, len(text))
    return Measure(measure_terms(measure), tuple(_stems(text)), verbs, kind)


def same_measure(
    measure: Measure, page: str, scope: Scope, figure: tuple[int, int] | None = None
) -> bool:
    """The source does not give the figure as another measure: its clause names no thing
    that rules the claim's measure out (see the module's docstring). False is Q006.
    `figure`, the figure's own offsets, is read through: "spend £48.3 million on
    children's services" has "children's" beside "spend" as "spend on adult social care"
    has "adult"."""
    if not _same_kind(measure, page, scope, figure):
        return False  # "the target for emissions is 102" for the emissions themselves
    named_terms = measure.terms - _UNNAMING
    if scope.named and named_terms and not scope.named & named_terms:
        return False  # the clause names things, none of them the measure's
    if describes(measure.terms, scope.words):
        return True
    missing = measure.terms - scope.words
    if measure.verbs & missing and _other_verb(measure, page, scope):
        return False  # "surveyed 2,350 pipes" for "pipes replaced"
    return not _rival_beside(measure, missing, page, scope, figure)


#: Words that make a figure a target, or a projection, rather than what was (or is) so.
_TARGET = _wordlist("target targets goal goals ambition ambitions aim aims pledge pledged")
_PROJECTION = _wordlist(
    """projected projection projections forecast forecasts forecasted predicted prediction
    predictions predicts"""
)
_KIND_WORD = re.compile(r"[A-Za-z]+(?:\s+to\b)?")
#: "expected to", "likely to": a projection too.
_PROJECTED_TO = _wordlist("expected likely")
#: Words before a target that compare a figure with it, not make it one ("on target",
#: "against a target of", "missed its target", "below the forecast").
_COMPARED = _wordlist(
    """against on off hit hits met meet meets meeting missed miss misses beat beats beating
    exceeded exceeds exceeding surpassed above below ahead behind short than versus vs within
    under over compared"""
)
#: Words between a target and its figure that leave the figure the target's ("a target of
#: 95", "the forecast is 102", "projected to be 102", "target: 95").
_TO_FIGURE = _wordlist("of is was are were be been at to for by a an the its their set")
_FUTURE = re.compile(r"(?i)\b(?:will|shall|won't|(?:is|are)\s+(?:due|set|to)\s+(?:to\s+)?\w+)\b")


def kind_of(page: str, start: int, end: int, figure: int | None = None) -> str | None:
    """What kind of figure page[start:end] (a figure's clause) makes its figure: "target",
    "projection", or None (what was or is so). A target word before the figure (at offset
    `figure`) makes it one only when it leads to it ("a target of 95", "projected to be
    102"): "The shelter, whose goal is to end rough sleeping, housed 310 people" is what
    was so. A target word after it, or anywhere when no figure is given, makes one unless
    a word that compares comes before it ("on target", "against the forecast")."""
    words = [(m.group().lower(), m.start()) for m in _KIND_WORD.finditer(page, start, end)]
    for i, (word, at) in enumerate(words):
        head = word.split()[0]
        if head in _TARGET:
            kind = "target"
        elif head in _PROJECTION or (head in _PROJECTED_TO and word.endswith("to")):
            kind = "projection"
        else:
            continue
        if figure is not None and figure > at:
            if _leads_to(words[i + 1 :], figure, word.endswith(" to")) or _names_then_leads(
                page, words[i + 1 :], figure
            ):
                return kind
            continue  # its own words come between: the word is not the figure's
        if any(w.split()[0] in _COMPARED for w, _ in words[max(0, i - 3) : i]):
            continue
        return kind
    return None


def _leads_to(after: list[tuple[str, int]], figure: int, verb: bool = False) -> bool:
    """Only words that lead to a figure stand between a target word and the figure; with
    `verb`, one word after a "to" too, its verb ("expected to rise by 4.99", "aims to house
    400"; not "whose goal is to end rough sleeping, housed 310")."""
    for word, at in after:
        if at >= figure:
            return True
        parts = word.split()[1:] if verb else word.split()  # the verb after "to" may be any
        if any(w not in _TO_FIGURE for w in parts):
            return False
        verb = word == "to" or word.endswith(" to")
    return True


#: What a clause's words between a target and a figure must not hold for the target to
#: lead to the figure through its measure's words: a break in the clause.
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")


def _names_then_leads(page: str, after: list[tuple[str, int]], figure: int) -> bool:
    """ "target for total greenhouse gas emissions is 102": the target word, "for" and its
    measure's words, then words that lead to the figure, in one unbroken stretch (no comma,
    no "to" of another verb: "whose goal is to end rough sleeping, housed 310" is not)."""
    between = [(w, at) for w, at in after if at < figure]
    if len(between) < 2 or between[0][0] != "for" or len(between) > 10:
        return False
    if any(w.endswith(" to") or w == "to" for w, _ in between):
        return False
    if _CLAUSE_BREAK.search(page, between[0][1], figure):
        return False
    return all(w in _TO_FIGURE for w in between[-1][0].split())


def speaks_of_future(page: str, start: int, end: int) -> bool:
    """page[start:end] says what will be ("will spend", "is due to open", "is to rise")."""
    return _FUTURE.search(page, start, end) is not None


def figure_kind(page: str, scope: Scope, figure: tuple[int, int] | None = None) -> str | None:
    """What kind of figure the source's is (`kind_of`), read in its clause, else in the
    clauses it takes its words from ("The target for 2030, which ..., is 102")."""
    at = figure[0] if figure is not None else None
    kind = kind_of(page, scope.own_start, scope.own_end, at)
    if kind is None and scope.start < scope.own_start:
        kind = kind_of(page, scope.start, scope.own_start)
    return kind


def _same_kind(measure: Measure, page: str, scope: Scope, figure: tuple[int, int] | None) -> bool:
    """The figure is of the kind of the claim: a target for a target, a projection for a
    projection, what was so for what was so; a claim of what will be is borne out by any,
    and a target or a projection by a figure of what will be."""
    kind = figure_kind(page, scope, figure)
    if kind == measure.kind or (measure.kind is None and measure.future):
        return True
    return (
        kind is None
        and measure.kind is not None
        and speaks_of_future(page, scope.own_start, scope.own_end)
    )


#: Past forms that do not end in -ed.
_PAST = _wordlist(
    "paid sold bought spent taken took held lost left seen saw told given kept won built sent"
)


def _past(word: str) -> bool:
    """A past tense or participle: what was done to the things counted ("replaced")."""
    return (len(word) > 4 and word.endswith("ed")) or word in _PAST


def _other_verb(measure: Measure, page: str, scope: Scope) -> bool:
    """The figure's own clause says something else was done to what it counts: a past form
    that is not the measure's ("surveyed" where the measure says "replaced"). Words of change
    and the verbs that only report a figure (recorded... made) do not count."""
    for word in _TOKEN.findall(page[scope.own_start : scope.own_end].lower()):
        if _past(word) and word not in _FUNCTION and word not in GENERIC:
            found = stem(word)
            if found != CHANGE and found not in measure.stems:
                return True
    return False


#: Words, figures and the punctuation a neighbour is not looked for across.
_SLOT_TOKEN = re.compile(r"[A-Za-z]+|\d[\d,.]*|[;:,()\[\]\u2013\u2014\u00a3$\u20ac%]")


def _rival_beside(
    measure: Measure,
    missing: frozenset[str],
    page: str,
    scope: Scope,
    figure: tuple[int, int] | None = None,
) -> bool:
    """Where the measure has a missing term next to a term the source shares, the source
    has another word ("the charge rate" for "conviction rate"; "monthly pay" for "weekly
    pay"). Function words and the figure itself are passed over; another figure or a
    punctuation mark ends the search, and so does a word of change or a generic word."""
    tokens: list[str | None] = []
    for match in _SLOT_TOKEN.finditer(page, scope.start, scope.end):
        if figure is not None and figure[0] <= match.start() < figure[1]:
            continue  # the figure stands inside the phrase that names what it counts
        word = match.group().lower()
        if not word[0].isalpha():
            tokens.append(None)
        elif word not in _FUNCTION and len(word) > 1:
            tokens.append(stem(word))
    sequence = measure.sequence
    for i, term in enumerate(sequence):
        if term not in missing:
            continue
        for at, side in ((i - 1, 1), (i + 1, -1)):
            if not 0 <= at < len(sequence) or sequence[at] in missing:
                continue
            for p, token in enumerate(tokens):
                q = p + side
                if (
                    token == sequence[at]
                    and 0 <= q < len(tokens)
                    and _rival(tokens[q], term, measure)
                ):
                    return True
    return False


def _rival(token: str | None, term: str, measure: Measure) -> bool:
    """`token` stands where the measure has `term` and names another thing: a word of the
    source's that is not the measure's, not generic, not a word of change, and a time only in
    place of a time ("monthly pay" for "weekly pay", not "in March" for "consumer price")."""
    if token is None or token in measure.stems or token in _GENERIC_STEMS or token == CHANGE:
        return False
    return token not in _WHEN_STEMS or term in _WHEN_STEMS


@dataclass(frozen=True, slots=True)
class Scope:
    """A figure's measure in its source: the stems that describe it, where its scope (its
    clause with any it takes words from) is, and its own clause, to quote it back."""

    words: frozenset[str]
    start: int
    end: int
    own_start: int
    own_end: int
    #: What the figure's clause names (less generic, change and time words): its own
    #: words, or those of the clause or sentence it takes them from when it names nothing.
    named: frozenset[str] = frozenset()
    #: The figure's sentence (`aspects` looks there for a verb a clause leaves out).
    sentence_start: int = 0
    sentence_end: int = 0
    #: Where the figure's time and direction are read (`aspects`): its own clause, read on
    #: across a bracket it meets ("102 MtCO2e (provisional) in 2022": a bracket is an aside,
    #: not a clause's end); None: its own clause. `asides` are the brackets read across.
    reach: tuple[int, int] | None = None
    asides: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    attached: bool  # opened by a comma or colon: it may describe the clause before
    figures: int
    text: str


def scopes(page: str, figures: Sequence[tuple[int, int, bool]]) -> list[Scope]:
    """The scope of each figure, given as (start, end, dated) in page order. Linear in the
    page: each sentence holding a figure is segmented once. Each line break ends a
    sentence but one inside a figure: a source's page is passed as `sentences.unwrap` gives
    it, its sentences each on one line."""
    out: list[Scope] = []
    i, n = 0, len(figures)
    start = 0
    previous: tuple[int, int] | None = None  # the last sentence that has words
    ends = sentence_ends(page, [(f[0], f[1]) for f in figures])
    for end in itertools.chain(ends, (len(page),)):
        if i < n and figures[i][0] < end:
            j = i
            while j < n and figures[j][0] < end:
                j += 1
            out.extend(_sentence(page, start, end, figures[i:j], previous))
            i = j
        if _has_words(page, start, end):
            previous = (start, end)
        start = end
        if i >= n:
            break
    while len(out) < n:  # unreachable in practice: a figure past the last sentence end
        f = figures[len(out)]
        out.append(Scope(words(page[f[0] : f[1]]), f[0], f[1], f[0], f[1], frozenset(), *f[:2]))
    return out


_LETTER = re.compile(r"[A-Za-z]")


def _has_words(page: str, start: int, end: int) -> bool:
    return _LETTER.search(page, start, end) is not None


def _subject(page: str, sentence: tuple[int, int] | None) -> frozenset[str]:
    """The words of a sentence's first clause, up to its first strong separator: what a
    pronoun in the next sentence stands for."""
    if sentence is None:
        return frozenset()
    start, end = sentence
    strong = next((m for m in _SEPARATOR.finditer(page, start, end) if m.group("strong")), None)
    return words(page[start : strong.start() if strong else end])


def _sentence(
    page: str,
    start: int,
    end: int,
    figures: Sequence[tuple[int, int, bool]],
    previous: tuple[int, int] | None = None,
) -> list[Scope]:
    # 1. Pieces between separators, each with the kind of separator that opened it. (Every
    # step walks the sentence once: a page may be one long line of figures.)
    pieces: list[tuple[int, int, bool, bool]] = []
    at, weak, coordinated = start, True, False
    f = 0
    for sep in _SEPARATOR.finditer(page, start, end):
        while f < len(figures) and figures[f][1] <= sep.start():
            f += 1
        if f < len(figures) and figures[f][0] <= sep.start():
            continue  # inside a figure ("78-79%", "1 June 2024")
        if page[at : sep.start()].strip():
            pieces.append((at, sep.start(), weak, coordinated))
            weak, coordinated = True, False
        weak = weak and sep.group("weak") is not None
        coordinated = coordinated or sep.group("weak") not in (None, ",", ":")
        at = sep.end()
    if page[at:end].strip():
        pieces.append((at, end, weak, coordinated))

    # 2. Clauses: pieces joined across weak separators unless both sides hold a figure (a
    # date or year is not one: "between 2010 and 2020" is one clause).
    counted = [fig[0] for fig in figures if not fig[2]]
    clauses: list[_Clause] = []
    f = 0
    for a, b, opened_weak, coordinated in pieces:
        count = 0
        while f < len(counted) and counted[f] < b:
            count += counted[f] >= a
            f += 1
        last = clauses[-1] if clauses else None
        if last is not None and opened_weak and (not count or not last.figures):
            last.end, last.figures = b, last.figures + count
        else:
            # A clause after a comma or colon may describe the one before; one after a
            # coordinator ("and y by 5%") is a clause of its own.
            clauses.append(_Clause(a, b, opened_weak and not coordinated, count, ""))
    for c in clauses:
        c.text = page[c.start : c.end]
    own = [words(c.text) for c in clauses]
    # What each clause names, its figures (and their units: "68.2 megalitres", "14 days")
    # left out: a unit says how a figure is measured, not what it counts, and the claim's
    # unit is compared with it, not its measure.
    names: list[frozenset[str]] = []
    f = 0
    for c in clauses:
        text, at = [], c.start
        while f < len(figures) and figures[f][0] < c.end:
            text.append(page[at : max(at, figures[f][0])])
            at = max(at, figures[f][1])
            f += 1
        text.append(page[at : c.end])
        names.append(_named(words(" ".join(text))))
    content = [bool(n) for n in names]
    if any(CHANGE in w for w in own):
        own = [w | {CHANGE} for w in own]

    # 3. What each clause takes from the ones before it (a describing clause, a frame), at
    # most _CHAIN clauses back.
    taken: list[frozenset[str]] = []
    first: list[int] = []
    for k, c in enumerate(clauses):
        scope, begin = own[k], k
        if (
            k
            and c.attached
            and (_describing(c.text) or _continues(c.text) or _frame(clauses[k - 1].text))
        ):
            if k - first[k - 1] < _CHAIN:
                scope, begin = scope | taken[k - 1], first[k - 1]
            else:
                scope, begin = scope | own[k - 1], k - 1
        taken.append(scope)
        first.append(begin)

    # 4. A clause with nothing but the figure borrows the nearest one that names something:
    # before it, or after it at a sentence's start.
    before: list[int | None] = []
    nearest: int | None = None
    for k in range(len(clauses)):
        before.append(nearest)
        nearest = k if content[k] else nearest
    after: list[int | None] = [None] * len(clauses)
    nearest = None
    for k in range(len(clauses) - 1, -1, -1):
        after[k] = nearest
        nearest = k if content[k] else nearest

    # 5. A sentence about the one before ("It was 48,900 the season before."): a clause
    # opening with a pronoun, or naming nothing in a sentence that names nothing, takes the
    # words of the sentence before's first clause.
    antecedent: frozenset[str] | None = None
    if previous is not None and (_first_word(clauses[0].text) in _ANAPHORA or not any(content)):
        antecedent = _subject(page, previous)

    result = []
    edges = ({c.start: c for c in clauses}, {c.end: c for c in clauses})
    k = 0
    for fig in figures:
        while k + 1 < len(clauses) and clauses[k].end <= fig[0]:
            k += 1
        scope, begin, stop = taken[k], clauses[first[k]].start, clauses[k].end
        quoted = (clauses[k].start, clauses[k].end)
        named = names[k]
        near = before[k] if before[k] is not None else after[k]
        if not content[k] and near is not None:
            scope = scope | taken[near]
            begin = min(begin, clauses[first[near]].start)
            stop = max(stop, clauses[near].end)
            quoted = (min(quoted[0], clauses[near].start), max(quoted[1], clauses[near].end))
            named = names[near]
        if antecedent is not None and (first[k] == 0 or not content[k]):
            scope = scope | antecedent
            named = named | _named(antecedent)
        reach, asides = _across_brackets(page, quoted, edges, counted, (start, end))
        result.append(Scope(scope, begin, stop, *quoted, named, start, end, reach, asides))
    return result


_OPEN, _CLOSE = "([", ")]"
#: The longest bracket read across as an aside.
_ASIDE = 400


def _across_brackets(
    page: str,
    own: tuple[int, int],
    edges: tuple[dict[int, _Clause], dict[int, _Clause]],
    counted: Sequence[int],
    sentence: tuple[int, int],
) -> tuple[tuple[int, int] | None, tuple[tuple[int, int], ...]]:
    """The figure's clause read on across the brackets at its edges: the clause right after
    a bracket it ends at ("(MtCO2e) in 2022"), up to that clause's first figure ("in 2022,
    a fall of 4.1%" is read up to "4.1%"); the clause right before a bracket it starts
    after, when that has no figure; and the brackets read across. (None, ()): its clause
    meets no bracket. `counted` are the starts of the sentence's figures (not its times)."""
    start, stop = own
    sentence_start, end = sentence
    asides: list[tuple[int, int]] = []
    starting, ending = edges
    while stop < end and page[stop] in _OPEN:
        close = _matching(page, stop, min(end, stop + _ASIDE))
        after = starting.get(close)
        if after is None:
            break
        asides.append((stop, close))
        at = bisect.bisect_left(counted, close)
        if at < len(counted) and counted[at] < after.end:
            stop = counted[at]  # the next figure's words are its own
            break
        stop = after.end
    while start > sentence_start and page[start - 1] in _CLOSE:
        opened = _matching_back(page, start - 1, max(sentence_start, start - _ASIDE))
        before = ending.get(opened)
        if before is None or before.figures:
            break
        asides.append((opened, start))
        start = before.start
    if not asides:
        return None, ()
    return (start, stop), tuple(sorted(asides))


def _matching(page: str, at: int, end: int) -> int:
    """The offset just past the bracket closing the one at `at` (before `end`), or -1."""
    depth = 0
    for i in range(at, end):
        ch = page[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _matching_back(page: str, at: int, start: int) -> int:
    """The offset of the bracket opening the one closing at `at` (from `start`), or -1."""
    depth = 0
    for i in range(at, start - 1, -1):
        ch = page[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            depth -= 1
            if depth == 0:
                return i
    return -1


def quote_back(page: str, scope: Scope, start: int, end: int) -> str:
    """How the source words the figure at page[start:end]: "as 'the charge rate for
    burglary'" when its clause names it before the figure ("the charge rate for burglary was
    1.3%"), else "in '<its clause>'"."""
    clause = " ".join(page[scope.own_start : scope.own_end].split()).strip(" ,:;.()[]")
    after = page[end : scope.own_end].strip(" ,:;.()[]")
    if not after or not words(after) - _GENERIC_STEMS - {CHANGE}:
        before = _TOKEN_OR_OTHER.findall(page[scope.own_start : start])
        while before and (before[-1].lower() in _FUNCTION or not before[-1].strip(" ,:;-")):
            before.pop()
        named = "".join(before).strip(" ,:;.()[]")
        if words(named) - _GENERIC_STEMS:
            return f"as {' '.join(named.split())!r}"
    return f"in {clause!r}"


_TOKEN_OR_OTHER = re.compile(r"[A-Za-z]+|[^A-Za-z]+")


def _first_word(text: str) -> str:
    found = _TOKEN.search(text.lower())
    return found.group() if found else ""


def _describing(text: str) -> bool:
    """A clause that describes the one before: a relative clause, an infinitive, a
    participle, a comparison."""
    head = text.lower().lstrip(" ,:")
    word = _first_word(head)
    if head.startswith(("of which", "of whom", "in which", "of those", "of them")):
        return True
    return word in _DEPENDENT or (word.endswith("ing") and len(word) > 5)


def _continues(text: str) -> bool:
    """A clause opening with a verb is the predicate of the clause before ("The programme,
    with a budget of $310 million, will add 1,150 beds")."""
    return _first_word(text) in _AUXILIARY


def _frame(text: str) -> bool:
    """A clause opening with a preposition sets the frame of the next ("Of these 56 cases,")."""
    return _first_word(text) in _PREPOSITIONS
