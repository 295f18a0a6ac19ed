"""`claimcheck list`: the claims an editor asked for, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import get_args

from claimcheck.errors import ConfigError
from claimcheck.findings import ClaimState, ClaimSummary, Report
from claimcheck.model import Claim, ClaimKind, Registry
from claimcheck.render import VIEW_FORMATS
from claimcheck.render.base import RenderOptions, clip, csv_cell, guard_log_commands, safe_text
from claimcheck.render.json_ import dumps

FORMATS = VIEW_FORMATS["list"]


#: The rules whose mark a claim's own data gives whatever rules run, by the filter that
#: reads it (see `ClaimFilter.unanswered`): S001 marks a claim unsourced when it has no
#: citation, which makes it unsourced anyway; S005 marks disputed a claim whose review is
#: disputed or retracted, which `--disputed` lists anyway (`--state disputed` does not
#: list a retracted claim by its review alone: S005 counts there).
DATA_GIVEN: dict[str, set[str]] = {"unsourced": {"S001"}, "disputed": {"S005"}}


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

    def unanswered(self, not_run: Sequence[str]) -> list[tuple[str, list[str]]]:
        """Each option of the filter that asks for states a rule not run could give (the
        selection left it out: `report.not_run`), with those rules: the list would leave
        out every claim they would mark, and say nothing of it. A claim's own data answers
        `--unsourced` (no citation: S001's very condition) and `--disputed` (its review's
        status, which S005 requires), whatever runs."""
        if not not_run:
            return []
        from claimcheck.checks import all_rules
        from claimcheck.findings import can_mark

        left_out = set(not_run)

        def rules(states: set[ClaimState], given: AbstractSet[str] = frozenset()) -> list[str]:
            return sorted(
                r.code
                for r in all_rules()
                if r.code in left_out
                and r.code not in given
                and can_mark(r)
                and (ClaimState.OK in states or r.marks in states)
            )

        asked: list[tuple[str, list[str]]] = []
        if self.unsourced:
            asked.append(("--unsourced", rules({ClaimState.UNSOURCED}, DATA_GIVEN["unsourced"])))
        if self.disputed:
            wanted = {ClaimState.DISPUTED, ClaimState.RETRACTED}
            asked.append(("--disputed", rules(wanted, DATA_GIVEN["disputed"])))
        if self.stale:
            asked.append(("--stale", rules({ClaimState.STALE})))
        for state in self.states:
            given: AbstractSet[str] = (
                DATA_GIVEN["unsourced"] if state == ClaimState.UNSOURCED else frozenset()
            )
            asked.append((f"--state {state}", rules({ClaimState(state)}, given)))
        return [(option, codes) for option, codes in asked if codes]

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
    """One listed claim, and the rules its states are not of (`report.not_run`)."""

    claim: Claim
    summary: ClaimSummary
    not_run: tuple[str, ...] = ()

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
            # The rules left out that could have marked it: `states` are of the others.
            "rules_not_run": list(self.not_run),
        }


def select_rows(registry: Registry, report: Report, wanted: ClaimFilter) -> list[Row]:
    """The claims that pass the filter, in registry order."""
    summaries = {s.id: s for s in report.claims}
    not_run = report.not_run
    if wanted.accepts_all():
        return [Row(c, summaries[c.id], not_run) for c in registry.claims if c.id in summaries]
    return [
        Row(c, summaries[c.id], not_run)
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


def render_rows(
    rows: Sequence[Row], fmt: str, options: RenderOptions, not_run: Sequence[str] = ()
) -> str:
    """The rows in one of FORMATS; `not_run`: the rules not run that could have marked a
    claim (`report.not_run`), which the table says below its rows (`states: by the rules
    run only ...`), and each JSON row and CSV line in `rules_not_run`."""
    if fmt == "json":
        return dumps([r.as_dict() for r in rows])
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "id",
                "kind",
                "state",
                "value",
                "review",
                "sources",
                "tags",
                "findings",
                "text",
                "rules_not_run",
            ]
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
                    ";".join(row.not_run),
                ]
            )
        return guard_log_commands(out.getvalue())
    return _table(rows, options, not_run)


def _table(rows: Sequence[Row], options: RenderOptions, not_run: Sequence[str] = ()) -> str:
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
    said = states_by(not_run)
    if said is not None:
        lines.append(said)
    return guard_log_commands("\n".join(lines) + "\n")


def states_by(not_run: Sequence[str]) -> str | None:
    """`states: by the rules run only (not selected: S001, T)`, as `verify` says it, when
    the selection left out a rule that could mark a claim."""
    if not not_run:
        return None
    from claimcheck.render.terminal import rule_groups

    return f"states: by the rules run only (not selected: {rule_groups(not_run)})"
