"""Read a registry file into a validated Registry, with located findings for what is wrong.

Large registries are the norm for newsrooms, so loading is built for speed (measured in
bench/registry_scale.py): yaml-rs parses (Rust; rejects duplicate keys and alias bombs),
msgspec validates in one pass, and the garbage collector is paused while the hundreds of
thousands of new containers are made (it otherwise doubles the time). Only when that fast
path fails does a slower pass collect every problem with its location.
"""

from __future__ import annotations

import bisect
import functools
import gc
import math
import re
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
import yaml
import yaml_rs

from claimcheck.dates import (
    Duration,
    PartialDate,
    Period,
    parse_date,
    parse_duration,
    parse_period,
)
from claimcheck.errors import RegistryLoadError
from claimcheck.files import read_regular
from claimcheck.findings import Finding, Location, NodePath
from claimcheck.model import (
    ID_PATTERN,
    MAX_ID_LENGTH,
    WEB_URL_PATTERN,
    Claim,
    Constraint,
    Ignore,
    Registry,
    Source,
    Value,
)
from claimcheck.positions import NodePositions, Shape, compose, list_items, node_at, top_keys
from claimcheck.registry_rules import R001, R002, R003, R007, R008, TOLERANCE_FORM
from claimcheck.suggest import did_you_mean
from claimcheck.units import unread_scale
from claimcheck.values import ValueFormError, read_value

if typing.TYPE_CHECKING:
    from claimcheck.registry_cache import RegistryCache

MAX_BYTES = 512 * 1024 * 1024
#: Alias expansion limits: far above any honest registry, far below a "billion laughs".
ALIAS_LIMITS = yaml_rs.AliasLimits(max_total_replayed_events=100_000, max_replay_stack_depth=16)
#: What aliases may replay in all, in characters (an anchored node's text once per use, nested
#: aliases included). Events alone do not bound memory: one alias of a 10 MiB string is one
#: event. Counted before yaml-rs builds anything; 64 MiB is thousands of times what an honest
#: registry's anchors replay, and what Python objects of it take stays well under 1 GB.
MAX_ALIAS_CHARS = 64 * 2**20
#: The most digits a number in a registry may have. A page's figures have a dozen at most;
#: beyond this, int and Decimal conversions grow quadratic (a 1M-digit value took 28 s) and
#: Python refuses ints of over 4,300 digits outright.
MAX_DIGITS = 100
_INVALID: Any = object()
_EventLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_POSITION = re.compile(r"line (\d+), column (\d+)")


class DroppedClaim(NamedTuple):
    """A claim left out of the registry as invalid (a bad `kind`, no `text`), as written:
    still a claim of the page, so every count and view includes it, as `invalid`."""

    #: Its index in the file's `claims`.
    row: int
    id: str
    #: As written, or "" when that is not text.
    kind: str
    text: str
    mentions: tuple[str, ...]


@dataclass
class LoadedRegistry:
    """A registry with what was wrong in it, and the means to locate any of its nodes."""

    path: str
    registry: Registry
    text: str
    positions: NodePositions
    findings: list[Finding] = field(default_factory=list)
    invalid_ids: frozenset[str] = frozenset()
    #: Where entries were left out as invalid: registry index -> index in the file.
    rows: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: The claims left out as invalid that have an id of their own, in file order.
    dropped_claims: tuple[DroppedClaim, ...] = ()

    def locate(self, finding: Finding) -> Location:
        """The location of a check's finding, whose path indexes the registry."""
        if finding.location is not None:
            return finding.location
        path = finding.path
        if len(path) >= 2 and isinstance(path[1], int) and path[0] in self.rows:
            path = (path[0], self.rows[str(path[0])][path[1]], *path[2:])
        line, column = self.positions.locate(path, at_key=finding.at_key)
        return Location(self.path, line, column)

    def unreadable(self) -> frozenset[NodePath]:
        """The registry paths (its indices, not the file's) of the values left out because
        they could not be read (R002): a check tells a value not read from one never given."""
        found: set[NodePath] = set()
        index: dict[str, dict[int, int]] = {}
        for finding in self.findings:
            if finding.code != R002.code:
                continue
            path = finding.path
            if len(path) >= 2 and isinstance(path[1], int) and path[0] in self.rows:
                key = str(path[0])
                if key not in index:
                    index[key] = {row: i for i, row in enumerate(self.rows[key])}
                kept = index[key].get(path[1])
                if kept is None:
                    continue  # its entry was left out whole: no check sees it
                path = (path[0], kept, *path[2:])
            found.add(path)
        return frozenset(found)

    def locate_raw(self, finding: Finding) -> Location:
        """The location of a loader's finding, whose path indexes the file as written."""
        if finding.location is not None:
            return finding.location
        line, column = self.positions.locate(finding.path, at_key=finding.at_key)
        return Location(self.path, line, column)


def load_registry(
    path: Path, *, display: str | None = None, cache: RegistryCache | None = None
) -> LoadedRegistry:
    """Read, parse and validate the registry at `path` (or take it from `cache`, which keeps
    large registries that load with no finding)."""
    name = display or str(path)
    return load_text(read_text(path, name), name, cache)


def load_text(text: str, name: str, cache: RegistryCache | None = None) -> LoadedRegistry:
    """Parse and validate registry text (or take it from `cache`: see `load_registry`)."""
    if cache is None:
        return parse_registry(text, name)
    with _no_gc():
        hit = cache.get(text, _memo(_dec_hook))
        if hit is not None:
            registry, keys, lengths = hit
            gc.freeze()  # as parse_registry does
            return _kept(
                LoadedRegistry(name, registry, text, NodePositions(text, Shape(keys, lengths)))
            )
    loaded = parse_registry(text, name)
    if not loaded.findings and not loaded.invalid_ids:
        shape = loaded.positions.shape
        cache.put(text, loaded.registry, shape.keys, dict(shape.lengths))
    return loaded


def read_text(path: Path, name: str) -> str:
    """The file's text, or a RegistryLoadError that says what is wrong and how to fix it."""
    # Only a regular file, read to the limit whatever size it reports: a registry from a
    # pull request may be a symlink to /dev/zero or a FIFO (which would hang a plain read).
    try:
        raw = read_regular(
            path, "file", MAX_BYTES, hint="give the registry's path", error=RegistryLoadError
        )
    except RegistryLoadError as exc:
        exc.file = name
        if "over the" in exc.message:
            exc.hint = "split the registry, or check that this is the right file"
        raise
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RegistryLoadError(
            f"byte 0x{raw[exc.start]:02x} is not UTF-8",
            file=name,
            line=line,
            column=column,
            hint="save the file as UTF-8",
        ) from None


