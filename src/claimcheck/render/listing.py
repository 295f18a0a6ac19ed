"""`claimcheck list`: the claims an editor asked for, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

from claimcheck.errors import ConfigError
from claimcheck.findings import ClaimState, ClaimSummary, Report
from claimcheck.model import Claim, ClaimKind, Registry
from claimcheck.render import VIEW_FORMATS
from claimcheck.render.base import RenderOptions, clip, csv_cell, guard_log_commands, safe_text
from claimcheck.render.json_ import dumps

FORMATS = VIEW_FORMATS["list"]


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to list; every given condition must hold."""

    unsourced: bool = False
    disputed: bool = False
    stale: bool = False
    tags: tuple[str, ...] = ()
    source: str | None = None
    kind: str | None = None
    #: Claims with any of these states (`--state`).
    states: tuple[str, ...] = ()

    def validate(self, registry: Registry) -> None:
        """A ConfigError, with a "did you mean", for a value no claim could match: a
        misspelt kind, state, tag or source would otherwise list nothing, silently."""
        from claimcheck.suggest import did_you_mean

        def known(option: str, value: str, choices: Sequence[str], where: str) -> None:
            if value not in choices:
                hint = did_you_mean(value, choices) or where
                raise ConfigError(f"{option}: no {option[2:]} {value!r}", hint=hint)

        if self.kind is not None:
            kinds = get_args(ClaimKind)
            known("--kind", self.kind, kinds, f"the kinds are {', '.join(kinds)}")
        states = [s.value for s in ClaimState]
        for state in self.states:
            known("--state", state, states, f"the states are {', '.join(states)}")
        if self.source is not None:
            ids = [s.id for s in registry.sources]
            known("--source", self.source, ids, "the registry's `sources:` list has the ids")
        tags = sorted({t for c in registry.claims for t in c.tags})
        for tag in self.tags:
            known("--tag", tag, tags, "`claimcheck list -f json` shows each claim's tags")

    def describe(self) -> str:
        """The filter as its options, for "no claims match ..."."""
        parts = [
            *(["--unsourced"] if self.unsourced else []),
            *(["--disputed"] if self.disputed else []),
            *(["--stale"] if self.stale else []),
            *(f"--tag {t}" for t in self.tags),
            *([f"--source {self.source}"] if self.source is not None else []),
            *([f"--kind {self.kind}"] if self.kind is not None else []),
            *(f"--state {s}" for s in self.states),
        ]
        return " ".join(parts)

    def accepts_all(self) -> bool:
        """Whether no option narrows the list (each claim is then listed without a test)."""
        return not self.describe()

    def accepts(self, claim: Claim, summary: ClaimSummary) -> bool:
        states = summary.states
        return (
            (not self.states or any(s.value in self.states for s in states))
            and (not self.unsourced or ClaimState.UNSOURCED in states)
            and (
                not self.disputed or bool({ClaimState.DISPUTED, ClaimState.RETRACTED} & set(states))
            )
            and (not self.stale or ClaimState.STALE in states)
            and all(tag in claim.tags for tag in self.tags)
            and (self.source is None or any(c.source == self.source for c in claim.citations))
            and (self.kind is None or claim.kind == self.kind)
        )


@dataclass(frozen=True)
class Row:
    """One listed claim."""

    claim: Claim
    summary: ClaimSummary

    def as_dict(self) -> dict[str, object]:
        c = self.claim
        return {
            "id": c.id,
            "kind": c.kind,
            "state": self.summary.state.value,
            "states": [s.value for s in self.summary.states],
            "value": format_value(c),
            "review": c.status,
            "sources": [cit.source for cit in c.citations],
            "tags": list(c.tags),
            "findings": self.summary.findings,
            "text": c.text,
        }


def select_rows(registry: Registry, report: Report, wanted: ClaimFilter) -> list[Row]:
    """The claims that pass the filter, in registry order."""
    summaries = {s.id: s for s in report.claims}
    if wanted.accepts_all():
        return [Row(c, summaries[c.id]) for c in registry.claims if c.id in summaries]
    return [
        Row(c, summaries[c.id])
        for c in registry.claims
        if c.id in summaries and wanted.accepts(c, summaries[c.id])
    ]


def format_value(claim: Claim) -> str:
    """The claim's value as people read it: `102878`, `[10, 17]`, with qualifier and unit."""
    if claim.value is None:
        return ""
    value = claim.value
    text = f"{value[0]} to {value[1]}" if isinstance(value, tuple) else str(value)
    if claim.qualifier and claim.qualifier != "exact":
        text = f"{claim.qualifier.replace('_', ' ')} {text}"
    if claim.unit:
        text += f" {claim.unit}"
    return text


def render_rows(rows: Sequence[Row], fmt: str, options: RenderOptions) -> str:
    """The rows in one of FORMATS."""
    if fmt == "json":
        return dumps([r.as_dict() for r in rows])
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["id", "kind", "state", "value", "review", "sources", "tags", "findings", "text"]
        )
        for row in rows:
            c = row.claim
            writer.writerow(
                [
                    csv_cell(c.id),
                    csv_cell(c.kind),
                    ";".join(row.summary.states),
                    csv_cell(format_value(c)),
                    csv_cell(c.status or ""),
                    csv_cell(";".join(cit.source for cit in c.citations)),
                    csv_cell(";".join(c.tags)),
                    row.summary.findings,
                    csv_cell(c.text),
                ]
            )
        return guard_log_commands(out.getvalue())
    return _table(rows, options)


def _table(rows: Sequence[Row], options: RenderOptions) -> str:
    from claimcheck.render.layout import table

    # The state and kind cells take few values: each made once (600k cells at 100k claims).
    states: dict[tuple[ClaimState, ...], str] = {}
    kinds: dict[str, str] = {}
    cells = [
        (
            safe_text(row.claim.id),
            kinds.get(row.claim.kind)
            or kinds.setdefault(row.claim.kind, safe_text(row.claim.kind)),
            states.get(row.summary.states)
            or states.setdefault(
                row.summary.states, ", ".join(s.value for s in row.summary.states)
            ),
            safe_text(format_value(row.claim)),
            safe_text(", ".join(c.source for c in row.claim.citations)),
            safe_text(clip(row.claim.text)),
        )
        for row in rows
    ]
    headers = ("id", "kind", "state", "value", "sources", "text")
    lines = table(headers, cells, options.width, options.color)
    lines.append(f"{len(rows)} claim{'s' if len(rows) != 1 else ''}")
    return guard_log_commands("\n".join(lines) + "\n")
