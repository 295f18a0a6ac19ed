"""What a quotation changes of its source's words: a negation, a direction, two words swapped.

A paraphrase is matched by its key words (`match._paraphrase`), and short words such as "not"
are not key words: "it did not reduce deaths" has all the key words of "it did reduce
deaths". So once a passage is found, the quotation and the passage are aligned word by word
(difflib's longest matching blocks) and the words that differ are read for what reverses a
meaning:

- a negation one side has and the other has not: not (and n't), no, never, without,
  neither, nor, none, nobody, nothing, nowhere, cannot, fail(ed) to;
- a word the other side has with a negating prefix: un-, in-, im-, il-, ir-, dis-, non-
  ("unmanageable" for "manageable"), the rest of the word being the other side's word;
- a word of a direction where the other side has its opposite, from small closed lists:
  rise/fall, increase/decrease, higher/lower, improve/worsen, protect/cut, approve/reject...
  (`_OPPOSITES`);
- words swapped: the words the quotation replaces are the passage's own, in another order
  ("boys outperformed girls" for "girls outperformed boys"). Two words either side of a bare
  "and" or "or" ("men and women") may trade places.

What differs in a way that keeps the meaning (other words, another order, words left out) is
not a change; figures are compared by `match` itself.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence

from claimcheck import lexicon

_TOKEN = re.compile(r"[a-z0-9]+(?:[.,'][a-z0-9]+)*")

#: Words that negate what follows (a contraction's n't is read as "not"), and "failed to".
NEGATIONS = lexicon.NEGATIONS | lexicon.FAILURES
#: Prefixes that make a word its opposite, when the rest is the other side's word.
_PREFIXES = ("non", "dis", "un", "in", "im", "il", "ir")
#: How far before a passage's first aligned word a negation still belongs to it ("did not
#: reduce" aligned from "reduce").
_LEAD = 3
#: The longest run of differing words a negation is counted in (see `_negation`).
_SHORT = 3


#: Pairs of opposite directions (`claimcheck.lexicon`: one list with the page's mentions).
_OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (
        lexicon.RISE | lexicon.RAISE | lexicon.MORE | lexicon.UP,
        lexicon.FALL | lexicon.LESS | lexicon.DOWN,
    ),
    (lexicon.BETTER, lexicon.WORSE),
    (lexicon.KEEP, lexicon.SCRAP | {"reduce", "reduced"}),
    (lexicon.APPROVE, lexicon.REFUSE),
    (lexicon.WIN | {"gain", "gained"}, lexicon.LOSE),
    (lexicon.INCLUDE, lexicon.EXCLUDE),
    (lexicon.AFTER, lexicon.BEFORE),
)
_COORDINATORS = frozenset({"and", "or", "&"})


def tokens(text: str) -> list[str]:
    """Lower-case words and figures, contractions spelt out ("didn't" is "did not")."""
    return _TOKEN.findall(lexicon.spelt_out(text))


def change(quote: str, passage: str) -> str | None:
    """How `quote` reverses the meaning of `passage` (where it was found as a paraphrase or
    with a gap), in words for a message; None when it does not."""
    said, source = tokens(quote), tokens(passage)
    matcher = difflib.SequenceMatcher(None, said, source, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return None
    # The passage as far as the quotation runs in it: from its first aligned word to its
    # last, and as many words either side as the quotation has before and after them (its
    # last word may be the one it changes), and a negation just before.
    first, last = blocks[0], blocks[-1]
    start = max(0, first.b - first.a)
    end = min(len(source), last.b + last.size + len(said) - (last.a + last.size))
    lead = [i for i in range(max(0, start - _LEAD), start) if source[i] in NEGATIONS]
    start = lead[0] if lead else start
    region = source[start:end]
    aligned = difflib.SequenceMatcher(None, said, region, autojunk=False)
    ops = [op for op in aligned.get_opcodes() if op[0] != "equal"]
    ours = [said[i1:i2] for _, i1, i2, _, _ in ops]
    theirs = [region[j1:j2] for _, _, _, j1, j2 in ops]
    return (
        _swapped(said, source)
        or _negation(ops, said, region)
        or _prefixed(ours, theirs)
        or _direction(ops, said, region)
    )


def replaced(inserted: str, omitted: str) -> str | None:
    """How an editor's words in brackets (`inserted`, "" for an ellipsis) reverse the source's
    words they stand for (`omitted`): a negation one has, an opposite direction."""
    ours, theirs = tokens(inserted), tokens(omitted)
    op = [("replace", 0, len(ours), 0, len(theirs))]
    return (
        _negation(op, ours, theirs, short=max(len(ours), len(theirs)))
        or _prefixed([ours], [theirs])
        or _opposed(set(ours), set(theirs))
    )


def _negation(
    ops: Sequence[tuple[str, int, int, int, int]],
    said: Sequence[str],
    region: Sequence[str],
    short: int = 0,
) -> str | None:
    # Counted in the short runs of words that differ: a negation in a longer run is in a
    # clause one side leaves out ("rents rose; landlords did not agree; wages rose").
    added: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for _, i1, i2, j1, j2 in ops:
        if i2 - i1 <= max(short, _SHORT):
            added.update(w for w in said[i1:i2] if w in NEGATIONS)
        if j2 - j1 <= max(short, _SHORT):
            dropped.update(w for w in region[j1:j2] if w in NEGATIONS)
    net = sum(added.values()) - sum(dropped.values())
    if net > 0:
        return f"the quote adds a negation ({_list(set(added))}) the source does not have"
    if net < 0:
        return f"the quote leaves out the source's negation ({_list(set(dropped))})"
    return None


def _prefixed(ours: list[list[str]], theirs: list[list[str]]) -> str | None:
    mine = {w for chunk in ours for w in chunk}
    other = {w for chunk in theirs for w in chunk}
    for a, b, says in ((mine, other, "the quote has"), (other, mine, "the source has")):
        for word in sorted(a):
            for prefix in _PREFIXES:
                rest = word[len(prefix) :]
                if word.startswith(prefix) and len(rest) >= 4 and rest in b:
                    flip = "the source has" if says == "the quote has" else "the quote has"
                    return f"{says} {word!r} where {flip} {rest!r}"
    return None


def _direction(
    ops: Sequence[tuple[str, int, int, int, int]], said: Sequence[str], region: Sequence[str]
) -> str | None:
    # A word replaced by its opposite; then, for a paraphrase that moved it, one side's
    # changed words saying one direction and the other's only the opposite.
    for _, i1, i2, j1, j2 in ops:
        found = _opposed(_directed(said, i1, i2), _directed(region, j1, j2))
        if found:
            return found
    mine = {w for _, i1, i2, _, _ in ops for w in _directed(said, i1, i2)}
    other = {w for _, _, _, j1, j2 in ops for w in _directed(region, j1, j2)}
    return _opposed(mine, other)


def _directed(words: Sequence[str], start: int, end: int) -> set[str]:
    """The words of words[start:end], but "up" and "down" only where they say a direction
    ("made up of" and "broken down into" say none: `lexicon.particle_directs`)."""
    return {
        word
        for at, word in enumerate(words[start:end], start)
        if word not in lexicon.PARTICLES
        or lexicon.particle_directs(words[at + 1] if at + 1 < len(words) else None)
    }


def _opposed(mine: set[str], other: set[str]) -> str | None:
    for one, two in _OPPOSITES:
        for this, that in ((one, two), (two, one)):
            ours, theirs = mine & this, other & that
            if ours and theirs and not (mine & that) and not (other & this):
                return f"the quote has {_list(ours)} where the source has {_list(theirs)}"
    return None


def _swapped(said: Sequence[str], source: Sequence[str]) -> str | None:
    """The quotation is a run of the passage with two of its phrases exchanged: the passage
    says X...Y, the quotation Y...X (the same words, so nothing else reads as a change)."""
    n = len(said)
    want = Counter(said)
    for at in range(len(source) - n + 1):
        window = source[at : at + n]
        if window[0] not in want or Counter(window) != want or list(window) == list(said):
            continue
        first = next(i for i in range(n) if window[i] != said[i])
        last = next(i for i in range(n - 1, -1, -1) if window[i] != said[i]) + 1
        theirs, ours = window[first:last], said[first:last]
        for x in range(1, len(theirs)):
            for y in range(1, len(theirs) - x + 1):
                middle = theirs[x : len(theirs) - y]
                if ours != [*theirs[len(theirs) - y :], *middle, *theirs[:x]]:
                    continue
                one, two = theirs[:x], theirs[len(theirs) - y :]
                # A phrase moved to the front ("between 2019 and 2024 X doubled") is
                # another order, not a swap; and "men and women" says "women and men".
                if (
                    not middle
                    or _movable(one)
                    or _movable(two)
                    or (
                        all(w in _COORDINATORS for w in middle)
                        and not any(c.isdigit() for w in (*one, *two) for c in w)
                    )
                ):
                    return None
                return f"the quote swaps {' '.join(two)!r} and {' '.join(one)!r}"
    return None


#: Words that start a phrase which may stand anywhere in its sentence without changing what
#: it says: an adverbial's preposition ("at every site"), and a report's verb ("the trust
#: said"). Swapping such a phrase with another is moving it, not exchanging two things.
_PREPOSITIONS = lexicon.words(
    "at in on by for from to with over under after before during since between across",
    "within throughout until",
)
_REPORTING = lexicon.words("said says say told according reported reports stated states added")


def _movable(phrase: Sequence[str]) -> bool:
    return bool(phrase) and (phrase[0] in _PREPOSITIONS or any(w in _REPORTING for w in phrase))


def _list(words: Counter[str] | set[str]) -> str:
    return ", ".join(repr(w) for w in sorted(words))