@contextmanager
def _no_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def reads_as_registry(text: str) -> bool:
    """Whether `text` parses as a mapping with `version` and `claims` or `sources`: a
    registry, valid or not (what a command's output may not replace)."""
    try:
        # Read past a NUL, where yaml-rs would end the document (a registry, though invalid).
        data = yaml_rs.loads(
            text.replace("\x00", " "), parse_datetime=False, alias_limits=ALIAS_LIMITS
        )
    except (yaml_rs.YAMLDecodeError, ValueError):
        return False
    return isinstance(data, dict) and "version" in data and ("claims" in data or "sources" in data)


def parse_registry(
    text: str, name: str, *, max_alias_chars: int = MAX_ALIAS_CHARS
) -> LoadedRegistry:
    """Parse and validate registry text; `name` is the file name used in locations."""
    findings: list[Finding] = []
    _check_unreadable(text, name)
    _check_numbers(text, name)
    _check_aliases(text, name, max_alias_chars)
    with _no_gc():
        chunked = _parse_in_chunks(text)
        if chunked is not None:
            registry, shape = chunked
            gc.freeze()  # as below
            loaded = LoadedRegistry(name, registry, text, NodePositions(text, shape))
            _check_values(loaded)
            return _kept(loaded)
        data = _parse_yaml(text, name, findings)
        if data is None:
            raise RegistryLoadError(
                "the registry is empty",
                file=name,
                line=1,
                column=1,
                hint="add `version: 1`, `sources:` and `claims:`",
            )
        if not isinstance(data, dict):
            second = _second_document(text) if isinstance(data, list) else None
            if second is not None:  # yaml-rs reads several documents as a list of them
                raise RegistryLoadError(
                    f"a second YAML document starts at line {second}: a registry is one "
                    "document, a mapping with `version`, `sources` and `claims`",
                    file=name,
                    line=second,
                    column=1,
                    hint="keep one document: remove that `---` and what follows it, or "
                    "merge what follows into the mapping above",
                )
            raise RegistryLoadError(
                f"the top level is a {_yaml_type(data)}, not a mapping",
                file=name,
                line=1,
                column=1,
                hint="the registry is a mapping with `version`, `sources` and `claims`",
            )
        positions = NodePositions(text, data)
        _read_numbers(data, text, name, positions)
        invalid: frozenset[str] = frozenset()
        rows: dict[str, tuple[int, ...]] = {}
        fast = _convert(data, _memo(_dec_hook))
        if fast is not None:
            registry = fast
        else:
            registry, invalid, rows = _validate_slowly(data, findings)
        # The registry lives as long as the run: keep it out of every later collection
        # (frozen before the collector is back on, or its first pass walks all of it).
        gc.freeze()
    loaded = LoadedRegistry(name, registry, text, positions, [], invalid, rows)
    if invalid:
        loaded.dropped_claims = _dropped_claims(data, registry, rows)
    _check_values(loaded)
    # Their paths index the file as written, where invalid entries still stand.
    loaded.findings = [replace(f, location=loaded.locate_raw(f)) for f in findings]
    return _kept(loaded)


def _convert(data: dict[str, Any], hook: Callable[[type, Any], Any]) -> Registry | None:
    """The registry in one pass, when nothing in it is wrong; None sends it to the slow
    pass, which reports each problem where it stands."""
    try:
        registry = msgspec.convert(data, Registry, dec_hook=hook)
    except msgspec.ValidationError:
        # Values written as pages write them ("8,300,000", "31%") are read in one more
        # pass before the slow one: a registry of them all loads at twice the fast time.
        read = _natural_values(data)
        if read is None:
            return None
        try:
            registry = msgspec.convert(read, Registry, dec_hook=hook)
        except msgspec.ValidationError:
            return None
    if _unread_units(registry.claims) or _negative_tolerance(registry.constraints):
        return None
    return registry


def _unread_units(claims: tuple[Claim, ...]) -> bool:
    """Whether a claim's unit has a scale claimcheck does not read (`units.unread_scale`):
    what msgspec's types cannot say. Each unit once: a registry repeats its few units."""
    units = {claim.unit for claim in claims}
    units.discard(None)
    return any(unread_scale(unit) for unit in units if unit is not None)


def _negative_tolerance(constraints: tuple[Constraint, ...]) -> bool:
    """Whether a constraint's tolerance is below 0 (what msgspec's types cannot say of a
    Decimal). One not finite is left to `_check_values`, which refuses it."""
    return any(_below_zero(c.tolerance) for c in constraints)


def _below_zero(number: Decimal) -> bool:
    return number.is_finite() and number.is_signed() and not number.is_zero()


#: The registry last loaded. A run's registry lives as long as the run, and the command
#: line ends with os._exit: held here, its hundreds of thousands of objects are never freed
#: one by one when the command returns (0.2 s at 100,000 claims). Only the last is held.
_LAST: list[LoadedRegistry] = []


def _kept(loaded: LoadedRegistry) -> LoadedRegistry:
    _LAST[:] = [loaded]
    return loaded


# --- the fast path for large files: each top-level list parsed in chunks ---------------

#: Items parsed per yaml-rs call: each chunk's tree is freed once converted, so the
#: whole file's tree (3.6 million objects at 100,000 claims) never exists at once.
CHUNK_ITEMS = 512
#: The top-level lists read in chunks, with the type of their items.
_CHUNKED: dict[str, Any] = {
    "sources": tuple[Source, ...],
    "claims": tuple[Claim, ...],
    "constraints": tuple[Constraint, ...],
    "ignore": tuple[Ignore, ...],
}
_DOCUMENT_MARK = re.compile(r"\n(?:---|\.\.\.)(?=\s|\Z)")


def _unchunkable(text: str) -> bool:
    """Whether a chunk's meaning may depend on the rest of the file, or a line scan is
    unsafe: an anchor or alias, a directive, a document marker after the start.

    Plain finds, not one regex over the text: a pattern that must be tried at every
    position of a 30 MB file takes seconds.
    """
    if text.startswith("%") or (
        ("\n---" in text or "\n..." in text) and _DOCUMENT_MARK.search(text)
    ):
        return True
    for mark in "&*":
        at = text.find(mark)
        while at >= 0:
            before = text[at - 1] if at else " "
            after = text[at + 1 : at + 2]
            if (
                (before.isspace() or before in "[{,")
                and after
                and not (after.isspace() or after in "[]{},")
            ):
                return True
            at = text.find(mark, at + 1)
    return False


