"""Read a registry file into a validated Registry, with located findings for what is wrong.

Large registries are the norm for newsrooms, so loading is built for speed (measured in
bench/registry_scale.py): yaml-rs parses (Rust; rejects duplicate keys and alias bombs),
msgspec validates in one pass, and the garbage collector is paused while the hundreds of
thousands of new containers are made (it otherwise doubles the time). Only when that fast
path fails does a slower pass collect every problem with its location.
"""

from __future__ import annotations

import gc
import re
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

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
from claimcheck.findings import Finding, Location, NodePath
from claimcheck.model import ID_PATTERN, Registry
from claimcheck.positions import NodePositions, compose
from claimcheck.registry_rules import R001, R002, R003, R007, R008
from claimcheck.suggest import did_you_mean

MAX_BYTES = 512 * 1024 * 1024
#: Alias expansion limits: far above any honest registry, far below a "billion laughs".
ALIAS_LIMITS = yaml_rs.AliasLimits(max_total_replayed_events=100_000, max_replay_stack_depth=16)
_INVALID: Any = object()
_POSITION = re.compile(r"line (\d+), column (\d+)")


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

    def locate(self, finding: Finding) -> Location:
        """The location of a check's finding, whose path indexes the registry."""
        if finding.location is not None:
            return finding.location
        path = finding.path
        if len(path) >= 2 and isinstance(path[1], int) and path[0] in self.rows:
            path = (path[0], self.rows[str(path[0])][path[1]], *path[2:])
        line, column = self.positions.locate(path, at_key=finding.at_key)
        return Location(self.path, line, column)

    def locate_raw(self, finding: Finding) -> Location:
        """The location of a loader's finding, whose path indexes the file as written."""
        if finding.location is not None:
            return finding.location
        line, column = self.positions.locate(finding.path, at_key=finding.at_key)
        return Location(self.path, line, column)


def load_registry(path: Path, *, display: str | None = None) -> LoadedRegistry:
    """Read, parse and validate the registry at `path`."""
    name = display or str(path)
    text = read_text(path, name)
    return parse_registry(text, name)


def read_text(path: Path, name: str) -> str:
    """The file's text, or a RegistryLoadError that says what is wrong and how to fix it."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise RegistryLoadError(
                f"the file is {size / 2**20:.0f} MiB, over the {MAX_BYTES // 2**20} MiB limit",
                file=name,
                hint="split the registry, or check that this is the right file",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RegistryLoadError(
            "no such file", file=name, hint="give the registry's path"
        ) from None
    except IsADirectoryError:
        raise RegistryLoadError("this is a directory, not a registry file", file=name) from None
    except OSError as exc:
        raise RegistryLoadError(f"cannot read the file: {exc.strerror}", file=name) from None
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


def parse_registry(text: str, name: str) -> LoadedRegistry:
    """Parse and validate registry text; `name` is the file name used in locations."""
    findings: list[Finding] = []
    with _no_gc():
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
            raise RegistryLoadError(
                f"the top level is a {_yaml_type(data)}, not a mapping",
                file=name,
                line=1,
                column=1,
                hint="the registry is a mapping with `version`, `sources` and `claims`",
            )
        positions = NodePositions(text, data)
        try:
            registry = msgspec.convert(data, Registry, dec_hook=_memo(_dec_hook))
            invalid: frozenset[str] = frozenset()
        except msgspec.ValidationError:
            registry, invalid = _validate_slowly(data, findings)
        # The registry lives as long as the run: keep it out of every later collection
        # (frozen before the collector is back on, or its first pass walks all of it).
        gc.freeze()
    loaded = LoadedRegistry(name, registry, text, positions, [], invalid, _rows(data, registry))
    # Their paths index the file as written, where invalid entries still stand.
    loaded.findings = [replace(f, location=loaded.locate_raw(f)) for f in findings]
    return loaded


def _rows(data: dict[str, Any], registry: Registry) -> dict[str, tuple[int, ...]]:
    """For claims and sources: the index in the file of each entry kept in the registry."""
    rows: dict[str, tuple[int, ...]] = {}
    for key, kept in (("claims", registry.claims), ("sources", registry.sources)):
        raw = data.get(key)
        if not isinstance(raw, list) or len(raw) == len(kept):
            continue
        ids = [item.get("id") if isinstance(item, dict) else None for item in raw]
        rows[key] = _match_rows(ids, [k.id for k in kept])
    return rows


def _match_rows(raw_ids: list[Any], kept_ids: list[str]) -> tuple[int, ...]:
    """Kept entries are a subsequence of the file's: walk both in order."""
    result = []
    at = 0
    for ident in kept_ids:
        while at < len(raw_ids) and raw_ids[at] != ident:
            at += 1
        result.append(at)
        at += 1
    return tuple(result)


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

    yield from walk(compose(text), ())


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
    if isinstance(value, int | float):
        return "number"
    return "text"


# --- the slow path: every problem, each at its own node ---------------------------------


def _validate_slowly(
    data: dict[str, Any], findings: list[Finding]
) -> tuple[Registry, frozenset[str]]:
    invalid: set[str] = set()
    found: list[Finding] = []
    cleaned = _check_struct(data, Registry, (), found, invalid)
    findings.extend(_with_subject(f, data) for f in found)
    if cleaned is _INVALID:
        cleaned = {"version": 1}
    try:
        registry = msgspec.convert(cleaned, Registry, dec_hook=_dec_hook)
    except msgspec.ValidationError:  # pragma: no cover - the slow pass removed every bad value
        registry = Registry(version=1)
    return registry, frozenset(invalid)


def _check_struct(
    data: Any, cls: type[msgspec.Struct], path: NodePath, findings: list[Finding], invalid: set[str]
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
    fields = {f.encode_name: f for f in msgspec.structs.fields(cls)}
    kept: dict[str, Any] = {}
    usable = True
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
        checked = _check_value(value, info.type, (*path, key), findings, invalid)
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
    return kept


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
    value: Any, typ: Any, path: NodePath, findings: list[Finding], invalid: set[str]
) -> Any:
    origin, args = typing.get_origin(typ), typing.get_args(typ)
    if (struct := _struct_of(typ)) is not None:
        return _check_struct(value, struct, path, findings, invalid)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        if value is None:
            return None
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return _check_value(value, rest[0], path, findings, invalid)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and _struct_of(args[0]):
        if not isinstance(value, list):
            findings.append(Finding(R002, f"expected a list, got {_yaml_type(value)}", path))
            return _INVALID
        items = [
            _check_value(item, args[0], (*path, i), findings, invalid)
            for i, item in enumerate(value)
        ]
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


def _explain(message: str, value: Any) -> str:
    message = message.split(" - at `", 1)[0]
    if ID_PATTERN in message:
        return (
            f"expected an id in snake_case (lower-case letters, digits and _, starting with a "
            f"letter), got {value!r}"
        )
    if "length" in message and value == "":
        return "expected some text, got an empty string"
    return message[0].lower() + message[1:] if message else message
