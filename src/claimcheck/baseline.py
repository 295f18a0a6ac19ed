"""A baseline: the findings a registry already had, so CI fails only on new ones.

The file lists one entry per finding, with its fingerprint (rule, claim or source, the place
within it: no line numbers) and the code and message of each so that a person can read it.
The entries are a multiset: two identical findings need two entries, and a baseline with one
hides only one of them. The file names the registry it was made of (its path relative to the
baseline's folder), and a baseline of another registry is refused. It is versioned; version 1
(whose fingerprints named neither the mention nor the sentence, so one entry hid any number
of findings) is refused with a word on how to make a new one. A claimcheck JSON report serves
as a baseline too: its findings' fingerprints are the known ones.

A baseline knows findings about the registry as it was. Findings about the run (L008, X001)
and the errors that leave an entry out of every check (R001-R005, R007, R008) are never
known: either would hide, on every later run, what the run could not check.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck import __version__
from claimcheck.errors import ConfigError
from claimcheck.files import read_json
from claimcheck.findings import DROPS_ENTRIES, OF_THE_RUN, Finding, is_selected
from claimcheck.render.json_ import dumps

if TYPE_CHECKING:
    from claimcheck.links.model import LinkRun
    from claimcheck.model import Registry

__all__ = [
    "BASELINE_VERSION",
    "DEFAULT_PATH",
    "NEVER_KNOWN",
    "OF_THE_RUN",
    "Baseline",
    "apply_baseline",
    "baseline_text",
]

BASELINE_VERSION = 2
DEFAULT_PATH = Path(".claimcheck-baseline.json")
_REMAKE = "make it again with `claimcheck baseline`"
#: Never known, never recorded: findings about the run, and the registry errors that leave
#: an entry (or the registry) out of every check: a baseline that knew an R007 would pass a
#: page against a claim nobody compared with it, run after run.
NEVER_KNOWN = OF_THE_RUN | DROPS_ENTRIES


@dataclass(frozen=True)
class Baseline:
    """The known findings: how many of each fingerprint, each fingerprint's rule code, and
    the claim (or else the source) an entry is about."""

    counts: Counter[str]
    codes: dict[str, str] = field(default_factory=dict)
    subjects: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, fingerprints: frozenset[str] | set[str]) -> Baseline:
        """One of each fingerprint, rules unknown (every entry may count as fixed)."""
        return cls(Counter(fingerprints))


#: The link rules whose findings are a URL's answer: a run says nothing of an entry of one
#: unless it checked that URL (offline and not in the cache, excluded, another shard's host,
#: left by --max-runtime or max-per-host). L011 is an `archive_url`'s failing answer, as
#: L001-L007 are (without it, `verify --offline --baseline` counted a known L011 it never
#: requested as fixed). L008 is about the run (never known); L010 reads the URL's text,
#: which every run that checks links reads.
URL_ANSWER = frozenset({"L001", "L002", "L003", "L004", "L005", "L006", "L007", "L009", "L011"})


def apply_baseline(
    findings: Sequence[Finding],
    baseline: Baseline,
    select: Sequence[str],
    ignore: Sequence[str],
    allowed: Sequence[Finding] = (),
    *,
    registry: Registry,
    links: LinkRun | None,
    scope: frozenset[str] | None = None,
) -> tuple[list[Finding], dict[str, int]]:
    """The findings the baseline does not know, and the counts of known and fixed ones.

    Each entry knows one finding (in the order of the report, so of two identical findings
    the later is the new one); findings about the run and R errors that leave an entry out
    are never known (`NEVER_KNOWN`). Fixed: entries no finding matched that this run looked
    at: of rules it selected, on a claim or source whose rules ran (`scope`: the ids
    `--changed-only` checks; None, all of them), and, for a URL's answer (`URL_ANSWER`),
    whose URL it checked (`links`: the run's results; an entry on a source no longer in
    `registry` is fixed). Other entries are not fixed, only not looked at. `allowed` are
    the findings an `allow` left out: an entry one of them matches is neither known (the
    report counts it as allowed) nor fixed (it is still there).

    With entries of a URL's answer, `links_known` and `links_fixed` count them among the
    known and fixed ones: shards each check their own hosts' links, and `merge` adds those
    parts up where the rest is every shard's alike.
    """
    left = baseline.counts.copy()
    for finding in allowed:
        fingerprint = finding.fingerprint()
        if left[fingerprint] > 0:
            left[fingerprint] -= 1
    new: list[Finding] = []
    links_known = 0
    for finding in findings:
        fingerprint = finding.fingerprint()
        if finding.code not in NEVER_KNOWN and left[fingerprint] > 0:
            left[fingerprint] -= 1
            links_known += finding.code in URL_ANSWER
        else:
            new.append(finding)
    unanswered = _unanswered(baseline, registry, links)
    fixed = links_fixed = 0
    for fingerprint, count in left.items():
        code = baseline.codes.get(fingerprint)
        if count <= 0 or fingerprint in unanswered:
            continue
        subject = baseline.subjects.get(fingerprint)
        if scope is not None and subject is not None and subject not in scope:
            continue  # its claim's or source's rules did not run
        if code is None or is_selected(code, select, ignore):
            fixed += count
            links_fixed += count if code in URL_ANSWER else 0
    counts = {"known": len(findings) - len(new), "fixed": fixed}
    if not URL_ANSWER.isdisjoint(baseline.codes.values()):
        counts |= {"links_known": links_known, "links_fixed": links_fixed}
    return new, counts


def _unanswered(baseline: Baseline, registry: Registry, links: LinkRun | None) -> set[str]:
    """The entries of a URL's answer about a URL of the registry this run did not check."""
    from claimcheck.checks import rule_by_code
    from claimcheck.links.model import Skip, Verdict

    wanted = {
        fingerprint: code
        for fingerprint, code in baseline.codes.items()
        if code in URL_ANSWER and fingerprint in baseline.subjects
    }
    if not wanted:
        return set()
    about = {baseline.subjects[fingerprint] for fingerprint in wanted}
    out: set[str] = set()
    for source in registry.sources:
        if source.id not in about:
            continue
        for name in ("url", "archive_url"):
            url = getattr(source, name)
            result = links.results.get(url) if links is not None and url else None
            if not url or (result is not None and result.verdict is not Verdict.SKIPPED):
                continue  # no URL now (the entry is fixed), or its answer was read
            for code in URL_ANSWER:
                rule = rule_by_code(code)
                # A private address refused is L009's answer, and no other rule's.
                if rule is None or (code == "L009" and result and result.skip is Skip.PRIVATE):
                    continue
                probe = Finding(rule, "", ("sources", 0, name), source=source.id)
                if wanted.get(probe.fingerprint()) == code:
                    out.add(probe.fingerprint())
    return out