def _parse_in_chunks(text: str) -> tuple[Registry, Shape] | None:
    """The registry read list by list, a few hundred items at a time; None when the file's
    shape does not allow it or anything in it is wrong (the whole parse then reads it,
    and reports what is wrong as it always has).

    Only a valid registry comes out of here, and only one laid out as block lists under
    top-level keys: the keys and the items' dashes are found by a line scan, and the scan
    is checked against what yaml-rs parses (the keys, and every chunk is a list of as many
    items as it has dashes). A line the scan misreads (a quoted text's continuation line
    that starts with a dash) leaves the chunk before it unterminated, which yaml-rs
    refuses.
    """
    if _unchunkable(text):
        return None
    found = top_keys(text)
    keys = tuple(key for _, key in found)
    if len(set(keys)) != len(keys):
        return None
    lists: list[tuple[str, list[int], int]] = []  # key, item starts, end
    outside: list[str] = []  # the text without the chunked lists' items
    at = 0
    for i, (start, key) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        items = list_items(text, start, end) if key in _CHUNKED else None
        if items is None:
            continue
        starts = items[0]
        outside.append(text[at : starts[0]])
        at = end
        lists.append((key, starts, end))
    if not lists:
        return None
    outside.append(text[at:])
    try:
        data = yaml_rs.loads("".join(outside), parse_datetime=False, alias_limits=ALIAS_LIMITS)
    except yaml_rs.YAMLDecodeError:
        return None
    if not isinstance(data, dict) or tuple(str(k) for k in data) != keys:
        return None
    hook = _memo(_dec_hook)
    read: dict[str, tuple[Any, ...]] = {}
    for key, starts, end in lists:
        if data[key] is not None:  # `claims: |` and its text: not a list
            return None
        entries: list[Any] = []
        for first in range(0, len(starts), CHUNK_ITEMS):
            last = first + CHUNK_ITEMS
            chunk = _read_chunk(
                text[starts[first] : starts[last] if last < len(starts) else end],
                [at - starts[first] for at in starts[first:last]],
                key,
                hook,
            )
            if chunk is None:
                return None
            entries.extend(chunk)
        read[key] = tuple(entries)
    try:
        rest = msgspec.convert(
            {k: v for k, v in data.items() if k not in read}, Registry, dec_hook=hook
        )
    except msgspec.ValidationError:
        return None
    shape = Shape.of(data)
    return msgspec.structs.replace(rest, **read), Shape(
        shape.keys, {**shape.lengths, **{key: len(entries) for key, entries in read.items()}}
    )


def _read_chunk(
    text: str, starts: list[int], key: str, hook: Callable[[type, Any], Any]
) -> tuple[Any, ...] | None:
    """The items of top-level list `key` that start at `starts` in `text`, parsed and
    validated; None if anything is wrong."""
    try:
        raw = yaml_rs.loads(text, parse_datetime=False, alias_limits=ALIAS_LIMITS)
    except yaml_rs.YAMLDecodeError:
        return None
    if not isinstance(raw, list) or len(raw) != len(starts):
        return None
    field = _DECIMAL_FIELDS.get(key)
    if field is not None and _read_floats(raw, field, text, starts):
        return None  # a number's text not told: the whole parse reads it, or refuses it
    typ = _CHUNKED[key]
    try:
        items = msgspec.convert(raw, typ, dec_hook=hook)
    except msgspec.ValidationError:
        # Values written as pages write them, as the whole parse reads them.
        values = _natural_values({"claims": raw}) if key == "claims" else None
        if values is None:
            return None
        try:
            items = msgspec.convert(values["claims"], typ, dec_hook=hook)
        except msgspec.ValidationError:
            return None
    if key == "claims" and _unread_units(items):
        return None
    if key == "constraints" and _negative_tolerance(items):
        return None
    return items  # type: ignore[no-any-return]


# --- numbers read as written -------------------------------------------------------------

#: The fields of a top-level list's items that are decimals: a float yaml-rs read there is
#: read again from the text it was written as. Nothing else of a registry is a float (a
#: float anywhere else is of the wrong type, and reported so).
_DECIMAL_FIELDS = {"claims": "value", "constraints": "tolerance"}
#: A float as YAML writes it, once the underscores yaml-rs passes over (anywhere) are gone.
_FLOAT_FORM = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
#: A whole run of what a plain number is made of (letters too, so that `2024-05` or `x1.5`
#: is one run, not a number in it) that is shaped as a float: a point or an exponent. A
#: plain scalar is bounded by what no number holds (a space, a line's end, `,` `]` `}` `:`
#: `#`), so the text of every float of an entry is one of these runs.
_FLOAT_RUN = re.compile(
    r"(?<![0-9A-Za-z_.+\-])[-+]?(?:[0-9_]*\.[0-9_]*|[0-9_]+(?=[eE]))(?:[eE][-+]?[0-9_]+)?"
    r"(?![0-9A-Za-z_.+\-])"
)


def _table(spec: dict[str, str]) -> bytes:
    """A bytes.translate table: each character of a key to its value, all else a space."""
    table = bytearray(b" " * 256)
    for chars, to in spec.items():
        for char in chars:
            table[ord(char)] = ord(to)
    return bytes(table)


_LETTERS = "".join(c for c in "abcdfghijklmnopqrstuvwxyzABCDFGHIJKLMNOPQRSTUVWXYZ")
#: A point's digits ending in a zero (`1.30`, `2.0`, `1.5_0`), or in an underscore, which may
#: follow one (`1.50_`), where a run of a number's characters ends.
_ZERO_ENDED = re.compile(rb"\.[0-9_]*[0_](?![0-9A-Za-z_.+\-])")
#: For an exponent (`1e3`, `2.5E-3`: a 1, an e, a 1) and for 16 or more digits (what a
#: float cannot hold): digits, points, underscores and signs are 1.
_DIGITS_TABLE = _table({"0123456789._+-": "1", "eE": "e", _LETTERS: "a"})
_DIGITS_NEEDLES = (b"1e1", b"1" * 16)


def _risky(text: str) -> list[int]:
    """Where in `text` a float may be written otherwise than a float's shortest digits
    write it (Python's repr, which msgspec reads a float's Decimal from): digits after a
    point that end in a zero (`1.30`, whose repr is 1.3), an exponent (`1e3`, 1000.0), or
    16 digits or more (`1234567890123456789.5`, `0.1000000000000000055`). A float written
    otherwise (`10.35`, `-0.5`, `1_000.5`, `5.`) has the repr's digits: at most 15, none
    after its point ending in 0, so its shortest repr is those digits (an integral one,
    `5.`, is the one case with a `.0` more: `_read_floats` drops it).

    A few C passes over the text's bytes (one byte per character, so that offsets are the
    text's): about 3 ms per 150 kB where a scan of each entry's runs took ten times that."""
    data = text.encode("ascii", "replace")
    found = [m.start() for m in _ZERO_ENDED.finditer(data)]
    digits = data.translate(_DIGITS_TABLE)
    for needle in _DIGITS_NEEDLES:
        at = digits.find(needle)
        while at >= 0:
            found.append(at)
            at = digits.find(needle, at + 1)
    return found


#: The kinds of value that hold no float.
_NO_FLOAT = frozenset({int, str, type(None)})


