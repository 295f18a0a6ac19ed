"""Soft 404s answered with 200: a page that says it is not found, or is the same page the
site gives for a path that cannot exist.

Two signals, each tried only on a 2xx answer to a GET whose first 64 KB were read:

- **What the page calls itself** (`says_not_found`): its `<title>`, split where a site name is
  joined on (`Page not found | Council`), or its first `<h1>`, is *wholly* an error phrase:
  `Error 404`, `404 Not Found`, `Page not found`, `This page can't be found`, `Seite nicht
  gefunden`, `Page introuvable`, `Página no encontrada`, `ページが見つかりません`... in 20
  languages. The body's text never makes a page an error page: an article may say "not
  found" or "404" in any sentence (link checkers that matched body text marked live
  specifications dead), and a title such as `Lost luggage: 1 in 5 bags not found` is not an
  error phrase *wholly*. A phrase with a page word or with an error code (`Page not found -
  GOV.UK`, `404 Not Found`) may be any part of the title; a bare one (`Not Found`,
  `Introuvable`, `404`) only the whole title or the heading, and it names no page: it is
  also the name of a record, a film, a club. A page so named is an error page only when it
  has little else to say (under `BARE_WORDS` words besides its title and heading, as a
  server's or a framework's default page) or says in its text that a page is missing (an
  error phrase with a page word or a code, anywhere: "Sorry, the page you were trying to
  reach does not exist"). A page titled `Not Found` with an article and no such sentence is
  content.
- **What the site answers for nonsense** (`same_page`): the page's directory with a random
  last segment (`/reports/claimcheck-missing-3f9a…`) is asked for once per directory and
  run (Bar-Yossef et al., "Sic transit gloria telae", WWW 2004). A 404 there says the site
  tells missing pages apart, and the page stands. A 2xx whose title and text are the page's
  own (the requested path's words aside, which an error page may echo) says the site answers
  everything with this page: a soft 404, whatever language or wording it uses.

A page a browser builds from one shell for every path (a single-page application) looks the
same as a missing one to a client that does not run its scripts: it is reported as a soft
404; `exclude` its host if its pages are known to be alive.
"""

# The phrases are written in their own scripts (Cyrillic, Turkish dotless i, typographic
# dashes and quotes): not look-alikes of ASCII.
# ruff: noqa: RUF001

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

#: Codes: `404`, `Error 404`, `HTTP 404`, `404 error`, in the languages below.
_CODE = (
    r"(?:(?:http|error|erreur|fehler|errore|erro|fout|fel|feil|virhe|błąd|chyba|hata|ошибка"
    r"|помилка|エラー|错误|錯誤|오류)\s*)?(?:http\s*)?404(?:\s*(?:error|erreur|fehler))?"
)
_NOUN = r"(?:page|webpage|web page|file|document|resource|content|article|url|link|item)"
_THE = r"(?:(?:the|this|that|your|requested|the requested)\s+)*"
_CANNOT = r"(?:cannot|can't|could not|couldn't|can not)"
#: Phrases that name a missing page (or file, document) on their own.
_STRONG = (
    # English
    rf"{_THE}{_NOUN}\s+(?:was\s+|is\s+)?not\s+found",
    rf"{_THE}{_NOUN}\s+(?:you(?:'re|\s+are|\s+were)?\s+(?:looking\s+for|requested"
    r"|(?:trying|tried)\s+to\s+(?:reach|view|visit|access|open|find))\s+)?"
    rf"(?:{_CANNOT}\s+be\s+found|(?:does\s+not|doesn't|no\s+longer)\s+exists?|is\s+missing)",
    rf"(?:we|i)\s+{_CANNOT}\s+find\s+{_THE}{_NOUN}(?:\s+you(?:'re|\s+are|\s+were)?\s+"
    r"(?:looking\s+for|requested))?",
    rf"{_NOUN}\s+missing",
    # German
    r"(?:die\s+)?(?:seite|datei|dokument)\s+(?:wurde\s+)?(?:nicht\s+gefunden|existiert\s+nicht"
    r"|nicht\s+vorhanden)",
    # French
    r"(?:la\s+)?page\s+(?:demandée\s+)?(?:est\s+)?(?:non\s+trouvée|introuvable|inexistante"
    r"|n'existe\s+pas)",
    r"(?:cette\s+)?page\s+n'existe\s+(?:pas|plus)",
    r"(?:document|fichier)\s+(?:introuvable|non\s+trouvé)",
    # Spanish, Portuguese, Italian, Catalan
    r"(?:la\s+)?página\s+(?:solicitada\s+)?no\s+(?:encontrada|existe)",
    r"no\s+se\s+(?:ha\s+podido\s+encontrar|encontró|encuentra|pudo\s+encontrar)\s+la\s+página",
    r"(?:a\s+)?página\s+(?:solicitada\s+)?não\s+(?:encontrada|existe)",
    r"(?:la\s+)?pagina\s+(?:richiesta\s+)?non\s+(?:trovata|esiste)",
    r"pàgina\s+no\s+trobada",
    # Dutch, Scandinavian, Finnish
    r"(?:de\s+)?pagina\s+(?:is\s+)?niet\s+gevonden|deze\s+pagina\s+bestaat\s+niet",
    r"sidan\s+(?:hittades\s+inte|kunde\s+inte\s+hittas|finns\s+inte)",
    r"siden\s+(?:blev\s+ikke\s+fundet|ble\s+ikke\s+funnet|finnes\s+ikke|findes\s+ikke"
    r"|eksisterer\s+ikke)|side\s+ikke\s+funnet",
    r"sivua\s+ei\s+(?:löytynyt|löydy)",
    # Polish, Czech, Turkish, Hungarian
    r"nie\s+znaleziono\s+strony|strona\s+nie\s+(?:została\s+znaleziona|istnieje)",
    r"stránka\s+(?:nenalezena|nebyla\s+nalezena|neexistuje)",
    r"sayfa\s+bulunamadı",
    r"(?:az\s+)?oldal\s+nem\s+található",
    # Greek, Russian, Ukrainian
    r"η\s+σελίδα\s+δεν\s+βρέθηκε",
    r"страница\s+не\s+(?:найдена|существует)",
    r"сторінк[уа]\s+не\s+знайдено",
    # Japanese, Chinese, Korean, Arabic
    r"(?:お探しの)?ページ(?:が|は)?(?:見つかりません(?:でした)?|存在しません)",
    r"(?:页面|網頁|网页|頁面)(?:不存在|未找到|找不到)|找不到(?:该|該)?(?:页面|網頁|网页|頁面)",
    r"페이지를\s*찾을\s*수\s*없습니다",
    r"الصفحة\s+غير\s+موجودة",
)
#: Phrases that say "not found" without naming a page: wholly the title, or the heading.
_WEAK = (
    r"not\s+found|nicht\s+gefunden|introuvable|non\s+trouvé|no\s+encontrado|não\s+encontrado"
    r"|non\s+trovato|niet\s+gevonden|nie\s+znaleziono|не\s+найдено|bulunamadı"
)
#: Said before the phrase: "Oops! That page can't be found.", "Sorry, page not found".
_LEAD = r"(?:(?:oops|whoops|sorry|uh\s*oh|hmm+|ups|désolé|lo\s+sentimos|entschuldigung)\W*\s*)*"
_SEP = r"\s*[-–—:.,|!]?\s*"


