"""`--changed-only REF`: keep the findings of the claims and sources whose lines changed."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
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
    """The ids of the claims and sources whose lines changed, and of the sources the changed
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
    for claim in loaded.registry.claims:
        if claim.id in changed:
            changed.update(citation.source for citation in claim.citations)
    return changed


def changed_urls(loaded: LoadedRegistry, lines: set[int]) -> list[str]:
    """The URLs of the changed sources and of those the changed claims cite: the only links
    `--changed-only` checks."""
    changed = changed_entries(loaded, lines)
    urls = [
        url
        for source in loaded.registry.sources
        if source.id in changed
        for url in (source.url, source.archive_url)
        if url
    ]
    return list(dict.fromkeys(urls))


def only_changed(report: Report, loaded: LoadedRegistry, lines: set[int]) -> Report:
    """The report with only findings about changed claims or sources (and the sources the
    changed claims cite), or on changed lines."""
    changed = changed_entries(loaded, lines)
    kept = tuple(
        f
        for f in report.findings
        if (f.claim or f.source) in changed
        or (f.location is not None and f.location.file == loaded.path and f.location.line in lines)
    )
    claims = tuple(c for c in report.claims if c.id in changed)
    return replace(report, findings=kept, claims=claims)


def left_out_note(ref: str, lines: set[int], left_out: int) -> str | None:
    """What `--changed-only REF` says about the findings it did not show, so that a ref that
    empties the diff never hides every finding without a word."""
    findings = f"{left_out} finding{'s' if left_out != 1 else ''}"
    if not lines:
        return (
            f"--changed-only {ref}: the registry has not changed against it; "
            f"{findings} on unchanged lines not shown"
        )
    if left_out:
        return f"--changed-only {ref}: {findings} on unchanged claims, sources and lines not shown"
    return None