def _floats_in(items: object, field: str) -> list[tuple[int, int | None, float]]:
    """Where the items hold a finite float in `field`, as (item, index in a `[low, high]`
    or None, the float). One not finite is left as it is: `_check_values` refuses it."""
    if type(items) is not list:
        return []
    try:  # first the kinds of value, in one comprehension: most registries' are all ints
        kinds = {type(item.get(field)) for item in items}
    except AttributeError:  # an item that is not a mapping: each is looked at
        kinds = {float}
    if kinds <= _NO_FLOAT:
        return []
    found: list[tuple[int, int | None, float]] = []
    for i, item in enumerate(items):
        value = item.get(field) if type(item) is dict else None
        if isinstance(value, float):
            if math.isfinite(value):
                found.append((i, None, value))
        elif isinstance(value, list):
            found.extend(
                (i, j, end)
                for j, end in enumerate(value)
                if isinstance(end, float) and math.isfinite(end)
            )
    return found


def _put(item: dict[str, Any], field: str, index: int | None, number: Decimal) -> None:
    if index is None:
        item[field] = number
    else:
        item[field][index] = number


def _read_floats(
    items: list[Any],
    field: str,
    text: str,
    starts: list[int] | None,
    found: list[tuple[int, int | None, float]] | None = None,
) -> list[tuple[int, int | None, float]]:
    """The floats yaml-rs read in `field` of the items replaced by the decimals their text
    writes, where the items start at `starts` in `text` (None: where is not known); returns
    those whose text could not be told, left as floats.

    A float whose text is not `_risky` is its repr's digits, which msgspec reads (an
    integral one without the repr's `.0`: `5.` is 5). Only in an entry that holds something
    risky is the text looked at (`_risky_written`)."""
    if found is None:
        found = _floats_in(items, field)
    if not found:
        return []
    positions = _risky(text)
    by_item: dict[int, list[int]] = {}  # each item's risky offsets
    if starts is not None:
        for at in positions:
            by_item.setdefault(bisect.bisect_right(starts, at) - 1, []).append(at)
    risky = None if starts is None and positions else by_item  # None: all are
    left: list[tuple[int, int | None, float]] = []
    for i, j, number in found:
        if risky is None or i in risky:
            written = None
            if starts is not None and risky is not None:
                end = starts[i + 1] if i + 1 < len(starts) else len(text)
                rest: NodePath = (field,) if j is None else (field, j)
                written = _risky_written(text, starts[i], end, risky[i], number, rest)
            if written is None:
                left.append((i, j, number))
                continue
        elif number.is_integer():
            written = _plain_float(number)
        else:
            continue
        _put(items[i], field, j, written)
    return left


def _plain_float(number: float) -> Decimal:
    """The decimal of a float written with no risk (`_risky`): its shortest digits, an
    integral one's without the `.0` it was not written with (`5.`)."""
    written = Decimal(repr(number))
    return written.to_integral_value() if number.is_integer() else written


#: What a run of a plain number's characters is made of (see `_FLOAT_RUN`).
_RUN_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.+-")


def _risky_written(
    text: str, lo: int, hi: int, offsets: list[int], number: float, rest: NodePath
) -> Decimal | None:
    """The decimal written for `number` in the entry `text[lo:hi]`, which holds risky runs
    (at `offsets` in `text`): the one those that read as `number` write, when no other run
    of the entry can read as it too; the repr's digits when none reads as it (its text is
    then not risky); else what `_written` finds, reading every run of the entry."""
    written: Decimal | None = None
    core = None
    inside = 0
    for at in offsets:
        first = last = at
        while first > lo and text[first - 1] in _RUN_CHARS:
            first -= 1
        while last < hi and text[last] in _RUN_CHARS:
            last += 1
        run = text[first:last]
        read = _as_written(run, number)
        if read is None:
            continue
        if written is not None and read.as_tuple() != written.as_tuple():
            return _written(text[lo:hi], number, rest)
        if core is None:
            # Could a run that is not risky read as `number` too? Its text would hold the
            # repr's digits ("10.35", "+010.35"; an integral "5."), which then stand
            # somewhere besides the risky runs. (Underscores, which yaml-rs passes over in
            # a number, are passed over here too.)
            digits = repr(number).lstrip("-")
            if "e" in digits:
                return _written(text[lo:hi], number, rest)
            core = digits[:-1] if digits.endswith(".0") else digits.removeprefix("0")
        written = read
        inside += (run.replace("_", "") if "_" in run else run).count(core)
    if written is None or core is None:
        return _plain_float(number)
    item = text[lo:hi]
    everywhere = (item.replace("_", "") if "_" in item else item).count(core)
    return written if everywhere == inside else _written(item, number, rest)


def _as_written(text: str, number: float) -> Decimal | None:
    """The decimal `text` writes, when it is a plain float that yaml-rs reads as `number`;
    else None. Digits past a float's 17 are kept (`1234567890123456789.5`), and so are
    the digits written (`1.30`, as `"1.30"` keeps them) and an exponent (`1e3` is 1E+3, a
    thousand to one significant figure, as `"1e3"` is); a number below a float's smallest
    (`1e-400`, read as 0) is itself."""
    plain = text.replace("_", "") if "_" in text else text
    if _FLOAT_FORM.fullmatch(plain) is None or float(plain) != number:
        return None
    return Decimal(plain)


def _written(item: str, number: float, rest: NodePath) -> Decimal | None:
    """The decimal written for the float `number` at `rest` in one list item's text; None
    when it cannot be told. Every run of number characters in the item that reads as
    `number` is one candidate: when they all write the same decimal, it is the one (the
    number's own text is among them). When they differ (`1.5` beside `1.50` in a text) the
    item is composed by PyYAML, whose node holds the text of the scalar at `rest`."""
    found: Decimal | None = None
    for run in _FLOAT_RUN.findall(item):
        written = _as_written(run, number)
        if written is None:
            continue
        if found is None:
            found = written
        elif found.as_tuple() != written.as_tuple():
            break
    else:
        if found is not None:
            return found
    try:
        root = compose(_UNPRINTABLE.sub("?", item))
    except yaml.YAMLError:
        return None
    if isinstance(root, yaml.SequenceNode) and len(root.value) == 1:
        root = root.value[0]  # an item's text composes as a one-item list
    return _scalar_number(node_at(root, rest), number)


def _scalar_number(node: yaml.Node | None, number: float) -> Decimal | None:
    if isinstance(node, yaml.ScalarNode) and not node.style:  # plain: None, or "" (libyaml)
        return _as_written(str(node.value), number)
    return None


