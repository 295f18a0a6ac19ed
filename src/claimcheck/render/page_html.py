"""`claimcheck review`'s view: the page itself, annotated claim by claim, as one HTML file.

Every registered mention is highlighted in its claim's state, unregistered figures (P001) and
flagged statements (P004) are marked, and beside each paragraph stand the cards of what it
marks: the claim, its citations with the passage the source snapshot kept, the support
verdict, the link's status, the findings and their fixes. A summary and a chart of states by
section head the page; `j`/`n` and `k`/`p` move from one problem to the next, the most
serious first.

A pure function of what `engine.review_page` gathered. Nothing is fetched when the file is
opened (no script, font, style or image from elsewhere; a Content-Security-Policy says so to
the browser too, and lets run only this module's own script), and every piece of registry,
page, snapshot and server text is escaped.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from claimcheck.findings import (
    CitationSupport,
    ClaimState,
    ClaimSummary,
    Finding,
    Report,
    Severity,
    Support,
)
from claimcheck.links.model import redact
from claimcheck.page import FILLER
from claimcheck.render.base import clip, guard_xml, safe_text
from claimcheck.render.html import COLOURS as STATE_COLOURS
from claimcheck.render.listing import format_value
from claimcheck.render.terminal import not_run_line

if TYPE_CHECKING:
    from claimcheck.links.model import LinkResult
    from claimcheck.model import Claim, Registry, Source
    from claimcheck.page import PageText
    from claimcheck.sources.snapshot import Selector, Snapshot


class Mark(Protocol):
    """A stretch of the page to mark (`engine.Highlight`)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def claim(self) -> str: ...
    @property
    def finding(self) -> int: ...


