"""Statuses: the words that make a statement true only while it is written (T001, T004).

Two lists, both configurable (`[staleness]` in the config):

- **dated phrases** are statuses wherever they stand: they point at the moment of writing
  ("so far", "currently", "pending", "ongoing", "not yet", "expected to", "still"). "Pending
  legislation" is a status: the bill has not passed when the page says so, and will pass or
  lapse.
- **status words** are statuses only in a status construction, because they also classify:
  "economically active population", "active ingredient", "open data" and "closed issues"
  name kinds of things, not a state that expires. A construction is
  - a present or future predicate: "is active", "remains open", "are still closed",
    "has been suspended", "will be live" (a past one, "was active until 2013", is history);
  - a label: "status: active", "Status - open", "(active)", or the word alone on its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

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
    "this year",
    "next year",
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
)
#: Statuses only as a predicate or a label.
STATUS_WORDS: tuple[str, ...] = (
    "active",
    "inactive",
    "open",
    "closed",
    "suspended",
    "paused",
    "on hold",
    "live",
    "in force",
    "in place",
    "in progress",
    "under review",
    "under investigation",
    "under consideration",
    "awaiting review",
    "awaited",
    "planned",
    "proposed",
    "delayed",
    "unresolved",
    "expected",
    "announced",
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

# A linking verb in the present or future, then adverbs that do not change the construction.
_PREDICATE = (
    r"(?:is|are|am|'s|remains?|stays?|be|has\s+been|have\s+been|becomes?|appears?|seems?)"
    r"(?:\s+(?:still|currently|now|not|also|already|formally|officially|technically|fully|"
    r"partly|largely|again|once\s+again|being))*\s+"
)
_LINKING = (
    "is",
    "are",
    "am",
    "'s",
    "remain",
    "stay",
    "be",
    "has",
    "have",
    "become",
    "appear",
    "seem",
)
_TOKEN = re.compile(r"[a-z']+")
_LABEL_BEFORE = r"(?:status\s*(?:[:\-\u2013\u2014]|is|of)\s*|\(\s*)"
_LABEL_AFTER = r"(?=\s*(?:[).;,:\n\u2013\u2014]|-\s|$))"


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


DEFAULT_VOCABULARY = StatusVocabulary()


def _alternation(words: tuple[str, ...]) -> str:
    # Longest first, so "in the coming weeks" wins over "coming weeks"; spaces match any run.
    ordered = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=8)
def _compiled(vocabulary: StatusVocabulary) -> _Finder:
    return _Finder(vocabulary)


class _Finder:
    """The vocabulary's patterns, compiled once: at 100,000 claims the searches add up."""

    def __init__(self, vocabulary: StatusVocabulary) -> None:
        parts = []
        dated = _alternation(vocabulary.dated_phrases)
        if dated:
            parts.append(rf"(?<![\w-])(?P<dated>{dated})(?![\w-])")
        words = _alternation(vocabulary.status_words)
        if words:
            parts.append(rf"(?<![\w-]){_PREDICATE}(?P<word>{words})(?![\w-])")
            parts.append(rf"{_LABEL_BEFORE}(?P<label>{words}){_LABEL_AFTER}")
        self.pattern = re.compile("|".join(parts), re.MULTILINE) if parts else None
        # Most texts hold no word of the vocabulary at all: their words, looked up in a set
        # of each phrase's longest word ("coming" of "in the coming weeks"), rule them out
        # before the full pattern runs.
        every = (*vocabulary.dated_phrases, *vocabulary.status_words)
        self.key_words = frozenset(max(w.lower().split(), key=len) for w in every if w.strip())
        self.idioms = re.compile("|".join(re.escape(i) for i in _NOT_STATUS))

    def __call__(self, text: str) -> str | None:
        lower = text.lower()
        if self.pattern is None or self.key_words.isdisjoint(_TOKEN.findall(lower)):
            return None
        lower = self.idioms.sub(lambda m: " " * len(m.group()), lower)
        match = self.pattern.search(lower)
        if match is None:
            return None
        found = match.group("dated") or match.group("word") or match.group("label")
        return " ".join(found.split())
