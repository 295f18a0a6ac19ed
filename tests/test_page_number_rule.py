"""One rule for a printed page number (final review #5): a number alone on the first or last
line of a page is dropped as its page number only on a PDF whose pages agree on their
printed numbers (`text.page_numbers_printed`, the rule `printed_numbers` reads them by). A
web page's or a text file's bare last line ("Annual visitors ... in 2024\\n4820") is a
figure: it was dropped from any source, and the claim it states was Q004 (absent).

Planted (a PDF's page number, the claim's value) and clean twins (the same text as a web
page or a text file, or a PDF whose pages do not agree) on two subjects: a gallery's
visitors and a club's members.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from claimcheck.loader import _dec_hook
from claimcheck.model import Claim
from claimcheck.sources.match import match_figure
from claimcheck.sources.text import page_numbers_printed, printed_numbers, read_document

GALLERY = {"text": "The Kelso gallery had 4,820 visitors in 2024.", "value": 4820}
CLUB = {"text": "The rowing club has 12 members.", "value": 12, "measure": "members"}


def claim(**fields: Any) -> Claim:
    return msgspec.convert(
        {"id": "c", "kind": "figure", "text": "t", **fields}, Claim, dec_hook=_dec_hook
    )


def verdict(fields: dict[str, Any], pages: list[str]) -> str:
    return match_figure(claim(**fields), pages).verdict.value


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        (GALLERY, "Annual visitors to the Kelso gallery in 2024\n4820"),
        (CLUB, "Members registered\n12\nThe club was founded in 1921."),
    ],
)
def test_a_bare_number_on_a_web_page_or_in_a_text_is_a_figure(
    fields: dict[str, Any], text: str
) -> None:
    assert verdict(fields, [text]) == "supported"
    html = f"<html><body><p>{text.replace(chr(10), '</p><p>')}</p></body></html>"
    document = read_document(html.encode())
    assert document.kind == "html"
    assert verdict(fields, list(document.pages)) == "supported"


def pdf(last: str, count: int, at: int, body: str) -> list[str]:
    """`count` pages, each ending with its printed number (`last`), `body` on page `at`."""
    return [
        (body if n == at else "Methods and notes.") + "\n" + last.format(n=n) + "\n"
        for n in range(1, count + 1)
    ]


@pytest.mark.parametrize(
    ("fields", "body", "last", "at"),
    [
        (GALLERY, "Annual visitors to the gallery are shown in the chart.", "{n}", 4820),
        (CLUB, "Members of the club are listed in the annex.", "Page {n}", 12),
    ],
)
def test_a_pdfs_page_number_is_no_figure(
    fields: dict[str, Any], body: str, last: str, at: int
) -> None:
    # planted: the claim's value is only the page's printed number
    pages = pdf(last, at + 1, at, body)
    assert page_numbers_printed(tuple(pages))[at - 1] == str(at)
    assert verdict(fields, pages) == "absent"
    # clean twin: the page states it too
    value = f"{fields['value']:,}"
    stated = pdf(last, at + 1, at, body.replace("are", f"number {value};", 1))
    assert verdict(fields, stated) == "supported"


def test_pages_that_do_not_agree_print_no_page_number() -> None:
    """One page ending with a bare number is a figure: only two pages agreeing make it a
    page number, as for the page numbers a locator is read by."""
    pages = ["Introduction.\n", "Annual visitors to the Kelso gallery in 2024\n4820\n"]
    assert page_numbers_printed(tuple(pages)) == ()
    assert verdict(GALLERY, pages) == "supported"


def test_printed_numbers_still_add_nothing_when_they_are_the_pdfs() -> None:
    pages = tuple(pdf("{n}", 3, 2, "Body."))
    assert printed_numbers(pages) == ()
    assert page_numbers_printed(pages) == ("1", "2", "3")
    shifted = tuple(
        pdf("{n}", 3, 2, "Body.")[i].replace(f"\n{i + 1}\n", f"\n{i + 5}\n") for i in range(3)
    )
    assert printed_numbers(shifted) == ("5", "6", "7")
