"""`--changed-only REF`: keep the findings of the claims and sources whose lines changed."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from claimcheck.errors import ConfigError
from claimcheck.findings import Report
from claimcheck.loader import LoadedRegistry

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


def changed_lines(path: Path, ref: str) -> set[int]:
    """Lines of `path` (as it is now) added or changed since git `ref`."""
    if not ref or ref.startswith("-"):
        # git would read it as an option (`--output=FILE` writes a file).
        raise ConfigError(
            f"--changed-only: {ref!r} is not a git ref",
            hint="give a commit, branch or tag, e.g. origin/main",
        )
    try:
        result = subprocess.run(
            ["git", "diff", "--no-color", "-U0", "--end-of-options", ref, "--", path.name],
            cwd=path.resolve().parent,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"--changed-only: cannot run git: {exc}") from None
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["git diff failed"])[-1]
        raise ConfigError(
            f"--changed-only {ref}: {reason}",
            file=str(path),
            hint="give a commit, branch or tag of the repository the registry is in",
        )
    lines: set[int] = set()
    for match in _HUNK.finditer(result.stdout):
        start, count = int(match[1]), int(match[2] or 1)
        lines.update(range(start, start + max(count, 1)))  # a deletion marks the line after it
    return lines


def changed_entries(loaded: LoadedRegistry, lines: set[int]) -> set[str]:
    """The ids of the claims and sources whose lines changed, of the claims derived from
    changed claims (their figures move with their inputs), and of the sources the changed
    claims cite (a claim added citing a dead link is the pull request's problem)."""
    changed: set[str] = set()
    lists = (
        ("claims", [c.id for c in loaded.registry.claims]),
        ("sources", [s.id for s in loaded.registry.sources]),
    )
    for key, ids in lists:
        spans = loaded.positions.item_lines(key)
        rows = loaded.rows.get(key)  # entries left out as invalid shift the indices
        for i, ident in enumerate(ids):
            at = rows[i] if rows else i
            if spans is not None and at < len(spans) and lines & set(range(*spans[at])):
                changed.add(ident)
    derived = [c for c in loaded.registry.claims if c.derived]
    if derived:
        from claimcheck.expression import names_in

        inputs = {c.id: set(names_in(c.derived or "")) for c in derived}
        grew = True
        while grew:  # a derived claim of a derived claim, to any depth
            reached = {name for name, used in inputs.items() if used & changed} - changed
            changed |= reached
            grew = bool(reached)
    for claim in loaded.registry.claims:
        if claim.id in changed:
            changed.update(citation.source for citation in claim.citations)
    return changed


@dataclass(frozen=True)
class Change:
    """What `--changed-only REF` changed: the registry's lines, and the entries on them (with
    the sources the changed claims cite)."""

    lines: set[int]
    entries: frozenset[str]

    @classmethod
    def of(cls, loaded: LoadedRegistry, path: Path, ref: str) -> Change:
        lines = changed_lines(path, ref)
        return cls(lines, frozenset(changed_entries(loaded, lines)))


def changed_urls(loaded: LoadedRegistry, changed: frozenset[str]) -> list[str]:
    """The URLs of the changed sources and of those the changed claims cite: the only links
    `--changed-only` checks."""
    urls = [
        url
        for source in loaded.registry.sources
        if source.id in changed
        for url in (source.url, source.archive_url)
        if url
    ]
    return list(dict.fromkeys(urls))


def only_changed(report: Report, loaded: LoadedRegistry, change: Change) -> Report:
    """The report with only findings about changed claims or sources (and the sources the
    changed claims cite), or on changed lines, or relating a changed claim to others (a
    constraint the change breaks)."""
    changed, lines = change.entries, change.lines
    kept = tuple(
        f
        for f in report.findings
        if (f.claim or f.source) in changed
        or (f.related and not changed.isdisjoint(f.related))
        or (f.location is not None and f.location.file == loaded.path and f.location.line in lines)
    )
    claims = tuple(c for c in report.claims if c.id in changed)
    return replace(report, findings=kept, claims=claims)


def left_out_note(ref: str, loaded: LoadedRegistry, change: Change, left_out: int) -> str | None:
    """What `--changed-only REF` says about the work it did not do and the findings it did not
    show, so that a ref that empties the diff never hides every finding without a word."""
    registry = loaded.registry
    claims = sum(1 for c in registry.claims if c.id not in change.entries)
    sources = sum(1 for s in registry.sources if s.id not in change.entries)
    parts = []
    if claims or sources:
        entries = " and ".join(
            f"{n} unchanged {what}{'s' if n != 1 else ''}"
            for n, what in ((claims, "claim"), (sources, "source"))
            if n
        )
        parts.append(f"the rules of {entries} not run")
    if left_out:
        parts.append(
            f"{left_out} finding{'s' if left_out != 1 else ''} on unchanged lines not shown"
        )
    if not change.lines:
        return f"--changed-only {ref}: the registry has not changed against it; " + (
            ", ".join(parts) or "nothing to check"
        )
    if not parts:
        return None
    return f"--changed-only {ref}: " + ", ".join(parts)