def _said(phrase: str) -> str:
    """`phrase`, with a 404 code before or after it if it likes."""
    return rf"{_LEAD}(?:(?:{_CODE}){_SEP})?(?:{phrase})(?:{_SEP}\(?(?:{_CODE})\)?)?"


def _coded(phrase: str) -> str:
    """`phrase` with a 404 code before or after it: "404 Not Found", "Not found (404)"."""
    return rf"{_LEAD}(?:(?:{_CODE}){_SEP}(?:{phrase})|(?:{phrase}){_SEP}\(?(?:{_CODE})\)?)"


#: A code alone with no word for "error" ("404", "HTTP 404"): a bare phrase, like "Not found".
_BARE_CODE = r"(?:http\s*)?404"


@dataclass(frozen=True, slots=True)
class _Phrases:
    #: Wholly an error phrase that names a page or has a code: an error page's title.
    sure: re.Pattern[str]
    #: Wholly a bare "not found" or "404": an error page's title, or a work's name.
    bare: re.Pattern[str]
    #: Wholly a bare "404": in a part of a title too ("404 | Site"), as a bare phrase there
    #: is not ("Not found | Site" names something not found).
    bare_code: re.Pattern[str]


@functools.cache
def _phrases() -> _Phrases:
    """The patterns, compiled when a page first has a title or a heading to read (15 ms: a
    run of PDFs, text or untitled pages never pays it)."""
    strong = "|".join(f"(?:{p})" for p in _STRONG)
    sure = rf"{_said(strong)}|{_coded(_WEAK)}|{_LEAD}(?!{_BARE_CODE}$)(?:{_CODE})"
    bare = rf"{_LEAD}(?:{_WEAK}|{_BARE_CODE})"
    return _Phrases(
        re.compile(rf"^(?:{sure})$"),
        re.compile(rf"^(?:{bare})$"),
        re.compile(rf"^{_LEAD}{_BARE_CODE}$"),
    )


@functools.cache
def _page_missing() -> re.Pattern[str]:
    """An error phrase with a page word or a code anywhere in a text: read only for a page
    named "Not Found" or "404" alone (5 ms to compile, so not with the others)."""
    strong = "|".join(f"(?:{p})" for p in _STRONG)
    return re.compile(rf"(?<!\w)(?:{strong}|{_coded(_WEAK)})(?!\w)")


