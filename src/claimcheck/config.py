"""Settings: defaults, then the config file, then CLAIMCHECK_* variables, then flags."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from claimcheck.dates import parse_today
from claimcheck.errors import ConfigError
from claimcheck.files import read_text
from claimcheck.findings import Severity
from claimcheck.inputs import INPUTS
from claimcheck.links.settings import HostRule, LinkSettings
from claimcheck.statuses import StatusVocabulary
from claimcheck.suggest import did_you_mean

#: The most a config file is read to.
MAX_CONFIG_BYTES = 4 * 1024 * 1024
_SPAN = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|sec|min|h|d|w)?$")
_SPAN_SECONDS = {None: 1, "s": 1, "sec": 1, "min": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_span(value: object) -> float:
    """Seconds from 30, "30s", "10min", "6h", "1d" or "1w"."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    match = _SPAN.match(str(value).strip().lower()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"expected a time span such as 30s, 10min, 6h, 1d or 1w, got {value!r}")
    return float(match[1]) * _SPAN_SECONDS[match[2]]


@dataclass(frozen=True)
class Settings:
    """Every setting of a run, after all sources are merged."""

    registry: Path = Path("claims.yaml")
    format: str = "terminal"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    today: date | None = None
    offline: bool = False
    links: LinkSettings = field(default_factory=LinkSettings)
    #: Where the sources' snapshots are kept; None: `snapshots/` beside the registry.
    snapshots: Path | None = None
    #: The Wayback Machine's availability API, and its save endpoint (a URL is appended).
    archive_api: str = "https://archive.org/wayback/available"
    archive_save: str = "https://web.archive.org/save/"
    #: The page to check against the registry (P rules); None: the registry's `page.path`.
    page: Path | None = None
    #: text, markdown or html; None: from the page file's extension.
    page_format: str | None = None
    #: A baseline file (or JSON report) whose findings are left out of the report.
    baseline: Path | None = None
    #: Keep only findings about claims and sources changed since this git ref.
    changed_only: str | None = None
    #: What the run may gather for its checks (links, page, snapshots): browsing commands
    #: leave out the links, so they never touch the network. A check whose needs are not
    #: all here does not run.
    gather: frozenset[str] = INPUTS
    #: The dated phrases and status words of T001/T004 (the `[staleness]` table).
    statuses: StatusVocabulary = field(default_factory=StatusVocabulary)

    @property
    def snapshot_dir(self) -> Path:
        return self.snapshots or self.registry.parent / "snapshots"


#: The keys a config file may set, as written there (and as CLAIMCHECK_<KEY> in the environment).
FILE_KEYS = {
    "registry": "registry",
    "format": "format",
    "select": "select",
    "ignore": "ignore",
    "fail-on": "fail_on",
    "today": "today",
    "offline": "offline",
    "links": "links",
    "snapshots": "snapshots",
    "archive-api": "archive_api",
    "archive-save": "archive_save",
    "staleness": "statuses",
}

#: Keys of the `staleness` table: the status vocabulary, replaced or extended.
STALENESS_KEYS = ("dated-phrases", "status-words", "extend-dated-phrases", "extend-status-words")

#: Keys of the `links` table, and how each is read.
LINK_KEYS: dict[str, tuple[str, str]] = {
    "concurrency": ("concurrency", "count"),
    "host-concurrency": ("host_concurrency", "count"),
    "host-interval": ("host_interval", "span"),
    "timeout": ("timeout", "span"),
    "retries": ("retries", "count0"),
    "retry-on": ("retry_on", "retry_on"),
    "method": ("method", "method"),
    "max-redirects": ("max_redirects", "count0"),
    "max-retry-after": ("max_retry_after", "span"),
    "user-agent": ("user_agent", "text"),
    "include": ("include", "patterns"),
    "exclude": ("exclude", "patterns"),
    "remap": ("remap", "remap"),
    "hosts": ("hosts", "hosts"),
    "cache": ("cache", "path"),
    "cache-ttl": ("cache_ttl", "span"),
    "allow-private": ("allow_private", "flag"),
    "strict": ("strict", "flag"),
    "max-runtime": ("max_runtime", "span"),
    "probe-names": ("probe_names", "names"),
    "network": ("network", "network"),
    "shard": ("shard", "shard"),
}