def _registry_label(registry: Path, written_to: Path) -> str:
    """The registry's path relative to the baseline file's folder, with forward slashes: the
    same wherever the repository is checked out, and different for another registry."""
    relative = os.path.relpath(registry.resolve(), written_to.resolve().parent)
    return Path(relative).as_posix()


def baseline_text(
    findings: tuple[Finding, ...], *, registry: Path | None = None, written_to: Path | None = None
) -> str:
    """The baseline file's content for these findings, but those never known; with
    `registry` and `written_to` (the baseline's own path), the registry it is of."""
    entries = sorted(
        (
            {
                "fingerprint": f.fingerprint(),
                "code": f.code,
                "claim": f.claim,
                "source": f.source,
                "message": f.message,
            }
            for f in findings
            if f.code not in NEVER_KNOWN
        ),
        key=lambda e: (
            e["code"] or "",
            e["claim"] or "",
            e["source"] or "",
            e["fingerprint"] or "",
            e["message"] or "",
        ),
    )
    document: dict[str, object] = {
        "baseline_version": BASELINE_VERSION,
        "tool_version": __version__,
    }
    if registry is not None and written_to is not None:
        document["registry"] = _registry_label(registry, written_to)
    document["findings"] = entries
    return dumps(document)


def read_baseline(path: Path, registry: Path | None = None) -> Baseline:
    """The known findings of a baseline file or a JSON report, but those never known (about
    the run, or R errors that leave an entry out: `NEVER_KNOWN`); a ConfigError naming the
    file when it is not one, is of an older version, or (given `registry`) is of another
    registry."""
    document = read_json(
        path,
        "baseline file",
        hint="make one with `claimcheck baseline`, or a report with `claimcheck verify -f json`",
    )
    if isinstance(document, dict) and "schema_version" in document:
        from claimcheck.render.json_read import report_from_json

        report = report_from_json(document, str(path))
        findings: Sequence[Finding] = report.findings
        if registry is not None and report.registries:
            findings = _own_findings(report.findings, report.registries, registry, path)
        elif registry is not None:
            _same_report_registry((report.registry,), registry, path)
        kept = [f for f in findings if f.code not in NEVER_KNOWN]
        return Baseline(
            Counter(f.fingerprint() for f in kept),
            {f.fingerprint(): f.code for f in kept},
            {f.fingerprint(): subject for f in kept if (subject := f.claim or f.source)},
        )
    version = document.get("baseline_version") if isinstance(document, dict) else None
    if not isinstance(document, dict) or type(version) is not int:  # `true` is no version 1
        shown = "" if version is None else f": `$.baseline_version` is {_json(version)}"
        raise ConfigError(
            f"not a claimcheck baseline (version {BASELINE_VERSION}) or JSON report{shown}",
            file=str(path),
            hint="recreate it with `claimcheck baseline`",
        )
    if version == 1:
        raise ConfigError(
            "a baseline of version 1, whose entries do not say which mention or sentence a "
            "finding is in (one entry hid any number of them): it cannot be read",
            file=str(path),
            hint=_REMAKE,
        )
    if version != BASELINE_VERSION:
        raise ConfigError(
            f"a baseline of version {version}; this claimcheck reads version {BASELINE_VERSION}",
            file=str(path),
            hint=_REMAKE,
        )
    entries = _entries(document.get("findings"), path)
    of = document.get("registry")
    if registry is not None:
        if not isinstance(of, str):
            raise ConfigError(
                "the baseline does not say which registry it is of", file=str(path), hint=_REMAKE
            )
        here = _registry_label(registry, path)
        if of != here:
            raise ConfigError(
                f"the baseline is of registry `{of}`, not `{here}` (both relative to the "
                "baseline's folder): its findings are another registry's",
                file=str(path),
                hint=f"give this registry's baseline, or {_REMAKE}",
            )
    known = [e for e in entries if e["code"] not in NEVER_KNOWN]
    return Baseline(
        Counter(e["fingerprint"] for e in known),
        {e["fingerprint"]: e["code"] for e in known},
        {
            e["fingerprint"]: subject
            for e in known
            if (subject := e.get("claim") or e.get("source"))
        },
    )