_TITLE = re.compile(rb"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_H1 = re.compile(rb"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
#: Where a site name is joined on to a title: `Page not found | Council`, `404 - Site`.
_TITLE_PARTS = re.compile(r"\s*[|•·»«]\s*|\s+[-–—:/]\s+")
_INVISIBLE = re.compile(rb"<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_WORD = re.compile(r"\w+")


def is_html(content_type: str | None, body: bytes) -> bool:
    """Whether an answer is an HTML page (only those can be error pages in disguise)."""
    if content_type:
        return "html" in content_type.lower()
    start = body[:512].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<title"))


def _charset(content_type: str | None, body: bytes) -> str:
    found = _HEADER_CHARSET.search(content_type or "")
    if found is None:
        meta = _META_CHARSET.search(body[:4096])
        return meta.group(1).decode("ascii") if meta else "utf-8"
    return found.group(1)


def _decode(raw: bytes, charset: str) -> str:
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def _text(raw: bytes, charset: str) -> str:
    """The text of an HTML fragment: tags dropped, entities read, spaces collapsed."""
    text = html.unescape(_TAG.sub(" ", _decode(raw, charset)))
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _normal(text: str) -> str:
    """Case, curly apostrophes and the punctuation around a phrase do not matter."""
    text = text.casefold().replace("’", "'").replace("‘", "'")
    return text.strip(" .!?:;,-–—|·*\"'«»“”()[]")


#: Fewer words than this besides its title and heading: a page with nothing else to say (a
#: server's default error page has under 20; an article, a record's or a film's page, many
#: more). Counted in words of the page's text, scripts and styles left out.
BARE_WORDS = 40
_HEAD = re.compile(rb"<head\b.*?</head\s*>", re.I | re.S)


def says_not_found(body: bytes, content_type: str | None = None) -> str | None:
    """The title or heading by which an HTML page says it is an error page, or None."""
    charset = _charset(content_type, body)
    title_match = _TITLE.search(body)
    title = _text(title_match.group(1), charset) if title_match is not None else ""
    heading_match = _H1.search(body)
    heading = _text(heading_match.group(1), charset) if heading_match is not None else ""
    if not title and not heading:  # nothing to read: the patterns (8 ms) are not compiled
        return None
    phrases = _phrases()
    bare: str | None = None
    if title:
        if phrases.sure.match(_normal(title)) or any(
            phrases.sure.match(_normal(part)) for part in _TITLE_PARTS.split(title)
        ):
            return title
        if phrases.bare.match(_normal(title)) or any(
            phrases.bare_code.match(_normal(part)) for part in _TITLE_PARTS.split(title)
        ):
            bare = title
    if heading:
        if phrases.sure.match(_normal(heading)):
            return heading
        if bare is None and phrases.bare.match(_normal(heading)):
            bare = heading
    if bare is not None and _nothing_else(body, charset, (title, heading)):
        return bare
    return None


def _nothing_else(body: bytes, charset: str, names: tuple[str, str]) -> bool:
    """Whether a page named only "Not Found" or "404" is an error page: it has little else
    to say besides its `names` (title, heading), or its text says a page is missing."""
    visible = _INVISIBLE.sub(b" ", _HEAD.sub(b" ", body, count=1))
    text = _text(visible, charset)
    for name in names:
        if name:
            text = text.replace(name, " ", 1)
    if _page_missing().search(_normal(text)):
        return True
    return len(_WORD.findall(text)) < BARE_WORDS


#: Two pages are one when their word sequences agree this much (and their titles match).
SAME_PAGE = 0.9
#: Words compared at most (the start of a page is where an error page differs from content).
_WORDS = 1000


def fingerprint(body: bytes, content_type: str | None, echoed: str) -> tuple[str, list[str]]:
    """A page's title and words, without scripts and styles, and without the words of
    `echoed` (the last path segment asked for, which an error page may repeat)."""
    charset = _charset(content_type, body)
    title_match = _TITLE.search(body)
    title = _normal(_text(title_match.group(1), charset)) if title_match else ""
    visible = _INVISIBLE.sub(b" ", body)
    words = _WORD.findall(_text(visible, charset).casefold())
    drop = set(_WORD.findall(echoed.casefold()))
    if drop:
        title = " ".join(w for w in _WORD.findall(title) if w not in drop)
        words = [w for w in words if w not in drop]
    return title, words[:_WORDS]


def same_page(page: tuple[str, list[str]], missing: tuple[str, list[str]]) -> bool:
    """Whether a page is the one its site answers for a path that does not exist."""
    if page[0] != missing[0]:
        return False
    if not page[1] and not missing[1]:
        return True
    matcher = SequenceMatcher(None, page[1], missing[1], autojunk=False)
    # The quick bounds first: most pages differ from their site's error page at once.
    return (
        matcher.real_quick_ratio() >= SAME_PAGE
        and matcher.quick_ratio() >= SAME_PAGE
        and matcher.ratio() >= SAME_PAGE
    )
