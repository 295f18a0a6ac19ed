"""R: the registry's structure: syntax, schema, keys, ids and references.

The loader finds and owns R001-R003, R007 and R008 as it reads the file; this check adds
the rest, and lists the family's rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.checks.base import Check, CheckContext
from claimcheck.findings import Finding, Severity, why_not_ignorable
from claimcheck.model import Registry
from claimcheck.registry_rules import FAMILY, R001, R002, R003, R007, R008

R004 = FAMILY.rule(
    "R004",
    "duplicate-id",
    Severity.ERROR,
    "Two claims, or two sources, have the same id.",
    "Ids name claims and sources in citations, reports and expressions, so each must be "
    "unique within its list. A figure stated in several places on the page is one claim "
    "with several `mentions`, not several claims.",
    "Rename one of them, or merge them into one entry with several mentions.",
)
R005 = FAMILY.rule(
    "R005",
    "unknown-source",
    Severity.ERROR,
    "A citation or relay names a source id that does not exist.",
    "Every `citations[].source` and every `relay_of` must be the id of an entry under "
    "`sources`. A dangling reference usually means a typo or a source that was removed.",
    "Correct the id, or add the source under `sources`.",
)
R006 = FAMILY.rule(
    "R006",
    "unused-source",
    Severity.WARNING,
    "A source is listed but no claim cites it.",
    "A source that no claim cites (directly, or through a source that relays it) supports "
    "nothing in the registry. Either a citation is missing or the source can go.",
    "Cite it from the claims it supports, or remove it.",
    unmarked="a source no claim cites: there is no claim to mark",
)
RULES = (R001, R002, R003, R004, R005, R006, R007, R008)


def _unallowable(registry: Registry) -> Iterator[Finding]:
    """R002 for a claim's `allow` of a rule that may not be ignored (an unreadable entry's,
    X001, L008): the exception is never applied, and saying so is an error, not a pass."""
    for i, claim in enumerate(registry.claims):
        if not claim.allow:
            continue
        for j, allow in enumerate(claim.allow):
            why = why_not_ignorable(allow.rule)
            if why is not None:
                yield Finding(
                    R002,
                    f"`allow` of {allow.rule}, which cannot be allowed: {why}",
                    ("claims", i, "allow", j, "rule"),
                    claim=claim.id,
                    hint="remove this `allow` entry and fix what the rule reports",
                )


def run(registry: Registry, ctx: CheckContext) -> Iterator[Finding]:
    """Duplicate ids, dangling references, unused sources, and exceptions (`allow`) of rules
    that may not be ignored."""
    yield from _duplicates(registry)
    yield from _unallowable(registry)
    known = {s.id for s in registry.sources} | set(ctx.invalid_ids)
    claims = registry.claims
    cited = {citation.source for claim in claims for citation in claim.citations}
    # Each citation is looked at on its own only when one names an unknown source.
    for i, claim in enumerate(claims if not cited <= known else ()):
        for j, citation in enumerate(claim.citations):
            if citation.source not in known:
                yield Finding(
                    R005,
                    f"citation names source `{citation.source}`, which is not listed",
                    ("claims", i, "citations", j, "source"),
                    claim=claim.id,
                    source=citation.source,
                    hint=ctx.suggest(citation.source, known),
                )
    for i, source in enumerate(registry.sources):
        if source.relay_of is not None and source.relay_of not in known:
            yield Finding(
                R005,
                f"`relay_of` names source `{source.relay_of}`, which is not listed",
                ("sources", i, "relay_of"),
                source=source.id,
                hint=ctx.suggest(source.relay_of, known),
            )
    relayed = {s.relay_of for s in registry.sources if s.id in cited and s.relay_of}
    for i, source in enumerate(registry.sources):
        if source.id not in cited and source.id not in relayed:
            yield Finding(
                R006, f"no claim cites source `{source.id}`", ("sources", i), source=source.id
            )


def _duplicates(registry: Registry) -> Iterator[Finding]:
    lists = (
        ("source", [s.id for s in registry.sources]),
        ("claim", [c.id for c in registry.claims]),
    )
    for kind, ids in lists:
        if len(set(ids)) == len(ids):  # no id used twice: the common case, in one step
            continue
        first: dict[str, int] = {}
        for i, ident in enumerate(ids):
            if ident not in first:
                first[ident] = i
                continue
            yield Finding(
                R004,
                f"{kind} id `{ident}` is used again (first at {kind}s[{first[ident]}])",
                (f"{kind}s", i, "id"),
                claim=ident if kind == "claim" else None,
                source=ident if kind == "source" else None,
            )


CHECK = Check("structure", RULES, run)
