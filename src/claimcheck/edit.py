"""`claimcheck init` and `claimcheck add`: start a registry, add a claim or a source.

`add` edits the file as text: the new entry goes after the last of its list, and every other
byte (comments, order, quoting) stays as written; the file is replaced atomically.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from claimcheck.errors import ConfigError
from claimcheck.files import EditedText, edit_text

if TYPE_CHECKING:
    from claimcheck.findings import Finding
    from claimcheck.loader import LoadedRegistry
    from claimcheck.model import Registry

STARTER = """\
# yaml-language-server: $schema=./claims.schema.json
# (`claimcheck schema -o claims.schema.json` writes that file, for editor completion.)
# A claimcheck registry: every figure and factual statement of one published page, with
# where the page states it and the sources it rests on. `claimcheck rules` explains each
# check; the README documents every field.
version: 1

page:
  title: {title}
  url: {url}
  as_of: {as_of}            # the date the page speaks for

defaults:
  stale_after: 180d         # statuses and "so far"-style phrases expire after this

sources:
  - id: example_report
    title: Example statistical report
    kind: dataset           # optional: a CSL type (report, dataset, webpage, book,
                            # article-journal, legislation...) or government, statistics...
    url: https://example.org/report
    accessed: {as_of}

claims:
  - id: example_figure
    text: The report counted 1,234 cases in 2024.
    kind: figure            # figure, fact, quote, event, status, assessment
    value: 1234
    unit: cases
    period: 2024
    mentions:               # each place the page states it, as the page words it
      - 1,234 cases in 2024
    citations:
      - source: example_report
        locator: table 2
        quote: 1,234 cases
    review:
      status: unverified    # verified, unverified, disputed, retracted

constraints: []             # relations between claims, e.g. `part <= whole`
"""


def starter(title: str, url: str, as_of: str) -> str:
    """The commented starter registry; a ConfigError naming the flag (`--title`, `--url`)
    whose value the registry could not hold as given."""
    origins = {"title": "--title", "url": "--url"}
    refuse_url(url, "the page's")  # a password in it (L010) is no R error, but refused
    text = STARTER.format(
        title=_field_scalar(title, origins["title"]),
        url=_field_scalar(url, origins["url"]),
        as_of=as_of,
    )
    _read_back_page(text, {"title": title, "url": url}, origins)
    return text


FROM_PAGE = """\
# yaml-language-server: $schema=./claims.schema.json
# (`claimcheck schema -o claims.schema.json` writes that file, for editor completion.)
# A claimcheck registry drafted from {page} by `claimcheck init --from`. Every entry is a
# draft (`review: unverified`): check each value against the page, cite its sources, then
# run `claimcheck verify`. `claimcheck rules` explains each check; the README, each field.
version: 1

page:
{fields}
sources: []