def _read_numbers(data: dict[str, Any], text: str, name: str, positions: NodePositions) -> None:
    """Each float yaml-rs read in a claim's `value` or a constraint's `tolerance` replaced
    by the decimal its text writes (`_read_floats`): a float holds 17 digits, and a number
    compared must be the number written. An entry's text is found by the line scan; where
    it is not (flow style) or does not tell, the whole text is composed once. A number
    whose text cannot be found (PyYAML cannot read the file as yaml-rs does) is refused
    where it stands, with the line to write: never compared as a float's digits."""
    items = None
    whole: list[yaml.Node | None] = []
    for key, decimal in _DECIMAL_FIELDS.items():
        entries = data.get(key)
        found = _floats_in(entries, decimal)
        if not found:
            continue
        assert isinstance(entries, list)
        if items is None:
            # An alias's number is written at its anchor, maybe in another entry: the
            # whole text is then read for each float (rare: anchors are).
            items = _item_starts(text, data) if not _ALIAS.search(text) else {}
        for i, j, number in _read_floats(entries, decimal, text, items.get(key), found):
            rest: NodePath = (decimal,) if j is None else (decimal, j)
            if not whole:
                try:
                    whole.append(compose(_UNPRINTABLE.sub("?", text)))
                except yaml.YAMLError:
                    whole.append(None)
            written = _scalar_number(node_at(whole[0], (key, i, *rest)), number)
            if written is None:
                line, column = positions.locate((key, i, *rest))
                raise RegistryLoadError(
                    f"the number {number!r} could not be read as written (its text was not "
                    "found) [R002 invalid-value]",
                    file=name,
                    line=line,
                    column=column,
                    hint=f'write it where it stands, in quotes: {decimal}: "..."',
                )
            _put(entries[i], decimal, j, written)


def _item_starts(text: str, data: dict[str, Any]) -> dict[str, list[int]]:
    """Where each item starts of the top-level lists read as decimals, by the line scan
    that the chunked read uses, where it agrees with the parsed data (the keys, each list's
    length)."""
    found = top_keys(text)
    if tuple(key for _, key in found) != tuple(str(k) for k in data):
        return {}
    starts: dict[str, list[int]] = {}
    for i, (start, key) in enumerate(found):
        if key not in _DECIMAL_FIELDS or not isinstance(data[key], list):
            continue
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        items = list_items(text, start, end)
        if items is not None and len(items[0]) == len(data[key]):
            starts[key] = items[0]
    return starts


def _dropped_claims(
    data: dict[str, Any], registry: Registry, rows: dict[str, tuple[int, ...]]
) -> tuple[DroppedClaim, ...]:
    """The claims of the file left out of the registry, each with an id no other claim has
    (an entry with none, or one a kept claim has, is named by its findings alone)."""
    raw = data.get("claims")
    if not isinstance(raw, list):
        return ()
    kept = set(rows.get("claims", range(len(registry.claims))))
    taken = {c.id for c in registry.claims}
    dropped = []
    for index, item in enumerate(raw):
        ident = item.get("id") if isinstance(item, dict) else None
        if index in kept or not isinstance(item, dict) or not isinstance(ident, str):
            continue
        if ident in taken:
            continue
        taken.add(ident)
        kind, text, mentions = item.get("kind"), item.get("text"), item.get("mentions")
        dropped.append(
            DroppedClaim(
                index,
                ident,
                kind if isinstance(kind, str) else "",
                text if isinstance(text, str) else "",
                tuple(m for m in mentions if isinstance(m, str))
                if isinstance(mentions, list)
                else (),
            )
        )
    return tuple(dropped)