def convert_link_value(kind: str, value: Any) -> Any:
    """One `links` setting, read by its kind; ValueError with the expected form."""
    if kind in ("count", "count0"):
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < (1 if kind == "count" else 0)
        ):
            raise ValueError(
                f"expected a whole number{' above 0' if kind == 'count' else ''}, got {value!r}"
            )
        return value
    if kind == "span":
        return parse_span(value)
    if kind == "text":
        if not isinstance(value, str) or not value:
            raise ValueError("expected text")
        return value
    if kind == "path":
        if not isinstance(value, str):
            raise ValueError("expected a path")
        return Path(value)
    if kind == "flag":
        return parse_flag(value)
    if kind == "patterns":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("expected a list of regular expressions")
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from None
        return tuple(value)
    if kind == "remap":
        if not isinstance(value, list) or not all(
            isinstance(v, dict) and set(v) == {"pattern", "replacement"} for v in value
        ):
            raise ValueError("expected a list of {pattern = ..., replacement = ...} tables")
        convert_link_value("patterns", [v["pattern"] for v in value])
        return tuple((v["pattern"], v["replacement"]) for v in value)
    if kind == "shard":
        from claimcheck.links.shard import parse_shard

        try:
            return parse_shard(str(value))
        except ConfigError as exc:
            raise ValueError(exc.message.removeprefix("--shard: ")) from None
    if kind == "method":
        if value not in ("head-get", "get"):
            raise ValueError(f"expected head-get or get, got {value!r}")
        return value
    if kind == "names":
        from claimcheck.http import MalformedUrlError, target

        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise ValueError(
                'expected a list of host names (to skip the probe, set network = "open")'
            )
        for name in value:
            try:
                valid = target(f"https://{name}/").host == name.lower()
            except MalformedUrlError:
                valid = False
            if not valid:
                raise ValueError(f"{name!r} is not a host name")
        return tuple(v.lower() for v in value)
    if kind == "network":
        from claimcheck.links.settings import NETWORK_MODES

        if value not in NETWORK_MODES:
            raise ValueError(f"expected probe or open, got {value!r}")
        return value
    if kind == "retry_on":
        items = [v.strip() for v in value.split(",")] if isinstance(value, str) else value
        known = {"408", "429", "5xx", "timeout", "connection"}
        if not isinstance(items, list) or not items or not set(map(str, items)) <= known:
            raise ValueError(f"expected some of {', '.join(sorted(known))}, got {value!r}")
        return frozenset(map(str, items))
    if kind == "hosts":
        if not isinstance(value, dict):
            raise ValueError('expected a table of host patterns, e.g. [links.hosts."*.gov.uk"]')
        rules = []
        for pattern, table in value.items():
            if not isinstance(table, dict) or set(table) - {"concurrency", "interval", "headers"}:
                raise ValueError(f"hosts.{pattern}: expected concurrency, interval and headers")
            headers = table.get("headers", {})
            if not isinstance(headers, dict) or not all(
                isinstance(v, str) for v in headers.values()
            ):
                raise ValueError(f"hosts.{pattern}.headers: expected a table of header = value")
            rules.append(
                HostRule(
                    pattern,
                    convert_link_value("count", table["concurrency"])
                    if "concurrency" in table
                    else None,
                    parse_span(table["interval"]) if "interval" in table else None,
                    tuple(headers.items()),
                )
            )
        return tuple(rules)
    raise AssertionError(kind)  # pragma: no cover


def _links(table: Any, origin: str, base: LinkSettings) -> LinkSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{origin}: `links` must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in LINK_KEYS:
            hint = did_you_mean(key, LINK_KEYS) or f"known keys: {', '.join(LINK_KEYS)}"
            raise ConfigError(f"{origin}: unknown setting `links.{key}`", hint=hint)
        name, kind = LINK_KEYS[key]
        try:
            values[name] = convert_link_value(kind, value)
        except ValueError as exc:
            raise ConfigError(f"{origin}: `links.{key}`: {exc}") from None
    if "hosts" in values:  # the user's rules come after the defaults, so they win
        values["hosts"] = base.hosts + values["hosts"]
    return replace(base, **values)


def _staleness(table: Any, origin: str) -> StatusVocabulary:
    """The `[staleness]` table: `dated-phrases` and `status-words` replace the defaults,
    `extend-dated-phrases` and `extend-status-words` add to them."""
    if not isinstance(table, dict):
        raise ConfigError(f"{origin}: `staleness` must be a table")
    lists: dict[str, tuple[str, ...]] = {}
    for key, value in table.items():
        if key not in STALENESS_KEYS:
            hint = did_you_mean(key, STALENESS_KEYS) or f"known keys: {', '.join(STALENESS_KEYS)}"
            raise ConfigError(f"{origin}: unknown setting `staleness.{key}`", hint=hint)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{origin}: `staleness.{key}`: expected a list of words or phrases")
        lists[key] = tuple(v.strip() for v in value)
    default = StatusVocabulary()
    return StatusVocabulary(
        dated_phrases=lists.get("dated-phrases", default.dated_phrases)
        + lists.get("extend-dated-phrases", ()),
        status_words=lists.get("status-words", default.status_words)
        + lists.get("extend-status-words", ()),
    )