class Review(Protocol):
    """What the view reads (`engine.PageReview`)."""

    @property
    def registry(self) -> Registry: ...
    @property
    def report(self) -> Report: ...
    @property
    def page(self) -> PageText: ...
    @property
    def source(self) -> str: ...
    @property
    def page_format(self) -> str: ...
    @property
    def snapshots(self) -> Mapping[str, Snapshot]: ...
    @property
    def marks(self) -> Sequence[Mark]: ...
    @property
    def title(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def as_of(self) -> str | None: ...


#: What a mark that is no claim's shows as: a figure no claim states, a flagged statement.
UNREGISTERED = "unregistered"
FLAGGED = "flagged"
#: What a claim a crashed check (X001) did not finish with shows instead of `ok`: its state
#: is not known, and green would pass it off as checked (`cli/browse.unknown_states` says
#: which claims, as `list`, `show` and `export` read them).
UNKNOWN = "unknown"
COLOURS = {**STATE_COLOURS, UNKNOWN: "#263238", UNREGISTERED: "#ad1457", FLAGGED: "#00838f"}
#: A highlight's background: a light tint of its state's colour, the text staying dark.
TINTS = {
    "ok": "#c8e6c9",
    "unverified": "#e0e0e0",
    "unsourced": "#fff176",
    "stale": "#ffcc80",
    "inconsistent": "#e1bee7",
    "failing-source": "#bbdefb",
    "disputed": "#ffcdd2",
    "retracted": "#d7ccc8",
    "invalid": "#cfd8dc",
    UNKNOWN: "#90a4ae",
    UNREGISTERED: "#f8bbd0",
    FLAGGED: "#b2ebf2",
}
#: Problems of one severity are visited in this order of state, then in the page's order.
#: A claim's own states in their precedence, `unknown` in the place of the `ok` it replaces.
_CLAIM_ORDER = [*(s.value for s in ClaimState if s is not ClaimState.OK), UNKNOWN, "ok"]
_RANK = {name: i for i, name in enumerate([*_CLAIM_ORDER, UNREGISTERED, FLAGGED])}
_LEVELS = {0: "no finding", **{int(s): s.label for s in Severity}}
_DOT = " \u00b7 "

STYLE = """
:root{--text:#1f2328;--muted:#59636e;--line:#d8dee4}
*{box-sizing:border-box}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--text);margin:0}
.wrap{max-width:1280px;margin:0 auto;padding:1.2rem 1.5rem 5rem}
header.summary{border-bottom:1px solid var(--line);padding-bottom:1rem;margin-bottom:1.5rem}
.tool{margin:0;color:var(--muted);font-size:.85em;letter-spacing:.04em;text-transform:uppercase}
h1{font-size:1.6em;margin:.1em 0 .2em}.meta{color:var(--muted);margin:.2em 0 .8em}
.tiles{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}
.tile{border:1px solid var(--line);border-radius:6px;padding:.3rem .8rem;min-width:6.5rem}
.tile b{display:block;font-size:1.4em;line-height:1.2}
.tile.sev-error b{color:#c62828}.tile.sev-warning b{color:#ef6c00}.tile.sev-note b{color:#1565c0}
.legend{display:flex;flex-wrap:wrap;gap:.35rem .9rem;margin:.5rem 0;font-size:.9em}
.chip{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;
margin-right:.3em}
.chart{margin:1rem 0;font-size:.9em}.chart h2,.problems summary{font-size:1em;margin:.3em 0}
.bar-row{display:grid;grid-template-columns:minmax(8rem,18rem) 1fr 3rem;gap:.6rem;
align-items:center;margin:.15rem 0}
.bar-row a{color:inherit;text-decoration:none;white-space:nowrap;overflow:hidden;
text-overflow:ellipsis}
.bar-row a:hover{text-decoration:underline}.lvl3 a{padding-left:1.2em}.lvl1 a{font-weight:600}
.bar{display:flex;height:1rem;background:#f2f4f6;border-radius:3px;overflow:hidden}
.seg{display:block;height:100%}.count{color:var(--muted);text-align:right}
.problems ol{margin:.3rem 0;padding-left:1.6rem;columns:2 26rem;font-size:.9em}
.keys{font-size:.9em;color:var(--muted)}
kbd{border:1px solid #b0b7bf;border-bottom-width:2px;border-radius:4px;padding:0 .35em;
font:.85em ui-monospace,monospace;background:#f6f8fa;color:var(--text)}
.row{display:grid;grid-template-columns:minmax(0,1fr) minmax(16rem,25rem);gap:1.6rem;
padding:.35rem 0;border-top:1px solid transparent}
.row .text{margin:0;max-width:46rem}.lines{white-space:pre-wrap}
.row.heading .text{margin:.8em 0 .2em}
button{font:inherit;font-size:.9em;padding:.15rem .6rem;border:1px solid #b0b7bf;border-radius:4px;
background:#f6f8fa;cursor:pointer}
.cards{display:flex;flex-direction:column;gap:.6rem;font-size:.86em}
mark.hl{color:inherit;border-radius:2px;padding:0 .05em;border-bottom:3px solid;cursor:pointer}
mark.hl mark.hl{border-bottom-width:2px}
mark.st-unregistered{border-bottom-style:dashed}mark.st-flagged{border-bottom-style:dotted}
mark.hl.current,mark.hl:focus{outline:2px solid #1f2328;outline-offset:1px}
.card{border:1px solid var(--line);border-left:5px solid;border-radius:6px;padding:.45rem .7rem;
background:#fff}
.card.current{box-shadow:0 0 0 3px #1f2328}
.card>summary{cursor:pointer;list-style:none;display:block}
.card>summary::-webkit-details-marker{display:none}
.card .head{display:flex;flex-wrap:wrap;gap:.3rem .5rem;align-items:baseline}
.card .more{margin-left:auto;color:var(--muted)}.card .more::after{content:"more ▸"}
.card[open] .more::after{content:"less ▾"}
.card .gist{display:block;margin-top:.15rem}
.claim-line{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.card[open] .claim-line{display:block}
.codes{display:block;font:.85em ui-monospace,monospace;color:var(--muted)}
.card .body{margin-top:.3rem}
.card h3{font-size:1em;margin:0;font-family:ui-monospace,monospace}
.card .kind{color:var(--muted)}.card p{margin:.3rem 0}.card .said{font-style:italic}
.badge{display:inline-block;padding:0 .5em;border-radius:1em;color:#fff;font-size:.85em}
dl.facts{display:grid;grid-template-columns:auto 1fr;gap:0 .6rem;margin:.3rem 0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
.card h4{font-size:.8em;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
margin:.6rem 0 .2rem}
.cite{border-top:1px dashed var(--line);padding-top:.3rem;margin-top:.3rem;overflow-wrap:anywhere}
.cite:first-of-type{border-top:0}
.passage{margin:.3rem 0;padding:.3rem .5rem;background:#f6f8fa;border-left:3px solid #b0b7bf}
.passage mark.exact{background:#ffe08a;color:inherit;font-weight:600}
.verdict{font-weight:600}.v-supported{color:#2e7d32}.v-partial{color:#ef6c00}
.v-unsupported{color:#c62828}.v-unverifiable{color:#59636e}
.link-ok{color:#2e7d32}.link-bad{color:#c62828}.link-other{color:#59636e}
ul.findings{list-style:none;margin:.2rem 0;padding:0}
ul.findings li{margin:.3rem 0;overflow-wrap:anywhere}
.sev-error .code{color:#c62828}.sev-warning .code{color:#ef6c00}.sev-note .code{color:#1565c0}
.code{font-weight:700;font-family:ui-monospace,monospace}.fix,.where{color:var(--muted)}
.stub{color:var(--muted)}
.section-title{font-size:1.2em;margin:2rem 0 .6rem;border-top:1px solid var(--line);
padding-top:1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:.8rem;
font-size:.86em}
#status{position:fixed;left:0;right:0;bottom:0;background:#1f2328;color:#fff;padding:.4rem 1rem;
font-size:.9em;min-height:2rem}
#status:empty{display:none}
@media (max-width:900px){.row{grid-template-columns:1fr}}
"""

#: Each state's highlight: its tint behind the text, its colour underneath.
STYLE += "".join(
    f"mark.st-{name}{{background:{tint};border-bottom-color:{COLOURS[name]}}}\n"
    for name, tint in TINTS.items()
)

SCRIPT = """(function(){
  var order=JSON.parse(document.getElementById('problem-order').textContent);
  var status=document.getElementById('status');
  var at=-1;
  function clear(){
    document.querySelectorAll('.current').forEach(function(e){e.classList.remove('current');});
  }
  function show(el){
    clear();
    el.classList.add('current');
    var card=document.getElementById(el.dataset.card||'');
    if(card){card.classList.add('current');card.open=true;}
    el.scrollIntoView({block:'center'});
    el.focus({preventScroll:true});
  }
  function tell(el){
    status.textContent='problem '+(at+1)+' of '+order.length+': '+el.dataset.level+' \\u00b7 '+
      el.dataset.state+' \\u00b7 '+el.dataset.label+'  (j/n next, k/p previous, Esc clears)';
  }
  function go(step){
    if(!order.length){status.textContent='no problems on this page';return;}
    at=at<0?(step>0?0:order.length-1):(at+step+order.length)%order.length;
    var el=document.getElementById(order[at]);
    show(el);
    tell(el);
  }
  document.addEventListener('keydown',function(e){
    if(e.defaultPrevented||e.ctrlKey||e.metaKey||e.altKey){return;}
    var t=e.target;
    if(t&&(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))){return;}
    if(e.key==='j'||e.key==='n'){go(1);e.preventDefault();}
    else if(e.key==='k'||e.key==='p'){go(-1);e.preventDefault();}
    else if(e.key==='o'){every();e.preventDefault();}
    else if(e.key==='Escape'){clear();at=-1;status.textContent='';}
  });
  function every(){
    var cards=[].slice.call(document.querySelectorAll('details.card'));
    var open=cards.some(function(c){return !c.open;});
    cards.forEach(function(c){c.open=open;});
    toggle.textContent=open?'Close every card':'Open every card';
  }
  var toggle=document.getElementById('open-all');
  toggle.addEventListener('click',every);
  document.querySelectorAll('mark.hl').forEach(function(m){
    m.addEventListener('click',function(){
      var i=order.indexOf(m.id);
      show(m);
      if(i>=0){at=i;tell(m);}else{status.textContent='';}
    });
  });
  document.querySelectorAll('a[data-goto]').forEach(function(a){
    a.addEventListener('click',function(e){
      var i=order.indexOf(a.dataset.goto);
      if(i<0){return;}
      e.preventDefault();
      at=i-1;
      go(1);
    });
  });
})();"""

#: The Content-Security-Policy: nothing from anywhere, inline styles, and only SCRIPT runs
#: (an event handler or script that escaping had missed would be refused).
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; "
    f"script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'"
)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _e(text: object) -> str:
    """Untrusted text for an HTML element or attribute: `safe_text`, then escaped."""
    return html.escape(safe_text(str(text)), quote=True)


