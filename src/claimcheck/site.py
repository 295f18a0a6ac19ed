"""A site: several registries checked in one run, one report, one exit code (the run is
`engine.run_site`; here, which files a run names and how their reports become one).

Each registry is loaded and checked as on its own (its page, its baseline, its changed
lines), but the links of all of them are checked together, once each: the same URL cited by
200 registries is one request, and the politeness per host is shared. The report is one: every
claim and source id is qualified by its registry (`site/a/claims.yaml:offences_2024`), so two
registries may use the same ids; each finding keeps its own file and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.errors import ConfigError
from claimcheck.findings import CitationSupport, ClaimSummary, Finding, Report

if TYPE_CHECKING:
    from claimcheck.config import Settings
    from claimcheck.links.model import LinkResult

#: Characters that make a registry argument a pattern ("site/*/claims.yaml").
_GLOB = frozenset("*?[")
#: More registries than this in one run is refused (a pattern that matched a whole disk).
MAX_REGISTRIES = 100_000


def runs_of(
    settings: Settings,
    given: list[str] | None,
    *,
    page_option: str = "--page",
    notes: list[str] | None = None,
) -> list[Settings] | None:
    """The settings of each registry when a run checks several (several given, a pattern, or
    the config's `registries`); None for a run of one. `page_option` is how the command
    names its page (`scan`'s PAGE), for the error when one page is given to several; what
    the patterns left out or named twice is told to `notes`."""
    from_config = not given and bool(settings.registries)
    patterns = list(given or settings.registries)
    if not patterns or (len(patterns) == 1 and not from_config and not _is_pattern(patterns[0])):
        return None
    origin = settings.origin("registries")
    if from_config:
        for pattern in patterns:  # refused before any walk: `/usr/**` would take minutes
            if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
                raise origin.error(
                    f"{pattern!r} leads out of the repository",
                    hint="give paths or patterns relative to the repository, without `..`",
                )
    try:
        paths = expand(patterns, notes=notes)
    except ConfigError as exc:  # told where the patterns were given, when not on the line
        if not from_config or exc.file is not None:
            raise
        raise origin.error(exc.message, hint=exc.hint) from None
    if from_config:  # a pull request's config may not name files outside its repository
        from claimcheck.files import confine, repository_of

        root = repository_of(Path.cwd())
        for path in paths:  # checked, and named as written
            confine(
                str(path),
                Path.cwd(),
                root,
                what=origin.name,
                file=origin.file,
                line=origin.line,
                column=origin.column,
            )
    if len(paths) == 1:
        return [replace(settings, registry=paths[0])] if from_config or given else None
    for option, value, hint in (
        (
            page_option,
            settings.page,
            f"give {page_option} with one registry, or leave it out: each registry's "
            "`page.path` is read",
        ),
        ("--baseline", settings.baseline, "run each registry with its own --baseline"),
    ):
        if value is not None:
            raise ConfigError(
                f"{option} names one file, and this run checks {len(paths)} registries",
                hint=hint,
            )
    return [replace(settings, registry=path) for path in paths]


def _is_pattern(text: str) -> bool:
    return not _GLOB.isdisjoint(text) and not Path(text).exists()


def expand(
    patterns: Sequence[str], *, root: Path | None = None, notes: list[str] | None = None
) -> list[Path]:
    """The registry files that `patterns` name, in order, each once: a path as it is, a
    pattern (`*`, `?`, `[...]`, `**` for any depth) by what it matches, sorted. A pattern that
    matches nothing is an error, not an empty run that passes.

    One file is one registry however it is spelt (`a/claims.yaml`, `./a/../a/claims.yaml`, its
    absolute path, a symbolic link to it), and however often it is named: it is checked once,
    under the first name, and `notes` is told of every other naming, the same words again
    included (a second check doubled every count).

    Patterns are matched by walking the folder their fixed part names: a symbolic link
    matched, or a linked folder on the way, is followed when it leads inside the repository
    holding that folder, each folder walked once (a link to `..` would make the walk
    endless); one that leads out is left out and named in `notes`. Never past MAX_WALKED
    entries: a pull request's `registries` may not stall the run."""
    base = root or Path.cwd()
    out: dict[Path, None] = {}
    files: dict[str, Path] = {}  # a file's identity -> the name it was first given
    for pattern in patterns:
        matched_by_pattern = not _GLOB.isdisjoint(pattern)
        if not matched_by_pattern:
            matched = [Path(pattern)]
        else:
            matched = _walk(pattern, base, notes)
            if not matched:
                raise ConfigError(
                    f"no registry matches {pattern!r}",
                    hint="check the pattern (quote it, so the shell leaves it to claimcheck)",
                )
        for path in matched:
            identity = _identity(path if path.is_absolute() else base / path)
            first = files.get(identity)
            if first is None:
                files[identity] = path
                out[path] = None
                continue
            if notes is None:
                continue
            # Named again, however: the same words, another spelling (`./a` is `a` to Path),
            # a pattern matching a file named before, a link.
            given = str(path) if matched_by_pattern else pattern
            if matched_by_pattern and path == first:
                notes.append(
                    f"{first} is named more than once ({pattern!r} matches it too): checked once"
                )
            elif given == str(first):
                notes.append(f"{first} is named more than once: checked once")
            else:
                notes.append(f"{given} is {first} (one file): checked once, as {first}")
        if len(out) > MAX_REGISTRIES:
            raise ConfigError(
                f"{pattern!r} names more than {MAX_REGISTRIES:,} registries",
                hint="narrow the pattern",
            )
    return list(out)


def _identity(path: Path) -> str:
    """One string per file: its device and inode when it exists (hard links, symbolic
    links, any spelling), else its resolved path (the run then says it cannot be read)."""
    import os

    try:
        st = os.stat(path)
    except (OSError, ValueError):
        try:
            return str(path.resolve())
        except (OSError, RuntimeError):
            return str(path.absolute())
    return f"{st.st_dev}:{st.st_ino}"


#: Files and folders a pattern's walk may look at before it is refused.
MAX_WALKED = 1_000_000


def _walk(pattern: str, cwd: Path, notes: list[str] | None) -> list[Path]:
    """The regular files under the pattern's fixed leading folders that it matches, sorted,
    as paths written the way the pattern is (relative stays relative)."""
    import os
    import re

    parts = pattern.split("/")
    fixed = 0
    while fixed < len(parts) - 1 and _GLOB.isdisjoint(parts[fixed]):
        fixed += 1
    base = "/".join(parts[:fixed])
    regex = re.compile(_translate("/".join(parts[fixed:])))
    start = (cwd / base) if base and not os.path.isabs(base) else Path(base or ".")
    if not base:
        start = cwd
    from claimcheck.files import repository_of

    repository = repository_of(start)
    inside = repository.resolve()
    found: list[Path] = []
    walked = 0
    seen: set[Path] = set()  # folders walked, by their real path: a link to `..` ends here

    def leads_out(path: str, rel: str) -> bool:
        target = Path(path).resolve()
        if target.is_relative_to(inside):
            return False
        if notes is not None:
            notes.append(
                f"left out {Path(base, rel) if base else rel}: a symbolic link to {target}, "
                f"outside the repository ({repository})"
            )
        return True

    for folder, dirs, files in os.walk(start, followlinks=True):
        real = Path(folder).resolve()
        relative = os.path.relpath(folder, start)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        walked += len(dirs) + len(files)
        if walked > MAX_WALKED:
            raise ConfigError(
                f"{pattern!r} walks more than {MAX_WALKED:,} files and folders",
                hint="narrow the pattern",
            )
        dirs.sort()
        # A linked folder is walked only when it leads inside the repository.
        dirs[:] = [
            d
            for d in dirs
            if not os.path.islink(os.path.join(folder, d))
            or not leads_out(os.path.join(folder, d), d if relative == "." else f"{relative}/{d}")
        ]
        for name in sorted(files):
            rel = name if relative == "." else f"{relative}/{name}"
            if not regex.fullmatch(rel.replace(os.sep, "/")):
                continue
            full = os.path.join(folder, name)
            if os.path.islink(full) and leads_out(full, rel):
                continue
            if not os.path.isfile(full):  # a dangling link, a FIFO: not a registry
                continue
            found.append(Path(base, rel) if base else Path(rel))
    return sorted(found)


def _translate(glob_pattern: str) -> str:
    """A glob (`**` any depth, `*` and `?` within one name, `[...]` a set) as a regex."""
    import re

    out = []
    i = 0
    while i < len(glob_pattern):
        if glob_pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif glob_pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob_pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob_pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob_pattern[i] == "[" and "]" in glob_pattern[i + 1 :]:
            close = glob_pattern.index("]", i + 1)
            body = glob_pattern[i + 1 : close].replace("\\", "\\\\")
            out.append(f"[^{body[1:]}]" if body.startswith("!") else f"[{body}]")
            i = close + 1
        else:
            out.append(re.escape(glob_pattern[i]))
            i += 1
    return "".join(out)


def combine(labels: Sequence[str], reports: Sequence[Report]) -> Report:
    """One report of several registries' reports, their ids qualified by `labels`."""
    findings: list[Finding] = []
    claims: list[ClaimSummary] = []
    links: dict[str, LinkResult] | None = None
    coverage: dict[str, int] | None = None
    baseline: dict[str, int] | None = None
    support: dict[str, tuple[CitationSupport, ...]] | None = None
    for label, report in zip(labels, reports, strict=True):
        findings += [_qualified(finding, label) for finding in report.findings]
        claims += [
            claim._replace(
                id=f"{label}:{claim.id}", via=tuple(f"{label}:{source}" for source in claim.via)
            )
            for claim in report.claims
        ]
        if report.support is not None:
            support = support if support is not None else {}
            for claim_id, cited in report.support.items():
                support[f"{label}:{claim_id}"] = tuple(
                    c._replace(source=f"{label}:{c.source}") for c in cited
                )
        if report.links is not None:
            links = links if links is not None else {}
            for result in report.links:
                links.setdefault(result.url, result)
        coverage = _summed(coverage, report.coverage)
        baseline = _summed(baseline, report.baseline)
    first = reports[0]
    return Report(
        registry=f"{len(reports)} registries",
        today=first.today,
        tool_version=first.tool_version,
        findings=tuple(findings),
        claims=tuple(claims),
        sources=sum(report.sources for report in reports),
        suppressed=sum(report.suppressed for report in reports),
        links=tuple(links.values()) if links is not None else None,
        coverage=coverage,
        baseline=baseline,
        registries=tuple(labels),
        support=support,
        # Each registry's own selection: a rule any of them left out.
        not_run=tuple(sorted({code for report in reports for code in report.not_run})),
        registry_sha256=tuple(digest for report in reports for digest in report.registry_sha256),
    )


def _qualified(finding: Finding, label: str) -> Finding:
    return replace(
        finding,
        claim=f"{label}:{finding.claim}" if finding.claim is not None else None,
        source=f"{label}:{finding.source}" if finding.source is not None else None,
        related=tuple(f"{label}:{other}" for other in finding.related),
        registry=label,
    )


def _summed(total: dict[str, int] | None, more: dict[str, int] | None) -> dict[str, int] | None:
    if more is None:
        return total
    out = dict(total or {})
    for key, value in more.items():
        out[key] = out.get(key, 0) + value
    return out
