"""Settings: defaults, then the config file, then CLAIMCHECK_* variables, then flags."""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from claimcheck.dates import parse_today
from claimcheck.errors import ClaimcheckError, ConfigError
from claimcheck.files import read_text
from claimcheck.findings import Severity, why_not_ignorable
from claimcheck.inputs import INPUTS
from claimcheck.links.settings import HostRule, LinkSettings
from claimcheck.statuses import StatusVocabulary
from claimcheck.suggest import did_you_mean

#: The most a config file is read to.
MAX_CONFIG_BYTES = 4 * 1024 * 1024
_SPAN = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|sec|min|h|d|w)?$")
_SPAN_SECONDS = {None: 1, "s": 1, "sec": 1, "min": 60, "h": 3600, "d": 86400, "w": 604800}

HOUR, DAY, WEEK = 3600.0, 86400.0, 604800.0
#: The longest time any setting takes (`max-runtime`): TOML reads `inf` and `1e400` as
#: infinity, and a wait or budget without end is a run that never ends.
MAX_SPAN = WEEK
#: The longest `cache-ttl`: a result older than this is no evidence that the link still
#: answers, and a longer TTL would replace checking with the cache (see the README's threat
#: model).
MAX_CACHE_TTL = 30 * DAY
#: The longest `timeout`, `host-interval` and a host's `interval`: one request, one pause.
MAX_REQUEST_SPAN = HOUR
#: The longest `max-retry-after`: the wait a server may ask for before a retry.
MAX_RETRY_AFTER = DAY