def _one_line(text: str) -> str:
    """Source text for a line of the card: white space made single spaces, then `_e`."""
    return _e(" ".join(text.replace(FILLER, "").split()))


def _href(url: str | None) -> str | None:
    """A URL safe to link to: http or https only (never `javascript:` or `data:`)."""
    if url and re.match(r"https?://[^\s]+\Z", url.strip(), re.I):
        return html.escape(url.strip(), quote=True)
    return None


def _link(url: str | None) -> str:
    """The URL as a link when it is a web address, else as text."""
    if not url:
        return ""
    href = _href(url)
    if href is None:
        return f"<code>{_e(url)}</code>"
    return f'<a href="{href}" rel="noopener noreferrer">{_e(url)}</a>'


# The page's structure: blocks of text (paragraphs, list items, headings) and sections.


@dataclass(frozen=True)
class Block:
    """A paragraph or heading of the page: prose offsets, and its heading level (0: none)."""

    start: int
    end: int
    level: int = 0


_MD_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+(?=\S)")
#: Where an HTML page starts a new block for a reader. Bounded, so that a page of `<p`
#: without `>` is not read again from every `<`.
_HTML_EDGE = re.compile(
    r"<(/?)(p|div|li|ul|ol|dl|dd|dt|td|th|tr|table|thead|tbody|tfoot|caption|h[1-6]|section|"
    r"article|main|header|footer|nav|aside|form|fieldset|blockquote|figure|figcaption|pre|br|"
    r"hr|details|summary|dialog|address|body)\b[^>]{0,4000}>",
    re.I,
)
_BLANK = f" \t\n\r\f\v{FILLER}"


def _trimmed(prose: str, start: int, end: int, level: int = 0) -> Block | None:
    while start < end and prose[start] in _BLANK:
        start += 1
    while end > start and prose[end - 1] in _BLANK:
        end -= 1
    return Block(start, end, level) if end > start else None