claims: []
"""


def drafted_registry(
    page: str,
    fields: Sequence[tuple[str, str]],
    claims: Sequence[dict[str, Any]],
    sources: Sequence[dict[str, Any]] = (),
    origins: dict[str, str] | None = None,
) -> str:
    """A new registry for `page` (the path it names): `page:` with `fields` (title, url,
    path, as_of...), then the drafted sources and claims, appended as `add` appends them.
    A ConfigError naming the field's origin (`origins`: `--title`, the page...) when a
    field cannot be written so that it reads back as given."""
    from claimcheck.loader import parse_registry

    named = dict(origins or {})
    lines = "".join(
        f"  {key}: {value if key == 'as_of' else _field_scalar(value, named.get(key, key))}\n"
        for key, value in fields
    )
    text = FROM_PAGE.format(page=page.replace("\n", " "), fields=lines)
    _read_back_page(text, {k: v for k, v in fields if k != "as_of"}, named)
    for key, entries in (("sources", sources), ("claims", claims)):
        if entries:
            start, end, replacement = appended(
                text, parse_registry(text, "claims.yaml"), key, entries, "claims.yaml"
            )
            text = text[:start] + replacement + text[end:]
    if claims or sources:  # read back whole: a draft verify rejects is never written
        wrong = parse_registry(text, "claims.yaml").findings
        if wrong:
            subject = wrong[0].claim or wrong[0].source
            raise ConfigError(
                f"the draft{f' `{subject}`' if subject else 's'} of {page} would not be valid: "
                f"{wrong[0].message}; nothing was written",
                hint="report this as a claimcheck bug, with the page",
            )
    return text


class UnwritableText(ValueError):
    """Text that no one line of YAML reads back as (a lone surrogate: not a character)."""


def _scalar(text: str) -> str:
    """`text` as one line of YAML (a block mapping's value) that the registry's parser reads
    back as exactly `text`: no width limit (a long title stays whole), and every line break
    YAML knows (`\\n`, U+0085, U+2028, U+2029) written as an escape, as drafts write text.
    An UnwritableText when no such line reads back as `text`."""
    import yaml_rs

    from claimcheck.drafts import dump_drafts

    if _SURROGATE.search(text):  # no UTF-8 file holds one, and no YAML escape reads as one
        raise UnwritableText(
            f"it holds {_SURROGATE.findall(text)[0]!r}, half of a UTF-16 pair (a lone "
            "surrogate), which is not a character"
        )
    dumped = dump_drafts([{"k": text}], 0)
    written = dumped[len("- k: ") : -1]
    try:
        back = yaml_rs.loads(f"k: {written}\n", parse_datetime=False)
    except (yaml_rs.YAMLDecodeError, ValueError):
        back = None
    if not dumped.startswith("- k: ") or dumped.count("\n") != 1 or back != {"k": text}:
        raise UnwritableText("no line of YAML reads back as it")
    return written


#: Half of a UTF-16 surrogate pair: what a command line's undecodable byte becomes
#: (`\udcff`), or a JSON `\ud800` escape alone.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _field_scalar(value: str, origin: str) -> str:
    """`_scalar`, or a ConfigError naming where the value came from (`origin`: a flag, or
    the page a title was read from)."""
    try:
        return _scalar(value)
    except UnwritableText as exc:
        raise ConfigError(
            f"{origin} {_shown(value)}: cannot be written to the registry as given: {exc}; "
            "nothing was written",
            hint="give the text as characters (UTF-8)",
        ) from None


def _shown(value: str) -> str:
    from claimcheck.safetext import shown

    return f"'{shown(value, 80)}'"  # escaped for the terminal, not escaped again


def _read_back_page(text: str, given: dict[str, str], origins: dict[str, str]) -> None:
    """Read the registry text back before it is written: a ConfigError naming the flag or
    input (`origins`) of the first `page:` field the registry rejects (R002: an empty
    title, an address that is not http(s)) or reads otherwise than `given`. A registry that
    `verify` would reject for what the command wrote is never written."""
    from claimcheck.errors import RegistryLoadError
    from claimcheck.loader import parse_registry

    try:
        loaded = parse_registry(text, "claims.yaml")
    except RegistryLoadError as exc:  # the text written, not the user's: name the fields
        fields = ", ".join(origins.get(k, k) for k in given)
        raise ConfigError(
            f"the registry written from {fields} would not be read ({exc.message}); "
            "nothing was written",
            hint="report this as a claimcheck bug, with the values given",
        ) from None
    page = loaded.registry.page
    for key, value in given.items():
        finding = next((f for f in loaded.findings if f.path[:2] == ("page", key)), None)
        read = getattr(page, key, None) if page is not None else None
        if finding is None and read == value and (key != "title" or value.strip()):
            continue
        if finding is not None:
            problem = finding.message
        elif read == value:
            problem = "a page's title is some words, not blank"
        else:
            problem = f"it would be read as {read!r}"
        raise ConfigError(
            f"{origins.get(key, key)} {_shown(value)}: {problem}; nothing was written",
            hint=(finding.hint if finding is not None else None)
            or f"give the page's {key} as it should be written",
        )
    if loaded.findings:  # an R error elsewhere: never written either
        first = loaded.findings[0]
        raise ConfigError(
            f"the registry written would not be valid: {first.message}; nothing was written",
            hint="report this as a claimcheck bug, with the values given",
        )


#: The fields `add` fills from flags, for each kind of entry.
_TAKES = {
    "claim": ("id", "text", "kind", "value", "unit", "mentions", "citations"),
    "source": ("id", "title", "kind", "url"),
}


#: What a flag wants, when not words; and the flags an entry cannot do without.
_WANTS = {"url": "an http(s) address", "value": "a number", "id": "a snake_case id"}
_NEEDED = frozenset({"id", "text", "kind", "title"})


def refuse_typed(what: str, typed: dict[str, str | list[str] | None]) -> None:
    """A ConfigError for flags `add` would not write as typed (`typed`: by the entry's
    field, None when not given): a flag of the other kind of entry (`add source --mention`
    was dropped without a word), a blank one (`--text "   "`, `--unit ""`: an empty value
    was dropped, a blank one written), or a source cited twice."""
    takes = _TAKES[what]
    other = [_FLAGS[f] for f, v in typed.items() if v is not None and f not in takes]
    if other:
        flags = ", ".join(dict.fromkeys(other))
        raise ConfigError(
            f"{flags}: not for a {what} (`add {what}` takes "
            f"{', '.join(_FLAGS[f] for f in takes)}); nothing was written",
            hint="add a claim and its source with two commands, the source first",
        )
    for field in takes:
        given = typed.get(field)
        for one in given if isinstance(given, list) else [given]:
            if one is not None and not one.strip():
                raise ConfigError(
                    f"{_FLAGS[field]} {_shown(one)}: {'empty' if not one else 'blank'}; "
                    "nothing was written",
                    hint=f"give {_FLAGS[field]} {_WANTS.get(field, 'some words')}"
                    + ("" if field in _NEEDED else ", or leave it out"),
                )
    cited = typed.get("citations") or []
    twice = next((c for i, c in enumerate(cited) if c in cited[:i]), None)
    if twice is not None:
        raise ConfigError(
            f"--cite {_shown(twice)} given twice: a claim cites a source once; nothing was written",
            hint="give each source once (its locators and quotes go in the registry)",
        )


def claim_entry(
    ident: str,
    text: str | None,
    kind: str | None,
    value: str | None = None,
    unit: str | None = None,
    mentions: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A new claim as `claimcheck add claim` gives it; a ConfigError when it lacks a field."""
    if not text or not kind:
        raise ConfigError("a claim needs --text and --kind")
    entry: dict[str, Any] = {"id": ident, "text": text, "kind": kind}
    if value is not None:
        entry["value"] = claim_value(value)
    if unit:
        entry["unit"] = unit
    entry["mentions"] = list(mentions or [])
    entry["citations"] = [{"source": s} for s in sources or []]
    return entry


def source_entry(
    ident: str, title: str | None, kind: str | None, url: str | None = None
) -> dict[str, Any]:
    """A new source as `claimcheck add source` gives it; a ConfigError when it lacks a field."""
    if not title:
        raise ConfigError("a source needs --title")
    entry: dict[str, Any] = {"id": ident, "title": title}
    if kind:  # optional: a CSL type (report, dataset, webpage...) or a first-version kind
        entry["kind"] = kind
    if url:
        refuse_url(url, "the source's")
        entry["url"] = url
    return entry


def refuse_url(url: str, whose: str) -> None:
    """A ConfigError for a `--url` `verify` would report as soon as it is written, offline
    too (L007 malformed, a space in it; L010 a user name or password; R002 not http(s), or
    empty): such an entry, or page, is refused before anything is written, as an invalid one
    is. `whose` names the address in the hint ("the source's", "the page's")."""
    from claimcheck.http import plain_url_problem
    from claimcheck.links.model import redact

    problem = plain_url_problem(url, lambda _host: False)
    if problem is not None:  # a password typed in it is not shown again
        raise ConfigError(
            f"--url {_shown(redact(url))}: {problem}; nothing was written",
            hint=f"give {whose} http(s) address as a browser shows it (a space as %20)",
        )


def claim_value(value: str) -> int | float | str | list[int | float | str]:
    """`--value` as the registry reads `value:`, written as typed (see `_as_typed`): a
    number, a natural form (`£65m`, read by the loader), or a range as the loader's message
    says, `[low, high]` (YAML's flow list, each end a number or a natural form, each written
    as typed too). The loader then judges it: what it cannot read as a number (`1e3` aside,
    which it reads) is refused there, with the line to write; nothing is rewritten."""
    text = value.strip()
    if not (text.startswith("[") and text.endswith("]")):
        return _as_typed(text)
    import yaml

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        node = None
    ends = node.value if isinstance(node, yaml.SequenceNode) else None
    # Each end a scalar as written: a number, or text (quoted, or a natural form), never
    # true/false or null.
    plain = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null")
    if ends is None or not all(
        isinstance(end, yaml.ScalarNode) and not (not end.style and end.tag in plain)
        for end in ends
    ):
        raise ConfigError(
            f"--value {value!r}: not a range",
            hint="write a range as its two ends: --value '[3, 5]'",
        )
    return [_as_typed(str(end.value)) for end in ends]


#: A whole number, and a decimal, as YAML writes them and the dumper writes them back.
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")


def _as_typed(text: str) -> int | float | str:
    """A value as the registry will hold it, written with exactly the characters typed: an
    int or float only when the dumper writes it back as `text` (`12`, `4.6`), else the text
    itself, which the dumper writes quoted where YAML would read it otherwise (`'7.40'`,
    `'3.14159265358979323846'`: a float would lose digits) and the loader reads as the
    number written, or refuses (`1,5`)."""
    if _INTEGER.fullmatch(text) and str(int(text)) == text:
        return int(text)
    if _DECIMAL.fullmatch(text) and repr(float(text)) == text:
        return float(text)
    return text


class EntryProblem(NamedTuple):
    """An error `verify --offline` would report about a new entry as soon as it is written."""

    #: The entry's place among the new entries.
    position: int
    #: The entry's field it is at (`value`, `mentions`, `accessed`...), None: the entry.
    field: str | None
    #: Which of the field's items (a second `--mention`), None: the field.
    item: int | None
    message: str
    hint: str | None
    #: The rule, as `C013 percent-out-of-range`.
    rule: str
    #: The loader's (R): the entry would not be valid at all.
    invalid: bool


def entry_problems(
    key: str,
    entries: Sequence[dict[str, Any]],
    registry: Registry,
    today: date | None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[EntryProblem]:
    """The errors `verify --offline` would report about `entries` (new `claims` or
    `sources` of `registry`) once written, first by entry: the loader's (R002, R008: a
    field it rejects) and those of the offline checks of one entry (S006 a DOI that is not
    one, T008 a date after `today`, C009 a range reversed, C013 a share over 100%, C001 a
    mention with another figure...), as `select` and `ignore` (the config's) leave them;
    with no `today`, the loader's only.

    The entries are read as the loader reads a registry of them alone, then checked beside
    the registry's page, defaults and sources; relations between claims (constraints, the
    page's coverage) are not the new entry's own and are left to `verify`."""
    import msgspec

    from claimcheck.checks import all_checks
    from claimcheck.checks.base import CheckContext
    from claimcheck.drafts import dump_drafts
    from claimcheck.errors import RegistryLoadError
    from claimcheck.findings import Severity, is_selected
    from claimcheck.loader import parse_registry

    if not entries:
        return []
    halves = _lone_surrogates(entries)
    if halves:  # no YAML (nor UTF-8 file) holds one: said as what it is, at its field
        return halves
    cited = (
        sorted({c["source"] for e in entries for c in e.get("citations", ()) if "source" in c})
        if key == "claims"
        else []
    )
    text = f"version: 1\n{key}:\n{dump_drafts(list(entries))}"
    if cited:  # stand-ins, so that a citation reads: the sources are checked in the registry
        text += "sources:\n" + dump_drafts([{"id": s, "title": s} for s in cited])
    try:
        alone = parse_registry(text, "the new entries")
    except RegistryLoadError as exc:  # a value the loader refuses outright (`nan`)
        position, field = _dumped_at(text, exc.line)
        rule = re.search(r" \[(R\d{3} [a-z-]+)\]$", exc.message)
        message = exc.message[: rule.start()] if rule else exc.message
        return [
            EntryProblem(
                position, field, None, message, exc.hint, rule[1] if rule else "R001", True
            )
        ]
    problems = [
        _problem(finding, key, invalid=True)
        for finding in alone.findings
        if len(finding.path) >= 2 and finding.path[0] == key and isinstance(finding.path[1], int)
    ]
    if problems or today is None:  # no day to check against: the loader's errors only
        return sorted(problems, key=lambda p: p.position)
    new = getattr(alone.registry, key)
    ids = frozenset(e.id for e in new)
    kept = {s.id for s in new} if key == "sources" else set(cited)
    beside = msgspec.structs.replace(
        registry,
        sources=new if key == "sources" else tuple(s for s in registry.sources if s.id in kept),
        claims=new if key == "claims" else (),
        constraints=(),
        ignore=(),
    )
    ctx = CheckContext(today=today, scope=ids)
    for check in all_checks():
        if check.needs:  # the page, links, snapshots: not offline, not the entry's alone
            continue
        try:
            found = list(check.run(beside, ctx))
        except Exception:
            continue
        problems += [
            _problem(finding, key, invalid=False)
            for finding in found
            if finding.level is Severity.ERROR
            and (finding.claim in ids or finding.source in ids)
            and len(finding.path) >= 2
            and finding.path[0] == key
            and isinstance(finding.path[1], int)
            and is_selected(finding.code, select, ignore)
        ]
    return sorted(problems, key=lambda p: p.position)


def _lone_surrogates(entries: Sequence[dict[str, Any]]) -> list[EntryProblem]:
    """A problem at the first field (and item) of each entry holding half of a UTF-16 pair:
    what a JSON `\\ud800` escape alone, or a byte of a command line that is not UTF-8,
    becomes. It is no character, and no registry can hold it."""
    problems = []
    for position, entry in enumerate(entries):
        for field, value in entry.items():
            items = value if isinstance(value, list) else [value]
            for item, one in enumerate(items):
                texts = one.values() if isinstance(one, dict) else [one]
                half = next(
                    (h for t in texts if isinstance(t, str) for h in _SURROGATE.findall(t)), None
                )
                if half is None:
                    continue
                problems.append(
                    EntryProblem(
                        position,
                        field,
                        item if isinstance(value, list) else None,
                        f"it holds {half!r}, half of a UTF-16 pair (a lone surrogate), "
                        "which is not a character",
                        "give the text as characters (UTF-8): a lone \\ud800-\\udfff escape, "
                        "or a byte that is not UTF-8, stands for none",
                        "R001 yaml-syntax",
                        True,
                    )
                )
                break
            else:
                continue
            break
    return problems


def _dumped_at(text: str, line: int | None) -> tuple[int, str | None]:
    """The entry and field at `line` of entries dumped by `dump_drafts` (`  - id: a`, then
    `    value: ...`): the first entry, no field, when the line is not known."""
    position, field = -1, None
    for number, written in enumerate(text.split("\n")[: line or 0], start=1):
        if number > 2 and written and not written.startswith(" "):  # `sources:` after them
            break
        if written.startswith("  - "):
            position, field = position + 1, None
        found = re.match(r"  (?:- |  )([A-Za-z_]+):", written)  # an entry's own field
        if found:
            field = found[1]
    return max(position, 0), field


def _problem(finding: Finding, key: str, *, invalid: bool) -> EntryProblem:
    path = finding.path
    field = str(path[2]) if len(path) > 2 else None
    item = path[3] if len(path) > 3 and isinstance(path[3], int) else None
    assert isinstance(path[1], int)
    return EntryProblem(
        path[1],
        field,
        item,
        finding.message,
        finding.hint,
        f"{finding.code} {finding.rule.name}",
        invalid,
    )


#: The flag of `claimcheck add` that gives each field of a new entry.
_FLAGS = {
    "id": "--id",
    "text": "--text",
    "kind": "--kind",
    "value": "--value",
    "unit": "--unit",
    "mentions": "--mention",
    "citations": "--cite",
    "title": "--title",
    "url": "--url",
}


def refuse_flags(
    what: str, typed: dict[str, str | list[str] | None], problems: Sequence[EntryProblem]
) -> None:
    """A ConfigError for the first problem of the entry `add` makes, naming its flag and
    what was typed there (`typed`: by the entry's field), never the place in the file the
    entry would have had."""
    if not problems:
        return
    problem = problems[0]
    flag = _FLAGS.get(problem.field or "")
    given = typed.get(problem.field or "") if flag else None
    if isinstance(given, list):  # a repeated flag: the one at fault
        item = problem.item
        given = given[item] if item is not None and item < len(given) else ", ".join(given)
    head = f"{flag} {_shown(given)}: " if flag and given is not None else ""
    said = (
        f"the new {what} would not be valid: {problem.message}"
        if problem.invalid
        else f"verify would report the new {what}: {problem.message} [{problem.rule}]"
    )
    raise ConfigError(
        f"{head}{said}; nothing was written",
        hint=problem.hint or f"see `claimcheck rules {problem.rule.split()[0]}`",
    )


def add_entry(
    registry: Path,
    key: str,
    entry: dict[str, Any],
    refuse: Callable[[Registry], None] | None = None,
) -> None:
    """Append `entry` to the registry's top-level list `key` (claims or sources)."""
    add_entries(registry, key, [entry], refuse)


def add_entries(
    registry: Path,
    key: str,
    entries: list[dict[str, Any]],
    refuse: Callable[[Registry], None] | None = None,
) -> None:
    """Append `entries` to the registry's top-level list `key`, in one atomic write: after
    its last entry, in place of `key: []`, or as a new `key:` list (see `appended`).

    An invalid registry, a used id and an unknown cited source are refused; so is what
    `refuse` raises for, given the registry as read (see `entry_problems`). The file is
    locked while it is read and rewritten (a second `add` waits, then adds after this one);
    its BOM and line endings are kept.
    """
    edit_text(
        registry, "registry", lambda found: _with_entries(registry, found, key, entries, refuse)
    )


def _with_entries(
    registry: Path,
    found: EditedText,
    key: str,
    entries: list[dict[str, Any]],
    refuse: Callable[[Registry], None] | None = None,
) -> str:
    from claimcheck.loader import parse_registry
    from claimcheck.suggest import did_you_mean
    from claimcheck.validity import refuse_invalid

    text = found.normalised
    loaded = parse_registry(text, str(registry))
    refuse_invalid(loaded)  # an entry added to an invalid registry would hide its errors
    existing = {c.id for c in loaded.registry.claims} | {s.id for s in loaded.registry.sources}
    sources = [s.id for s in loaded.registry.sources] + [e["id"] for e in entries]
    for entry in entries:
        if entry["id"] in existing:
            raise ConfigError(
                f"the id `{entry['id']}` is already used",
                file=str(registry),
                hint="choose another --id",
            )
        for citation in entry.get("citations", ()) if key == "claims" else ():
            if citation["source"] not in sources:  # R005 once written: refused before
                raise ConfigError(
                    f"--cite: no source `{citation['source']}` in the registry",
                    file=str(registry),
                    hint=did_you_mean(citation["source"], sources)
                    or "add it first with `claimcheck add source`",
                )
    if refuse is not None:  # what verify --offline would report about the new entries
        refuse(loaded.registry)
    start, end, replacement = appended(text, loaded, key, entries, str(registry))
    updated = text[:start] + replacement + text[end:]
    # Never write an entry the registry format rejects, nor one that lands anywhere but at
    # the end of its list (a layout the text edit misread).
    after = parse_registry(updated, str(registry))
    if len(after.findings) > len(loaded.findings):
        new = after.findings[-1] if after.findings else None
        where = new.location if new is not None else None
        raise ConfigError(
            f"the new {key[:-1]} would not be valid: {new.message if new else ''}; "
            "nothing was written",
            file=str(registry),
            line=where.line if where is not None else None,
            column=where.column if where is not None else None,
            hint=(new.hint if new else None) or "see `claimcheck rules R002`",
        )
    if _ids(after, key) != _ids(loaded, key) + [e["id"] for e in entries]:
        line, column = loaded.positions.locate((key,), at_key=True)
        raise ConfigError(
            f"cannot tell where the `{key}:` list ends in this layout; nothing was written",
            file=str(registry),
            line=line,
            column=column,
            hint=f"write `{key}:` as a block list (one `- id: ...` entry per line)",
        )
    _refuse_changes(loaded, after, key, len(entries), str(registry))
    # The same places in the file as written, \r\n and all.
    at, until = found.offset(start), found.offset(end)
    return found.text[:at] + replacement.replace("\n", found.newline) + found.text[until:]


def _refuse_changes(
    loaded: LoadedRegistry, after: LoadedRegistry, key: str, count: int, name: str
) -> None:
    """A ConfigError unless the edited text (`after`) reads as the registry as it was
    (`loaded`) with `count` more entries at the end of its list `key`: nothing the user wrote
    may change with an append (a block scalar cut short, a kept line break lost), whatever
    the text edit got wrong. Compared as the loader reads both, every field of every entry
    (an unknown field would have been refused), so it costs no third parse of a large file."""
    import msgspec

    old, new = loaded.registry, after.registry
    kept, grown = getattr(old, key), getattr(new, key)
    if (
        len(grown) == len(kept) + count
        and grown[: len(kept)] == kept
        and msgspec.structs.replace(new, **{key: kept}) == old
    ):
        return
    path: tuple[str | int, ...] = (key,)
    changed = [i for i, (a, b) in enumerate(zip(kept, grown, strict=False)) if a != b]
    if changed:
        path = (key, changed[0])
    else:
        fields = [f for f in old.__struct_fields__ if getattr(old, f) != getattr(new, f)]
        path = (next((f for f in fields if f != key), key),)
    line, column = loaded.positions.locate(path, at_key=len(path) == 1)
    raise ConfigError(
        f"appending to `{key}:` in this layout would change what is already written "
        f"(at {'/'.join(str(p) for p in path)}); nothing was written",
        file=name,
        line=line,
        column=column,
        hint=f"add the new {key[:-1]} by hand, after the last entry of `{key}:`",
    )


def _ids(loaded: LoadedRegistry, key: str) -> list[str]:
    entries = loaded.registry.claims if key == "claims" else loaded.registry.sources
    return [e.id for e in entries]


def _key_line(key: str) -> re.Pattern[str]:
    """A top-level key at the start of a line, with what follows its colon on that line."""
    name = re.escape(key)
    return re.compile(
        rf"^(?:{name}|'{name}'|\"{name}\")[ \t]*:(?P<value>[^\n#]*?)[ \t]*(?P<comment>#[^\n]*)?$",
        re.MULTILINE,
    )


#: The top-level key a missing list goes before (in the starter's order), else the end.
_BEFORE = {"sources": ("claims", "constraints", "ignore"), "claims": ("constraints", "ignore")}


def appended(
    text: str, loaded: LoadedRegistry, key: str, entries: Sequence[dict[str, Any]], name: str
) -> tuple[int, int, str]:
    """How to append `entries` to the top-level list `key` of registry text (\n line
    endings): `text[start:end]` is replaced by the returned text, every other byte stays.

    A block list grows after its last entry (its dashes' indentation kept); `key: []` becomes
    `key:` and a block list; a missing key is added before the keys that follow it in the
    starter (`constraints:`...) or at the end. A flow-style list (`[{id: a}]`) grows in its
    own style: each entry a flow mapping before its `]`.
    """
    from claimcheck.drafts import dump_drafts

    where = loaded.positions.list_end(key)
    if where is not None:
        offset, indent = where
        addition = dump_drafts(entries, indent)
        if offset > 0 and text[offset - 1] != "\n":
            addition = "\n" + addition
        return offset, offset, addition
    other = loaded.positions.list_end("claims" if key == "sources" else "sources")
    indent = other[1] if other is not None else 2  # the file's own indentation, if it shows
    block = dump_drafts(entries, indent)
    found = _key_line(key).search(text)
    if found is None:
        if _key_line("version").search(text) is None:  # the top level is not a block mapping
            raise ConfigError(
                f"cannot find where to add a `{key}:` list in this layout; nothing was written",
                file=name,
                line=1,
                column=1,
                hint=f"write the registry as a block mapping with `{key}:` on a line of its own",
            )
        return _new_key(text, key, block)
    value = found.group("value").strip()
    line = text.count("\n", 0, found.start()) + 1
    if value == "[]":
        comment = found.group("comment")
        start = found.start("value")
        end = found.end()
        head = f" {comment}" if comment else ""
        if end < len(text):  # the line's own newline stays after the block
            return start, end, head + "\n" + block.removesuffix("\n")
        return start, end, head + "\n" + block
    if value.startswith("["):
        return _flow_appended(text, key, entries, name, line)
    raise ConfigError(
        f"cannot find the end of the block-style `{key}:` list; nothing was written",
        file=name,
        line=line,
        column=1,
        hint=f"write `{key}:` as a block list, one `- id: ...` entry per line",
    )


def _flow_appended(
    text: str, key: str, entries: Sequence[dict[str, Any]], name: str, line: int
) -> tuple[int, int, str]:
    """Entries added to a flow-style list before its closing `]`, written as JSON (a flow
    mapping in YAML), so that nothing the user wrote is restyled."""
    import json

    import yaml

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        root = None
    node = None
    if isinstance(root, yaml.MappingNode):
        node = next((v for k, v in root.value if k.value == key), None)
    close = node.end_mark.index - 1 if isinstance(node, yaml.SequenceNode) else -1
    if node is None or not node.flow_style or text[close : close + 1] != "]":
        raise ConfigError(
            f"cannot find where the flow-style `{key}:` list ends; nothing was written",
            file=name,
            line=line,
            column=1,
            hint=f"write `{key}:` as a block list, one `- id: ...` entry per line",
        )
    items = [json.dumps(entry, ensure_ascii=False) for entry in entries]
    last = node.value[-1].end_mark.index if node.value else close
    # A comma after the last entry, unless one is there already (comments aside).
    comma = "," if node.value and "," not in re.sub(r"#[^\n]*", "", text[last:close]) else ""
    line_start = text.rfind("\n", 0, close) + 1
    if node.value and not text[line_start:close].strip():
        # `]` on a line of its own: each entry on a line above it, indented as the last one.
        indent = " " * node.value[-1].start_mark.column
        lines = "".join(f"{indent}{item},\n" for item in items)
        return last, line_start, comma + text[last:line_start] + lines
    return close, close, (f"{comma} " if comma else "") + ", ".join(items)


def _new_key(text: str, key: str, block: str) -> tuple[int, int, str]:
    """Insert `key:` and its block list before the first of the keys that follow it, above
    that key's own comment lines, or at the end of the file."""
    starts = [m.start() for k in _BEFORE[key] if (m := _key_line(k).search(text))]
    addition = f"{key}:\n{block}"
    if not starts:
        if text and not text.endswith("\n"):
            addition = "\n" + addition
        return len(text), len(text), addition
    at = min(starts)
    while at > 0:  # comment lines at the left margin introduce the key that follows
        previous = text.rfind("\n", 0, at - 1) + 1
        if not text.startswith("#", previous):
            break
        at = previous
    return at, at, addition + "\n"


def append_drafted(
    registry: Path,
    sources: Sequence[dict[str, Any]],
    claims: Sequence[dict[str, Any]],
    page: tuple[str, str] | None = None,
) -> None:
    """`extract --append`'s one atomic write: the drafted sources and claims appended as
    `add` appends them, and, given `page` (its path and title, when the registry names no
    page), `path:` added to its `page:` (or a `page:` with that title and path), so that
    `verify` checks the drafted mentions against that page."""
    from dataclasses import replace

    def change(found: EditedText) -> str | None:
        current = found
        for key, entries in (("sources", sources), ("claims", claims)):
            if entries:
                edited = _with_entries(registry, current, key, list(entries))
                current = replace(current, text=edited)
        if page is not None:
            current = replace(current, text=_with_page_path(registry, current, *page))
        return None if current is found else current.text

    edit_text(registry, "registry", change)


def _with_page_path(registry: Path, found: EditedText, path: str, title: str) -> str:
    """The registry text with `path: <path>` added to its `page:` mapping (as its first key
    in block style, its last in flow style), or, with no `page:`, one with `title` and
    `path` added before `defaults:`, `sources:` or `claims:`; every other byte kept. A
    ConfigError, nothing written, when the edit would read as anything but that."""
    import json

    import msgspec
    import yaml

    from claimcheck.loader import parse_registry
    from claimcheck.model import Page

    text = found.normalised
    loaded = parse_registry(text, str(registry))
    page = loaded.registry.page
    if page is not None and page.path is not None:
        return found.text
    wanted = msgspec.structs.replace(
        loaded.registry,
        page=(
            Page(title=title, path=path)
            if page is None
            else msgspec.structs.replace(page, path=path)
        ),
    )
    if page is None:  # a `page:` of its own, where the starter has it
        block = (
            f"page:\n  title: {_field_scalar(title, 'the title of the page')}\n"
            f"  path: {_field_scalar(path, 'the page')}\n"
        )
        if _key_line("version").search(text) is None:  # not a block mapping
            return _checked_insert(registry, found, loaded, wanted, -1, "", path)
        keys = [m.start() for k in _PAGE_BEFORE if (m := _key_line(k).search(text))]
        at = min(keys) if keys else len(text)
        while 0 < at < len(text):  # above the comment lines that lead into that key
            above = text.rfind("\n", 0, at - 1) + 1
            if not text.startswith("#", above):
                break
            at = above
        addition = "\n" + block if at == len(text) and text and not text.endswith("\n") else block
        return _checked_insert(registry, found, loaded, wanted, at, addition, path)
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    node = None
    if isinstance(root, yaml.MappingNode):
        node = next((v for k, v in root.value if k.value == "page"), None)
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return _checked_insert(registry, found, loaded, wanted, -1, "", path)
    if node.flow_style:  # after its last value: `{title: Roads, path: "page.txt"}`
        at = node.value[-1][1].end_mark.index
        addition = f", path: {json.dumps(path, ensure_ascii=False)}"
    else:  # a line of its own above its first key, at that key's indentation
        first = node.value[0][0].start_mark
        at = text.rfind("\n", 0, first.index) + 1
        while at > 0:  # above the comment lines that lead into the first key
            above = text.rfind("\n", 0, at - 1) + 1
            if not text[above:at].lstrip(" ").startswith("#"):
                break
            at = above
        addition = f"{' ' * first.column}path: {_field_scalar(path, 'the page')}\n"
    return _checked_insert(registry, found, loaded, wanted, at, addition, path)


#: The top-level keys a missing `page:` goes before (in the starter's order), else the end.
_PAGE_BEFORE = ("defaults", "sources", "claims", "constraints", "ignore")


def _checked_insert(
    registry: Path,
    found: EditedText,
    loaded: LoadedRegistry,
    wanted: Registry,
    at: int,
    addition: str,
    path: str,
) -> str:
    """The registry text with `addition` inserted at `at` (of its \\n text), if it then
    reads as `wanted` with no new finding; else (or `at` -1: no place found) a ConfigError,
    nothing written."""
    from claimcheck.loader import parse_registry

    text = found.normalised
    if at >= 0:
        after = parse_registry(text[:at] + addition + text[at:], str(registry))
        if after.registry == wanted and len(after.findings) <= len(loaded.findings):
            offset = found.offset(at)
            added = addition.replace("\n", found.newline)
            return found.text[:offset] + added + found.text[offset:]
    line, column = loaded.positions.locate(("page",), at_key=True)
    raise ConfigError(
        "the registry names no page (page.path) to check the drafts against, and `path:` "
        "cannot be added to `page:` in this layout; nothing was written",
        file=str(registry),
        line=line,
        column=column,
        hint=f"add `path: {path}` under `page:` by hand, then append again",
    )


def set_source_fields(registry: Path, values: dict[str, dict[str, str]]) -> list[str]:
    """Add fields to sources (`{source id: {field: value}}`) that do not have them yet, each
    on a new line after the source's `id:`; every other byte stays. One atomic write.

    Returns the ids of the sources changed.
    """
    changed: list[str] = []

    def change(found: EditedText) -> str | None:
        changed.clear()
        return _with_fields(registry, found, values, changed)

    edit_text(registry, "registry", change)
    return changed


def _with_fields(
    registry: Path, found: EditedText, values: dict[str, dict[str, str]], changed: list[str]
) -> str | None:
    from claimcheck.loader import parse_registry

    loaded = parse_registry(found.normalised, str(registry))
    # Lines as YAML counts them (split at \n only), each but the last with its \n back.
    lines = found.text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    inserts: list[tuple[int, str]] = []  # (0-based line to insert before, text)
    for i, source in enumerate(loaded.registry.sources):
        wanted = {k: v for k, v in values.get(source.id, {}).items() if getattr(source, k) is None}
        if not wanted:
            continue
        line, column = loaded.positions.locate(("sources", i, "id"), at_key=True)
        text_line = lines[line - 1] if 1 <= line <= len(lines) else ""
        if "{" in text_line[: column - 1] or not text_line[column - 1 :].startswith("id:"):
            raise ConfigError(
                f"source `{source.id}` is written in flow style ({{...}}): cannot add "
                f"{', '.join(wanted)} to it; nothing was written",
                file=str(registry),
                line=line,
                column=column,
                hint=f"add {', '.join(f'`{k}: {v}`' for k, v in wanted.items())} by hand",
            )
        ending = "\r\n" if text_line.endswith("\r\n") else "\n"
        pad = " " * (column - 1)
        addition = "".join(
            f"{pad}{k}: {_field_scalar(v, f'source `{source.id}`: {k}')}{ending}"
            for k, v in wanted.items()
        )
        inserts.append((line, addition))
        changed.append(source.id)
    if not inserts:
        return None
    for at, addition in sorted(inserts, reverse=True):
        lines.insert(at, addition)
    updated = "".join(lines)
    normalised = updated.replace("\r\n", "\n")
    if len(parse_registry(normalised, str(registry)).findings) > len(loaded.findings):
        raise ConfigError(
            "the change would make the registry invalid; nothing was written",
            file=str(registry),
            hint="add the fields by hand",
        )
    return updated
