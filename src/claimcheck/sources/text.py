"""A fetched source as text: HTML's main text, a PDF's text page by page, or plain text.

The kind is decided by the bytes (a PDF starts `%PDF-`), not only by the Content-Type a
server sends: servers label PDFs `application/octet-stream` and error pages `text/plain`.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement  # type: ignore[import-untyped]

#: Extracting text from more than this is refused (a PDF of thousands of pages, a huge page).
MAX_SOURCE_BYTES = 32 * 1024 * 1024


class UnreadableError(Exception):
    """The body could not be read as text (not a PDF, HTML or text; damaged; too large)."""


@dataclass(frozen=True)
class Document:
    """A source's text; `pages` has one item per PDF page, one item for anything else."""

    kind: str  # "pdf", "html" or "text"
    pages: tuple[str, ...]
    #: A PDF's printed page numbers, one per page ("" for a page without), when it gives them
    #: (`printed_numbers`); empty when it does not.
    labels: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        """Of the text, whitespace folded: a page's markup or layout changing is not drift."""
        folded = " ".join(" ".join(self.pages).split())
        return "sha256:" + hashlib.sha256(folded.encode("utf-8")).hexdigest()


def sniff(body: bytes) -> str:
    """ "pdf", "html", "text" or "binary", from the first bytes."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if re.match(rb"<(!doctype html|html|head|body|\?xml[^>]*>\s*<html)", head) or b"<html" in head:
        return "html"
    if b"\x00" in head:
        return "binary"
    return "text"


def read_document(body: bytes, charset: str | None = None) -> Document:
    """The text of `body`, its lines ending in LF; raises UnreadableError when there is none
    to be had."""
    document = _lf(_document(body, charset))
    if not any(page.strip() for page in document.pages):
        # An empty answer is no source whose words lack the quote: nothing was read.
        raise UnreadableError("no text (an empty answer, or only white space)")
    return document


def _document(body: bytes, charset: str | None) -> Document:
    if len(body) > MAX_SOURCE_BYTES:
        raise UnreadableError(f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB")
    wide = _wide(body, charset)
    if wide is not None:  # UTF-16 or UTF-32, by its byte order mark or the server's word
        head = wide[:2048].lstrip().lower()
        if head.startswith(("<!doctype html", "<html", "<head", "<body")) or "<html" in head:
            return Document("html", (_html(wide),))
        return Document("text", (wide,))
    kind = sniff(body)
    if kind == "pdf":
        return Document("pdf", *_pdf(body))
    if kind == "binary":
        raise UnreadableError("neither PDF, HTML nor text (binary content)")
    text = _decode(body, charset)
    if kind == "html":
        return Document("html", (_html(text),))
    return Document("text", (text,))


def _lf(document: Document) -> Document:
    """`document` with its line breaks as LF: a plain-text source written on Windows (CRLF)
    or an old Mac (a lone CR). The readers split lines, end blocks and join a sentence
    wrapped across lines at LF alone: "4.99 per\r\ncent" was no percentage (a false Q004),
    a pipe table's rows were not rows (its header gave its cells no unit), and a lone CR
    ended no line, so a heading ran into the sentence after it. The passages a snapshot
    keeps are cut from this text, so their offsets agree with it; the digest folds white
    space, so a snapshot taken before is not drift. (HTML is read with LF already: its
    parser turns every line break into LF.)"""
    if not any("\r" in page for page in document.pages):
        return document
    import dataclasses

    pages = tuple(page.replace("\r\n", "\n").replace("\r", "\n") for page in document.pages)
    return dataclasses.replace(document, pages=pages)


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _wide(body: bytes, charset: str | None) -> str | None:
    """`body` decoded, when it is UTF-16 or UTF-32 (whose NUL bytes would read as binary)."""
    declared = (charset or "").lower().replace("_", "-")
    encoding = next((name for bom, name in _WIDE_BOMS if body.startswith(bom)), None)
    if encoding is None and declared.startswith(("utf-16", "utf-32")):
        encoding = declared
    if encoding is None:
        return None
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode(body: bytes, charset: str | None) -> str:
    for encoding in (charset, "utf-8"):
        if encoding:
            try:
                return body.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    return body.decode("cp1252", errors="replace")


def _pdf(body: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the user's
    try:
        reader = PdfReader(io.BytesIO(body))
        # An encrypted PDF opens with the empty password when it has one; else it is locked,
        # not damaged.
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableError("an encrypted PDF (it needs a password)")
        pages = tuple(page.extract_text() or "" for page in reader.pages)
        labelled = "/PageLabels" in reader.root_object
        labels = tuple(reader.page_labels) if labelled else printed_numbers(pages)
        if labels == tuple(str(i + 1) for i in range(len(pages))):
            labels = ()  # printed as the PDF counts: nothing to add
    except UnreadableError:
        raise
    except PyPdfError as exc:
        raise UnreadableError(f"damaged PDF: {exc}") from None
    except Exception as exc:  # pypdf on a hostile file fails in many ways; none is our bug
        raise UnreadableError(f"damaged PDF: {type(exc).__name__}: {exc}") from None
    if not any(p.strip() for p in pages):
        raise UnreadableError("the PDF has no text layer (a scan?)")
    return pages, labels


#: A page number printed alone on a page's first or last line: "12", "Page 12", "12 of 40",
#: "- 12 -".
_PRINTED = re.compile(
    r"(?:page\s+)?[-\u2013]?\s*(\d{1,4})\s*[-\u2013]?(?:\s*(?:/|of)\s*\d{1,4})?", re.I
)


def printed_numbers(pages: tuple[str, ...]) -> tuple[str, ...]:
    """The page numbers printed on a PDF without page labels, one per page ("" before the
    first): read from a number alone on a page's first or last line, and kept only when at
    least two pages agree on one offset from the PDF's own numbering (a report whose page 1
    is the PDF's page 3), which then numbers every page. Empty when they do not, or when
    they number the pages as the PDF does (nothing to add)."""
    offset = _printed_offset(pages)
    if offset is None or offset == 0:
        return ()
    return _numbered(len(pages), offset)


def page_numbers_printed(pages: tuple[str, ...]) -> tuple[str, ...]:
    """The number printed on each page as its page number, by the rule of `printed_numbers`
    (at least two pages agree on one offset from the PDF's numbering), that offset 0 too: a
    number alone on a page's first or last line that is its page's is no figure of the
    source (`match`). Empty when the pages do not agree, as one page (HTML, text) cannot: a
    bare "4820" on a web page's last line is a figure."""
    offset = _printed_offset(pages)
    return () if offset is None else _numbered(len(pages), offset)


def _numbered(count: int, offset: int) -> tuple[str, ...]:
    return tuple(str(i + 1 + offset) if i + 1 + offset >= 1 else "" for i in range(count))


def _printed_offset(pages: tuple[str, ...]) -> int | None:
    """The offset from the PDF's numbering that at least two pages' printed numbers agree
    on, and most of them; None when none does."""
    from collections import Counter

    offsets: Counter[int] = Counter()
    for index, text in enumerate(pages):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for line in {lines[0], lines[-1]} if lines else set():
            match = _PRINTED.fullmatch(line)
            if match:
                offsets[int(match[1]) - (index + 1)] += 1
    if not offsets:
        return None
    offset, count = offsets.most_common(1)[0]
    if count < 2 or count * 2 < sum(offsets.values()):
        return None
    return offset


def _html(text: str) -> str:
    """The page's main text (trafilatura), from a tree parsed here: with no limit on a text
    node's length (libxml2 stops a text node at 10 MB unless told otherwise, and trafilatura
    does not tell it: the rest of the page was silently dropped, and a figure after it was
    "absent"), without what the page hides (`_shown`, `_unseen`), and with footnote
    markers taken off the numbers they follow (`_unmark`). A page too large for
    trafilatura's time (`_too_large_for_trafilatura`) is read whole by `_plain_text`."""
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    # Only a tag with a `hidden` or `style` attribute hides: a page with none is not read
    # twice (the page reader's pass costs a page of a million tags half a minute).
    may_hide = _MAY_HIDE.search(text) is not None
    tree = _tree(_shown(text) if may_hide else text)
    if tree is None:  # a page lxml cannot read whole: every text node, by the page's reader
        return _prose(text)
    if may_hide:
        _unseen(tree)
    _unmark(tree)
    if _too_large_for_trafilatura(tree):
        return _plain_text(tree)
    # favor_recall: a figure in a table or a caption matters more here than a tidy article.
    try:
        main = trafilatura.extract(
            tree, favor_recall=True, include_tables=True, include_comments=False, deduplicate=False
        )
    except Exception:  # a page it cannot read: fall back to every text node
        main = None
    if main:
        return main
    import lxml.html  # type: ignore[import-untyped]

    # Too little prose for trafilatura (a short page): every text node, scripts dropped, read
    # by the page's own tokenizer (linear; HTMLParser is quadratic on unterminated quotes),
    # from the tree with its footnote markers taken off.
    return _prose(lxml.html.tostring(tree, encoding="unicode"))


#: What every tag that hides holds: the page reader reads a tag's attributes only when its
#: markup holds one of its words (`page._ASKED`), and only a `hidden` or `style` attribute
#: hides. A `<style>` element's tags are no such attribute: a page with a stylesheet and
#: neither word else needs neither `_shown` nor `_unseen`.
_MAY_HIDE = re.compile("hidden|(?<!<)(?<!</)style", re.I)


def _shown(text: str) -> str:
    """`text` without the elements it hides (`hidden`, unless `until-found` or its style
    shows it; `display: none`), to where a browser ends each, as the page reader finds them
    and takes them off trafilatura's input for the page's main text (`page._html_reading`,
    its `removed` spans): what a source hides is not what it says. trafilatura keeps
    `<p hidden>` (and drops only some styles that hide), so a source showing "1,520" and
    hiding "1,250" supported a claim of 1,250. (`_prose`, the page's reader, leaves them out
    already.)"""
    from claimcheck.page import _edited, _html_reading

    removed = _html_reading(text).removed
    return _edited(text, [(start, end, "") for start, end in removed]) if removed else text


def _unseen(tree: HtmlElement) -> None:
    """Take off the text of elements made invisible by their inline style (`visibility:
    hidden` or `collapse`, read by the page reader's `page._style`), but not of those made
    visible again inside them (`visibility: visible`), as the page reader reads them: the
    page reader leaves such an element on trafilatura's input (what it shows again must
    stay), so it is settled on the tree here."""
    from claimcheck.page import _style

    stack: list[tuple[HtmlElement, bool]] = [(tree, True)]
    while stack:
        element, inherited = stack.pop()
        style = element.get("style") if isinstance(element.tag, str) else None
        visibility = _style(style)[1] if style and ":" in style else None
        visible = inherited if visibility is None else visibility
        if not visible:
            element.text = None
        for child in element:
            if not visible:
                child.tail = None  # the parent's text after the child
            stack.append((child, visible))


def _prose(text: str) -> str:
    from claimcheck.page import FILLER, html_prose

    return " ".join(html_prose(text).replace(FILLER, "").split())


def _tree(text: str) -> HtmlElement | None:
    """`text` parsed as trafilatura parses it (its repairs, comments and processing
    instructions dropped), but with `huge_tree`: libxml2's 10 MB limit on one text node
    (and its depth limit) lifted. The body is already capped (MAX_SOURCE_BYTES), which is
    what the limit guards against."""
    import lxml.html
    from trafilatura.utils import repair_faulty_html

    parser = lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    repaired = repair_faulty_html(text, text[:50].lower())
    try:
        # As bytes with the encoding given: a string with an XML declaration naming an
        # encoding is refused by lxml, and the text is decoded already.
        tree = lxml.html.fromstring(repaired.encode("utf-8", "replace"), parser=parser)
    except Exception:  # lxml on a hostile page fails in several ways; none is ours
        return None
    # A fatal error is a limit reached (elements nested past 2,048 deep): libxml2 then stops
    # reading and keeps the tree so far, without a word. The page's own tokenizer has no
    # such limit.
    if any(error.level_name == "FATAL" for error in parser.error_log):
        return None
    return tree if isinstance(tree, lxml.html.HtmlElement) else None


#: Past these, trafilatura is not used: its test for paragraph text (the XPath
#: `//p//text()`) merges node sets in libxml2 in time that grows with the square of their
#: number (20,000 text nodes in paragraphs take 0.5 s, 40,000 6 s, and a page of 200,000
#: figures, 11 MB, took 100 s), and its other passes grow faster than the page too (200,000
#: table rows: 25 s). Such a page is read by `_plain_text`, in linear time.
_TRAFILATURA_NODES = 20_000
_TRAFILATURA_ELEMENTS = 50_000


def _too_large_for_trafilatura(tree: HtmlElement) -> bool:
    """More text nodes in the tree's paragraphs (an element inside one has a text and a
    tail) than `_TRAFILATURA_NODES`, or more elements than `_TRAFILATURA_ELEMENTS`."""
    nodes = 0
    for paragraph in tree.iter("p"):
        nodes += 1
        for _ in paragraph.iterdescendants():
            nodes += 2
        if nodes > _TRAFILATURA_NODES:
            return True
    return any(i > _TRAFILATURA_ELEMENTS for i, _ in enumerate(tree.iter(), 1))


#: Elements whose text is not the page's (as the page reader drops them: code and the
#: page's furniture), by tag or by ARIA role.
_SKIPPED = frozenset(
    {"script", "style", "nav", "footer", "aside", "noscript", "template", "svg", "head"}
)
_SKIPPED_ROLE = re.compile(r"\b(?:navigation|contentinfo|complementary|search)\b", re.I)
_CELLS = frozenset({"td", "th"})
_TABLE_PARTS = frozenset({"table", "tr", "td", "th"})


def _plain_text(tree: HtmlElement) -> str:
    """Every text node of the page but its furniture (`_SKIPPED`), one line per block, a
    table's rows as trafilatura writes them ("| 2023 | 102 |", which `aspects` reads for a
    row's time and a column's header): what trafilatura gives with `favor_recall`, without
    its choice of the main part, in linear time."""
    from lxml import etree

    from claimcheck.page import BLOCK_TAGS

    out: list[str] = []
    inside = 0  # inside a table cell, a block's edge is a space: the row stays one line
    rows: list[int] = []  # for each table open, its rows so far
    cells = 0  # in the row being read
    skipped: set[object] = set()  # left out, but not their tails
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag in BLOCK_TAGS
        if event == "start":
            if tag in _SKIPPED or _SKIPPED_ROLE.search(element.get("role") or ""):
                walker.skip_subtree()
                skipped.add(element)
                if tag in _CELLS and not inside:  # an empty cell: the row keeps its columns
                    out.append(" ")
                    cells += 1
                continue
            if inside or tag not in _TABLE_PARTS:  # a table inside a cell is the cell's text
                if tag in _CELLS:
                    inside += 1
                out.append(" " if inside and block else "\n" * block)
            elif tag == "table":
                rows.append(0)
            elif tag == "tr":
                out.append("\n|")
                cells = 0
            elif tag in _CELLS:
                out.append(" ")
                inside += 1
                cells += 1
            out.append(element.text or "")
            continue
        if element in skipped:
            skipped.discard(element)
            if tag in _CELLS and not inside:
                out.append(" |")
            else:
                out.append(" " if inside and block else "\n" * block)
        elif tag in _CELLS:
            inside -= 1
            out.append(" " if inside else " |")
        elif inside or tag not in _TABLE_PARTS:
            out.append(" " if inside and block else "\n" * block)
        elif tag == "tr" and rows:
            if rows[-1] == 0 and cells:  # the header's rule, as trafilatura writes it
                out.append("\n|" + "---|" * cells)
            rows[-1] += 1
            out.append("\n")
        elif tag == "table" and rows:
            rows.pop()
            out.append("\n")
        out.append(element.tail or "")
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def _unmark(tree: HtmlElement) -> None:
    """Take footnote markers off the text, so that none is read as part of a number:
    `102<sup>1</sup> MtCO2e` read "1021 MtCO2e" (a false Q005), `£48.3 million<sup>3</sup>`
    lost its "million", `4.99<sup>4</sup> per cent` read 4.994. A `<sup>` that holds a
    marker is dropped (its tail kept, a space put where it stood between two words); one
    that is an exponent stays: a unit's ("km<sup>2</sup>" is km2), a power of ten's
    ("10<sup>6</sup>" is written 10⁶, never 106), an ordinal's ("1<sup>st</sup>"). A link
    to a footnote (its class, role or rel says so, or it points into the page, `#...`, and
    holds a marker set against the word before it) is dropped too. The rule is the page
    reader's (`page.superscript`, `page.note_link`): a page and its sources read alike."""
    from claimcheck.page import note_link, superscript

    # Last first: a marker inside another (a link in a <sup>) is settled before it.
    for element in reversed(list(tree.iter("sup", "a"))):
        said = " ".join(element.text_content().split())
        before = _text_before(element)
        if element.tag == "sup":
            keep = superscript(said, before, linked=_linked(element))
            if keep is None:
                _drop(element, before)
            elif keep != said:
                for child in list(element):
                    child.drop_tree()
                element.text = keep
            continue
        named = " ".join(element.get(k) or "" for k in ("class", "role", "rel", "id"))
        if note_link(said, named, (element.get("href") or "").strip(), before):
            _drop(element, before)


def _linked(sup: HtmlElement) -> bool:
    """Whether a `<sup>` holds nothing but a link into the page, or is all such a link
    holds: a note's reference (`page.superscript`)."""
    parent = sup.getparent()
    if len(sup) == 1 and not (sup.text or "").strip() and not (sup[0].tail or "").strip():
        inside = sup[0]
    elif parent is not None and len(parent) == 1 and not (parent.text or "").strip():
        inside = parent if not (sup.tail or "").strip() else None
    else:
        inside = None
    return inside is not None and inside.tag == "a" and _in_page(inside)


def _in_page(link: HtmlElement) -> bool:
    return (link.get("href") or "").strip().startswith("#")


def _text_before(element: HtmlElement) -> str:
    """The text just before `element` (its previous sibling's tail, or its parent's text;
    a small inline sibling's own text when it has no tail): enough to tell a marker set
    against a number or a word from one after a space."""
    previous = element.getprevious()
    if previous is not None:
        if previous.tail:
            return str(previous.tail)
        return str(previous.text_content()) if len(previous) == 0 else ""
    parent = element.getparent()
    return str(parent.text or "") if parent is not None else ""


def _drop(element: HtmlElement, before: str) -> None:
    """Remove `element`, keeping its tail; a space where it stood between two words or
    numbers ("102<sup>1</sup>2023" is not "1022023")."""
    tail = element.tail or ""
    if before[-1:].isalnum() and tail[:1].isalnum():
        element.tail = " " + tail
    element.drop_tree()