def _paragraphs(prose: str) -> list[tuple[int, int]]:
    """Runs of lines between blank lines."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    at = 0
    for line in prose.split("\n"):
        blank = not line.strip(_BLANK)
        if blank and start is not None:
            spans.append((start, at - 1))
            start = None
        elif not blank and start is None:
            start = at
        at += len(line) + 1
    if start is not None:
        spans.append((start, len(prose)))
    return spans


def _is_title(text: str) -> bool:
    """A plain-text title line: short, no full stop or other sentence end, has a letter."""
    words = text.split()
    return (
        "\n" not in text
        and 0 < len(words) <= 10
        and len(text) <= 80
        and not text.endswith((".", ",", ";", ":", "!", "?", '"', "'", ")"))
        and any(c.isalpha() for c in text)
        and not re.match(r"[-*+\u2022]\s", text)
    )


def page_blocks(prose: str, source: str, fmt: str) -> list[Block]:
    """The page's blocks in order: HTML by its block elements (headings h1-h6), Markdown and
    text by blank lines (Markdown `#` lines are headings; in text, a short title line)."""
    blocks: list[Block] = []
    if fmt == "html":
        level = 0
        at = 0
        for edge in _HTML_EDGE.finditer(source):
            block = _trimmed(prose, at, edge.start(), level)
            if block is not None:
                blocks.append(block)
            tag = edge.group(2).lower()
            heading = tag[0] == "h" and tag[1:].isdigit()
            level = int(tag[1]) if heading and not edge.group(1) else 0
            at = edge.end()
        block = _trimmed(prose, at, len(prose), level)
        if block is not None:
            blocks.append(block)
        return blocks
    for start, end in _paragraphs(prose):
        if fmt == "markdown":  # a `#` line is a heading, the lines between it a paragraph
            at = start
            run: int | None = None
            for line in prose[start:end].split("\n"):
                heading = _MD_HEADING.match(line)
                if heading:
                    if run is not None:
                        blocks.append(Block(run, at - 1))
                        run = None
                    closing = re.search(r"[ \t]+#+[ \t]*\Z", line)
                    end_at = at + (closing.start() if closing else len(line))
                    blocks.append(Block(at + heading.end(), end_at, len(heading.group(1))))
                elif run is None:
                    run = at
                at += len(line) + 1
            if run is not None:
                blocks.append(Block(run, end))
            continue
        block = _trimmed(prose, start, end)
        if block is not None and _is_title(prose[block.start : block.end].replace(FILLER, "")):
            block = Block(block.start, block.end, 2 if any(b.level for b in blocks) else 1)
        if block is not None:
            blocks.append(block)
    return [t for b in blocks if (t := _trimmed(prose, b.start, b.end, b.level)) is not None]


# Marks cut to fit inside one another, so that each is one element.


@dataclass(frozen=True)
class Piece:
    """A part of a mark (index into the marks) that nests inside the pieces around it."""

    start: int
    end: int
    mark: int


def nested(marks: Sequence[tuple[int, int, int]]) -> list[Piece]:
    """Pieces of the (start, end, mark) spans, in order, each inside or after the one before:
    a span that crosses the end of one it starts in is cut there, its rest taken up after."""
    import heapq

    queue = [(start, -end, i, mark) for i, (start, end, mark) in enumerate(marks) if end > start]
    heapq.heapify(queue)
    open_ends: list[int] = []
    pieces = []
    while queue:
        start, negative_end, order, mark = heapq.heappop(queue)
        end = -negative_end
        while open_ends and open_ends[-1] <= start:
            open_ends.pop()
        if open_ends and end > open_ends[-1]:
            heapq.heappush(queue, (open_ends[-1], -end, order, mark))
            end = open_ends[-1]
        if end > start:
            pieces.append(Piece(start, end, mark))
            open_ends.append(end)
    return pieces


# What the view shows, put together once.


@dataclass
class _Context:
    review: Review
    claims: dict[str, Claim]
    summaries: dict[str, ClaimSummary]
    sources: dict[str, Source]
    #: Each claim's findings (as subject or among `related`); each source's own.
    on_claim: dict[str, list[Finding]]
    on_source: dict[str, list[Finding]]
    links: dict[str, LinkResult]
    #: The most severe finding on each claim, its cited sources' included (0: none).
    level: dict[str, int]
    #: The claims whose state a crashed check left unknown (`render`'s `unknown`).
    unknown: frozenset[str]


def _context(review: Review, unknown: frozenset[str]) -> _Context:
    report = review.report
    registry = review.registry
    on_claim: dict[str, list[Finding]] = defaultdict(list)
    on_source: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        if finding.claim is not None:
            on_claim[finding.claim].append(finding)
        elif finding.source is not None:
            on_source[finding.source].append(finding)
        for name in finding.related:
            if name != finding.claim:
                on_claim[name].append(finding)
    level: dict[str, int] = {}
    for claim in registry.claims:
        found = list(on_claim.get(claim.id, ()))
        for citation in claim.citations:
            found.extend(on_source.get(citation.source, ()))
        level[claim.id] = max((int(f.level) for f in found), default=0)
    for claim_id in unknown:  # the crash (an X001 error) is this claim's, whole check or not
        level[claim_id] = max(level.get(claim_id, 0), int(Severity.ERROR))
    return _Context(
        review,
        {c.id: c for c in registry.claims},
        {s.id: s for s in report.claims},
        registry.source_map(),
        on_claim,
        on_source,
        {r.url: r for r in report.links or ()},
        level,
        unknown,
    )


def _claim_states(ctx: _Context, claim_id: str) -> list[str]:
    """The claim's states, most serious first, as shown: `unknown` in place of `ok` when a
    crashed check left it unknown, and after the others when it has worse (they stand: a
    crash takes no finding away, but what it would have found may be worse still)."""
    summary = ctx.summaries.get(claim_id)
    every = [s.value for s in summary.states] if summary else [ClaimState.INVALID.value]
    if claim_id in ctx.unknown:
        every = [s for s in every if s != ClaimState.OK.value] + [UNKNOWN]
    return every


def _state_of(ctx: _Context, mark: Mark) -> str:
    if mark.claim:
        return _claim_states(ctx, mark.claim)[0]
    finding = ctx.review.report.findings[mark.finding]
    return UNREGISTERED if finding.code == "P001" else FLAGGED


def _card_id(mark: Mark) -> str:
    return f"card-{mark.claim}" if mark.claim else f"card-f{mark.finding}"


@dataclass(frozen=True)
class Stop:
    """A problem the keys move to: its first highlight, its card, and how it is shown."""

    element: str
    card: str
    level: str
    state: str
    label: str


@dataclass
class _Section:
    """A heading of the page (None: the text before the first), and the states marked under
    it, each card counted once."""

    block: int
    heading: Block | None
    states: Counter[str]
    cards: set[str]


def render(review: Review, unknown: Collection[str] = ()) -> str:
    """The annotated page as one self-contained HTML document. `unknown`: the claims whose
    state a crashed check (X001) left unknown, shown `unknown`, never `ok`."""
    ctx = _context(review, frozenset(unknown))
    report = review.report
    prose = review.page.prose
    marks = list(review.marks)
    states = [_state_of(ctx, m) for m in marks]
    blocks = page_blocks(prose, review.source, review.page_format)
    starts = [b.start for b in blocks]
    # Each mark's parts, block by block (a mention may run over a paragraph's end).
    in_block: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for i, mark in enumerate(marks):
        b = max(bisect.bisect_right(starts, mark.start) - 1, 0)
        while b < len(blocks) and blocks[b].start < mark.end:
            start, end = max(mark.start, blocks[b].start), min(mark.end, blocks[b].end)
            if end > start:
                in_block[b].append((start, end, i))
            b += 1
    fmt = review.page_format
    rows: list[str] = []
    carded: set[str] = set()
    first: dict[str, str] = {}  # card id -> the id of its first highlight
    # Card id -> its first highlight placed by one of its claim's findings (a mention found
    # changed or reworded): where its problem is, though its words may stand elsewhere too.
    placed: dict[str, str] = {}
    # Its card stands there too: a claim whose mention the page repeats, unchanged at one
    # place and changed at another (its P003's), is carded where it changed.
    home: dict[str, int] = {}
    for i, mark in sorted(enumerate(marks), key=lambda im: (im[1].start, im[0])):
        if mark.claim and mark.finding >= 0:
            home.setdefault(_card_id(mark), i)
    sections = [_Section(0, None, Counter(), set())]
    element = 0
    for b, block in enumerate(blocks):
        if 1 <= block.level <= 3:
            sections.append(_Section(b, block, Counter(), set()))
        section = sections[-1]
        parts: list[str] = []
        cards: list[str] = []
        here: set[str] = set()  # the cards of this block, or their stubs
        at = block.start
        open_ends: list[int] = []
        for piece in nested(sorted(in_block.get(b, ()))):
            while open_ends and open_ends[-1] <= piece.start:
                parts.append(_show(prose[at : open_ends[-1]], fmt) + "</mark>")
                at = open_ends.pop()
            parts.append(_show(prose[at : piece.start], fmt))
            at = piece.start
            mark, state = marks[piece.mark], states[piece.mark]
            card = _card_id(mark)
            element += 1
            first.setdefault(card, f"h{element}")
            if mark.claim and mark.finding >= 0:
                placed.setdefault(card, f"h{element}")
            parts.append(_open_mark(ctx, mark, state, f"h{element}", card))
            open_ends.append(piece.end)
            if card not in section.cards:
                section.cards.add(card)
                section.states[state] += 1
            if card in here:
                continue
            here.add(card)
            if card not in carded and home.get(card, piece.mark) == piece.mark:
                carded.add(card)
                cards.append(
                    _claim_card(ctx, mark.claim) if mark.claim else _finding_card(ctx, mark.finding)
                )
            else:
                where = "its first mention" if card in carded else "where its findings place it"
                cards.append(
                    f'<p class="stub"><a href="#{_e(card)}">{_e(mark.claim or card)}</a>: '
                    f"{_e(state)}, its card is beside {where}.</p>"
                )
        while open_ends:
            parts.append(_show(prose[at : open_ends[-1]], fmt) + "</mark>")
            at = open_ends.pop()
        parts.append(_show(prose[at : block.end], fmt))
        text = "".join(parts)
        aside = f'<div class="cards">{"".join(cards)}</div>'
        if block.level:
            tag = f"h{min(block.level + 1, 4)}"
            text = f'<{tag} class="text">{text}</{tag}>'
            rows.append(f'<div class="row heading" id="b{b}">{text}{aside}</div>')
        else:
            style = "flow" if fmt == "html" else "lines"
            text = f'<p class="text {style}">{text}</p>'
            rows.append(f'<div class="row" id="b{b}">{text}{aside}</div>')
    stops = _problem_order(ctx, marks, states, {**first, **placed})
    # Every claim of the report, those left out of the registry as invalid too (their card
    # says why; a claim the registry dropped is still a claim of the page).
    elsewhere = [c.id for c in report.claims if f"card-{c.id}" not in carded]
    shown = {m.finding for m in marks if not m.claim}
    loose = [
        f
        for i, f in enumerate(report.findings)
        if f.claim is None and not f.related and i not in shown
    ]
    body = (
        _summary(ctx, marks, states, sections, stops)
        + f'<main id="page">{"".join(rows)}</main>'
        + _elsewhere(ctx, elsewhere)
        + _loose(loose)
    )
    order = json.dumps([stop.element for stop in stops])
    title = review.title or review.page.path
    return guard_xml(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review: {_e(title)}</title>
<style>{STYLE}</style></head>
<body><div class="wrap">
{body}
</div>
<div id="status" role="status" aria-live="polite"></div>
<script type="application/json" id="problem-order">{order}</script>
<script>{SCRIPT}</script>
</body></html>
""")