#: A fingerprint as `Finding.fingerprint` writes it.
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")


def _entries(entries: object, path: Path) -> list[dict[str, str]]:
    """The baseline file's `findings`, each checked: a one-line ConfigError naming the first
    field that is not as `claimcheck baseline` writes it. An entry of a rule this version does
    not know, or a fingerprint no finding can have, would never match a finding, and be
    counted as fixed on every run."""
    from claimcheck.checks import rule_by_code

    if not isinstance(entries, list):
        raise ConfigError(
            f"`$.findings` is {_json(entries)}, not a list of entries",
            file=str(path),
            hint=_REMAKE,
        )
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ConfigError(
                f"`$.findings[{i}]` is {_json(entry)}, not an object", file=str(path), hint=_REMAKE
            )
        code, fingerprint = entry.get("code"), entry.get("fingerprint")
        if not isinstance(code, str) or (rule := rule_by_code(code)) is None or rule.code != code:
            raise ConfigError(
                f"`$.findings[{i}].code` is {_json(code)}, not a rule code this version knows",
                file=str(path),
                hint=f"`claimcheck rules` lists them; {_REMAKE}",
            )
        if not isinstance(fingerprint, str) or not _FINGERPRINT.fullmatch(fingerprint):
            raise ConfigError(
                f"`$.findings[{i}].fingerprint` is {_json(fingerprint)}, not a fingerprint "
                "(32 hexadecimal digits)",
                file=str(path),
                hint=_REMAKE,
            )
        for key in ("claim", "source"):
            if not isinstance(entry.get(key), str | None):
                raise ConfigError(
                    f"`$.findings[{i}].{key}` is {_json(entry[key])}, not an id or null",
                    file=str(path),
                    hint=_REMAKE,
                )
    return entries