def parse_flag(value: object) -> bool:
    """true/false, also as 1/0, yes/no, on/off (environment variables are text)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _convert(name: str, value: Any, origin: str) -> Any:
    try:
        if name in ("registry", "snapshots"):
            if not isinstance(value, str):
                raise ValueError("expected a path")
            return Path(value)
        if name in ("archive_api", "archive_save"):
            if not isinstance(value, str) or not value.startswith(("http://", "https://")):
                raise ValueError("expected an http(s) URL")
            return value
        if name == "format":
            if not isinstance(value, str):
                raise ValueError("expected a format name")
            return value
        if name in ("select", "ignore"):
            if isinstance(value, str):
                value = [v for v in re.split(r"[,\s]+", value) if v]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError("expected a list of rule-code prefixes")
            return tuple(value)
        if name == "fail_on":
            return Severity.parse(str(value))
        if name == "today":
            return parse_today(str(value))
        if name == "offline":
            return parse_flag(value)
    except ValueError as exc:
        raise ConfigError(f"{origin}: {exc}") from None
    raise AssertionError(name)  # pragma: no cover


def find_config(cwd: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """The config in `cwd`: claimcheck.toml first, then [tool.claimcheck] in pyproject.toml."""
    own = cwd / "claimcheck.toml"
    if own.is_file():
        return own, _read_toml(own)
    project = cwd / "pyproject.toml"
    if project.is_file():
        table = _read_toml(project).get("tool", {}).get("claimcheck")
        if isinstance(table, dict):
            return project, table
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_text(path, "config", limit=MAX_CONFIG_BYTES))
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        reason = re.sub(r"\s*\(at line .*\)$", "", str(exc))
        raise ConfigError(
            reason,
            file=str(path),
            line=int(match[1]) if match else None,
            column=int(match[2]) if match else None,
            hint="fix the TOML syntax",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the config: {exc}", file=str(path)) from None


def _confine_paths(path: Path, cwd: Path, values: dict[str, Any]) -> None:
    """Paths the config file gives for writing (`snapshots`, `links.cache`) must stay inside
    the repository the config is in: a pull request's config may not write elsewhere."""
    from claimcheck.files import confine, repository_of

    root = repository_of(path.absolute().parent)
    given: list[tuple[str, Path]] = []
    if values.get("snapshots") is not None:
        given.append(("snapshots", values["snapshots"]))
    links = values.get("links")
    if isinstance(links, LinkSettings) and links.cache is not None:
        given.append(("cache", links.cache))
    for key, value in given:
        line, column = _key_position(path, key)
        confine(
            value,
            cwd,
            root,
            what=f"`{'links.' if key == 'cache' else ''}{key}`",
            file=str(path),
            line=line,
            column=column,
        )


def _key_position(path: Path, key: str) -> tuple[int | None, int | None]:
    """Line and column of `key = ...` in a TOML file (tomllib keeps no positions)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None, None
    pattern = re.compile(rf"^([ \t]*(?:links\.)?[\"']?){re.escape(key)}[\"']?[ \t]*=", re.M)
    match = pattern.search(text)
    if match is None:
        return None, None
    return text.count("\n", 0, match.start()) + 1, len(match[1]) + 1


def load_settings(
    *,
    cwd: Path,
    config: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Merge the config file, the environment and the command line's `overrides`."""
    settings = Settings()
    found = (config, _read_toml(config)) if config is not None else find_config(cwd)
    if found is not None:
        path, table = found
        if config is not None and path.name == "pyproject.toml":
            table = table.get("tool", {}).get("claimcheck", {})
        values: dict[str, Any] = {}
        for key, value in table.items():
            if key not in FILE_KEYS:
                hint = did_you_mean(key, FILE_KEYS) or f"known keys: {', '.join(FILE_KEYS)}"
                raise ConfigError(f"unknown setting `{key}`", file=str(path), hint=hint)
            name = FILE_KEYS[key]
            if name == "links":
                values[name] = _links(value, str(path), settings.links)
            elif name == "statuses":
                values[name] = _staleness(value, str(path))
            else:
                values[name] = _convert(name, value, f"{path}: `{key}`")
        _confine_paths(path, cwd, values)
        settings = replace(settings, **values)
    environ = os.environ if env is None else env
    values = {}  # the second pass: environment variables
    for key, name in FILE_KEYS.items():
        if name in ("links", "statuses"):
            continue
        var = "CLAIMCHECK_" + key.replace("-", "_").upper()
        if environ.get(var) not in (None, ""):
            values[name] = _convert(name, environ[var], var)
    settings = replace(settings, **values)
    known = {f.name for f in fields(Settings)}
    given = {k: v for k, v in (overrides or {}).items() if v is not None and k in known}
    link_known = {f.name for f in fields(LinkSettings)}
    link_given = {
        k.removeprefix("links_"): v
        for k, v in (overrides or {}).items()
        if v is not None and k.startswith("links_") and k.removeprefix("links_") in link_known
    }
    token = environ.get("GITHUB_TOKEN") or None
    links = replace(given.pop("links", settings.links), github_token=token, **link_given)
    return replace(settings, links=links, **given)
