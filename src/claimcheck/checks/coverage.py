"""P: the page and the registry, both ways: what the page states that nobody registered,
and what the registry quotes that the page no longer says."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from claimcheck.checks.base import PAGE, Check, CheckContext
from claimcheck.findings import Family, Finding, Location, Severity
from claimcheck.model import Registry
from claimcheck.page import FILLER, URL, PageText
from claimcheck.quantity import Quantity, find_quantities

FAMILY = Family("P", "page coverage")

P001 = FAMILY.rule(
    "P001",
    "unregistered-figure",
    Severity.WARNING,
    "A figure on the page is stated by no claim's mention.",
    "Every count, percentage, amount, range, duration, age or date the page states as a fact "
    "should be in the registry, so that it is sourced and checked. Figures are grouped by "
    "sentence. Years used as labels in short headings, list numbering and phone numbers are "
    "recognised and left out; the registry's `ignore` list names anything else, each with a "
    "reason.",
    "Register the figure (`claimcheck extract PAGE` drafts entries), or add it to `ignore`.",
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
    "A registered mention is on the page with a different number.",
    'The words of the mention are on the page, but a figure in them has changed ("9,500 '
    'historic cases" where the registry says "9,000 historic cases"): the page was edited '
    "and the registry was not, or the reverse, and the claim's sources no longer support "
    "what the page says.",
    "Re-check the figure against its source; then correct the page or the registry.",
)
P004 = FAMILY.rule(
    "P004",
    "unregistered-statement",
    Severity.NOTE,
    "A sentence without figures presents a checkable fact that no claim registers.",
    'Sentences are scored by transparent features: an attribution ("X found / said / '
    'confirmed"), a quotation, a superlative or comparative, a causal link, named '
    "entities. Those scoring 3 or more, and any sentence with an explicit marker "
    "([citation needed], TODO, [source?]), are reported, highest score first in the "
    "message. No model and no network are involved.",
    "Register the statement (as a fact, quote or assessment), or leave it if it is not a claim.",
)

RULES = (P001, P002, P003, P004)

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
        "\u00a0": " ",
    }
)
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
_PHONE = re.compile(r"\b\d{3,5}[ -]\d{3,4}[ -]\d{3,4}\b")
_MARKER = re.compile(r"\[citation needed\]|\[source\?\]|\[according to whom\?\]|\bTODO\b", re.I)
_FEATURES = (
    (
        "attribution",
        2,
        re.compile(
            r"\b(found|finds|said|says|stated|confirmed|reported|announced|admitted|refused|accepted|"
            r"recommended|concluded|revealed|showed|claimed|denied|apologised|warned|ruled)\b",
            re.I,
        ),
    ),
    ("quotation", 2, re.compile(r"\"[^\"]{8,}\"|'(?:\w+\W+){2,}\w+'")),
    (
        "superlative",
        1,
        re.compile(
            r"\b(most|least|largest|biggest|worst|best|first|first-ever|only|never|always|all|every)\b",
            re.I,
        ),
    ),
    (
        "comparative",
        1,
        re.compile(r"\b(more|less|fewer|higher|lower|greater|worse|better)\b", re.I),
    ),
    (
        "causal",
        1,
        re.compile(
            r"\b(because|caused|causes|led to|leads to|resulted in|due to|enabled|prevented)\b",
            re.I,
        ),
    ),
)
_NAMES = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
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


def normalise(text: str) -> _Normal:
    plain = text.translate(_TRANSLATE)
    parts: list[str] = []
    normal = _Normal("", [0], [0])
    at = size = 0
    for run in re.finditer(r"[\s\x00]+", plain):
        parts.append(plain[at : run.start()])
        size += run.start() - at
        if run.group().strip(FILLER):  # white space (with or without fillers): one space
            parts.append(" ")
            size += 1
        at = run.end()
        normal.norm_at.append(size)
        normal.orig_at.append(at)
    parts.append(plain[at:])
    normal.text = "".join(parts)
    return normal


def normal_text(text: str) -> str:
    """A mention as the page's prose would read: URLs blanked, white space and marks plain."""
    return re.sub(r"\s+", " ", URL.sub(" ", text).translate(_TRANSLATE)).strip()