def _json(value: object) -> str:
    """A value as the file writes it, cut short: what a message quotes."""
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _own_findings(
    findings: Sequence[Finding], labels: Sequence[str], registry: Path, path: Path
) -> list[Finding]:
    """This registry's findings in a site's report, as a run of it alone reports them.

    A site's report qualifies every claim and source id by its registry's label and names
    each finding's registry, so its fingerprints are not those of a run of one registry: read
    as they are, none would match, and every finding would be new and every entry fixed."""
    from dataclasses import replace

    label = _label_of(labels, registry, path)
    prefix = f"{label}:"

    def bare(name: str) -> str:
        return name.removeprefix(prefix)

    return [
        replace(
            f,
            claim=None if f.claim is None else bare(f.claim),
            source=None if f.source is None else bare(f.source),
            related=tuple(bare(name) for name in f.related),
            registry=None,
        )
        for f in findings
        if f.registry == label
    ]


def _label_of(labels: Sequence[str], registry: Path, path: Path) -> str:
    """The label a site's report gives this registry: its path from the repository's root
    (as the site run names it), or else the one label this registry's path ends with."""
    from claimcheck.files import repository_of

    cwd = Path.cwd().resolve()
    root = repository_of(cwd)
    where = Path(os.path.normpath(cwd / registry))  # as the site run names it
    label = where.relative_to(root).as_posix() if where.is_relative_to(root) else str(where)
    if label in labels:
        return label
    matching = [given for given in labels if _names(given, registry)]
    if len(matching) == 1:
        return matching[0]
    raise ConfigError(
        f"the report is of {', '.join(f'`{n}`' for n in labels)}, "
        + (
            f"and `{registry}` could be {' or '.join(f'`{n}`' for n in matching)}"
            if matching
            else f"not of `{registry}`: its findings are other registries'"
        ),
        file=str(path),
        hint="give this registry's report, or make a baseline with `claimcheck baseline`",
    )


def _names(label: str, registry: Path) -> bool:
    """Whether a report's registry, as it was given, is this registry: the same file, or a
    path this registry's path ends with."""
    here = registry.resolve()
    given = Path(label)
    if given.is_absolute():
        return given.resolve() == here
    parts = [p for p in given.parts if p not in (".", "..")]
    return bool(parts) and list(here.parts[-len(parts) :]) == parts


def _same_report_registry(named: tuple[str, ...], registry: Path, path: Path) -> None:
    """A report names its registries as they were given on its command line: one of them must
    be this registry (the same file, or a path this registry's path ends with)."""
    if any(_names(label, registry) for label in named):
        return
    raise ConfigError(
        f"the report is of {', '.join(f'`{n}`' for n in named)}, not of `{registry}`: its "
        "findings are another registry's",
        file=str(path),
        hint="give this registry's report, or make a baseline with `claimcheck baseline`",
    )
