"""Where a source's sentences end: at a stop, and at a line break only where a block ends.

A sentence reads the same whether its source wraps it across lines (a PDF's layout, a
hard-wrapped text file, a `<br>`) or not: "Council tax will fall by\\n4.99 per cent in
2025/26." is one sentence, whose figure falls and is for 2025/26. So a line break is a
space, except where the text shows a block ending there:

- a blank line (a paragraph's end);
- a table row, a list item, a Markdown heading or a rule on either side of it;
- a page number alone on the text's first or last line ("3", "Page 3 of 5": a PDF page's
  printed number), which is never a figure either (`page_numbers`);
- a heading above it: a line of at most eight words before a line opening with a capital
  letter, itself opening as a heading does (not in lower case, nor with a preposition: "In
  2025/26" goes on), and ending in no punctuation, no word that goes on (a comma, a dash,
  *the, of, by, was...*) and no capitalised word ("the United\nKingdom" is a name running
  on). The text's first line is never taken for a heading: it may be the cut end of a
  longer line (a snapshot keeps a passage that starts mid-line), and the page and its
  passage must read alike.

`unwrap` gives a text with those line breaks as spaces (offsets kept), which every reader of
a source's figures and quotes reads; `sentence_ends` then ends a sentence at each line break
left, but one inside a figure ("102\\nMtCO2e", which the figure reader reads as one).

A stop (`.`, `!`, `?`) before white space or the end ends a sentence, as before; a point
inside a number ("1.5") does not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

from claimcheck import lexicon

_END = re.compile(r"[.!?]+(?=\s|$)|\n")
#: A line that starts a block: a table row, a list item (a bullet, or a number with a point
#: or bracket), a Markdown heading, a rule.
_STRUCTURE = re.compile(r"[ \t]*(?:\||[*+\u2022-][ \t]|#{1,6}(?:\s|$)|(?:[-=_*][ \t]*){3,}$)")
#: A line after which a block ends: a table row, a Markdown heading, a rule (a list item's
#: words may go on over the next line).
_CLOSED = re.compile(r"[ \t]*(?:\||#{1,6}(?:\s|$)|(?:[-=_*][ \t]*){3,}$)")
_NUMBERED = re.compile(r"[ \t]*\d{1,3}[.)][ \t]")
#: The end of a line whose sentence goes on.
_GOES_ON_MARKS = frozenset(",;(/-\u2013\u2014&")
_GOES_ON_WORDS = lexicon.words(
    "a an the and or but nor of in on at by for from to into with than per as is are was",
    "were be been being has have had will would can could may might shall should must its",
    "their his her our which who whose that this these those not also",
)
#: A line opening with one of these is a phrase that goes on ("In 2025/26\nNorthbridge..."),
#: not a heading.
_OPENERS = lexicon.words(
    "in on at by for from to of with during between since after before over under across",
    "among within until throughout per against as and or but",
)
_HEADING_WORDS = 8
_BRACKETS = "()[]{}\"'\u2018\u2019\u201c\u201d"
_INNER_STOP = re.compile(r"[.!?;:]\s")


@functools.lru_cache(maxsize=1 << 12)  # a page is read for every claim citing it
def unwrap(text: str) -> str:
    """`text` with every line break that ends no block (see the module's docstring) as a
    space: each sentence on one line. Offsets are kept (one character for one)."""
    if "\n" not in text:
        return text
    return _LINE_BREAK.sub(
        lambda m: m.group() if block_ends(text, m.end() - 1) else " " * len(m.group()), text
    )


_LINE_BREAK = re.compile(r"\r?\n")


def sentence_ends(text: str, figures: Sequence[tuple[int, int]] = ()) -> Iterator[int]:
    """The offset just past the end of each sentence of `text`, in order (the last
    sentence, if it runs to the text's end, is not ended): at a stop, and at each line
    break (pass `unwrap(text)` for a source's sentences) but one inside a figure
    ("102\nMtCO2e": `figures` are the text's figures' (start, end), in order)."""
    f = 0
    n = len(figures)
    for match in _END.finditer(text):
        if match.group() == "\n":
            at = match.start()
            while f < n and figures[f][1] <= at:
                f += 1
            if f < n and figures[f][0] <= at:
                continue  # "102\nMtCO2e": one figure
        yield match.end()


#: A page number printed alone on a page's first or last line: "12", "Page 12", "12 of 40",
#: "- 12 -" (as `text.printed_numbers` reads them).
_PRINTED = re.compile(
    r"[ \t]*(?:page\s+)?[-\u2013]?\s*\d{1,4}\s*[-\u2013]?(?:\s*(?:/|of)\s*\d{1,4})?[ \t\r]*",
    re.IGNORECASE,
)


_BLANK_TO_END = re.compile(r"\s*\Z")


def page_numbers(text: str) -> list[tuple[int, int]]:
    """The (start, end) of the text's first and last lines when each is a printed page
    number alone ("3", "Page 3 of 5"): never a figure of the source, nor part of a
    sentence."""
    found = []
    head = len(text) - len(text.lstrip())
    end = text.find("\n", head)
    first = (head, len(text) if end < 0 else end)
    tail = len(text.rstrip())
    last = (text.rfind("\n", 0, tail) + 1, tail)
    for start, stop in {first, last}:
        if start < stop and _PRINTED.fullmatch(text, start, stop):
            found.append((start, stop))
    return sorted(found)


def block_ends(text: str, at: int) -> bool:
    """The line break at `at` ends a block (see the module's docstring), not a sentence's
    line."""
    start = text.rfind("\n", 0, at) + 1
    stop = text.find("\n", at + 1)
    above = text[start:at].rstrip()
    below = text[at + 1 : len(text) if stop < 0 else stop]
    if not above.strip() or not below.strip():
        return True  # a blank line, or the text's end
    if (start == 0 and _PRINTED.fullmatch(above)) or (
        _PRINTED.fullmatch(below) and _BLANK_TO_END.match(text, at + 1 + len(below))
    ):
        return True  # a page number printed on the page's first or last line
    if _CLOSED.match(above) or _STRUCTURE.match(below):
        return True
    goes_on = above[-1] in _GOES_ON_MARKS or _last_word(above) in _GOES_ON_WORDS
    if _NUMBERED.match(below) and not goes_on:
        return True  # "2) ..." after a finished line: a list's item
    if goes_on or start == 0:
        return False
    first = below.lstrip()[:1]
    if not first.isalpha() or not first.isupper():
        return False  # a word in lower case, a figure, a bracket, a sign: it goes on
    words = above.split()
    return (
        len(words) <= _HEADING_WORDS
        and not words[0][:1].islower()
        and words[0].lower() not in _OPENERS
        and not words[-1].strip(_BRACKETS)[:1].isupper()  # "the United\nKingdom": a name
        and _INNER_STOP.search(above) is None
    )


def _last_word(line: str) -> str:
    at = len(line)
    while at > 0 and line[at - 1].isalpha():
        at -= 1
    return line[at:].lower()
