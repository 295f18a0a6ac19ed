"""A cache of the findings of the checks that read nothing but the registry, the page, the day
and the status vocabulary, for repeated runs of a large registry (`verify` and then
`verify -f sarif`, `list`, `show`; a shard of each host's links).

At 100,000 claims these checks take about a second, most of a run once the registry itself
comes from `claimcheck.registry_cache`. An entry is used only for the very inputs it was made
from, by the very code that made it: its key is a hash of the registry's text, its path, the
page (every field, its text included), today's date, the status vocabulary, the run's scope
(`--changed-only`), the names of the checks run, and the code's fingerprint (the source of
every module, as the registry cache's). `CACHED` names the checks; `READS` is all they may read
of the run's context, and `tests/test_check_cache.py` holds their modules to it, so a check
that comes to read the links, the snapshots or the clock is noticed, not served stale.

Like the registry cache, it lives in the platform's cache directory, is on with the
`registry-cache` setting, and never fails a run: an entry missing, truncated, foreign or of
another key is a miss, and one that cannot be written is skipped. A check that crashed (X001)
leaves nothing to keep.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from claimcheck.checks import X001
from claimcheck.findings import Finding, Severity
from claimcheck.registry_cache import (
    MAX_ENTRY_BYTES,
    MIN_CHARS,
    fingerprint,
    read_entry,
    text_digest,
    write_entry,
)

if TYPE_CHECKING:
    from claimcheck.checks.base import CheckContext
    from claimcheck.loader import LoadedRegistry

#: The checks whose findings are kept: each reads only the registry and `READS`.
CACHED = frozenset({"structure", "sourcing", "consistency", "staleness"})
#: What the cached checks read of the run's `CheckContext` (each is in the key, or follows
#: from the registry's text: `invalid_ids`, `unreadable`).
READS = frozenset(
    {
        "today",
        "invalid_ids",
        "unreadable",
        "page",
        "statuses",
        "scope",
        "claims",
        "sources",
        "suggest",
    }
)


class _Row(msgspec.Struct, array_like=True, frozen=True):
    code: str
    message: str
    path: tuple[str | int, ...]
    claim: str | None
    source: str | None
    severity: int | None
    hint: str | None
    at_key: bool
    related: tuple[str, ...]


class _Entry(msgspec.Struct, frozen=True):
    key: str
    #: Each cached check's findings, by the check's name, in the order it gave them.
    findings: dict[str, list[_Row]]


def default_directory() -> Path:
    """The platform's cache directory for claimcheck's check results."""
    from claimcheck.registry_cache import default_directory as registries

    return registries().parent / "checks"


class CheckCache:
    """The cached checks' findings by the hash of everything they read, in one directory."""

    def __init__(self, directory: Path, *, min_chars: int = MIN_CHARS) -> None:
        self.directory = directory
        self.min_chars = min_chars

    def key(self, loaded: LoadedRegistry, ctx: CheckContext, names: Sequence[str]) -> str | None:
        """The key of a run of the checks `names` on `loaded` in `ctx`, or None for a registry
        too small to be worth keeping (it is checked in less time than an entry takes)."""
        if len(loaded.text) < self.min_chars:
            return None
        digest = hashlib.blake2b(digest_size=32)
        scope = None if ctx.scope is None else sorted(ctx.scope)
        for part in (
            text_digest(loaded.text),
            loaded.path,
            repr(ctx.page),
            ctx.today.isoformat(),
            repr(ctx.statuses),
            repr(sorted(ctx.invalid_ids)),
            repr(sorted(ctx.unreadable, key=repr)),
            repr(scope),
            repr(list(names)),
            fingerprint(),
        ):
            encoded = part.encode("utf-8", "surrogatepass")
            digest.update(len(encoded).to_bytes(8, "little"))
            digest.update(encoded)
        return digest.hexdigest()

    def get(self, key: str) -> dict[str, list[Finding]] | None:
        """The findings kept under `key`, by check, or None."""
        from claimcheck.checks import rule_by_code

        entry = read_entry(self.directory / f"{key[:64]}.msgpack", _Entry, MAX_ENTRY_BYTES)
        if entry is None or entry.key != key:
            return None
        found: dict[str, list[Finding]] = {}
        for name, rows in entry.findings.items():
            findings = []
            for row in rows:
                rule = rule_by_code(row.code)
                if rule is None:  # not this code's: the fingerprint should have told
                    return None
                findings.append(
                    Finding(
                        rule,
                        row.message,
                        row.path,
                        claim=row.claim,
                        source=row.source,
                        severity=None if row.severity is None else Severity(row.severity),
                        hint=row.hint,
                        at_key=row.at_key,
                        related=row.related,
                    )
                )
            found[name] = findings
        return found

    def put(self, key: str, findings: dict[str, list[Finding]]) -> None:
        """Keep each check's findings under `key` (written whole or not at all)."""
        rows = {
            name: [
                _Row(
                    f.code,
                    f.message,
                    f.path,
                    f.claim,
                    f.source,
                    None if f.severity is None else int(f.severity),
                    f.hint,
                    f.at_key,
                    f.related,
                )
                for f in some
            ]
            for name, some in findings.items()
        }
        if any(
            f.location is not None or f.registry is not None for s in findings.values() for f in s
        ):
            return  # a check's findings are located later: one that is not is not ours to keep
        if any(f.code == X001.code for s in findings.values() for f in s):
            return  # a check that crashed on an entry did not look at it: look again next run
        write_entry(
            self.directory, f"{key[:64]}.msgpack", msgspec.msgpack.encode(_Entry(key, rows))
        )