def _show(text: str, fmt: str) -> str:
    """Page text as shown: the fillers of decoded entities dropped, runs of blanks (where
    markup or a URL stood) one space (HTML: its line breaks too), Markdown's `**` dropped;
    each line made safe."""
    text = text.replace(FILLER, "")
    if fmt == "html":
        return _e(re.sub(r"\s+", " ", text))
    text = re.sub(r"[ \t\f\v]{2,}", " ", text.replace("\t", " "))
    if fmt == "markdown":
        text = text.replace("**", "")
    return "\n".join(html.escape(safe_text(line), quote=True) for line in text.split("\n"))


def _open_mark(ctx: _Context, mark: Mark, state: str, ident: str, card: str) -> str:
    report = ctx.review.report
    if mark.claim:
        every = " ".join(_claim_states(ctx, mark.claim))
        label = mark.claim
        text = ctx.claims[mark.claim].text if mark.claim in ctx.claims else ""
        title = f"{mark.claim} ({every}): {clip(text, 300)}"
        level = _LEVELS[ctx.level.get(mark.claim, 0)]
        extra = f' data-states="{_e(every)}"'
        if mark.finding >= 0:
            extra += f' data-rule="{_e(report.findings[mark.finding].code)}"'
    else:
        finding = report.findings[mark.finding]
        label = finding.code
        title = f"{finding.code} {finding.rule.name}: {clip(finding.message, 300)}"
        level = finding.level.label
        extra = f' data-rule="{_e(finding.code)}"'
    return (
        f'<mark class="hl st-{_e(state)}" id="{ident}" tabindex="0" data-claim="{_e(mark.claim)}"'
        f' data-state="{_e(state)}"{extra} data-level="{_e(level)}" data-label="{_e(label)}"'
        f' data-card="{_e(card)}" title="{_e(title)}">'
    )


