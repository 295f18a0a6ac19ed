"""The registry format, version 1: frozen values, validated by msgspec.

The field names and allowed values here are the registry's public contract (see the README).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, get_args

import msgspec

from claimcheck.dates import Duration, PartialDate, Period

#: `\Z`, not `$`: `$` also matches before a final newline, and "a\n" is not an id.
ID_PATTERN = r"^[a-z][a-z0-9_]*\Z"
#: Ids name files (snapshots) and show in every report: long enough for any real name.
MAX_ID_LENGTH = 100
Id = Annotated[str, msgspec.Meta(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH)]
RULE_PATTERN = r"^[A-Z][0-9]{3}\Z"
Text = Annotated[str, msgspec.Meta(min_length=1)]
#: A source's address: http or https, the only schemes a link can be checked on or followed
#: by a reader (`javascript:`, `file:`, `data:` are not sources).
WEB_URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]"
WebUrl = Annotated[str, msgspec.Meta(pattern=WEB_URL_PATTERN)]

#: The kinds of source of the first version of the format (one subject's), still accepted.
LegacySourceKind = Literal[
    "government",
    "inquiry",
    "court",
    "parliament",
    "statistics",
    "police",
    "charity",
    "campaign",
    "news",
    "academic",
    "other",
]
#: CSL-JSON's item types (CSL 1.0.2), what reference managers (Zotero) and pandoc call a
#: source's type: a source of any field is one of these.
CslType = Literal[
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
]
SourceKind = Literal[LegacySourceKind, CslType]
LEGACY_SOURCE_KINDS: tuple[str, ...] = get_args(LegacySourceKind)
CSL_TYPES: tuple[str, ...] = get_args(CslType)
ClaimKind = Literal["figure", "fact", "quote", "event", "status", "assessment"]
Qualifier = Literal["exact", "approx", "at_least", "more_than", "at_most", "less_than"]
ReviewStatus = Literal["verified", "unverified", "disputed", "retracted"]
Value = Decimal | tuple[Decimal, Decimal]


class _Struct(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Common settings: immutable, keyword-only, unknown fields rejected."""


class Page(_Struct, frozen=True):
    """The published page the registry describes."""

    title: Text
    #: Where the page is published: an http(s) address as a source's is, since `export`
    #: writes it as each ClaimReview's `appearance` and `review` links it (a `javascript:`
    #: or `file:` address there is run or opened by whoever follows it).
    url: WebUrl | None = None
    path: str | None = None
    as_of: PartialDate | None = None


class Defaults(_Struct, frozen=True):
    """Registry-wide defaults; a claim may override `stale_after`."""

    stale_after: Duration | None = None
    access_stale_after: Duration | None = None

    @property
    def stale_limit(self) -> Duration:
        """`stale_after`, 180 days unless set."""
        return self.stale_after or Duration(180, "d")

    @property
    def access_limit(self) -> Duration:
        """`access_stale_after`, 1 year unless set."""
        return self.access_stale_after or Duration(1, "y")


class Source(_Struct, frozen=True):
    """A document a claim rests on."""

    id: Id
    title: Text
    kind: SourceKind | None = None
    publisher: str | None = None
    #: The first author ("Smith", or "Jane Smith"), compared with a DOI's metadata.
    author: str | None = None
    url: WebUrl | None = None
    doi: str | None = None
    isbn: str | None = None
    published: PartialDate | None = None
    accessed: PartialDate | None = None
    archive_url: WebUrl | None = None
    relay_of: Id | None = None
    notes: str | None = None

    @property
    def identifier(self) -> str | None:
        return (
            self.url
            or (f"doi:{self.doi}" if self.doi else None)
            or (f"isbn:{self.isbn}" if self.isbn else None)
        )


class Locator(_Struct, frozen=True):
    """Where in a source: any of page, section, paragraph."""

    page: int | str | None = None
    section: str | None = None
    paragraph: int | str | None = None

    def __str__(self) -> str:
        parts = [
            f"{name} {value}"
            for name, value in (
                ("page", self.page),
                ("section", self.section),
                ("paragraph", self.paragraph),
            )
            if value is not None
        ]
        return ", ".join(parts)


class Citation(_Struct, frozen=True):
    """A claim's pointer into one source."""

    source: Id
    locator: str | Locator | None = None
    quote: str | None = None
    note: str | None = None


class Review(_Struct, frozen=True):
    """The latest editorial verdict on a claim."""

    status: ReviewStatus
    on: PartialDate | None = None
    by: str | None = None
    note: str | None = None


class Allow(_Struct, frozen=True):
    """A named exception: this claim may break `rule`, for `reason`."""

    rule: Annotated[str, msgspec.Meta(pattern=RULE_PATTERN)]
    reason: Text


class Claim(_Struct, frozen=True):
    """One numeric or factual statement of the page."""

    id: Id
    text: Text
    kind: ClaimKind
    value: Value | None = None
    qualifier: Qualifier | None = None
    unit: str | None = None
    measure: str | None = None
    period: Period | None = None
    date: PartialDate | None = None
    as_of: PartialDate | None = None
    stale_after: Duration | None = None
    mentions: tuple[Text, ...] = ()
    citations: tuple[Citation, ...] = ()
    review: Review | None = None
    review_by: PartialDate | None = None
    tags: tuple[str, ...] = ()
    allow: tuple[Allow, ...] = ()
    derived: Text | None = None
    notes: str | None = None

    @property
    def status(self) -> str:
        return self.review.status if self.review else "unverified"


class Constraint(_Struct, frozen=True):
    """A relation the claims' values must satisfy, e.g. `part <= whole`; or, where the page
    contradicts itself in words, the claims it sets against each other (`contradicts`)."""

    id: Id
    expr: Text | None = None
    #: How far apart the sides of `==` may be: a number >= 0. msgspec states no bound on a
    #: Decimal (`Meta(ge=0)` is for ints and floats), so the loader refuses one below 0
    #: (R002 at the tolerance, the constraint left out) before a check sees it.
    tolerance: Decimal = Decimal(0)
    message: str | None = None
    #: Claims the page states against each other (a wording contradiction no value can show).
    contradicts: tuple[Id, ...] = ()


class Ignore(_Struct, frozen=True):
    """Text on the page whose figures are not claims (P001), and why."""

    text: Text
    reason: Text


class Registry(_Struct, frozen=True):
    """A whole registry file."""

    version: Literal[1]
    page: Page | None = None
    defaults: Defaults = Defaults()
    sources: tuple[Source, ...] = ()
    claims: tuple[Claim, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    ignore: tuple[Ignore, ...] = ()

    def source_map(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}