def parse_span(value: object, most: float = MAX_SPAN) -> float:
    """Seconds from 30, "30s", "10min", "6h", "1d" or "1w": a finite time from 0 to `most`
    (ValueError otherwise, saying the bound: `inf`, `nan` and `1e400` are refused)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
        if not seconds >= 0:  # negative, or nan
            raise ValueError(f"expected a time of 0 or more, such as 30s or 1d, got {value!r}")
    else:
        match = _SPAN.match(str(value).strip().lower()) if isinstance(value, str) else None
        if match is None:
            raise ValueError(
                f"expected a time span such as 30s, 10min, 6h, 1d or 1w, got {value!r}"
            )
        seconds = float(match[1]) * _SPAN_SECONDS[match[2]]
    if not math.isfinite(seconds) or seconds > most:
        raise ValueError(f"expected a time of at most {said_span(most)}, got {value!r}")
    return seconds


def said_span(seconds: float) -> str:
    """A span as the config writes it: `1h`, `30d`, `1w`, `90s`."""
    for unit, size in (("w", WEEK), ("d", DAY), ("h", HOUR), ("min", 60.0)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"


@dataclass(frozen=True)
class Origin:
    """Where a setting was given: a config file's key (and its line), an environment
    variable, or a command-line option; errors found after loading are told there."""

    name: str  # `snapshots`, CLAIMCHECK_SNAPSHOTS, --select
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def error(self, message: str, hint: str | None = None) -> ConfigError:
        return ConfigError(
            f"{self.name}: {message}", file=self.file, line=self.line, column=self.column, hint=hint
        )


@dataclass(frozen=True)
class Settings:
    """Every setting of a run, after all sources are merged."""

    registry: Path = Path("claims.yaml")
    #: Registries (paths or patterns) a run checks together, from the config's `registries`.
    registries: tuple[str, ...] = ()
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
    #: Crossref's works API: a DOI source's metadata and retraction notices (`snapshot`).
    crossref_api: str = "https://api.crossref.org/works"
    #: A local Retraction Watch CSV the Q rules look cited DOIs up in (never downloaded).
    retractions: Path | None = None
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
    #: Keep large registries that load with no finding in the platform's cache directory,
    #: by their text's hash (`claimcheck.registry_cache`); off: read every time.
    registry_cache: bool = True
    #: Where each setting that is not a default was given (by field name), the last source
    #: that set it: what an error found after loading names.
    origins: tuple[tuple[str, Origin], ...] = ()

    @property
    def snapshot_dir(self) -> Path:
        return self.snapshots or self.registry.parent / "snapshots"

    def origin(self, name: str) -> Origin:
        """Where the setting `name` was given; the option that sets it when it was not."""
        found = dict(self.origins).get(name)
        return found if found is not None else Origin(OPTION_NAMES.get(name, _option(name)))


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


#: The command-line spelling of a setting, where it is not `--<name>`.
OPTION_NAMES = {"registry": "REGISTRY", "snapshots": "--dir", "registries": "REGISTRY"}


#: The keys a config file may set, as written there (and as CLAIMCHECK_<KEY> in the environment).
FILE_KEYS = {
    "registry": "registry",
    "registries": "registries",
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
    "crossref-api": "crossref_api",
    "retractions": "retractions",
    "staleness": "statuses",
    "registry-cache": "registry_cache",
}

#: Keys of the `staleness` table: the status vocabulary, replaced or extended.
STALENESS_KEYS = ("dated-phrases", "status-words", "extend-dated-phrases", "extend-status-words")

#: Keys of the `links` table, and how each is read.
LINK_KEYS: dict[str, tuple[str, str]] = {
    "concurrency": ("concurrency", "count"),
    "host-concurrency": ("host_concurrency", "count"),
    "host-interval": ("host_interval", "interval"),
    "timeout": ("timeout", "positive-span"),
    "retries": ("retries", "count0"),
    "retry-on": ("retry_on", "retry_on"),
    "method": ("method", "method"),
    "soft-404-probe": ("soft_404_probe", "flag"),
    "max-redirects": ("max_redirects", "count0"),
    "max-retry-after": ("max_retry_after", "retry-wait"),
    "user-agent": ("user_agent", "text"),
    "include": ("include", "patterns"),
    "exclude": ("exclude", "patterns"),
    "remap": ("remap", "remap"),
    "hosts": ("hosts", "hosts"),
    "cache": ("cache", "path"),
    "cache-ttl": ("cache_ttl", "ttl"),
    "allow-private": ("allow_private", "flag"),
    "strict": ("strict", "flag"),
    "max-runtime": ("max_runtime", "span"),
    "max-per-host": ("max_per_host", "count"),
    "probe-names": ("probe_names", "names"),
    "network": ("network", "network"),
    "shard": ("shard", "shard"),
}


#: `links` keys only the command line and the environment may set, never a config file: the
#: config comes with the pull request, and these are capabilities of the CI job, not policy.
TRUSTED_LINK_KEYS = {
    "allow-private": (
        "a pull request's config could use it to reach internal services (cloud metadata, "
        "localhost, 10.x)",
        "pass --allow-private, or set CLAIMCHECK_ALLOW_PRIVATE=1 in the CI job, if this run "
        "may reach private addresses",
    ),
    # The cache answers for links without a request: a file the pull request chose (one it
    # commits, holding `alive` for its dead links) would pass them all.
    "cache": (
        "a pull request's config could point it at a file the pull request commits, whose "
        "rows would answer `alive` for dead links without a request",
        "remove it, and the platform's cache directory is used; or pass --cache PATH in the CI job",
    ),
}

#: The longest time each kind of `links` time setting takes (see `parse_span`).
SPAN_LIMITS = {
    "span": MAX_SPAN,
    "positive-span": MAX_REQUEST_SPAN,
    "interval": MAX_REQUEST_SPAN,
    "retry-wait": MAX_RETRY_AFTER,
    "ttl": MAX_CACHE_TTL,
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
    if kind == "positive-span":
        seconds = parse_span(value, SPAN_LIMITS[kind])
        if seconds <= 0:  # a 0 timeout was no timeout: a hung server held the run
            raise ValueError(f"expected a time above 0, such as 20s, got {value!r}")
        return seconds
    if kind in SPAN_LIMITS:
        return parse_span(value, SPAN_LIMITS[kind])
    if kind == "text":
        if not isinstance(value, str) or not value:
            raise ValueError("expected text")
        if _CONTROL.search(value):
            raise ValueError(f"{value!r} holds a control character (a header value is one line)")
        return value
    if kind == "path":
        if not isinstance(value, str):
            raise ValueError("expected a path")
        return Path(value)
    if kind == "flag":
        # TOML and the command line have booleans: the text "yes" or "" (which read as
        # true and false) is a mistake here, as `offline = "yes"` is.
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if kind == "patterns":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("expected a list of regular expressions")
        for pattern in value:
            _compile(pattern)
        return tuple(value)
    if kind == "remap":
        from claimcheck.links.patterns import check_replacement

        if not isinstance(value, list) or not all(
            isinstance(v, dict) and set(v) == {"pattern", "replacement"} for v in value
        ):
            raise ValueError("expected a list of {pattern = ..., replacement = ...} tables")
        rules = []
        for rule in value:
            if not isinstance(rule["pattern"], str):
                raise ValueError(f"pattern: expected a regular expression, got {rule['pattern']!r}")
            compiled = _compile(rule["pattern"])
            try:
                rules.append((rule["pattern"], check_replacement(compiled, rule["replacement"])))
            except ValueError as exc:
                where = rule["replacement"]  # located by its text, or by its pattern's
                raise PatternError(
                    str(exc), where if isinstance(where, str) else rule["pattern"]
                ) from None
        return tuple(rules)
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
        hosts = []
        for pattern, table in value.items():
            host = _host_pattern(pattern)
            if not isinstance(table, dict) or set(table) - {"concurrency", "interval", "headers"}:
                raise ValueError(f"hosts.{pattern}: expected concurrency, interval and headers")
            for key, kind in (("concurrency", "count"), ("interval", "interval")):
                if key in table:
                    try:
                        convert_link_value(kind, table[key])
                    except ValueError as exc:
                        raise PlacedError(str(exc), ("hosts", pattern, key)) from None
            headers = table.get("headers", {})
            if not isinstance(headers, dict) or not all(
                isinstance(v, str) for v in headers.values()
            ):
                raise ValueError(f"hosts.{pattern}.headers: expected a table of header = value")
            for name, text in headers.items():
                # One header each: a CR or LF would smuggle another into the request.
                if not _TOKEN.fullmatch(name) or _CONTROL.search(text):
                    raise ValueError(
                        f"hosts.{pattern}.headers: {name!r} = {text!r} is not one HTTP header "
                        "(a name of letters, digits and -, a value without control characters)"
                    )
            hosts.append(
                HostRule(
                    host,
                    convert_link_value("count", table["concurrency"])
                    if "concurrency" in table
                    else None,
                    convert_link_value("interval", table["interval"])
                    if "interval" in table
                    else None,
                    tuple(headers.items()),
                )
            )
        return tuple(hosts)
    raise AssertionError(kind)  # pragma: no cover


def _host_pattern(pattern: str) -> str:
    """A `links.hosts` pattern as hosts are matched: lower case, a host name or IP address
    with `*` and `?` (`*.gov.uk`, `127.0.0.1`, `::1`). A scheme, a port or a path never
    matched a host, so its rule and headers were silently never applied: refused."""
    import ipaddress

    text = pattern.strip().lower()
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    try:
        return str(ipaddress.IPv6Address(bare))
    except ValueError:
        pass
    if re.fullmatch(r"[a-z0-9*?_-]+(?:\.[a-z0-9*?_-]+)*", text):
        return text
    from claimcheck.http import MalformedUrlError, target

    try:
        host = target(text if "://" in text else f"http://{text}").host
    except MalformedUrlError:
        host = None
    meant = f" (the host is {host!r})" if host and host != text else ""
    raise PatternError(
        f"{pattern!r} is not a host name or a pattern of one, such as *.gov.uk: a "
        f"scheme, port or path never matches a host{meant}",
        pattern,
    )


#: Control characters (C0, DEL, C1), never part of one header line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: An HTTP header name (RFC 9110's token).
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


class PatternError(ValueError):
    """A bad pattern or replacement, with the text it is about (to locate it in the file)."""

    def __init__(self, message: str, text: object) -> None:
        super().__init__(message)
        self.text = text


class PlacedError(ValueError):
    """A bad value inside a `links` setting, with the keys below `links` that lead to it (to
    locate it in the file): `("hosts", "*.gov.uk", "interval")`."""

    def __init__(self, message: str, keys: tuple[str, ...]) -> None:
        super().__init__(message)
        self.keys = keys


def _compile(pattern: str) -> re.Pattern[str]:
    """A config pattern compiled, or PatternError: not a regular expression, or one that
    could take exponential or high-polynomial time (see claimcheck.links.patterns)."""
    from claimcheck.links.patterns import check_cost

    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise PatternError(f"{pattern!r} is not a regular expression: {exc}", pattern) from None
    except (OverflowError, RecursionError) as exc:  # `a{99999999999}`, 1,000 nested groups
        raise PatternError(f"{pattern!r} is too large: {exc}", pattern) from None
    try:
        check_cost(pattern)
    except RecursionError:
        raise PatternError(f"{pattern!r} is nested too deeply", pattern) from None
    except ValueError as exc:
        raise PatternError(str(exc), pattern) from None
    return compiled


def _links(table: Any, path: Path, base: LinkSettings, prefix: tuple[str, ...]) -> LinkSettings:
    def error(key: str, message: str, hint: str | None = None, text: object = None) -> ConfigError:
        line, column = _locate(path, (*prefix, "links", key), text)
        return ConfigError(message, file=str(path), line=line, column=column, hint=hint)

    if not isinstance(table, dict):
        line, column = _locate(path, (*prefix, "links"))
        raise ConfigError("`links` must be a table", file=str(path), line=line, column=column)
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in TRUSTED_LINK_KEYS:
            why, hint = TRUSTED_LINK_KEYS[key]
            raise error(key, f"`links.{key}` may not be set in a config file: {why}", hint)
        if key not in LINK_KEYS:
            hint = did_you_mean(key, LINK_KEYS) or f"known keys: {', '.join(LINK_KEYS)}"
            raise error(key, f"unknown setting `links.{key}`", hint)
        name, kind = LINK_KEYS[key]
        try:
            values[name] = convert_link_value(kind, value)
        except PatternError as exc:
            raise error(key, f"`links.{key}`: {exc}", text=exc.text) from None
        except PlacedError as exc:
            line, column = _locate(path, (*prefix, "links", *exc.keys))
            dotted = ".".join(k if re.fullmatch(r"[\w-]+", k) else f'"{k}"' for k in exc.keys)
            raise ConfigError(
                f"`links.{dotted}`: {exc}", file=str(path), line=line, column=column
            ) from None
        except ValueError as exc:
            raise error(key, f"`links.{key}`: {exc}") from None
    if "hosts" in values:  # the user's rules come after the defaults, so they win
        values["hosts"] = base.hosts + values["hosts"]
    return replace(base, **values)


def _staleness(table: Any, path: Path, prefix: tuple[str, ...]) -> StatusVocabulary:
    """The `[staleness]` table: `dated-phrases` and `status-words` replace the defaults,
    `extend-dated-phrases` and `extend-status-words` add to them."""

    def error(keys: tuple[str, ...], message: str, hint: str | None = None) -> ConfigError:
        line, column = _locate(path, (*prefix, "staleness", *keys))
        return ConfigError(message, file=str(path), line=line, column=column, hint=hint)

    if not isinstance(table, dict):
        raise error((), "`staleness` must be a table")
    lists: dict[str, tuple[str, ...]] = {}
    for key, value in table.items():
        if key not in STALENESS_KEYS:
            hint = did_you_mean(key, STALENESS_KEYS) or f"known keys: {', '.join(STALENESS_KEYS)}"
            raise error((key,), f"unknown setting `staleness.{key}`", hint)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise error((key,), f"`staleness.{key}`: expected a list of words or phrases")
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
        if name in ("registry", "snapshots", "retractions"):
            if not isinstance(value, str):
                raise ValueError("expected a path")
            return Path(value)
        if name == "registries":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ValueError(
                    'expected a list of paths or patterns, e.g. ["site/*/claims.yaml"]'
                )
            return tuple(value)
        if name in ("archive_api", "archive_save", "crossref_api"):
            if not isinstance(value, str) or not value.startswith(("http://", "https://")):
                raise ValueError("expected an http(s) URL")
            from claimcheck.http import MalformedUrlError, target

            try:  # read as every request is: a malformed endpoint is refused here, not later
                target(value)
            except MalformedUrlError as exc:
                raise ValueError(f"{value!r} is not a valid URL: {exc}") from None
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
            for prefix in value if name == "ignore" else ():
                why = why_not_ignorable(prefix) if prefix.strip() else None
                if why is not None:  # as --ignore: located here, not at the run
                    raise ValueError(f"{prefix!r} cannot be ignored: {why}; fix it instead")
            return tuple(value)
        if name == "fail_on":
            return Severity.parse(str(value))
        if name == "today":
            return parse_today(str(value))
        if name in ("offline", "registry_cache"):
            if origin.startswith("`") and not isinstance(value, bool):
                # In a config file TOML has booleans: "yes" or 1 there is a mistake.
                raise ValueError(f"expected true or false, got {value!r}")
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
        table = _tool_table(project, _read_toml(project), given=False)
        if table is not None:
            return project, table
    return None


def config_above(cwd: Path) -> Path | None:
    """With no config in `cwd`, the nearest one in a folder above it inside its repository
    (which is not read: paths in it are relative to its folder); None outside a repository
    or when there is none, or one that cannot be read (not this run's to report)."""
    from claimcheck.files import repository_of

    try:
        if find_config(cwd) is not None:
            return None
        here = cwd.resolve()
        root = repository_of(here)
        for folder in here.parents:
            if not folder.is_relative_to(root):
                return None
            found = find_config(folder)
            if found is not None:
                return found[0]
    except (ClaimcheckError, OSError):
        return None
    return None


def _tool_table(path: Path, document: dict[str, Any], *, given: bool) -> dict[str, Any] | None:
    """pyproject.toml's [tool.claimcheck] table; None when it has none (an error when the
    file was `given` by --config: a run on defaults would pass as if configured). `tool` or
    `tool.claimcheck` that is not a table, and a misspelt `[tool.claimchek]`, are errors
    at their line."""

    def error(keys: tuple[str, ...], message: str, hint: str | None = None) -> ConfigError:
        line, column = _locate(path, keys)
        return ConfigError(message, file=str(path), line=line, column=column, hint=hint)

    tool = document.get("tool")
    if tool is not None and not isinstance(tool, dict):
        raise error(("tool",), "`tool` must be a table", "write [tool.claimcheck] and its keys")
    table = (tool or {}).get("claimcheck")
    if table is not None and not isinstance(table, dict):
        raise error(
            ("tool", "claimcheck"),
            "`tool.claimcheck` must be a table",
            "write [tool.claimcheck] and its keys below it",
        )
    if table is not None:
        return table
    near = did_you_mean("claimcheck", list(tool or {}))
    if near is not None:
        written = near.removeprefix("did you mean `").removesuffix("`?")
        raise error(("tool", written), f"no [tool.claimcheck] table: [tool.{written}] instead?")
    if given:
        raise ConfigError(
            "no [tool.claimcheck] table: nothing here configures claimcheck",
            file=str(path),
            hint="add a [tool.claimcheck] table, or name the config file that has one",
        )
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


def _confine_paths(path: Path, cwd: Path, values: dict[str, Any], prefix: tuple[str, ...]) -> None:
    """Paths the config file gives (`registry`, read and edited; `snapshots`, written;
    `retractions`, read) must stay inside the repository the config is in: a pull request's
    config may not read or write elsewhere. (`links.cache` is refused in a config file
    altogether: `TRUSTED_LINK_KEYS`.)"""
    from claimcheck.files import confine, repository_of

    root = repository_of(path.absolute().parent)
    given: list[tuple[tuple[str, ...], Path]] = [
        ((key,), values[key])
        for key in ("registry", "snapshots", "retractions")
        if values.get(key) is not None
    ]
    for keys, value in given:
        line, column = _locate(path, (*prefix, *keys))
        confine(
            value,
            cwd,
            root,
            what=f"`{'.'.join(keys)}`",
            file=str(path),
            line=line,
            column=column,
        )


_BARE_KEY = r"[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_DOTTED_KEY = rf"(?:{_BARE_KEY})(?:[ \t]*\.[ \t]*(?:{_BARE_KEY}))*"
_HEADER = re.compile(rf"^[ \t]*\[\[?[ \t]*({_DOTTED_KEY})[ \t]*\]", re.M)
_KEY_LINE = re.compile(rf"^[ \t]*({_DOTTED_KEY})[ \t]*=", re.M)


def _key_parts(dotted: str) -> tuple[str, ...]:
    """`links."allow-private"` -> ("links", "allow-private") (escapes are not undone)."""
    return tuple(part.strip("\"'") for part in re.findall(_BARE_KEY, dotted))


def _locate(
    path: Path, keys: tuple[str, ...], text: object = None
) -> tuple[int | None, int | None]:
    """Line and column of the setting `keys` (its dotted path from the file's top) in a TOML
    file, or of the string `text` written after it; tomllib keeps no positions.

    Reads table headers, dotted keys and inline tables line by line: enough for any config
    that tomllib accepted, bar a header or key written inside a multi-line string.
    """
    try:
        source = read_text(path, "config", limit=MAX_CONFIG_BYTES)
    except (OSError, UnicodeDecodeError, ClaimcheckError):
        return None, None
    offset = _key_offset(source, keys)
    if offset is None:
        return None, None
    if isinstance(text, str):
        quoted = ("'" + text + "'", '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
        found = [at for at in (source.find(q, offset) for q in quoted) if at >= 0]
        offset = min(found, default=offset)
    line_start = source.rfind("\n", 0, offset) + 1
    return source.count("\n", 0, offset) + 1, offset - line_start + 1


def _key_offset(source: str, keys: tuple[str, ...]) -> int | None:
    table: tuple[str, ...] = ()
    events = sorted(
        [(m.start(1), "header", m) for m in _HEADER.finditer(source)]
        + [(m.start(1), "key", m) for m in _KEY_LINE.finditer(source)],
        key=lambda event: event[0],
    )
    for start, kind, match in events:
        written = _key_parts(match[1])
        if kind == "header":
            table = written
            if table[: len(keys)] == keys:  # `[links]`, or `[links.hosts."*"]` for `hosts`
                return start
            continue
        full = table + written
        if full[: len(keys)] == keys:
            return start
        if keys[: len(full)] == full:  # an inline table: `links = {allow-private = true}`
            at: int | None = match.end()
            for key in keys[len(full) :]:
                inner = re.compile(rf"(?<![\w-])[\"']?{re.escape(key)}[\"']?[ \t]*=")
                found = inner.search(source, at or 0)
                at = found.start() if found else None
                if at is None:
                    return start
            return at
    return None


def load_settings(
    *,
    cwd: Path,
    config: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Merge the config file, the environment and the command line's `overrides`."""
    settings = Settings()
    origins: dict[str, Origin] = {}
    found = (config, _read_toml(config)) if config is not None else find_config(cwd)
    if found is not None:
        path, table = found
        prefix: tuple[str, ...] = ("tool", "claimcheck") if path.name == "pyproject.toml" else ()
        if config is not None and prefix:
            table = _tool_table(path, dict(table), given=True) or {}
        values: dict[str, Any] = {}
        for key, value in table.items():
            if key not in FILE_KEYS:
                hint = did_you_mean(key, FILE_KEYS) or f"known keys: {', '.join(FILE_KEYS)}"
                line, column = _locate(path, (*prefix, key))
                raise ConfigError(
                    f"unknown setting `{key}`", file=str(path), line=line, column=column, hint=hint
                )
            name = FILE_KEYS[key]
            line, column = _locate(path, (*prefix, key))
            origins[name] = Origin(f"`{key}`", str(path), line, column)
            if name == "links":
                values[name] = _links(value, path, settings.links, prefix)
            elif name == "statuses":
                values[name] = _staleness(value, path, prefix)
            else:
                try:
                    values[name] = _convert(name, value, f"`{key}`")
                except ConfigError as exc:
                    exc.file = str(path)
                    exc.line, exc.column = _locate(path, (*prefix, key))
                    raise
        _confine_paths(path, cwd, values, prefix)
        settings = replace(settings, **values)
    environ = os.environ if env is None else env
    values = {}  # the second pass: environment variables
    for key, name in FILE_KEYS.items():
        if name in ("links", "statuses"):
            continue
        var = "CLAIMCHECK_" + key.replace("-", "_").upper()
        if environ.get(var) not in (None, ""):
            values[name] = _convert(name, environ[var], var)
            origins[name] = Origin(var)
    settings = replace(settings, **values)
    if environ.get("CLAIMCHECK_ALLOW_PRIVATE") not in (None, ""):
        # The CI job's own choice, like --allow-private; a config file may not make it.
        try:
            allow = parse_flag(environ["CLAIMCHECK_ALLOW_PRIVATE"])
        except ValueError as exc:
            raise ConfigError(f"CLAIMCHECK_ALLOW_PRIVATE: {exc}") from None
        settings = replace(settings, links=replace(settings.links, allow_private=allow))
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
    for name in given:
        origins[name] = Origin(OPTION_NAMES.get(name, _option(name)))
    _one_registry_setting(origins, given)
    # The one given at the higher level wins (a flag, then the environment, then the
    # config): CLAIMCHECK_REGISTRY names the registry whatever the config's `registries`.
    registry, registries = origins.get("registry"), origins.get("registries")
    if registry and registries and _level(registry) > _level(registries):
        settings = replace(settings, registries=())
    return replace(settings, links=links, origins=tuple(origins.items()), **given)


def _level(origin: Origin) -> int:
    """How strong a setting's source is: a config file, the environment, the command line."""
    return 0 if origin.file is not None else 1 if origin.name.startswith("CLAIMCHECK_") else 2


def _one_registry_setting(origins: Mapping[str, Origin], given: Mapping[str, Any]) -> None:
    """`registry` and `registries` given at one level (both in the config, or both in the
    environment) are refused: commands of one registry read the first, runs of several
    the second, and neither says which."""
    registry, registries = origins.get("registry"), origins.get("registries")
    if registry is None or registries is None or "registry" in given:
        return
    if _level(registry) == _level(registries):
        raise registries.error(
            f"set with {registry.name.strip('`')}"
            + (f" (line {registry.line})" if registry.line else "")
            + ": a command of one registry would read that one, a run of several these",
            hint="keep one of the two",
        )