def _problem_order(
    ctx: _Context, marks: Sequence[Mark], states: Sequence[str], first: Mapping[str, str]
) -> list[Stop]:
    """The first highlight of each problem (a claim not `ok`, a P001 figure, a P004
    sentence), most serious first: by the worst finding's severity, then by state, then in
    the page's order. `first` gives each card's highlight to go to: for a claim, the first
    its findings placed (a mention found changed: a statement the page repeats may stand
    unchanged, word for word, before it), else its first."""
    report = ctx.review.report
    keyed: dict[str, tuple[tuple[int, int, int], Stop]] = {}
    for mark, state in zip(marks, states, strict=True):
        card = _card_id(mark)
        if card in keyed or card not in first or state == ClaimState.OK.value:
            continue
        if mark.claim:
            level, label = ctx.level.get(mark.claim, 0), mark.claim
        else:
            finding = report.findings[mark.finding]
            level, label = int(finding.level), finding.code
        element = first[card]
        key = (-level, _RANK.get(state, len(_RANK)), int(element[1:]))
        keyed[card] = (key, Stop(element, card, _LEVELS[level], state, label))
    return [stop for _, stop in sorted(keyed.values(), key=lambda kv: kv[0])]


# The summary at the top.


def _summary(
    ctx: _Context,
    marks: Sequence[Mark],
    states: Sequence[str],
    sections: Sequence[_Section],
    stops: Sequence[Stop],
) -> str:
    review = ctx.review
    report = review.report
    page = review.page
    title = review.title or page.path
    meta = [_link(review.url)] if review.url else []
    if review.as_of:
        meta.append(f"as of {_e(review.as_of)}")
    meta.append(f"checked for {_e(report.today)}")
    meta.append(f"page <code>{_e(page.path)}</code>")
    meta.append(f"registry <code>{_e(report.registry)}</code>")
    tiles = [
        (len(report.claims), "claims", ""),
        (report.sources, "sources", ""),
        (report.count(Severity.ERROR), "errors", "sev-error"),
        (report.count(Severity.WARNING), "warnings", "sev-warning"),
        (report.count(Severity.NOTE), "notes", "sev-note"),
        (len(stops), "problems to look at", ""),
    ]
    tiles_html = "".join(
        f'<div class="tile {css}"><b>{n}</b> {_e(label)}</div>' for n, label, css in tiles
    )
    by_state = Counter(_claim_states(ctx, s.id)[0] for s in report.claims)
    unregistered = len({m.finding for m, s in zip(marks, states, strict=True) if s == UNREGISTERED})
    flagged = len({m.finding for m, s in zip(marks, states, strict=True) if s == FLAGGED})
    legend = "".join(
        f'<span><span class="chip" style="background:{COLOURS[name]}"></span>'
        f"{_e(name)} {by_state[name]}</span>"
        for name in _CLAIM_ORDER
        if name != UNKNOWN or ctx.unknown  # said only when a check crashed
    )
    legend += (
        f'<span><span class="chip" style="background:{COLOURS[UNREGISTERED]}"></span>'
        f"unregistered figures (P001) {unregistered}</span>"
        f'<span><span class="chip" style="background:{COLOURS[FLAGGED]}"></span>'
        f"flagged statements (P004) {flagged}</span>"
    )
    facts = []
    coverage = report.coverage
    if coverage:
        facts.append(
            f"The page: {_count(coverage.get('figures', 0), 'figure')}, "
            f"{coverage.get('registered', 0)} "
            f"registered, {coverage.get('ignored', 0)} ignored, "
            f"{coverage.get('unregistered', 0)} unregistered; "
            f"{_count(coverage.get('statements', 0), 'statement')} flagged."
        )
    if report.support is not None:
        counts = report.support_counts()
        facts.append("Citations: " + _DOT.join(f"{counts[v]} {_e(v.value)}" for v in Support) + ".")
    not_run = not_run_line(report)
    if not_run:  # the config's select or ignore left out rules that could mark a claim
        facts.append(_e(not_run[0].upper() + not_run[1:]) + ".")
    problems = "".join(
        f'<li><a href="#{stop.element}" data-goto="{stop.element}">'
        f"{_e(stop.level)} \u00b7 {_e(stop.state)} \u00b7 {_e(stop.label)}</a></li>"
        for stop in stops
    )
    return (
        '<header class="summary" id="summary">'
        f'<p class="tool">claimcheck review</p><h1>{_e(title)}</h1>'
        f'<p class="meta">{_DOT.join(meta)}</p>'
        f'<div class="tiles">{tiles_html}</div>'
        f'<p class="legend" id="legend">Claims by state (each its most serious): {legend}</p>'
        + "".join(f'<p class="fact">{fact}</p>' for fact in facts)
        + _chart(review.page.prose, sections)
        + f'<details class="problems" id="problems"><summary>{len(stops)} problems, most '
        f"serious first</summary><ol>{problems}</ol></details>"
        '<p class="keys" id="keys">Keys: <kbd>j</kbd> or <kbd>n</kbd> the next problem, '
        "<kbd>k</kbd> or <kbd>p</kbd> the one before, <kbd>Esc</kbd> to let go; errors first, "
        "then warnings, then notes, then claims with no finding that are not ok (unverified), "
        "and within each the most serious state first, in the page's order. A click on a "
        "highlight opens its card; <kbd>o</kbd> opens or closes every card. "
        '<button type="button" id="open-all">Open every card</button></p></header>'
    )


def _chart(prose: str, sections: Sequence[_Section]) -> str:
    """A bar per section of the page: how many claims (and unregistered figures and flagged
    statements) it marks in each state."""
    rows = [s for s in sections if s.heading is not None or s.states]
    if not rows:
        return ""
    tallest = max((sum(s.states.values()) for s in rows), default=0) or 1
    order = [*_CLAIM_ORDER, UNREGISTERED, FLAGGED]
    out = []
    for section in rows:
        heading = section.heading
        name = _one_line(prose[heading.start : heading.end]) if heading else "(the top)"
        level = heading.level if heading else 1
        total = sum(section.states.values())
        segments = "".join(
            f'<span class="seg" data-state="{state}" style="width:{100 * n / tallest:.2f}%;'
            f'background:{COLOURS[state]}" title="{n} {state}"></span>'
            for state in order
            if (n := section.states.get(state, 0))
        )
        described = ", ".join(f"{section.states[s]} {s}" for s in order if section.states[s])
        out.append(
            f'<div class="bar-row lvl{level}"><a href="#b{section.block}">{name}</a>'
            f'<span class="bar" role="img" aria-label="{_e(described or "nothing marked")}">'
            f'{segments}</span><span class="count">{total}</span></div>'
        )
    return (
        '<section class="chart" id="chart"><h2>States by section of the page</h2>'
        + "".join(out)
        + "</section>"
    )