@dataclass
class _Index:
    """Where each word of the normalised page stands."""

    normal: _Normal
    words: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, text: str) -> _Index:
        index = cls(normalise(text))
        for match in _WORD.finditer(index.normal.text):
            index.words[match.group()].append(match.start())
        return index

    def find_all(self, mention: str) -> list[tuple[int, int]]:
        """Every place the (normalised) mention stands, as original (start, end) offsets."""
        anchors = list(_WORD.finditer(mention))
        if not anchors:
            return []
        # The rarest word on the page: fewest places to try (absent: the mention is not there).
        anchor = min(anchors, key=lambda m: len(self.words.get(m.group(), ())))
        found = []
        for position in self.words.get(anchor.group(), ()):
            start = position - anchor.start()
            if start >= 0 and self.normal.text.startswith(mention, start):
                found.append(self._span(start, start + len(mention)))
        return found

    def find_changed(self, mention: str) -> tuple[int, int] | None:
        """A place where the mention stands with other numbers, as original offsets."""
        words = [m for m in _WORD.finditer(mention) if not m.group().isdigit()]
        if not words or not _NUMBER.search(mention):
            return None
        anchor = min(words, key=lambda m: len(self.words.get(m.group(), ())))
        pattern = re.compile(
            "".join(
                r"\d(?:[\d,.]*\d)?" if piece and piece[0].isdigit() else re.escape(piece)
                for piece in re.split(r"(\d(?:[\d,.]*\d)?)", mention)
            )
        )
        for position in self.words.get(anchor.group(), ()):
            window = self.normal.text[
                max(0, position - len(mention) - 40) : position + len(mention) + 40
            ]
            match = pattern.search(window)
            if match:
                base = max(0, position - len(mention) - 40)
                return self._span(base + match.start(), base + match.end())
        return None

    def _span(self, start: int, end: int) -> tuple[int, int]:
        return self.normal.origin(start), self.normal.origin(end - 1) + 1


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
    covered: list[tuple[int, int]] = []
    for i, claim in enumerate(registry.claims):
        for j, mention in enumerate(claim.mentions):
            normal = normal_text(mention)
            spans = index.find_all(normal)
            if spans:
                covered.extend(spans)
                continue
            changed = index.find_changed(normal)
            if changed is not None:
                covered.append(changed)
                now = page.prose[changed[0] : changed[1]]
                yield Finding(
                    P003,
                    f"the page now says {now!r} where mention {j + 1} says {mention!r}",
                    ("claims", i, "mentions", j),
                    claim=claim.id,
                    location=_at(page, changed[0]),
                )
            else:
                yield Finding(
                    P002,
                    f"mention {j + 1} is not on the page: {mention!r}",
                    ("claims", i, "mentions", j),
                    claim=claim.id,
                )
    ignored = _Spans([s for i in registry.ignore for s in index.find_all(normal_text(i.text))])
    registered = _Spans(covered)
    counts = {"figures": 0, "registered": 0, "ignored": 0, "unregistered": 0, "statements": 0}
    loose: dict[int, list[Quantity]] = defaultdict(list)
    spans_of = sentences(page.prose)
    starts = [s for s, _ in spans_of]
    lines = _Lines(page)
    for quantity in _figures(page.prose):
        counts["figures"] += 1
        if registered.contains(quantity.start, quantity.end):
            counts["registered"] += 1
        elif ignored.contains(quantity.start, quantity.end) or _is_label(
            page.prose, quantity, lines
        ):
            counts["ignored"] += 1
        else:
            counts["unregistered"] += 1
            loose[bisect.bisect_right(starts, quantity.start) - 1].append(quantity)
    for sentence, quantities in sorted(loose.items()):
        start = quantities[0].start
        figures = ", ".join(q.text for q in quantities)
        text = _clip(page.prose[spans_of[sentence][0] : spans_of[sentence][1]])
        yield Finding(
            P001,
            f"unregistered figure{'s' if len(quantities) > 1 else ''} {figures} in: {text}",
            location=_at(page, start),
            path=(),
        )
    statements = list(_statements(page.prose, spans_of, registered))
    counts["statements"] = len(statements)
    ctx.summary["coverage"] = counts
    for score, features, start, end in sorted(statements, key=lambda s: (-s[0], s[2])):
        yield Finding(
            P004,
            f"score {score} ({', '.join(features)}): {_clip(page.prose[start:end])}",
            location=_at(page, start),
            path=(),
        )


def _at(page: PageText, offset: int) -> Location:
    line, column = page.position(offset)
    return Location(page.path, line, column)


def _clip(text: str, size: int = 120) -> str:
    text = " ".join(text.replace(FILLER, "").split())
    return text if len(text) <= size else text[: size - 1] + "\u2026"


def _figures(prose: str) -> Iterator[Quantity]:
    masked = _PHONE.sub(lambda m: " " * len(m.group()), prose)
    yield from find_quantities(masked)


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


def _is_label(prose: str, quantity: Quantity, lines: _Lines) -> bool:
    """List numbering ("1Institutional", "(2) Why..."), or a year in a short heading."""
    line_start, line, words = lines.at(quantity.start)
    # The last character before the figure on its line, white space skipped (each figure
    # looks back only over the gap since the one before it).
    at = quantity.start
    while at > line_start and prose[at - 1].isspace():
        at -= 1
    small = quantity.low == quantity.high and quantity.low < 100 and quantity.unit is None
    if small and (at == line_start or prose[at - 1] == "(") and quantity.qualifier == "exact":
        after = prose[quantity.end : quantity.end + 1]
        if after in ("", ")", ".") or after.isalpha() or line == quantity.text:
            return True
    is_date = quantity.is_year or quantity.date is not None or quantity.period is not None
    return is_date and words <= 8 and not line.endswith((".", ";", ":"))


def sentences(prose: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence, line by line."""
    spans = []
    for line in re.finditer(r"[^\n]+", prose):
        at = line.start()
        for piece in _SENTENCE_END.split(line.group()):
            start = prose.find(piece, at)
            if piece.strip():
                spans.append((start, start + len(piece)))
            at = start + len(piece)
    return spans


def _statements(
    prose: str, sentences: list[tuple[int, int]], covered: _Spans
) -> Iterator[tuple[int, list[str], int, int]]:
    for start, end in sentences:
        text = prose[start:end]
        if _MARKER.search(text):
            yield 99, ["explicit marker"], start, end
            continue
        if any(map(str.isdigit, text)) or covered.overlaps(start, end):
            continue
        features = [name for name, _, pattern in _FEATURES if pattern.search(text)]
        score = sum(weight for name, weight, _ in _FEATURES if name in features)
        if len(_NAMES.findall(text)) >= 2:
            features.append("named entities")
            score += 1
        if score >= 3 and len(text.split()) >= 5:
            yield score, features, start, end


CHECK = Check("coverage", RULES, run, needs=frozenset({PAGE}))
