"""`--changed-only REF`: check the claims and sources whose lines changed, and show what the
change caused: their findings, and the findings of relations that are new since REF."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.errors import ConfigError
from claimcheck.findings import Report
from claimcheck.loader import LoadedRegistry

if TYPE_CHECKING:
    from claimcheck.registry_cache import RegistryCache

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
#: Ids a removed line named: the sources it cited, the source it relayed.
_NAMED = re.compile(r"\b(?:source|relay_of)\s*:\s*['\"]?([a-z][a-z0-9_]*)")
#: The registry's fields besides its entries: every claim reads them (page, defaults).
_ENTRY_LISTS = ("claims", "sources", "constraints", "ignore")


def _git(where: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """git run in the folder `where`; its output as bytes (a registry at REF may not be
    UTF-8)."""
    try:
        return subprocess.run(
            ["git", *args], cwd=where, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"--changed-only: cannot run git: {exc}") from None


def _text(output: bytes) -> str:
    return output.decode("utf-8", "replace")


def _commit(path: Path, ref: str) -> None:
    """A ConfigError unless `ref` names one commit of the repository `path` is in."""
    if not ref or ref.startswith("-"):
        # git would read it as an option (`--output=FILE` writes a file).
        raise ConfigError(
            f"--changed-only: {ref!r} is not a git ref",
            hint="give a commit, branch or tag, e.g. origin/main",
        )
    inside = _git(path.parent, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or _text(inside.stdout).strip() != "true":
        raise ConfigError(
            "--changed-only: the registry is not in a git repository",
            file=str(path),
            hint="run it in a checkout, or leave out --changed-only",
        )
    # One commit: a range ("A..B") compares two commits, not the file as it is now.
    found = _git(
        path.parent, "rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"
    )
    if found.returncode != 0:
        raise ConfigError(
            f"--changed-only {ref}: not a commit of the repository the registry is in",
            file=str(path),
            hint="give one commit, branch or tag (e.g. origin/main), not a range",
        )


def _diff(path: Path, ref: str) -> tuple[set[int], list[str]]:
    """Lines of the file `path` (resolved: a link's target is what changed) added or changed
    since `ref`, and the lines removed."""
    _commit(path, ref)
    result = _git(
        path.parent, "diff", "--no-color", "-U0", "--end-of-options", ref, "--", path.name
    )
    if result.returncode != 0:
        reason = (_text(result.stderr).strip().splitlines() or ["git diff failed"])[-1]
        raise ConfigError(
            f"--changed-only {ref}: {reason}",
            file=str(path),
            hint="give a commit, branch or tag of the repository the registry is in",
        )
    out = _text(result.stdout)
    lines: set[int] = set()
    for match in _HUNK.finditer(out):
        start, count = int(match[1]), int(match[2] or 1)
        # A pure deletion (count 0) names the line before it: that line and the next are
        # marked, so the entries on both sides of the removed lines count as changed.
        lines.update(range(start, start + max(count, 1)) if count else (start, start + 1))
    removed = [
        line[1:] for line in out.splitlines() if line.startswith("-") and not line.startswith("---")
    ]
    return lines, removed


def _text_at(path: Path, ref: str) -> bytes | None:
    """The file's bytes at `ref`, or None when it is not in `ref` (a new file)."""
    shown = _git(path.parent, "show", f"{ref}:./{path.name}")
    return shown.stdout if shown.returncode == 0 else None


def _page_changed(path: Path, page: Path, ref: str) -> bool:
    """Whether the page differs from `ref`'s, or is not in it (wherever it is in the
    repository)."""
    page = page.resolve()
    if _text_at(page, ref) is None:
        return True
    diff = _git(page.parent, "diff", "--quiet", "--end-of-options", ref, "--", page.name)
    return diff.returncode != 0


@dataclass(frozen=True)
class Change:
    """What `--changed-only REF` changed: the registry's lines, and the entries on them (with
    the sources the changed claims cite, the claims citing changed sources, derived claims
    reached). `whole` says why the whole registry is checked instead (a change every claim
    depends on); `before` is the registry at REF, whose relations' findings are known."""

    lines: set[int]
    entries: frozenset[str]
    whole: str | None = None
    before: LoadedRegistry | None = None

    @classmethod
    def of(
        cls,
        loaded: LoadedRegistry,
        path: Path,
        ref: str,
        page: Path | None = None,
        cache: RegistryCache | None = None,
    ) -> Change:
        real = path.resolve()  # a link's target is the file git knows
        lines, removed = _diff(real, ref)
        # A citation or relay removed: the source it named is touched too (R006, S003).
        named = {name for line in removed for name in _NAMED.findall(line)}
        entries = frozenset(changed_entries(loaded, lines, named))
        if not lines and not removed:
            if _text_at(real, ref) is None:
                return cls(lines, entries, f"{real.name} is not in {ref}")
            if page is not None and _page_changed(real, page, ref):
                return cls(lines, entries, f"the page {page.name} changed since {ref}")
            return cls(lines, entries)  # nothing changed: nothing to show
        from claimcheck.errors import RegistryLoadError
        from claimcheck.loader import load_text

        raw = _text_at(real, ref)
        if raw is None:
            return cls(lines, entries, f"{real.name} is not in {ref}")
        try:
            before = load_text(raw.decode("utf-8").removeprefix("\ufeff"), loaded.path, cache)
        except (UnicodeDecodeError, RegistryLoadError):
            return cls(lines, entries, f"{real.name} could not be read at {ref}")
        whole = _whole(loaded, before, real, ref, page)
        return cls(lines, entries, whole, None if whole else before)


def _whole(
    loaded: LoadedRegistry, before: LoadedRegistry, path: Path, ref: str, page: Path | None
) -> str | None:
    """Why every claim must be checked, if the change reaches them all: a field besides the
    entries (page, defaults) differs from REF's, an entry of REF's is gone (removed or
    renamed: what named it is checked again), the page changed."""
    now, then = loaded.registry, before.registry
    for field in now.__struct_fields__:
        if field not in _ENTRY_LISTS and getattr(now, field) != getattr(then, field):
            return f"`{field}` changed (every claim reads it)"
    for key in ("claims", "sources", "constraints"):
        gone = {e.id for e in getattr(then, key)} - {e.id for e in getattr(now, key)}
        if gone:
            return f"{key} removed or renamed: {', '.join(sorted(gone)[:3])}"
    if page is not None and _page_changed(path, page, ref):
        return f"the page {page.name} changed since {ref}"
    return None


def changed_entries(
    loaded: LoadedRegistry, lines: set[int], touched: set[str] | None = None
) -> set[str]:
    """The ids of the claims and sources whose lines changed (and of those `touched`), of the
    claims citing changed sources (a relay or an identifier is theirs too), of the claims
    derived from changed claims (their figures move with their inputs), and of the sources
    the changed claims cite (a claim added citing a dead link is the pull request's problem).
    A relation's finding on an unchanged entry (a timeline's disorder, an unused source) is
    found by comparing with REF (`only_changed`)."""
    changed: set[str] = set(touched or ())
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
    sources = {s.id for s in loaded.registry.sources} & changed
    if sources:
        changed.update(
            c.id
            for c in loaded.registry.claims
            if any(citation.source in sources for citation in c.citations)
        )
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


def only_changed(
    report: Report, loaded: LoadedRegistry, change: Change, known: frozenset[str] = frozenset()
) -> Report:
    """The report with only findings about changed claims or sources (and the sources the
    changed claims cite), or on changed lines, or relating a changed claim to others (a
    constraint the change breaks), or new since REF (`known`: the fingerprints of REF's
    findings of relations: a timeline, an unused source, a page figure the change left
    unregistered)."""
    changed, lines = change.entries, change.lines
    kept = tuple(
        f
        for f in report.findings
        if (f.claim or f.source) in changed
        or (f.related and not changed.isdisjoint(f.related))
        or (f.location is not None and f.location.file == loaded.path and f.location.line in lines)
        or (change.before is not None and f.fingerprint() not in known)
    )
    claims = tuple(c for c in report.claims if c.id in changed)
    sources = sum(1 for s in loaded.registry.sources if s.id in changed)
    return replace(report, findings=kept, claims=claims, sources=sources)


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