def _second_document(text: str) -> int | None:
    """The line a second YAML document of `text` starts on (its `---`), or None for one
    document. From the parser's events; where they fail, the second `---` line (the first,
    when the text does not start with one)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    starts = 0
    try:
        for event in yaml.parse(_UNPRINTABLE.sub("?", text), Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                starts += 1
                if starts == 2 and event.start_mark is not None:
                    return int(event.start_mark.line) + 1
        return None
    except yaml.YAMLError:
        pass
    marks = [m.start() for m in re.finditer(r"(?m)^---(?=[ \t]|$)", text)]
    leading = bool(marks) and not text[: marks[0]].strip(" \t\n\r\ufeff")
    second = marks[1:2] if leading else marks[:1]
    return text.count("\n", 0, second[0]) + 1 if second else None


def _parse_yaml(text: str, name: str, findings: list[Finding]) -> Any:
    try:
        return yaml_rs.loads(text, parse_datetime=False, alias_limits=ALIAS_LIMITS)
    except yaml_rs.YAMLDecodeError as exc:
        message = str(exc)
    if message.startswith("duplicate mapping key"):
        findings.extend(_duplicate_keys(text, name))
        return yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=ALIAS_LIMITS,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.LastWins,
        )
    raise _syntax_error(text, name, message)


# --- limits, checked on the text before it is parsed ------------------------------------

# A run of digits (decimal, or hexadecimal/octal after 0x/0o) too long for a number, starting
# where a run starts (the lookbehind keeps the scan linear: each run is tried once).
_LONG_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z_])[-+]?(?:0[xX][0-9a-fA-F_]{{{MAX_DIGITS},}}|0[oO][0-7_]{{{MAX_DIGITS},}}"
    rf"|[0-9][0-9_]{{{MAX_DIGITS},}})"
)
# What may stand before a plain scalar on its line: nothing, `key:`, `-`, `?`, flow punctuation.
_BEFORE_SCALAR = re.compile(r"(?:^|[:\-?\[{,])[ \t]*\Z", re.MULTILINE)
_AFTER_SCALAR = re.compile(r"[ \t]*(?:#|$|[,\]}])", re.MULTILINE)
# An alias (`*name`) can only start a node: at the start of the text or after white space or
# flow punctuation. Text that has none is not walked at all.
_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s\[\]{},]")
# PyYAML refuses control characters that yaml-rs reads; for counting they can be anything.
_UNPRINTABLE = re.compile(r"[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# What the parser does not read past, and reports nothing about: yaml-rs ends the document at
# a NUL (a comment holding one dropped every claim after it, and the run passed), and cannot
# take a lone surrogate (only an editor's buffer can hold one: a file is decoded strictly).
_UNREADABLE = re.compile(r"[\x00\ud800-\udfff]")


def _check_unreadable(text: str, name: str) -> None:
    """Refuse, at its place, a character YAML does not allow and the parser would silently
    stop at, before parsing (a plain find first: one scan of the text)."""
    if "\x00" not in text and not _has_surrogate(text):
        return
    found = _UNREADABLE.search(text)
    if found is None:  # pragma: no cover - one of the two was just found
        return
    line, column = _position(text, found.start())
    if found.group() == "\x00":
        reason = "a NUL byte (\\x00), which YAML does not allow"
        hint = "delete the byte; a file saved as UTF-16 is full of them: save it as UTF-8"
    else:
        reason = f"an unpaired surrogate (U+{ord(found.group()):04X}), which is not a character"
        hint = "delete it"
    raise RegistryLoadError(
        f"{reason} [R001 yaml-syntax]", file=name, line=line, column=column, hint=hint
    )


def _has_surrogate(text: str) -> bool:
    if text.isascii():  # known without a scan
        return False
    try:  # a megabyte at a time, as _check_numbers does: no second copy of a large text
        for start in range(0, len(text), _PIECE):
            text[start : start + _PIECE].encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _position(text: str, at: int) -> tuple[int, int]:
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


# For the quick look: what a long number is made of as one byte, everything else as another.
_NUMBER_BYTES = bytes(0x30 if chr(c) in "0123456789abcdefABCDEF_xXoO" else 0x20 for c in range(256))


_PIECE = 2**20


def _check_numbers(text: str, name: str) -> None:
    """Refuse a plain scalar that is a number of more than MAX_DIGITS digits, before parsing.

    yaml-rs and int-to-Decimal conversions are quadratic in a number's digits. A quick look
    first (bytes.translate and find: ~60 ms for 100,000 claims) for any run of that many
    characters of which numbers are made; only then the exact look.
    """
    run = b"0" * (MAX_DIGITS + 1)
    # A megabyte at a time, overlapping by a run's length: two copies of a large text,
    # freed, would stay in the heap for the rest of the run.
    for start in range(0, len(text), _PIECE):
        piece = text[start : start + _PIECE + MAX_DIGITS]
        if run in piece.encode("utf-8", "surrogatepass").translate(_NUMBER_BYTES):
            break
    else:
        return
    for match in _LONG_NUMBER.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if not _BEFORE_SCALAR.search(text, line_start, match.start()) or not (
            _AFTER_SCALAR.match(text, match.end())
        ):
            continue  # digits inside a text, not a number of their own
        digits = sum(c.isdigit() for c in match.group())
        line, column = _position(text, match.start())
        raise RegistryLoadError(
            f"a number of {digits:,} digits; a registry's numbers have at most {MAX_DIGITS} "
            "[R002 invalid-value]",
            file=name,
            line=line,
            column=column,
            hint="no figure needs this many digits; quote it if it is text",
        )


def _check_aliases(text: str, name: str, limit: int) -> None:
    """Refuse a document whose aliases would replay more than `limit` characters.

    Walks PyYAML's events (no nodes are built): an anchored node's size is its text plus
    what the aliases inside it replay, and every alias adds its anchor's size to the total.
    """
    if "*" not in text or not _ALIAS.search(text):
        return
    sizes: dict[str, int] = {}
    open_nodes: list[list[Any]] = []  # [anchor, start, replayed inside]
    total = 0
    try:
        for event in yaml.parse(_UNPRINTABLE.sub("?", text), Loader=_EventLoader):
            if isinstance(event, yaml.AliasEvent):
                size = sizes.get(str(event.anchor), 0)
                total += size
                if open_nodes:
                    open_nodes[-1][2] += size
                if total > limit:
                    line, column = _mark_position(event.start_mark)
                    raise RegistryLoadError(
                        f"aliases replay over {limit:,} characters (refused: this looks "
                        "like a 'billion laughs' document) [R001 yaml-syntax]",
                        file=name,
                        line=line,
                        column=column,
                        hint="use anchors and aliases sparingly, or not at all",
                    )
            elif isinstance(event, yaml.CollectionStartEvent):
                open_nodes.append([event.anchor, _index(event.start_mark), 0])
            elif isinstance(event, yaml.CollectionEndEvent) and open_nodes:
                anchor, start, inside = open_nodes.pop()
                if open_nodes:
                    open_nodes[-1][2] += inside
                if anchor is not None:
                    sizes[anchor] = _index(event.end_mark) - start + inside
            elif isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                sizes[event.anchor] = _index(event.end_mark) - _index(event.start_mark)
    except yaml.YAMLError as exc:
        # Unbounded aliases cannot be let through to yaml-rs: what PyYAML cannot read is
        # refused here, at the place it names.
        line, column = _mark_position(getattr(exc, "problem_mark", None))
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise RegistryLoadError(
            f"{problem} [R001 yaml-syntax]",
            file=name,
            line=line,
            column=column,
            hint=R001.fix,
        ) from None


def _index(mark: Any) -> int:
    return int(mark.index) if mark is not None else 0


def _mark_position(mark: Any) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _check_values(loaded: LoadedRegistry) -> None:
    """Every number the registry computes with is finite and under 10**MAX_DIGITS: beyond,
    Decimal-to-int conversions (and Python's 4,300-digit limit) make the numbers the cost.

    Two comparisons a value on the normal path (NaN raises in them): 100,000 claims in ~50 ms.
    """
    registry = loaded.registry
    found: NodePath | None = None
    for i, claim in enumerate(registry.claims):
        value = claim.value
        if value is None:
            continue
        ends: tuple[Decimal, ...] = (value,) if isinstance(value, Decimal) else value
        for j, end in enumerate(ends):
            if not _sane(end):
                found = ("claims", i, "value") if ends is not value else ("claims", i, "value", j)
                break
        if found:
            break
    else:
        for i, constraint in enumerate(registry.constraints):
            if not _sane(constraint.tolerance):
                found = ("constraints", i, "tolerance")
                break
    if found is None:
        return
    located = loaded.locate(Finding(R002, "", found))
    raise RegistryLoadError(
        f"the number is not finite or is over 10**{MAX_DIGITS}: a registry's numbers are "
        f"finite, with at most {MAX_DIGITS} digits before the point [R002 invalid-value]",
        file=loaded.path,
        line=located.line,
        column=located.column,
        hint="write the figure as the page states it",
    )


_LOW, _HIGH = -(Decimal(10) ** MAX_DIGITS), Decimal(10) ** MAX_DIGITS


def _sane(number: Decimal) -> bool:
    try:
        return _LOW < number < _HIGH
    except ArithmeticError:  # NaN cannot be compared
        return False


def _syntax_error(text: str, name: str, message: str) -> RegistryLoadError:
    lines = [ln for ln in message.splitlines() if ln.strip()]
    reason = lines[-1].strip() if lines else message
    position = _POSITION.search(message)
    line, column = (int(position[1]), int(position[2])) if position else (None, None)
    hint = R001.fix
    if "alias" in message:
        reason = "too many alias expansions (refused: this looks like a 'billion laughs' document)"
        hint = "use anchors and aliases sparingly, or not at all"
        line, column = _first_alias(text)
    elif "tag" in message.lower() and position is None:
        tag = re.search(r"'([^']+)'", message)
        hint = "tags are not allowed in a registry: remove it"
        if tag and (at := text.find(tag[1])) >= 0:
            line = text.count("\n", 0, at) + 1
            column = at - (text.rfind("\n", 0, at) + 1) + 1
    return RegistryLoadError(
        f"{reason} [R001 yaml-syntax]", file=name, line=line, column=column, hint=hint
    )


def _first_alias(text: str) -> tuple[int | None, int | None]:
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.AliasToken):
                return token.start_mark.line + 1, token.start_mark.column + 1
    except yaml.YAMLError:
        pass
    return None, None


def _duplicate_keys(text: str, name: str) -> Iterator[Finding]:
    def walk(node: yaml.Node | None, path: NodePath) -> Iterator[Finding]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                label = str(key.value)
                if label in seen:
                    mark = key.start_mark
                    yield Finding(
                        R003,
                        f"key `{label}` appears again (first on line {seen[label]}); "
                        "the later value is used",
                        (*path, label),
                        at_key=True,
                        location=Location(name, mark.line + 1, mark.column + 1),
                    )
                else:
                    seen[label] = key.start_mark.line + 1
                yield from walk(value, (*path, label))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                yield from walk(item, (*path, i))

    try:
        # Control characters that yaml-rs read would stop PyYAML: same length, same marks.
        root = compose(_UNPRINTABLE.sub("?", text))
    except yaml.YAMLError:
        # What yaml-rs read and PyYAML cannot (a second document, a duplicate anchor): the
        # duplicate is reported without its place rather than not at all.
        yield Finding(
            R003,
            "a key appears twice in one mapping; the later value is used",
            (),
            location=Location(name, 1, 1),
        )
        return
    yield from walk(root, ())


def _memo(hook: Callable[[type, Any], Any]) -> Callable[[type, Any], Any]:
    """The hook with a memo: registries repeat the same dates thousands of times."""
    seen: dict[tuple[type, Any], Any] = {}

    def cached(typ: type, obj: Any) -> Any:
        key = (typ, obj)
        try:
            return seen[key]
        except KeyError:
            seen[key] = result = hook(typ, obj)
            return result
        except TypeError:  # an unhashable value (a mapping): no memo
            return hook(typ, obj)

    return cached


def _dec_hook(typ: type, obj: Any) -> Any:
    if typ is PartialDate:
        return parse_date(obj)
    if typ is Period:
        return parse_period(obj)
    if typ is Duration:
        return parse_duration(obj)
    raise NotImplementedError(typ)


def _yaml_type(value: object) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float | Decimal):
        return "number"
    return "text"


# --- the slow path: every problem, each at its own node ---------------------------------


def _validate_slowly(
    data: dict[str, Any], findings: list[Finding]
) -> tuple[Registry, frozenset[str], dict[str, tuple[int, ...]]]:
    """The registry with what is wrong left out, each problem a finding; the ids of the
    entries left out whole, and where the entries kept stand in the file (for each list
    some of whose entries were left out: the file's index of each kept one)."""
    invalid: set[str] = set()
    found: list[Finding] = []
    rows: dict[str, tuple[int, ...]] = {}
    cleaned = _check_struct(data, Registry, (), found, invalid, rows)
    findings.extend(_with_subject(f, data) for f in found)
    if cleaned is _INVALID:
        cleaned = {"version": 1}
    try:
        registry = msgspec.convert(cleaned, Registry, dec_hook=_dec_hook)
    except msgspec.ValidationError:  # pragma: no cover - the slow pass removed every bad value
        registry = Registry(version=1)
    return registry, frozenset(invalid), rows


def _check_struct(
    data: Any,
    cls: type[msgspec.Struct],
    path: NodePath,
    findings: list[Finding],
    invalid: set[str],
    rows: dict[str, tuple[int, ...]],
) -> Any:
    """The mapping with its bad fields removed, or _INVALID when it cannot be used at all."""
    label = cls.__name__.lower()
    if not isinstance(data, dict):
        findings.append(
            Finding(
                R002,
                f"expected a {label} (a mapping of fields), got {_yaml_type(data)}",
                path,
            )
        )
        return _INVALID
    fields = _fields(cls)
    kept: dict[str, Any] = {}
    usable = True
    #: Left out whole though its id is sound: its other entries may name it.
    left_out = False
    if cls is Claim:
        data = _unread_unit(data, path, findings)
        if "value" in data:
            data = _natural_value(data, path, findings)
    for key, value in data.items():
        info = fields.get(key) if isinstance(key, str) else None
        if info is None:
            hint = (
                did_you_mean(str(key), fields)
                or f"the fields of a {label} are: {', '.join(fields)}"
            )
            if value is None and (" " in str(key).strip() or str(key).endswith(".")):
                # `{note: a, b}` ends the value at the comma and makes `b` a key.
                hint = "a comma inside {...} ends a value: put the text before it in quotes"
            findings.append(
                Finding(
                    R007,
                    f"unknown field `{key}` in {label}",
                    (*path, str(key)),
                    at_key=True,
                    hint=hint,
                )
            )
            continue
        if cls is Constraint and key == "tolerance":
            # A relation checked with another tolerance than the one meant (0 for `lots`)
            # gives verdicts nobody asked for: the constraint is left out with its R002.
            if _tolerance(value, (*path, key), findings) is _INVALID:
                left_out = True
            else:
                kept[key] = value
            continue
        checked = _check_value(value, info.type, (*path, key), findings, invalid, rows)
        if checked is _INVALID:
            usable = usable and not info.required
        else:
            kept[key] = checked
    for name, info in fields.items():
        if info.required and name not in data:
            findings.append(
                Finding(
                    R008,
                    f"{label} has no `{name}`",
                    path,
                    hint=f"add `{name}:` to this {label}",
                )
            )
            usable = False
    if not usable:
        ident = data.get("id")
        if isinstance(ident, str):
            invalid.add(ident)
        return _INVALID
    return _INVALID if left_out else kept


def _tolerance(value: Any, path: NodePath, findings: list[Finding]) -> Any:
    """A constraint's tolerance, a number >= 0; or _INVALID with an R002 that says so, in
    the words the README and `claimcheck rules R002` use (registry_rules.TOLERANCE_FORM).
    One not finite (`.nan`) is kept for `_check_values`, which refuses the file."""
    try:
        number = None if isinstance(value, bool) else msgspec.convert(value, Decimal)
    except msgspec.ValidationError:
        number = None
    if number is not None and not _below_zero(number):
        return value
    shown = value if isinstance(value, int | Decimal) and not isinstance(value, bool) else None
    findings.append(
        Finding(
            R002,
            f"{TOLERANCE_FORM}; got {shown if shown is not None else repr(value)}",
            path,
            hint="write the widest difference the relation allows, e.g. tolerance: 0.5",
        )
    )
    return _INVALID


def _unread_unit(data: dict[str, Any], path: NodePath, findings: list[Finding]) -> dict[str, Any]:
    """The claim without its unit and value when the unit has a scale claimcheck does not
    read (`GBP 00`, `hundreds of fans`, `EUR mio`), with an R002 at the unit saying what to
    write: read in ones, its figure would be wrong by its scale, so it is compared with
    nothing (a relation naming it cannot be evaluated, C005). Reported here, at load, so
    that every command and every selection of rules sees it once."""
    unit = data.get("unit")
    why = unread_scale(unit) if isinstance(unit, str) else None
    if why is None:
        return data
    findings.append(Finding(R002, why, (*path, "unit")))
    return {k: v for k, v in data.items() if k not in ("unit", "value")}


def _natural_values(data: dict[str, Any]) -> dict[str, Any] | None:
    """The registry with every claim's natural value read (`8,300,000` as 8300000, `31%` as
    31 with `unit: percent`); None when there is none, or one cannot be read (the slow path
    then reports it where it stands)."""
    claims = data.get("claims")
    if not isinstance(claims, list):
        return None
    changed = False
    read: list[Any] = []
    for claim in claims:
        raw = claim.get("value") if isinstance(claim, dict) else None
        if isinstance(raw, str) or (isinstance(raw, list) and any(isinstance(v, str) for v in raw)):
            found: list[Finding] = []
            claim = _natural_value(claim, (), found)
            if found:
                return None
            changed = True
        read.append(claim)
    return {**data, "claims": read} if changed else None


def _natural_value(data: dict[str, Any], path: NodePath, findings: list[Finding]) -> Any:
    """The claim with a value written as people write figures (`8,300,000`, `31%`, `£65m`)
    read as a number, and the unit the value states filled in when the claim has none; or
    without its value and an R002 naming the line to write. Only the slow path comes here."""
    raw = data["value"]
    try:
        msgspec.convert(raw, Value)
    except msgspec.ValidationError:
        pass
    else:
        return data
    if not isinstance(raw, str) and not (
        isinstance(raw, list) and len(raw) == 2 and any(isinstance(v, str) for v in raw)
    ):
        return data  # not a natural form: the usual message says what is wrong
    unit = data.get("unit")
    try:
        value, read_unit = read_value(raw, unit)
    except ValueFormError as exc:
        findings.append(Finding(R002, str(exc), (*path, "value")))
        return {k: v for k, v in data.items() if k != "value"}
    result = dict(data)
    result["value"] = [str(v) for v in value] if isinstance(value, tuple) else str(value)
    if read_unit is not None and not (isinstance(unit, str) and unit.strip()):
        result["unit"] = read_unit
    return result


@functools.cache
def _fields(cls: type[msgspec.Struct]) -> dict[str, msgspec.structs.FieldInfo]:
    """A struct's fields by name, read once per class: msgspec evaluates the annotations on
    every call (at 100,000 claims, 70 s of the slow path's 76 s were this)."""
    return {f.encode_name: f for f in msgspec.structs.fields(cls)}


def _with_subject(finding: Finding, data: dict[str, Any]) -> Finding:
    """Name the claim or source a finding is in, by the id written there (valid or not)."""
    path = finding.path
    if len(path) < 2 or path[0] not in ("claims", "sources") or not isinstance(path[1], int):
        return finding
    items = data.get(str(path[0]))
    item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else None
    ident = item.get("id") if isinstance(item, dict) else None
    if not isinstance(ident, str):
        return finding
    if path[0] == "claims":
        return replace(finding, claim=ident)
    return replace(finding, source=ident)


def _struct_of(typ: Any) -> type[msgspec.Struct] | None:
    return typ if isinstance(typ, type) and issubclass(typ, msgspec.Struct) else None


def _check_value(
    value: Any,
    typ: Any,
    path: NodePath,
    findings: list[Finding],
    invalid: set[str],
    rows: dict[str, tuple[int, ...]],
) -> Any:
    origin, args = typing.get_origin(typ), typing.get_args(typ)
    if (struct := _struct_of(typ)) is not None:
        return _check_struct(value, struct, path, findings, invalid, rows)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        if value is None:
            return None
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return _check_value(value, rest[0], path, findings, invalid, rows)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and _struct_of(args[0]):
        if not isinstance(value, list):
            findings.append(Finding(R002, f"expected a list, got {_yaml_type(value)}", path))
            return _INVALID
        items = [
            _check_value(item, args[0], (*path, i), findings, invalid, rows)
            for i, item in enumerate(value)
        ]
        if len(path) == 1 and any(item is _INVALID for item in items):
            # A top-level list some of whose entries were left out: where each kept one
            # stands in the file, for locating the checks' findings (which index the
            # registry). Recorded, not matched by id: two entries may share one (R004).
            rows[str(path[0])] = tuple(i for i, item in enumerate(items) if item is not _INVALID)
        return [item for item in items if item is not _INVALID]
    if typ in (PartialDate, Period, Duration):
        try:
            return _dec_hook(typ, value) and value
        except ValueError as exc:
            findings.append(Finding(R002, str(exc), path))
            return _INVALID
    if origin is typing.Literal:
        if value in args:
            return value
        choices = ", ".join(str(a) for a in args)
        if len(args) > _LISTED_CHOICES:
            # A source's kind: dozens of CSL types; the README lists them.
            choices = ", ".join(_SHOWN_KINDS) + ", ... (a CSL-JSON item type; see the README)"
        findings.append(
            Finding(
                R002,
                f"expected one of: {choices}; got {value!r}",
                path,
                hint=did_you_mean(str(value), [str(a) for a in args]),
            )
        )
        return _INVALID
    try:
        msgspec.convert(value, typ, dec_hook=_dec_hook)
    except msgspec.ValidationError as exc:
        findings.append(Finding(R002, _explain(str(exc), value), path))
        return _INVALID
    return value


#: Beyond this many, a fixed set of words is shown by its common members.
_LISTED_CHOICES = 20
_SHOWN_KINDS = (
    "report",
    "dataset",
    "article-journal",
    "article-newspaper",
    "webpage",
    "book",
    "chapter",
    "legislation",
    "legal_case",
)


def _explain(message: str, value: Any) -> str:
    message = message.split(" - at `", 1)[0]
    if isinstance(value, str) and f"length <= {MAX_ID_LENGTH}" in message:
        return f"expected an id of at most {MAX_ID_LENGTH} characters, got {len(value):,}"
    if repr(WEB_URL_PATTERN) in message:
        return f"expected an http(s) URL (https://...), got {value!r}"
    if repr(ID_PATTERN) in message:  # msgspec quotes the pattern as Python does
        return (
            f"expected an id in snake_case (lower-case letters, digits and _, starting with a "
            f"letter), got {value!r}"
        )
    if "length" in message and value == "":
        return "expected some text, got an empty string"
    return message[0].lower() + message[1:] if message else message
