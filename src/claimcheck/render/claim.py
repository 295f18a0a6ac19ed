"""`claimcheck show`'s view: one claim with its mentions, citations, review and findings."""

from __future__ import annotations

from typing import Any

from claimcheck.findings import Finding, Report
from claimcheck.model import Claim, Registry
from claimcheck.render import VIEW_FORMATS
from claimcheck.render.base import RenderOptions, guard_log_commands, safe_text
from claimcheck.render.json_ import dumps, finding_json
from claimcheck.render.listing import format_value, states_by

#: The formats `claimcheck show` writes.
FORMATS = VIEW_FORMATS["show"]


def claim_json(claim: Claim, registry: Registry, report: Report) -> dict[str, Any]:
    """The claim, its cited sources and its findings, as JSON-ready data."""
    sources = registry.source_map()
    summary = next(s for s in report.claims if s.id == claim.id)
    supports = _supports(claim, report)
    return {
        "id": claim.id,
        "kind": claim.kind,
        "text": claim.text,
        "value": format_value(claim) or None,
        "measure": claim.measure,
        "period": str(claim.period) if claim.period else None,
        "date": str(claim.date) if claim.date else None,
        "as_of": str(claim.as_of) if claim.as_of else None,
        "states": [s.value for s in summary.states],
        # The rules the selection left out that could have marked it: `states` are of the
        # others (`ok` is ok by the rules run), as `verify`'s report says in its own.
        "rules_not_run": list(report.not_run),
        "mentions": list(claim.mentions),
        "citations": [
            {
                "source": c.source,
                "title": sources[c.source].title if c.source in sources else None,
                "url": sources[c.source].identifier if c.source in sources else None,
                "locator": str(c.locator) if c.locator else None,
                "quote": c.quote,
                # As `verify`'s JSON gives it (`claims[].citations[].support`); null when
                # the run read no snapshot.
                "support": supports[i],
            }
            for i, c in enumerate(claim.citations)
        ],
        "review": None
        if claim.review is None
        else {
            "status": claim.review.status,
            "on": str(claim.review.on) if claim.review.on else None,
            "by": claim.review.by,
            "note": claim.review.note,
        },
        "tags": list(claim.tags),
        "findings": [finding_json(f) for f in claim_findings(claim, report)],
    }


def _supports(claim: Claim, report: Report) -> list[dict[str, str] | None]:
    """Each citation's support verdict and its reason, in the claim's order (as the run
    judged them, one a citation); None for each when the run read no snapshot (the terminal
    report then shows none either) or did not judge this claim (an entry left out as
    invalid)."""
    judged = (report.support or {}).get(claim.id)
    if judged is None or len(judged) != len(claim.citations):
        return [None] * len(claim.citations)
    return [{"verdict": c.verdict.value, "reason": c.reason} for c in judged]


def claim_findings(claim: Claim, report: Report) -> list[Finding]:
    """Every finding that gives the claim its states, as `summarise_claims` reads them: those
    with the claim as subject or among `related` (a failing constraint naming it), and those
    on a source it cites with no claim of their own (a dead link, a source with no url). A
    `show` that left one out would give a state with nothing to say why."""
    cited = {c.source for c in claim.citations}
    return [
        f
        for f in report.findings
        if f.claim == claim.id
        or claim.id in f.related
        or (f.claim is None and f.source is not None and f.source in cited)
    ]


def render_claim(data: dict[str, Any], fmt: str, options: RenderOptions) -> str:
    """The claim as JSON, or as text for a terminal."""
    if fmt == "json":
        return dumps(data)
    from rich.text import Text

    from claimcheck.render.terminal import make_console

    console = make_console(options)

    def field(label: str, value: object) -> None:
        if value:
            line = Text(f"{label:<9}", style="bold")
            line.append(safe_text(str(value)))
            console.print(line)

    console.print(
        Text(
            safe_text(f"{data['id']}  ({data['kind']}: {', '.join(data['states'])})"),
            style="bold",
        )
    )
    said = states_by(data["rules_not_run"])
    if said is not None:
        console.print(Text(said))
    console.print(Text(safe_text(data["text"]), style="italic"))
    for label in ("value", "measure", "period", "date", "as_of"):
        field(label, data[label])
    field("tags", ", ".join(data["tags"]))
    if data["mentions"]:
        console.print(Text("mentions", style="bold"))
        for mention in data["mentions"]:
            console.print(Text(f"  \u201c{safe_text(mention)}\u201d"))
    console.print(
        Text("citations", style="bold") if data["citations"] else Text("no citations", style="bold")
    )
    for c in data["citations"]:
        console.print(Text(safe_text(f"  {c['source']}: {c['title'] or '(unknown source)'}")))
        for key in ("url", "locator", "quote"):
            if c[key]:
                console.print(Text(f"    {key}: {safe_text(c[key])}"))
        if c["support"]:  # as `verify` shows it under the claim: verdict (reason)
            verdict, reason = c["support"]["verdict"], c["support"]["reason"]
            console.print(Text(f"    support: {verdict} ({safe_text(reason)})"))
    review = data["review"]
    if review:
        field("review", " · ".join(str(review[k]) for k in ("status", "on", "by") if review[k]))
        field("  note", review["note"])
    else:
        field("review", "none (unverified)")
    if data["findings"]:
        console.print(Text("findings", style="bold"))
        for f in data["findings"]:
            loc = f.location  # a Location, written as {file, line, column} in JSON
            where = f"{loc}  " if loc else ""
            # What the finding is on when not the claim itself: its source, a constraint.
            on = f" ({_subject(f)})" if f.claim != data["id"] else ""
            console.print(
                Text(safe_text(f"  {where}{f.severity} {f.code} {f.rule}: {f.message}{on}"))
            )
    return guard_log_commands(console.file.getvalue())  # type: ignore[attr-defined]


def _subject(finding: Any) -> str:
    """What a finding shown on a claim is about, when it is not that claim."""
    if finding.claim is not None:
        return f"claim {finding.claim}"
    if finding.source is not None:
        return f"source {finding.source}"
    return "names this claim"  # a constraint, a timeline
