"""Settings: defaults, then the config file, then CLAIMCHECK_* variables, then flags."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from claimcheck.checks.base import did_you_mean
from claimcheck.dates import parse_today
from claimcheck.errors import ConfigError
from claimcheck.findings import Severity


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


#: The keys a config file may set, as written there (and as CLAIMCHECK_<KEY> in the environment).
FILE_KEYS = {
    "registry": "registry",
    "format": "format",
    "select": "select",
    "ignore": "ignore",
    "fail-on": "fail_on",
    "today": "today",
    "offline": "offline",
}


def _convert(name: str, value: Any, origin: str) -> Any:
    try:
        if name == "registry":
            if not isinstance(value, str):
                raise ValueError("expected a path")
            return Path(value)
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
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(f"expected true or false, got {value!r}")
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
        return tomllib.loads(path.read_text(encoding="utf-8"))
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
        values = {}
        for key, value in table.items():
            if key not in FILE_KEYS:
                hint = did_you_mean(key, FILE_KEYS) or f"known keys: {', '.join(FILE_KEYS)}"
                raise ConfigError(f"unknown setting `{key}`", file=str(path), hint=hint)
            name = FILE_KEYS[key]
            values[name] = _convert(name, value, f"{path}: `{key}`")
        settings = replace(settings, **values)
    environ = os.environ if env is None else env
    values = {}
    for key, name in FILE_KEYS.items():
        var = "CLAIMCHECK_" + key.replace("-", "_").upper()
        if environ.get(var) not in (None, ""):
            values[name] = _convert(name, environ[var], var)
    settings = replace(settings, **values)
    known = {f.name for f in fields(Settings)}
    given = {k: v for k, v in (overrides or {}).items() if v is not None and k in known}
    return replace(settings, **given)