# The cards.


def _badge(state: str) -> str:
    colour = COLOURS.get(state, "#59636e")
    return f'<span class="badge" style="background:{colour}">{_e(state)}</span>'


def _findings(findings: Sequence[Finding]) -> str:
    """Each finding: severity, code and rule, the message, the fix, where."""
    items = []
    for f in findings:
        fix = f.hint or f.rule.fix
        items.append(
            f'<li class="sev-{f.level.label}" data-code="{_e(f.code)}">'
            f'<span class="code">{_e(f.code)}</span> {_e(f.level.label)} {_e(f.rule.name)}: '
            f"{_e(f.message)}"
            + (f'<div class="fix">fix: {_e(fix)}</div>' if fix else "")
            + (f'<div class="where"><code>{_e(f.location)}</code></div>' if f.location else "")
            + "</li>"
        )
    return f'<ul class="findings">{"".join(items)}</ul>' if items else ""


def _claim_card(ctx: _Context, claim_id: str) -> str:
    claim = ctx.claims.get(claim_id)
    summary = ctx.summaries.get(claim_id)
    every = _claim_states(ctx, claim_id)
    state = every[0]
    # A claim left out of the registry as invalid: its kind and text as written.
    written = claim or summary
    head = (
        f'<h3>{_e(claim_id)}</h3><span class="kind">{_e(written.kind if written else "")}'
        f"</span>{''.join(_badge(s) for s in every)}"
    )
    findings = ctx.on_claim.get(claim_id, ())
    gist = f'<span class="claim-line">{_e(written.text if written else "")}</span>' + _codes(
        findings
    )
    if claim is None:  # left out of the registry as invalid: its findings say why
        body = ""
    else:
        facts = [
            ("value", format_value(claim)),
            ("measure", claim.measure or ""),
            ("period", str(claim.period) if claim.period else ""),
            ("date", str(claim.date) if claim.date else ""),
            ("as of", str(claim.as_of) if claim.as_of else ""),
            ("review", _review(claim)),
            ("review by", str(claim.review_by) if claim.review_by else ""),
            ("tags", ", ".join(claim.tags)),
        ]
        facts_html = "".join(f"<dt>{name}</dt><dd>{_e(v)}</dd>" for name, v in facts if v)
        cited = (ctx.review.report.support or {}).get(claim.id, ())
        citations = "".join(
            _citation(ctx, claim, i, cited[i] if i < len(cited) else None)
            for i in range(len(claim.citations))
        )
        body = (f'<dl class="facts">{facts_html}</dl>' if facts_html else "") + (
            f'<h4>Citations</h4><div class="citations">{citations}</div>'
            if citations
            else '<h4>Citations</h4><p class="none">none: the claim is unsourced.</p>'
        )
    if claim_id in ctx.unknown:
        body = (
            '<p class="unknown">A check crashed (X001, a bug in claimcheck) before it was done '
            "with this claim: its state is not known, and may be worse than shown.</p>" + body
        )
    if findings:
        body += f"<h4>Findings</h4>{_findings(findings)}"
    return _card(f"card-{claim_id}", claim_id, state, head, gist, body)


def _card(
    ident: str, claim: str, state: str, head: str, gist: str, body: str, rule: str = ""
) -> str:
    """A card: its head and gist always shown, the rest when open (a click, or the keys)."""
    colour = COLOURS.get(state, "#59636e")
    rule_attribute = f' data-rule="{_e(rule)}"' if rule else ""
    return (
        f'<details class="card" id="{_e(ident)}" data-claim="{_e(claim)}" data-state="{_e(state)}"'
        f'{rule_attribute} style="border-left-color:{colour}"><summary><span class="head">{head}'
        f'<span class="more"></span></span><span class="gist">{gist}</span></summary>'
        f'<div class="body">{body}</div></details>'
    )


def _codes(findings: Sequence[Finding]) -> str:
    """The codes of the findings, the most severe first."""
    ordered = sorted(findings, key=lambda f: -int(f.level))
    codes = dict.fromkeys(f"{f.code} {f.level.label}" for f in ordered)
    if not codes:
        return '<span class="codes">no findings</span>'
    return f'<span class="codes">{_e(_DOT.join(codes))}</span>'


def _review(claim: Claim) -> str:
    review = claim.review
    if review is None:
        return "none (unverified)"
    parts: list[str] = [review.status]
    if review.on:
        parts.append(f"on {review.on}")
    if review.by:
        parts.append(f"by {review.by}")
    text = " ".join(parts)
    return f"{text}: {review.note}" if review.note else text


def _citation(ctx: _Context, claim: Claim, index: int, support: CitationSupport | None) -> str:
    citation = claim.citations[index]
    source = ctx.sources.get(citation.source)
    head = f"<b>{_e(citation.source)}</b>"
    if source is not None:
        head += f" {_e(source.title)}"
        if source.publisher:
            head += f" ({_e(source.publisher)})"
    else:
        head += " (no such source in the registry)"
    lines = [f'<div class="source">{head}</div>']
    if source is not None and source.identifier:
        lines.append(f"<div>{_link(source.identifier)}</div>")
    if citation.locator:
        lines.append(f"<div>at {_e(citation.locator)}</div>")
    if citation.quote:
        lines.append(f'<p class="said">\u201c{_e(citation.quote)}\u201d</p>')
    lines.extend(_passages(ctx, claim, citation.source, citation.quote))
    if support is not None:
        verdict = support.verdict.value
        lines.append(
            f'<div class="support">support: <span class="verdict v-{_e(verdict)}" '
            f'data-verdict="{_e(verdict)}">{_e(verdict)}</span> ({_e(support.reason)})</div>'
        )
    if source is not None:
        for label, url in (("link", source.url), ("archived copy", source.archive_url)):
            if url:
                lines.append(_link_status(ctx, label, url))
    findings = ctx.on_source.get(citation.source, ())
    if findings:
        lines.append(_findings(findings))
    return f'<div class="cite" data-source="{_e(citation.source)}">{"".join(lines)}</div>'


