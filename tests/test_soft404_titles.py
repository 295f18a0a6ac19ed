"""A page named only "Not Found" or "404" is an error page when it has little else to say or
its text says a page is missing; with an article and no such sentence it is content (a record,
a film, a book so named). The labelled pages of tests/data/soft404/ pin the README's figures
(tests/test_links.py); here each subject is planted and twinned on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.links.soft404 import BARE_WORDS, says_not_found

PAGES = Path(__file__).parent / "data" / "soft404"

#: (title, heading, an article's text) of works named like an error page.
WORKS = {
    "record": (
        "Not Found",
        "Not Found",
        "Our third record was written over two winters in a converted chapel and recorded live "
        "to tape in eleven days. The songs are about the things you go looking for and come back "
        "without: a brother who moved abroad, a town that closed its pier, a voice that changed. "
        "Available on vinyl and compact disc, with signed copies sold at every show.",
    ),
    "film": (
        "404 | Riverton Film Society",
        "404",
        "A night porter in an empty office tower starts hearing the lift stop at a floor the "
        "building does not have. Shot in one location with a cast of three, the thriller is "
        "followed by a conversation with its cinematographer. Members free, guests five pounds, "
        "tea and cake from half past six in the Assembly Rooms.",
    ),
    "novel": (
        "Introuvable",
        "Introuvable",
        "Le troisième roman de l'autrice suit une archiviste de Brest qui cherche pendant un "
        "hiver entier le registre d'un navire disparu en 1911, de bibliothèque en bibliothèque, "
        "jusqu'aux greniers d'une famille de Douarnenez qui ne veut pas qu'on le retrouve. "
        "Rencontre avec l'autrice samedi à la librairie du port, entrée libre.",
    ),
}
#: What an error page says besides its name, in each subject's language.
MISSING = {
    "record": "Sorry, the page you were trying to reach does not exist.",
    "film": "We can't find the page you're looking for.",
    "novel": "La page demandée n'existe pas.",
}


def page(title: str, heading: str, text: str) -> bytes:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<nav>Home · News · Contact</nav><main><h1>{heading}</h1><p>{text}</p></main>"
        "<footer>Privacy · Cookies</footer></body></html>"
    ).encode()


@pytest.mark.parametrize("subject", list(WORKS))
def test_a_work_named_like_an_error_page_is_content(subject: str) -> None:
    title, heading, text = WORKS[subject]
    assert len(text.split()) >= BARE_WORDS
    assert says_not_found(page(title, heading, text)) is None


@pytest.mark.parametrize("subject", list(WORKS))
def test_the_same_name_is_an_error_page_when_its_text_says_a_page_is_missing(
    subject: str,
) -> None:
    title, heading, text = WORKS[subject]
    said = says_not_found(page(title, heading, f"{MISSING[subject]} {text}"))
    assert said in (title, heading)


@pytest.mark.parametrize("subject", list(WORKS))
def test_the_same_name_with_nothing_else_to_say_is_an_error_page(subject: str) -> None:
    title, heading, _ = WORKS[subject]
    said = says_not_found(page(title, heading, "Return to the home page."))
    assert said in (title, heading)


def test_a_title_that_names_a_page_or_has_a_code_needs_no_more() -> None:
    long_text = WORKS["record"][2]
    for title in ("Page not found | The Lanterns", "404 Not Found", "Error 404"):
        assert says_not_found(page(title, "The Lanterns", long_text)) == title


def test_the_labelled_pages_named_like_error_pages() -> None:
    for name in ("c13_album.html", "c14_film.html"):
        assert says_not_found((PAGES / name).read_bytes()) is None, name
    # their twins: named the same, with a long menu and footer, saying the page is missing
    for name in ("e14_bare_title_long.html", "e15_code_title_long.html"):
        assert says_not_found((PAGES / name).read_bytes()) is not None, name
