"""Merging the JSON reports of several shards (or runs) into one report.

Each shard checks every claim but only its own hosts' links, so most findings appear in every
shard and each link finding in one. The merged report renders as the run that checked all
links at once would have, in every format, except that links are listed shard by shard. A
report of several registries (a site) stays one: its registries, each finding's registry and
each claim's citations' support verdicts are carried through.

A set of shards is merged only when it is whole: every report records its `--shard K/N`, and
the reports must be shards 1 to N of one N, each once. A missing shard (a job that failed, an
artifact not uploaded) would otherwise pass its hosts' dead links unseen, and a shard given
twice would hide that another is missing. Reports of every link (no shards) are merged only
when they give each link one answer: two runs that disagree are not one run. And reports are
merged only when they checked alike all but their links (`same_checks`): a `links` shard
beside `verify` shards, or a `--changed-only` shard beside full ones, is not a shard of
their run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from claimcheck.errors import ConfigError
from claimcheck.findings import (
    CitationSupport,
    ClaimState,
    ClaimSummary,
    Finding,
    Location,
    Report,
    Severity,
)
from claimcheck.links.model import LinkResult
from claimcheck.render.json_read import ReadReport, read_run
from claimcheck.safetext import safe_text


def merge_reports(paths: Sequence[Path]) -> Report:
    """One report from the JSON reports in these files."""
    if not paths:
        raise ConfigError("no reports to merge", hint="name the shards' JSON reports")
    runs = [read_run(path) for path in paths]
    check_shards(paths, runs)
    reports = [run.report for run in runs]
    first = reports[0]
    for path, report in zip(paths[1:], reports[1:], strict=True):
        # Shards of one run share the registry and the date; anything else would be merged
        # into a report of a registry nobody ran.
        # A site's label ("2 registries") does not tell two sites apart: their lists do.
        if (report.registry, report.registries, report.today) != (
            first.registry,
            first.registries,
            first.today,
        ):
            theirs = ", ".join(report.registries) or report.registry
            ours = ", ".join(first.registries) or first.registry
            raise ConfigError(
                f"a report of {theirs} on {report.today}, where {paths[0]} is of {ours} on "
                f"{first.today}",
                file=str(path),
                hint="merge only the shards of one run (same registries, same --today)",
            )
    if len(reports) > 1:
        same_registry_text(paths, reports)
        same_checks(paths, reports)
    sharded = any(run.shard is not None for run in runs)
    if not sharded and len(reports) > 1:
        same_link_answers(paths, reports)
    return combine(reports, baseline=merged_baseline(paths, reports, sharded=sharded))


def same_registry_text(paths: Sequence[Path], reports: Sequence[Report]) -> None:
    """A ConfigError unless every report was run on the same text of its registries (the
    SHA-256 each records): shards of one registry's two versions (a claim renamed between
    two jobs) merge into a report of a registry nobody ran, with claims of both."""
    first = reports[0].registry_sha256
    for path, report in zip(paths, reports, strict=True):
        if not report.registry_sha256:
            raise ConfigError(
                f"the report does not say which version of its registry it checked (written "
                f"by claimcheck {report.tool_version}, before reports recorded "
                "`registry_sha256`)",
                file=str(path),
                hint="write the reports again with this version",
            )
        if report.registry_sha256 != first:
            names = report.registries or (report.registry,)
            changed = next(
                name
                for name, ours, theirs in zip(names, first, report.registry_sha256, strict=True)
                if ours != theirs
            )
            raise ConfigError(
                f"a report of another version of {changed} (`$.registry_sha256` "
                f"{report.registry_sha256[names.index(changed)][:12]}..., where {paths[0]} "
                f"has {first[names.index(changed)][:12]}...): it changed between the runs",
                file=str(path),
                hint="run every shard on one commit of the registry, then merge",
            )


_ONE_RUN = (
    "merge the shards of one run: one command (`verify` or `links`), one --select and "
    "--ignore, one --changed-only (or none), one page, snapshots and config"
)


def same_checks(paths: Sequence[Path], reports: Sequence[Report]) -> None:
    """A ConfigError unless the reports checked alike all but their links.

    Every shard of a run checks every claim and source in the run's scope, and only its own
    hosts' links: the rules run, the claims and sources listed, the page's coverage and every
    finding but a link's (L rules) and a crash's (X001) are the same in each. A shard run
    otherwise (`links` beside `verify`, another --select or --ignore, --changed-only, which
    lists only the claims its change touches and checks only their sources' links, another
    page or snapshots) merged into a report whose links are partly unchecked and whose
    findings no run made: a dead link dropped, exit 0, or T findings beside a summary saying
    T was not run. The first field that differs is named, in one line."""
    first_path, first = paths[0], reports[0]
    first_found = _checked_findings(first)
    for path, report in zip(paths[1:], reports[1:], strict=True):

        def refuse(field: str, theirs: str, ours: str, path: Path = path) -> NoReturn:
            raise ConfigError(
                f"`{field}` {theirs}, where {first_path} {ours}: runs that checked "
                "differently, not one run's shards (every shard checks every claim alike; only "
                "the links are split)",
                file=str(path),
                hint=_ONE_RUN,
            )

        if report.not_run != first.not_run:
            # The command (`links` runs the L rules only) and the selection.
            refuse(
                "$.rules_not_run",
                f"is {_said_codes(report.not_run)}",
                f"has {_said_codes(first.not_run)}",
            )
        ids, first_ids = [c.id for c in report.claims], [c.id for c in first.claims]
        if ids != first_ids:
            refuse("$.claims", *_claims_differ(ids, first_ids))
        if report.sources != first.sources:
            refuse(
                "$.summary.sources",
                f"is {report.sources}",
                f"has {first.sources} (a --changed-only run counts the sources in its scope)",
            )
        if report.coverage != first.coverage:
            refuse("$.coverage", f"is {report.coverage}", f"has {first.coverage} (another page?)")
        found = _checked_findings(report)
        extra = found - first_found
        if extra:
            index, finding = next((i, f) for i, f in enumerate(report.findings) if _key(f) in extra)
            refuse(f"$.findings[{index}]", f"is {_said_finding(finding)}", "has no such finding")
        lacking = first_found - found
        if lacking:
            finding = next(f for f in first.findings if _key(f) in lacking)
            refuse("$.findings", f"lacks {_said_finding(finding)}", "has it")


_FindingKey = tuple[str, str, Location | None, Severity]


def _key(finding: Finding) -> _FindingKey:
    return (finding.fingerprint(), finding.message, finding.location, finding.level)


def _checked_findings(report: Report) -> Counter[_FindingKey]:
    """The report's findings that every shard of its run makes alike: all but a link's
    answer's (the L rules, each shard's own links) and a crash's (X001: reported as a crash
    wherever it happened, not as shards that differ)."""
    return Counter(
        _key(f) for f in report.findings if f.rule.family.letter != "L" and f.code != "X001"
    )


def _said_codes(codes: Sequence[str]) -> str:
    shown = ", ".join(codes[:8]) + (f", and {len(codes) - 8} more" if len(codes) > 8 else "")
    return f"[{shown}]"


def _claims_differ(ids: Sequence[str], first: Sequence[str]) -> tuple[str, str]:
    """What a report's claims are, and the first report's, where the two lists differ."""
    ours, theirs = set(first), set(ids)
    count = f"lists {len(ids)} claim{'' if len(ids) == 1 else 's'}"
    other = f"lists {len(first)}"
    missing = next((i for i in first if i not in theirs), None)
    if missing is not None:
        return f"{count}, without claim {safe_text(missing)}", other
    extra = next((i for i in ids if i not in ours), None)
    if extra is not None:
        return f"{count}, with claim {safe_text(extra)}", f"{other}, without it"
    return "lists the claims in another order", "lists them in the registry's"


def _said_finding(finding: Finding) -> str:
    where = f" at {finding.location}" if finding.location else ""
    subject = finding.claim or finding.source
    about = f" on {'claim' if finding.claim else 'source'} {subject}" if subject else ""
    return safe_text(f"{finding.code} [{finding.level.label}]{about}{where}")


def same_link_answers(paths: Sequence[Path], reports: Sequence[Report]) -> None:
    """A ConfigError unless reports of every link (no shards) give each link one answer.

    Each such report checked every link, and the merged report lists one answer per link
    beside the union of the findings: two runs whose answers differ (a link alive in one and
    dead, failing or not checked in the other) would merge into an L001 beside an `alive`
    link, or an `alive` link with no finding where the other run found it dead. They are not
    one run, and neither answer is the merged one."""
    seen: dict[str, tuple[Path, LinkResult]] = {}
    for path, report in zip(paths, reports, strict=True):
        for result in report.links or ():
            first = seen.setdefault(result.url, (path, result))
            if _answer(first[1]) != _answer(result):
                raise ConfigError(
                    f"link {result.url}: {_said_answer(result)} in this report, "
                    f"{_said_answer(first[1])} in {first[0]}: reports of every link (no "
                    "shards) are merged only when they agree on each link, and these are two "
                    "runs that do not",
                    file=str(path),
                    hint="merge the reports of one run, or its shards; to check the link "
                    "again, run again and use that report",
                )


def _answer(result: LinkResult) -> tuple[object, ...]:
    """What a link's findings follow from: its verdict, status, why it was not checked and
    where it ends (not the time it took, its attempts or whether it came from the cache)."""
    return (result.verdict, result.status, result.skip, result.final_url, result.redirects)


def _said_answer(result: LinkResult) -> str:
    said = result.verdict.value
    if result.skip is not None:
        said += f" ({result.skip.value})"
    elif result.status is not None:
        said += f" ({result.status})"
    elif result.error:
        said += f" ({result.error})"
    return said


_WHOLE_SET = "merge the reports of every shard of one run, each once (`links --shard K/N`)"


def check_shards(paths: Sequence[Path], runs: Sequence[ReadReport]) -> None:
    """A ConfigError unless the reports are one run's shards 1..N, each once, or reports of
    every link (which need no shards). One line, naming the file or the shards at fault."""
    sharded = [(path, run.shard) for path, run in zip(paths, runs, strict=True) if run.shard]
    if not sharded:
        if len(runs) > 1:
            for path, run in zip(paths, runs, strict=True):
                if not run.recorded:  # perhaps a shard: nothing tells
                    raise ConfigError(
                        f"the report does not say which shard it is (written by claimcheck "
                        f"{run.report.tool_version}, before reports recorded their shard)",
                        file=str(path),
                        hint="write the reports again with this version",
                    )
        return
    first_path, (_, n) = sharded[0]
    for path, run in zip(paths, runs, strict=True):
        if run.shard is None:
            what = "a report of every link" if run.recorded else "a report with no shard recorded"
            raise ConfigError(
                f"{what}, where {first_path} is shard {sharded[0][1][0]} of {n}",
                file=str(path),
                hint=_WHOLE_SET,
            )
        if run.shard[1] != n:
            raise ConfigError(
                f"shard {run.shard[0]} of {run.shard[1]}, where {first_path} is shard "
                f"{sharded[0][1][0]} of {n}",
                file=str(path),
                hint=_WHOLE_SET,
            )
    seen: dict[int, list[Path]] = {}
    for path, (k, _) in sharded:
        seen.setdefault(k, []).append(path)
    problems = [
        f"shard {k} of {n} given {len(given)} times ({', '.join(map(str, given))})"
        for k, given in sorted(seen.items())
        if len(given) > 1
    ]
    # The first ten named, the rest counted: never a loop over N (a report may say any N).
    gone = n - len(seen)
    if gone > 0:
        missing = [str(k) for k in range(1, min(n, len(seen) + 10) + 1) if k not in seen][:10]
        shown = ", ".join(missing) + (f" and {gone - len(missing):,} more" if gone > 10 else "")
        s = "s" if gone > 1 else ""
        problems.append(f"shard{s} {shown} of {n:,} missing")
    if problems:
        given = ", ".join(f"{path} ({k}/{n})" for path, (k, _) in sharded)
        raise ConfigError(
            f"{'; '.join(problems)}: the reports given are {given}",
            hint="a shard's job failed or its report was not downloaded? " + _WHOLE_SET,
        )


def combine(reports: Sequence[Report], *, baseline: dict[str, int] | None) -> Report:
    """One report from several: each finding once (with its registry); each claim's states
    and support verdicts, each link and the registries unioned; `baseline` the counts
    `merged_baseline` computed."""
    first = reports[0]
    # A finding is the same in two reports when its fingerprint, message and place are; one
    # report may hold it twice (two equal mentions), so keep the most copies any report has.
    findings: dict[tuple[str, str, Location | None], list[Finding]] = {}
    for report in reports:
        own: dict[tuple[str, str, Location | None], list[Finding]] = {}
        for finding in report.findings:
            key = (finding.fingerprint(), finding.message, finding.location)
            own.setdefault(key, []).append(finding)
        for key, copies in own.items():
            if len(copies) > len(findings.get(key, ())):
                findings[key] = copies
    ordered = sorted((f for copies in findings.values() for f in copies), key=Finding.sort_key)
    links: dict[str, LinkResult] | None = None
    support: dict[str, tuple[CitationSupport, ...]] | None = None
    registries: dict[str, None] = {}  # in first-seen order
    for report in reports:
        if report.links is not None:
            links = links if links is not None else {}
            for result in report.links:
                links.setdefault(result.url, result)
        if report.support is not None:  # every shard reads the same snapshots
            support = support if support is not None else {}
            for claim_id, cited in report.support.items():
                support.setdefault(claim_id, cited)
        registries.update(dict.fromkeys(report.registries))
    return Report(
        registry=first.registry,
        today=first.today,
        tool_version=first.tool_version,
        findings=tuple(ordered),
        claims=_claims(reports, ordered),
        sources=max(r.sources for r in reports),
        # Every shard applies the same exceptions to the same claims: not a sum.
        suppressed=max(r.suppressed for r in reports),
        links=None if links is None else tuple(links.values()),
        coverage=_most([r.coverage for r in reports]),
        baseline=baseline,
        registries=tuple(registries),
        support=support,
        not_run=tuple(sorted({code for report in reports for code in report.not_run})),
        registry_sha256=first.registry_sha256,  # every report's (`same_registry_text`)
    )


def _claims(reports: Sequence[Report], findings: Sequence[Finding]) -> tuple[ClaimSummary, ...]:
    """The claims in first-seen order, with the union of their states and merged findings."""
    states: dict[str, set[ClaimState]] = {}
    first: dict[str, ClaimSummary] = {}
    via: dict[str, dict[str, None]] = {}  # the failing sources it cites, of every shard
    for report in reports:
        for claim in report.claims:
            first.setdefault(claim.id, claim)
            states.setdefault(claim.id, set()).update(claim.states)
            via.setdefault(claim.id, {}).update(dict.fromkeys(claim.via))
    # As the engine counts them: a finding counts for its claim and the other claims it names.
    counts: Counter[str] = Counter()
    for finding in findings:
        if finding.claim is not None:
            counts[finding.claim] += 1
        counts.update(name for name in finding.related if name != finding.claim)
    summaries = []
    for claim_id, claim in first.items():
        union = states[claim_id]
        if len(union) > 1:  # `ok` only when no shard found anything else
            union.discard(ClaimState.OK)
        ordered = tuple(state for state in ClaimState if state in union)
        summaries.append(
            claim._replace(states=ordered, findings=counts[claim_id], via=tuple(via[claim_id]))
        )
    return tuple(summaries)


def _most(counts: Sequence[dict[str, int] | None]) -> dict[str, int] | None:
    """Page coverage: each shard scans the same page, so the counts agree; else the largest."""
    present = [c for c in counts if c is not None]
    if not present:
        return None
    return {key: max(c.get(key, 0) for c in present) for key in present[0]}


_ONE_BASELINE = "merge the shards of one run, each run with the same --baseline"


def merged_baseline(
    paths: Sequence[Path], reports: Sequence[Report], *, sharded: bool
) -> dict[str, int] | None:
    """The baseline's counts of the merged report, computed from each report's parts.

    Every shard checks every claim and source, and only its own hosts' links: the entries of
    a URL's answer (`links_known`, `links_fixed`) each shard counts for its own URLs, and they
    add up; the rest every shard counts alike. Taking the most known and the fewest fixed of
    any shard, as this did, counted a dead link another shard knew as fixed. A shard counts
    the entries of another shard's links as not looked at (`links_unchecked`): the merged
    run looked at them, so its link entries not looked at are those no shard knew or found
    fixed. Reports of every link (no shards) each count everything, and must agree. A report
    whose counts do not fit the others' (another baseline, page or selection: not one run)
    is refused.
    """
    given = [(path, report.baseline) for path, report in zip(paths, reports, strict=True)]
    present = [(path, counts) for path, counts in given if counts is not None]
    if not present:
        return None
    if len(present) < len(given):
        missing = next(path for path, counts in given if counts is None)
        raise ConfigError(
            f"a report of a run without --baseline, where {present[0][0]} was run with one",
            file=str(missing),
            hint=_ONE_BASELINE,
        )
    first_path, first = present[0]
    rest, links = _parts(first)
    with_links = "links_known" in first
    total = links
    for path, counts in present[1:]:
        own_rest, own_links = _parts(counts)
        if (
            own_rest != rest
            or ("links_known" in counts) != with_links
            or (not sharded and own_links != links)
            # Every shard puts each link entry somewhere: known, fixed or not looked at.
            or (sharded and sum(own_links) != sum(links))
        ):
            raise ConfigError(
                f"`$.baseline` counts {_said(counts)}, where {first_path} counts "
                f"{_said(first)}: {'shards' if sharded else 'reports'} of one run with one "
                f"baseline count alike all but {'their own links' if sharded else 'nothing'}",
                file=str(path),
                hint=_ONE_BASELINE,
            )
        if sharded:
            total = (total[0] + own_links[0], total[1] + own_links[1], 0)
    if sharded:
        total = (total[0], total[1], max(0, sum(links) - total[0] - total[1]))
    merged = {"known": rest[0] + total[0], "fixed": rest[1] + total[1]}
    if with_links:
        merged |= {"links_known": total[0], "links_fixed": total[1]}
    unchecked = rest[2] + total[2]
    if unchecked:
        merged["unchecked"] = unchecked
        if with_links:
            merged["links_unchecked"] = total[2]
    return merged


def _parts(counts: dict[str, int]) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(known, fixed, not looked at) but a URL's answer's, and the same of a URL's answer."""
    known, fixed = counts.get("links_known", 0), counts.get("links_fixed", 0)
    unchecked = counts.get("links_unchecked", 0)
    return (
        (counts["known"] - known, counts["fixed"] - fixed, counts.get("unchecked", 0) - unchecked),
        (known, fixed, unchecked),
    )


def _said(counts: dict[str, int]) -> str:
    text = f"{counts['known']} known, {counts['fixed']} fixed"
    if counts.get("unchecked"):
        text += f", {counts['unchecked']} not looked at"
    if "links_known" in counts:
        text += f" ({counts['links_known']}, {counts['links_fixed']}"
        text += f" and {counts.get('links_unchecked', 0)} of links)"
    return text