def _passages(ctx: _Context, claim: Claim, source: str, quote: str | None) -> list[str]:
    """What the source's snapshot kept for this citation: the passage with its quote and
    its figure, or why there is none."""
    snapshot = ctx.review.snapshots.get(source)
    if snapshot is None:
        return ['<div class="snapshot none">no snapshot of this source</div>']
    when = f"snapshot of {_e(snapshot.fetched)}"
    if snapshot.error:
        return [f'<div class="snapshot error">not read ({when}): {_e(snapshot.error)}</div>']
    out = []
    if quote:
        mine = [r for r in snapshot.quotes if r.claim == claim.id]
        record = next((r for r in mine if r.quote == quote), mine[0] if mine else None)
        if record is None:
            out.append(f'<div class="snapshot">the quote was not looked for ({when})</div>')
        elif record.selector is None:
            out.append(f'<div class="snapshot">the quote is not in the source ({when})</div>')
        else:
            where = f", p. {record.page}" if record.page else ""
            out.append(
                f'<div class="snapshot">the quote in the source ({when}{where}, '
                f"{_e(record.verdict)}):</div>{_passage(record.selector, 'quote')}"
            )
    if claim.kind == "figure" and claim.value is not None:
        figure = next((f for f in snapshot.figures if f.claim == claim.id), None)
        if figure is None:
            out.append(f'<div class="snapshot">the figure was not looked for ({when})</div>')
        elif figure.selector is None:
            instead = f"; it gives {_e(figure.instead)}" if figure.instead else ""
            out.append(
                f'<div class="snapshot">the figure is not in the source ({when}{instead})</div>'
            )
        else:
            where = f", p. {figure.page}" if figure.page else ""
            measure = " (as another measure)" if figure.measure_ok is False else ""
            out.append(
                f'<div class="snapshot">the figure in the source ({when}{where}){measure}:</div>'
                + _passage(figure.selector, "figure")
            )
    if snapshot.drift is not None:
        out.append(
            f'<div class="snapshot">the source changed on {_e(snapshot.drift.detected)}</div>'
        )
    return out


def _passage(selector: Selector, kind: str) -> str:
    """The kept passage, its matched part (`exact`) marked."""

    def plain(text: str) -> str:
        return _e(re.sub(r"\s+", " ", text.replace(FILLER, "")))

    return (
        f'<blockquote class="passage" data-kind="{kind}">\u2026{plain(selector.prefix)}'
        f'<mark class="exact">{plain(selector.exact)}</mark>{plain(selector.suffix)}\u2026'
        "</blockquote>"
    )


def _link_status(ctx: _Context, label: str, url: str) -> str:
    result = ctx.links.get(url)
    if result is None:
        return f'<div class="link link-other">{label}: not checked in this run</div>'
    verdict = result.verdict
    css = "link-ok" if verdict.ok else ("link-other" if verdict.value == "skipped" else "link-bad")
    said = [verdict.value]
    if result.skip is not None:  # its error says the same again
        said.append(f"({result.skip.value.replace('_', ' ')})")
    if result.status is not None:
        said.append(f"HTTP {result.status}")
    if result.final_url and result.redirects:
        said.append(f"to {redact(result.final_url)}")
    if result.error and result.skip is None:
        said.append(redact(result.error))
    if result.from_cache:
        said.append("(cached)")
    return (
        f'<div class="link {css}" data-verdict="{_e(verdict.value)}">{label}: '
        f"{_e(' '.join(said))}</div>"
    )


def _finding_card(ctx: _Context, index: int) -> str:
    finding = ctx.review.report.findings[index]
    state = UNREGISTERED if finding.code == "P001" else FLAGGED
    what = "unregistered figure" if state == UNREGISTERED else "flagged statement"
    head = f'<h3>{_e(finding.code)}</h3><span class="kind">{what}</span>{_badge(state)}'
    gist = f'<span class="claim-line">{_e(finding.message)}</span>' + _codes([finding])
    return _card(f"card-f{index}", "", state, head, gist, _findings([finding]), finding.code)


def _elsewhere(ctx: _Context, claims: Sequence[str]) -> str:
    """The claims no highlight shows: no mention, none found on the page, or left out of
    the registry as invalid (its mentions are not looked for)."""
    if not claims:
        return ""
    cards = "".join(_claim_card(ctx, claim) for claim in claims)
    return (
        '<section id="elsewhere"><h2 class="section-title">Claims not found on the page '
        f'({len(claims)})</h2><p class="keys">No mention registered, none on the page as '
        "written (P002), or the claim is invalid (its R error says why, and its mentions are "
        f'not looked for).</p><div class="grid">{cards}</div></section>'
    )


def _loose(findings: Sequence[Finding]) -> str:
    """Findings about sources and the registry as a whole."""
    if not findings:
        return ""
    by: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by[f"source {f.source}" if f.source else "the registry"].append(f)
    groups = "".join(
        f'<div class="card" style="border-left-color:#59636e"><h3>{_e(name)}</h3>'
        f"{_findings(group)}</div>"
        for name, group in by.items()
    )
    return (
        '<section id="other-findings"><h2 class="section-title">Sources and the registry '
        f'({len(findings)} findings)</h2><div class="grid">{groups}</div></section>'
    )
